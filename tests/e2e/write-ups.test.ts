import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapAdmin, runCli, signInThroughForm } from "./support/accounts";
import { openBrowser, type BrowserSession } from "./support/browser";
import { freshDatabaseUrl } from "./support/database";
import { startPortalProcess, type PortalProcess } from "./support/portal-process";

let portal: PortalProcess;
let databaseUrl: string;
const browsers: BrowserSession[] = [];
const PASSWORD = "Juniper-Canyon-Beacon-71";
const people = {
  author: "author@example.com",
  lead: "lead@example.com",
  outsider: "outsider@example.com",
};

async function sql(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  databaseUrl = await freshDatabaseUrl();
  await bootstrapAdmin(databaseUrl);
  const env = { DATABASE_URL: databaseUrl };
  await runCli(
    "subsidiary-create",
    ["--name", "Wuhan Design Institute", "--name-zh", "武汉设计院", "--code", "WUH"],
    env,
  );
  await runCli(
    "subsidiary-create",
    ["--name", "Shanghai Design Institute", "--name-zh", "上海设计院", "--code", "SHA"],
    env,
  );
  await runCli(
    "user-create",
    ["--email", people.author, "--name", "Wang Wei", "--subsidiary", "WUH", "--role", "member", "--password", PASSWORD],
    env,
  );
  await runCli(
    "user-create",
    ["--email", people.lead, "--name", "Li Na", "--subsidiary", "WUH", "--role", "lead", "--password", PASSWORD],
    env,
  );
  await runCli(
    "user-create",
    [
      "--email",
      people.outsider,
      "--name",
      "Chen Jie",
      "--subsidiary",
      "SHA",
      "--role",
      "member",
      "--password",
      PASSWORD,
    ],
    env,
  );
  const [area] = await sql(
    "insert into pain_point_areas (slug, name_en, name_zh) values ('design-coordination', 'Design coordination', '设计协调') returning id",
  );
  await sql(
    "insert into pain_points (area_id, slug, name_en, name_zh, position) values ($1, 'late-clashes', 'Late discovery of design clashes', '设计冲突发现过晚', 1), ($1, 'slow-reviews', 'Slow design review cycles', '设计审查周期长', 2)",
    [area.id],
  );
  portal = await startPortalProcess({ DATABASE_URL: databaseUrl });
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await portal?.stop();
});

async function signedIn(email: string) {
  const session = await openBrowser();
  browsers.push(session);
  const dialogs: string[] = [];
  session.page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signInThroughForm(session.page, portal.url, email, PASSWORD);
  return { ...session, dialogs };
}

async function createDraft(page: BrowserSession["page"], title: string) {
  await page.goto(`${portal.url}/solutions/new`);
  await page.getByLabel("Title").fill(title);
  await Promise.all([page.waitForURL(/\/edit$/), page.getByRole("button", { name: "Start writing" }).click()]);
  await page.getByRole("textbox", { name: "Write-up" }).waitFor();
  return new URL(page.url()).pathname.replace(/\/edit$/, "");
}

