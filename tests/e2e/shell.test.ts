import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapAdmin, signInThroughForm } from "./support/accounts";
import { openBrowser, type BrowserSession } from "./support/browser";
import { freshDatabaseUrl } from "./support/database";
import { startPortalProcess, type PortalProcess } from "./support/portal-process";

let portal: PortalProcess;
let browser: BrowserSession;

beforeAll(async () => {
  const databaseUrl = await freshDatabaseUrl();
  const admin = await bootstrapAdmin(databaseUrl);
  portal = await startPortalProcess({ DATABASE_URL: databaseUrl });
  browser = await openBrowser();
  await signInThroughForm(browser.page, portal.url, admin.email, admin.password);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
  if (process.env.DEBUG_PORTAL) console.log(portal?.output());
});

describe("the portal shell in Chromium", () => {
  it("serves the home page with the app shell", async () => {
    const response = await browser.page.goto(portal.url);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    await expect(browser.page.getByRole("heading", { level: 1, name: "Solutions Exchange" }).isVisible()).resolves.toBe(
      true,
    );
    await expect(browser.page.getByRole("main").count()).resolves.toBe(1);
    await expect(browser.page.getByRole("searchbox", { name: "Search solutions" }).count()).resolves.toBe(1);
    expect(await browser.page.locator("html").getAttribute("lang")).toBe("en");
    // <LiveReload /> is for `npm run dev` only.
    expect(await browser.page.content()).not.toContain("remixLiveReloadConnect");
  });

  it("reports health as JSON", async () => {
    const response = await browser.page.goto(`${portal.url}/healthz`);
    expect(response?.status()).toBe(200);
    const body = JSON.parse(await browser.page.locator("body").innerText());
    expect(body).toMatchObject({ status: "ok", database: { ok: true }, search: { ok: true } });
  });

  it("shows anonymous visitors only the sign-in page, in their language", async () => {
    const anonymous = await openBrowser({ locale: "zh-CN" });
    try {
      const response = await anonymous.page.goto(`${portal.url}/`);
      expect(new URL(anonymous.page.url()).pathname).toBe("/login");
      expect(response?.status()).toBe(200);
      await anonymous.page
        .getByRole("heading", { level: 1, name: "登录" })
        .waitFor({ state: "visible", timeout: 10_000 });
      expect(await anonymous.page.locator("html").getAttribute("lang")).toBe("zh-Hans");
    } finally {
      await anonymous.close();
    }
  });

  it("switches to Chinese and stays there", async () => {
    await browser.page.goto(portal.url);
    await browser.page.getByRole("button", { name: /简体中文/ }).click();
    await browser.page.waitForURL(`${portal.url}/`);
    await browser.page
      .getByRole("heading", { level: 1, name: "方案共享平台" })
      .waitFor({ state: "visible", timeout: 10_000 });
    expect(await browser.page.locator("html").getAttribute("lang")).toBe("zh-Hans");
    await browser.page.reload();
    await browser.page
      .getByRole("heading", { level: 1, name: "方案共享平台" })
      .waitFor({ state: "visible", timeout: 10_000 });
    await browser.page.getByRole("button", { name: /English/ }).click();
    await expect(browser.page.getByRole("heading", { level: 1, name: "Solutions Exchange" }).isVisible()).resolves.toBe(
      true,
    );
  });

  it("shows the 404 page, inside the shell, with status 404 and a reference", async () => {
    const response = await browser.page.goto(`${portal.url}/no/such/page`);
    expect(response?.status()).toBe(404);
    await expect(browser.page.getByRole("heading", { level: 1, name: "Page not found" }).isVisible()).resolves.toBe(
      true,
    );
    await expect(browser.page.getByRole("banner").count()).resolves.toBe(1);
    // The whole header, as on any page: the root loader ran (the splat route), so it knows the user.
    await expect(browser.page.getByRole("searchbox", { name: "Search solutions" }).count()).resolves.toBe(1);
    await expect(
      browser.page.getByRole("navigation", { name: "Main" }).getByRole("link").count(),
    ).resolves.toBeGreaterThan(3);
    await expect(browser.page.getByRole("button", { name: /简体中文/ }).count()).resolves.toBe(1);
    const requestId = response?.headers()["x-request-id"];
    await browser.page.getByText(`Reference: ${requestId}`).waitFor({ state: "visible", timeout: 10_000 });
  });

  it("has no console errors on these pages", () => {
    expect(browser.errors.filter((e) => !e.includes("404"))).toEqual([]);
  });
});
