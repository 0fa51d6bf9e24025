import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInThroughForm } from "./support/accounts";
import { openBrowser, type BrowserSession } from "./support/browser";
import { freshDatabaseUrl } from "./support/database";
import { startPortalProcess, type PortalProcess } from "./support/portal-process";

/** A portal with the demo content (6 subsidiaries, 26 pain points, 40 write-ups), as `npm start` gives. */
let portal: PortalProcess;
let browser: BrowserSession;
const DEMO_PASSWORD = "Demo-Solutions-2026";

async function waitForSearchIndex() {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const health = (await fetch(`${portal.url}/healthz`).then((r) => r.json())) as {
      searchOutbox?: { backlog: number };
    };
    if (health.searchOutbox?.backlog === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the search index did not catch up with the demo content within 60 s");
}

beforeAll(async () => {
  portal = await startPortalProcess({ DATABASE_URL: await freshDatabaseUrl(), DEMO: "true" });
  await waitForSearchIndex();
  browser = await openBrowser();
  // A member of the Wuhan institute whose saved language is English.
  await signInThroughForm(browser.page, portal.url, "hu.xiaoyu@example.com", DEMO_PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

function resultCount(text: string | null): number {
  return Number(/(\d+)/.exec(text ?? "")?.[1] ?? Number.NaN);
}

describe("the catalog in Chromium", () => {
  it("browses by pain point, filters by subsidiary, opens a write-up, and shows pain points in Chinese", async () => {
    const { page } = browser;
    await page.goto(`${portal.url}/solutions`);
    const all = resultCount(await page.locator(".catalog__count").textContent());
    expect(all).toBeGreaterThan(20);

    await page.locator("summary", { hasText: "Design coordination" }).first().click();
    await Promise.all([
      page.waitForURL(/painPoint=late-design-clashes/),
      page
        .getByRole("link", { name: /Late discovery of design clashes/ })
        .first()
        .click(),
    ]);
    // The URL changes before React renders the new page: wait for its filter chip, not for any card.
    await page.getByRole("link", { name: /Remove filter Late discovery of design clashes/ }).waitFor();
    const byPainPoint = resultCount(await page.locator(".catalog__count").textContent());
    expect(byPainPoint).toBeGreaterThan(0);
    expect(byPainPoint).toBeLessThan(all);

    // Each subsidiary shows how many of these write-ups it has; ticking one keeps exactly that many.
    const wuh = page.getByRole("link", { name: /Wuhan Design Institute/ });
    const expected = resultCount(await wuh.locator(".facet__count").textContent());
    await Promise.all([page.waitForURL(/subsidiary=WUH/), wuh.click()]);
    await page.getByRole("link", { name: /Remove filter Wuhan Design Institute/ }).waitFor();
    expect(resultCount(await page.locator(".catalog__count").textContent())).toBe(expected);

    const first = page.locator(".solution-card__title a").first();
    const title = (await first.textContent())!.trim();
    await first.click();
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    await page.getByRole("link", { name: "Late discovery of design clashes" }).waitFor();

    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: /简体中文/ }).click()]);
    await page.getByRole("link", { name: "设计碰撞发现过晚" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-Hans");
    await page.goto(`${portal.url}/solutions`);
    await page.locator("summary", { hasText: "设计协同" }).first().waitFor();
    // Back to English for the tests that follow.
    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: /English/ }).click()]);
    await page.getByRole("heading", { level: 1, name: "Solutions" }).waitFor();
  });
});

describe("search in Chromium", () => {
  it("finds write-ups despite a typo, narrows them with a pain-point facet, and opens a result", async () => {
    const { page, errors } = await openBrowser().then(async (session) => {
      await signInThroughForm(session.page, portal.url, "hu.xiaoyu@example.com", DEMO_PASSWORD);
      return session;
    });
    await page.goto(`${portal.url}/search`);
    const box = page.getByRole("searchbox", { name: "Search write-ups" });
    // "coordnation" for "coordination": one typo.
    await box.fill("model coordnation");
    await page.waitForURL(/q=model\+coordnation|q=model%20coordnation/);
    // The URL changes before React renders the new results; the heading names the query once it has.
    await page.getByRole("heading", { level: 1, name: "Results for “model coordnation”" }).waitFor();
    await page.locator(".search-result").first().waitFor();
    const before = resultCount(await page.locator(".search-page__summary").textContent());
    expect(before).toBeGreaterThan(1);
    expect(await page.locator(".search-result").first().innerHTML()).toMatch(/<mark>/i);

    // Tick the pain point with the fewest (but some) of these results: the total must drop to its count.
    const options = await page.locator('input[name="painPoint"]').evaluateAll((inputs) =>
      inputs.map((input) => ({
        value: (input as HTMLInputElement).value,
        count: Number(input.parentElement?.querySelector(".facet__count")?.textContent ?? "0"),
      })),
    );
    const target = options.filter((o) => o.count > 0 && o.count < before).sort((a, b) => a.count - b.count)[0]!;
    expect(target).toBeDefined();
    await page.locator(`input[name="painPoint"][value="${target.value}"]`).check();
    await page.waitForURL(new RegExp(`painPoint=${target.value}`));
    await page.getByRole("navigation", { name: "Active filters" }).waitFor();
    await page.waitForFunction(
      (expected) =>
        /(\d+)/.exec(document.querySelector(".search-page__summary")?.textContent ?? "")?.[1] === String(expected),
      target.count,
    );

    const result = page.locator(".search-result h2 a, .search-result h3 a").first();
    const title = (await result.textContent())!.trim();
    await result.click();
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("searches in Chinese", async () => {
    const session = await openBrowser();
    try {
      await signInThroughForm(session.page, portal.url, "hu.xiaoyu@example.com", DEMO_PASSWORD);
      // 盾构 (shield tunnelling) appears in one Chinese write-up this member may read.
      await session.page.goto(`${portal.url}/search?q=${encodeURIComponent("盾构隧道")}`);
      await session.page.locator(".search-result").first().waitFor();
      const text = await session.page.locator(".search-result").first().innerText();
      expect(text).toContain("盾构隧道");
      expect(await session.page.locator(".search-result").first().innerHTML()).toMatch(/<mark>[^<]*盾构/);
    } finally {
      await session.close();
    }
  });
});
