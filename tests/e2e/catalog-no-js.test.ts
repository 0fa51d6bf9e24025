import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInThroughForm } from "./support/accounts";
import { openBrowser, type BrowserSession } from "./support/browser";
import { freshDatabaseUrl } from "./support/database";
import { startPortalProcess, type PortalProcess } from "./support/portal-process";

/**
 * The catalog as plain HTML: a reader without JavaScript filters by pain point and subsidiary through
 * links, sorts through the GET form, pages on, and never gets a link to an empty list.
 */
let portal: PortalProcess;
let browser: BrowserSession;
const DEMO_PASSWORD = "Demo-Solutions-2026";

beforeAll(async () => {
  portal = await startPortalProcess({ DATABASE_URL: await freshDatabaseUrl(), DEMO: "true" });
  browser = await openBrowser({ javaScriptEnabled: false });
  await signInThroughForm(browser.page, portal.url, "hu.xiaoyu@example.com", DEMO_PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

const count = (text: string | null) => Number(/(\d+)/.exec(text ?? "")?.[1] ?? Number.NaN);

describe("the catalog without JavaScript", () => {
  it("filters by pain point and subsidiary through links, greys out empty options, sorts by the GET form and pages on", async () => {
    const { page } = browser;
    // No script runs in this context: Remix never hydrates.
    await page.goto(`${portal.url}/solutions`);
    expect(await page.evaluate(() => typeof (window as { __remixContext?: unknown }).__remixContext)).toBe("undefined");
    const all = count(await page.locator(".catalog__count").textContent());
    expect(all).toBeGreaterThan(20);

    // The pain-point tree is <details>: opening an area needs no script.
    await page.locator("summary", { hasText: "Design coordination" }).first().click();
    await Promise.all([
      page.waitForURL(/\/solutions\?painPoint=late-design-clashes$/),
      page
        .getByRole("link", { name: /Late discovery of design clashes/ })
        .first()
        .click(),
    ]);
    const byPainPoint = count(await page.locator(".catalog__count").textContent());
    expect(byPainPoint).toBeGreaterThan(0);
    expect(byPainPoint).toBeLessThan(all);
    await page.getByRole("link", { name: /Remove filter Late discovery of design clashes/ }).waitFor();

    // Options no visible write-up would match are greyed text, not links; the others are links.
    const empty = page.locator(".facet__option--empty");
    expect(await empty.count()).toBeGreaterThan(0);
    const emptyTags = await empty.evaluateAll((nodes) =>
      nodes.map((n) => ({ tag: n.tagName, href: n.getAttribute("href"), disabled: n.getAttribute("aria-disabled") })),
    );
    expect(new Set(emptyTags.map((t) => JSON.stringify({ ...t, tag: t.tag.toLowerCase() })))).toEqual(
      new Set([JSON.stringify({ tag: "span", href: null, disabled: "true" })]),
    );
    const zeroCountLinks = await page
      .locator("a.facet__option")
      .evaluateAll(
        (links) =>
          links.filter(
            (a) => a.querySelector(".facet__count")?.textContent === "0" && a.getAttribute("aria-current") !== "true",
          ).length,
      );
    expect(zeroCountLinks).toBe(0);

    const wuh = page.getByRole("link", { name: /Wuhan Design Institute/ });
    const expected = count(await wuh.locator(".facet__count").textContent());
    await Promise.all([page.waitForURL(/painPoint=late-design-clashes&subsidiary=WUH/), wuh.click()]);
    expect(count(await page.locator(".catalog__count").textContent())).toBe(expected);

    // Back to everything, then sort by title with the form's submit button (shown only without script).
    await Promise.all([
      page.waitForURL((u) => u.pathname === "/solutions" && !u.search.includes("painPoint")),
      page.getByRole("link", { name: "Clear all filters" }).click(),
    ]);
    await page.getByLabel("Sort by").selectOption("title");
    await Promise.all([page.waitForURL(/sort=title/), page.getByRole("button", { name: "Apply" }).click()]);
    expect(await page.getByLabel("Sort by").inputValue()).toBe("title");
    const titles = await page.locator(".solution-card__title").allTextContents();
    expect(titles).toHaveLength(20);
    const initials = titles.map((t) => t.trim()[0]!.toLowerCase()).filter((c) => /[a-z]/.test(c));
    expect(initials.length).toBeGreaterThan(5);
    expect(initials).toEqual([...initials].sort());

    // Page 2 keeps the sort and carries the snapshot time.
    const pager = page.getByRole("navigation", { name: "Pagination" });
    await expect(pager.textContent()).resolves.toMatch(/Page 1 of 2/);
    await Promise.all([page.waitForURL(/page=2/), pager.getByRole("link", { name: "Next" }).click()]);
    const url = new URL(page.url());
    expect(url.searchParams.get("sort")).toBe("title");
    expect(Number.isNaN(Date.parse(url.searchParams.get("asOf") ?? ""))).toBe(false);
    await expect(pager.textContent()).resolves.toMatch(/Page 2 of 2/);
    const second = await page.locator(".solution-card__title").allTextContents();
    expect(second.length).toBe(all - 20);
    expect(second.filter((t) => titles.includes(t))).toEqual([]);
  });

  it("names the pager in Chinese and exports a write-up as Markdown at /solutions/<slug>.md", async () => {
    const { page } = browser;
    await Promise.all([page.waitForLoadState("load"), page.goto(`${portal.url}/solutions?page=2`)]);
    // The language switch is a plain form too.
    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: /简体中文/ }).click()]);
    await page.goto(`${portal.url}/solutions?page=2`);
    await page.getByRole("navigation", { name: "分页" }).waitFor();
    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: /English/ }).click()]);

    const response = await page.request.get(`${portal.url}/solutions/wuh-metro-station-clash-coordination.md`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("text/markdown; charset=utf-8");
    const markdown = await response.text();
    expect(markdown).toMatch(/^---\n/);
    expect(markdown).toContain("slug: wuh-metro-station-clash-coordination");
  });
});
