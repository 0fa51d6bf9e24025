import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInThroughForm } from "./support/accounts";
import { openBrowser, type BrowserSession } from "./support/browser";
import { freshDatabaseUrl } from "./support/database";
import { startPortalProcess, type PortalProcess } from "./support/portal-process";

/**
 * Reuse between subsidiaries and featured best practices in Chromium, on a portal with the demo content
 * (which already records 14 reuses and features 4 write-ups through the same services).
 */
let portal: PortalProcess;
const browsers: BrowserSession[] = [];
const DEMO_PASSWORD = "Demo-Solutions-2026";
const BRIDGE = "/solutions/wuh-bridge-structural-health-monitoring";

beforeAll(async () => {
  portal = await startPortalProcess({ DATABASE_URL: await freshDatabaseUrl(), DEMO: "true" });
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await portal?.stop();
});

async function signedIn(email: string) {
  const session = await openBrowser();
  browsers.push(session);
  await signInThroughForm(session.page, portal.url, email, DEMO_PASSWORD);
  return session;
}

describe("reuse and featured best practices in Chromium", () => {
  it("a member of another subsidiary records reuse, sees the count and the cross-subsidiary mark, is told about a duplicate, then withdraws", async () => {
    // Xu Jie works at the Shanghai institute; the bridge write-up is Wuhan's.
    const { page, errors } = await signedIn("xu.jie@example.com");
    await page.goto(`${portal.url}${BRIDGE}`);
    await page.getByText("No team has recorded reuse of this write-up yet.").waitFor();

    const form = page.getByRole("form", { name: "We are reusing this" });
    await form.getByLabel("Project").fill("Huangpu river crossing monitoring");
    await form.getByLabel("Note (optional)").fill("Sensor layout and alarm thresholds taken over.");
    await form.getByRole("button", { name: "We are reusing this" }).click();
    await page.getByText("Reused in 1 project by 1 subsidiary").waitFor();
    const list = page.getByRole("table", { name: "Who reuses this write-up" });
    const row = list.getByRole("row", { name: /Huangpu river crossing monitoring/ });
    await expect(row.textContent()).resolves.toMatch(/Shanghai.*Cross-subsidiary.*Sensor layout.*Xu Jie/s);

    // The same project again (other letter case): a clear message next to the field, nothing recorded.
    await form.getByLabel("Project").fill("HUANGPU RIVER CROSSING MONITORING");
    await form.getByRole("button", { name: "We are reusing this" }).click();
    await form.getByText("Your subsidiary has already recorded reuse of this write-up in this project.").waitFor();
    await expect(list.getByRole("row").count()).resolves.toBe(2); // header + one record

    await row.getByRole("button", { name: "Withdraw the reuse record for Huangpu river crossing monitoring" }).click();
    await page.getByText("The reuse record was withdrawn.").waitFor();
    await page.getByText("No team has recorded reuse of this write-up yet.").waitFor();
    // The duplicate's 400 answer is logged by the browser as a failed resource; nothing else may be.
    expect(errors.filter((e) => !e.includes("status of 400 (Bad Request)"))).toEqual([]);
  });

  it("a curator features a write-up as a best practice; readers see the badge; the catalog's most reused comes first", async () => {
    const curator = await signedIn("liu.yang@example.com");
    await curator.page.goto(`${portal.url}${BRIDGE}`);
    await curator.page.getByRole("button", { name: "Feature as best practice" }).click();
    await curator.page.getByText("Featured as a best practice.").waitFor();
    await curator.page.getByRole("button", { name: "Remove from featured" }).waitFor();

    const member = await signedIn("hu.xiaoyu@example.com");
    await member.page.goto(`${portal.url}${BRIDGE}`);
    await member.page.getByText("Featured best practice", { exact: true }).waitFor();
    await expect(member.page.getByRole("button", { name: "Feature as best practice" }).count()).resolves.toBe(0);

    // The demo metro clash write-up is reused in 4 projects, more than any other.
    await member.page.goto(`${portal.url}/solutions?sort=reused`);
    const first = member.page.locator(".solution-card").first();
    await expect(first.getByRole("heading").textContent()).resolves.toBe(
      "Weekly BIM clash coordination for an underground metro station",
    );
    await expect(first.textContent()).resolves.toMatch(/reused 4 times.*Featured/s);
  });
});