describe("writing, reviewing and reading a write-up in Chromium", () => {
  let path: string;

  it("an author writes from the template with the keyboard; autosave says Saved; then submits", async () => {
    const { page, errors } = await signedIn(people.author);
    path = await createDraft(page, "BIM clash review for metro stations");
    const editor = page.getByRole("textbox", { name: "Write-up" });
    await expect(editor.textContent()).resolves.toContain("Customer problem");

    await page.getByLabel("Summary").fill("Weekly federated clash checks cut site clashes by 80%.");
    await page.getByText("Design coordination").click();
    await page.getByLabel("Late discovery of design clashes").check();
    // Technologies are chips: Enter or a comma ends one, Backspace in the empty input takes the last back.
    const technologies = page.getByRole("combobox", { name: "Technologies" });
    await technologies.fill("Revit");
    await technologies.press("Enter");
    await technologies.pressSequentially("Navisworks,Dynamo,");
    await technologies.press("Backspace");
    await page.getByRole("button", { name: "Remove Navisworks" }).waitFor();
    expect(await page.getByRole("button", { name: "Remove Dynamo" }).count()).toBe(0);

    // Continue after the template's last guidance paragraph, in plain (not italic guidance) text.
    // Lexical applies the click's selection in its next update and then writes it back to the DOM, so a
    // caret placed before that update lands would be moved back: let it settle, then go to the end with
    // the keyboard, as a user would, and wait until the caret is in the last line.
    const settle = () =>
      page.evaluate(
        () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
      );
    await editor.click();
    await settle();
    await page.keyboard.press("Control+End");
    await settle();
    await page.waitForFunction(() => {
      const root = document.querySelector('[role="textbox"][contenteditable="true"]')!;
      const anchor = window.getSelection()?.anchorNode;
      return Boolean(anchor && root.lastElementChild?.contains(anchor));
    });
    await page.keyboard.press("Enter");
    if ((await page.getByRole("button", { name: "Italic" }).getAttribute("aria-pressed")) === "true") {
      await page.keyboard.press("Control+i");
    }
    await page.keyboard.type("## Lessons learned");
    await page.keyboard.press("Enter");
    await page.keyboard.type("- Federate every Friday");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Assign each clash an owner");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Control+b");
    await page.keyboard.type("Bold statement");
    await page.keyboard.press("Control+b");
    await page.keyboard.type(" and ");
    await page.keyboard.type("the guide");
    await page.keyboard.press("Shift+Home");
    await page.getByRole("button", { name: "Link" }).click();
    await page.getByLabel("Link URL").fill("https://example.com/guide");
    await page.getByRole("button", { name: "Apply link" }).click();

    await page.getByText(/Saved at/).waitFor({ timeout: 15_000 });
    await Promise.all([
      page.waitForURL(new RegExp(`${path}\\?done=submit$`)),
      page.getByRole("button", { name: "Submit for review" }).click(),
    ]);
    await page.getByText("In review").first().waitFor();
    const html = await page.locator(".rich-text").innerHTML();
    expect(html).toContain("<h2");
    expect(html).toContain("Lessons learned");
    expect(html).toMatch(/<li[^>]*>.*Federate every Friday/);
    expect(html).toMatch(/<(strong|b)[^>]*>Bold statement/);
    expect(html).toContain('href="https://example.com/guide"');
    await page.getByRole("link", { name: "Revit", exact: true }).waitFor();
    await page.getByRole("link", { name: "Navisworks", exact: true }).waitFor();
    expect(errors).toEqual([]);
  });

  it("the lead publishes it from the review queue", async () => {
    const { page } = await signedIn(people.lead);
    await page.goto(`${portal.url}/review`);
    await page.getByRole("link", { name: "BIM clash review for metro stations" }).waitFor();
    await Promise.all([
      page.waitForURL(/\/review\?done=published/),
      page.getByRole("button", { name: "Publish" }).first().click(),
    ]);
    const rows = await sql("select status from solutions where slug = $1", [path.split("/").at(-1)]);
    expect(rows[0].status).toBe("published");
  });

  it("a member of another subsidiary reads it; a confidential one is 404 for them", async () => {
    const outsider = await signedIn(people.outsider);
    const response = await outsider.page.goto(`${portal.url}${path}`);
    expect(response?.status()).toBe(200);
    await outsider.page.getByRole("heading", { level: 1, name: "BIM clash review for metro stations" }).waitFor();
    await outsider.page.getByRole("link", { name: "Late discovery of design clashes" }).waitFor();

    const author = await signedIn(people.author);
    const secretTitle = "Confidential digital twin pilot";
    const secretPath = await createDraft(author.page, secretTitle);
    await author.page.getByLabel(/Confidential: my subsidiary/).check();
    await author.page.getByLabel("Summary").fill("A digital twin of one hospital's plant rooms.");
    await author.page.getByText("Design coordination").click();
    await author.page.getByLabel("Slow design review cycles").check();
    // Suggestions come from existing tags: the published write-up's "Revit".
    const technologies = author.page.getByRole("combobox", { name: "Technologies" });
    await technologies.pressSequentially("rev");
    await author.page.getByRole("option", { name: "Revit" }).waitFor();
    await technologies.press("ArrowDown");
    await technologies.press("Enter");
    await author.page.getByRole("button", { name: "Remove Revit" }).waitFor();
    await author.page.getByRole("button", { name: "Save", exact: true }).click();
    await author.page.getByText(/Saved at/).waitFor({ timeout: 15_000 });
    await Promise.all([
      author.page.waitForURL(new RegExp(`${secretPath}\\?done=submit$`)),
      author.page.getByRole("button", { name: "Submit for review" }).click(),
    ]);

    // Confidential and still in review: hidden from them, of course; that proves little on its own.
    expect((await outsider.page.goto(`${portal.url}${secretPath}`))?.status()).toBe(404);

    const lead = await signedIn(people.lead);
    await lead.page.goto(`${portal.url}/review`);
    const item = lead.page.locator("li", { has: lead.page.getByRole("link", { name: secretTitle }) });
    await Promise.all([
      lead.page.waitForURL(/\/review\?done=published/),
      item.getByRole("button", { name: "Publish" }).click(),
    ]);
    const [row] = await sql("select status, visibility from solutions where slug = $1", [secretPath.split("/").at(-1)]);
    expect(row).toEqual({ status: "published", visibility: "subsidiary" });

    // Published now, and still 404 for a member of another subsidiary.
    const hidden = await outsider.page.goto(`${portal.url}${secretPath}`);
    expect(hidden?.status()).toBe(404);
    expect(await outsider.page.getByText(secretTitle).count()).toBe(0);
    const visible = await author.page.goto(`${portal.url}${secretPath}`);
    expect(visible?.status()).toBe(200);

    // Printed, it keeps the "visible to ... and headquarters" line; the buttons stay off paper.
    await author.page.emulateMedia({ media: "print" });
    const notice = author.page.getByText("Visible to Wuhan Design Institute and headquarters only.");
    expect(await notice.isVisible()).toBe(true);
    expect(await author.page.getByRole("link", { name: "History" }).isVisible()).toBe(false);
    await author.page.emulateMedia({ media: "screen" });
    expect(author.dialogs).toEqual([]);
  });

  it("two tabs editing the same draft: the second save gets the conflict view, nothing is overwritten", async () => {
    const author = await signedIn(people.author);
    const draftPath = await createDraft(author.page, "Two tabs draft");
    const second = await author.context.newPage();
    await second.goto(`${portal.url}${draftPath}/edit`);
    await second.getByRole("textbox", { name: "Write-up" }).waitFor();

    await author.page.getByLabel("Summary").fill("Saved from the first tab");
    await author.page.getByRole("button", { name: "Save", exact: true }).click();
    await author.page.getByText(/Saved at/).waitFor({ timeout: 15_000 });

    await second.getByLabel("Summary").fill("Typed in the second tab");
    await second.getByRole("button", { name: "Save", exact: true }).click();
    await second.getByText("Not saved: conflict").waitFor({ timeout: 15_000 });
    await second.getByRole("button", { name: "Keep mine as a new revision" }).waitFor();
    await second.getByRole("button", { name: "Take theirs" }).waitFor();
    // Only the summary differs, and the conflict view says so (the text of the body is the same).
    const summaryRow = second.getByRole("row", { name: /^Summary/ });
    await summaryRow.waitFor();
    expect(await summaryRow.locator("del").textContent()).toBe("Saved from the first tab");
    expect(await summaryRow.locator("ins").textContent()).toBe("Typed in the second tab");
    await second.getByText("The text is the same in both versions").waitFor();
    const [row] = await sql("select summary from solutions where slug = $1", [draftPath.split("/").at(-1)]);
    expect(row.summary).toBe("Saved from the first tab");

    await second.getByRole("button", { name: "Keep mine as a new revision" }).click();
    await second.getByText(/Saved at/).waitFor({ timeout: 15_000 });
    const [after] = await sql("select summary, revision from solutions where slug = $1", [draftPath.split("/").at(-1)]);
    expect(after.summary).toBe("Typed in the second tab");

    // Now the first tab is behind. Taking theirs reloads the saved version without a leave-page prompt.
    await author.page.getByLabel("Summary").fill("Second try in the first tab");
    await author.page.getByRole("button", { name: "Save", exact: true }).click();
    await author.page.getByText("Not saved: conflict").waitFor({ timeout: 15_000 });
    await Promise.all([
      author.page.waitForEvent("load"),
      author.page.getByRole("button", { name: "Take theirs" }).click(),
    ]);
    await author.page.getByRole("textbox", { name: "Write-up" }).waitFor();
    expect(await author.page.getByLabel("Summary").inputValue()).toBe("Typed in the second tab");
    expect(author.dialogs).toEqual([]);
  });

  it("a hostile payload pasted into the editor does not execute, in the editor or on the reading page", async () => {
    const author = await signedIn(people.author);
    const draftPath = await createDraft(author.page, "Paste test");
    const editor = author.page.getByRole("textbox", { name: "Write-up" });
    await editor.click();
    const payload =
      '<p>Pasted <b style="color:red">text</b><img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">bad link</a><iframe src="javascript:alert(4)"></iframe></p>';
    await author.page.evaluate((html) => {
      const target = document.querySelector('[role="textbox"][contenteditable="true"]')!;
      const data = new DataTransfer();
      data.setData("text/html", html);
      data.setData("text/plain", "Pasted text bad link");
      target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, payload);
    // The pasted text arrives (styles, scripts and the bad link's URL do not) and saves cleanly.
    await author.page.waitForFunction(() =>
      document.querySelector('[role="textbox"][contenteditable="true"]')?.textContent?.includes("Pasted text"),
    );
    expect(await editor.textContent()).toContain("bad link");
    await author.page.getByRole("button", { name: "Save", exact: true }).click();
    await author.page.getByText(/Saved at/).waitFor({ timeout: 15_000 });
    expect(await author.page.getByText(/Not saved/).count()).toBe(0);
    await author.page.goto(`${portal.url}${draftPath}`);
    await author.page.waitForTimeout(500);
    const html = await author.page.locator(".rich-text").innerHTML();
    expect(html).not.toMatch(/<script|<iframe|onerror|javascript:|<img|style=/i);
    const text = await author.page.locator(".rich-text").textContent();
    expect(text).toContain("Pasted text");
    expect(text).toContain("bad link");
    expect(author.dialogs).toEqual([]);
    expect(author.errors.filter((e) => !/status of 404/.test(e))).toEqual([]);

    // The author deletes the draft: confirmed with the box, no leave-page prompt, gone afterwards.
    await author.page.goto(`${portal.url}${draftPath}/edit`);
    await author.page.getByLabel("Yes, delete this draft and its history").check();
    await Promise.all([
      author.page.waitForURL(/\/my\?done=deleted$/),
      author.page.getByRole("button", { name: "Delete permanently" }).click(),
    ]);
    await author.page.getByText("The write-up was deleted.").waitFor();
    expect((await author.page.goto(`${portal.url}${draftPath}`))?.status()).toBe(404);
    expect(author.dialogs).toEqual([]);
  });
});
