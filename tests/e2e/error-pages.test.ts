import pg from "pg";
import type { Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localeCookie } from "~/lib/locale.server";
import { bootstrapAdmin, signInThroughForm } from "./support/accounts";
import { openBrowser, type BrowserSession } from "./support/browser";
import { freshDatabaseUrl } from "./support/database";
import { startPortalProcess, type PortalProcess } from "./support/portal-process";

let databaseUrl: string;
let portal: PortalProcess;
let browser: BrowserSession;

beforeAll(async () => {
  databaseUrl = await freshDatabaseUrl();
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

async function sql(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Navigates inside the running app (no document load) and returns Remix's data response. */
async function navigateClientSide(page: Page, go: () => Promise<unknown>): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname.endsWith(".data"), { timeout: 10_000 }),
    go(),
  ]);
  return response;
}

/** Pino's JSON lines in the portal's output. */
function logLines(): Record<string, any>[] {
  return portal
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, any>);
}

async function expectFullHeader(page: Page, searchLabel = "Search solutions") {
  await expect(page.getByRole("banner").count()).resolves.toBe(1);
  await expect(page.getByRole("searchbox", { name: searchLabel }).count()).resolves.toBe(1);
  await expect(page.getByRole("navigation").first().getByRole("link").count()).resolves.toBeGreaterThan(3);
}

describe("the 404 page", () => {
  it("keeps the full shell and shows the id of that response", async () => {
    const { page } = browser;
    const response = await page.goto(`${portal.url}/no/such/page`);
    expect(response?.status()).toBe(404);
    await page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor({ timeout: 10_000 });
    await expectFullHeader(page);
    await page.getByText(`Reference: ${response?.headers()["x-request-id"]}`).waitFor({ timeout: 10_000 });
  });

  it("is in Chinese when the language cookie says zh", async () => {
    const { page, context } = browser;
    const value = (await localeCookie.serialize("zh")).split(";")[0]!.slice("lng=".length);
    await context.addCookies([{ name: "lng", value, url: portal.url }]);
    try {
      const response = await page.goto(`${portal.url}/no/such/page`);
      expect(response?.status()).toBe(404);
      await page.getByRole("heading", { level: 1, name: "页面不存在" }).waitFor({ timeout: 10_000 });
      expect(await page.locator("html").getAttribute("lang")).toBe("zh-Hans");
      await expectFullHeader(page, "搜索解决方案");
      await page.getByText(`参考编号：${response?.headers()["x-request-id"]}`).waitFor({ timeout: 10_000 });
    } finally {
      await context.clearCookies({ name: "lng" });
    }
  });

  it("after a client-side navigation shows the failing data request's id, not the first page's", async () => {
    const { page } = browser;
    const first = await page.goto(`${portal.url}/`);
    const documentId = first?.headers()["x-request-id"];
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    const data = await navigateClientSide(page, () =>
      page.evaluate(() =>
        (window as unknown as { __remixRouter: { navigate(to: string): Promise<void> } }).__remixRouter.navigate(
          "/no/such/page",
        ),
      ),
    );
    expect(data.status()).toBe(404);
    const dataId = data.headers()["x-request-id"];
    expect(dataId).toMatch(/^[0-9a-f-]{36}$/);
    expect(dataId).not.toBe(documentId);
    await page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor({ timeout: 10_000 });
    await page.getByText(`Reference: ${dataId}`).waitFor({ timeout: 10_000 });
  });
});

describe("the 500 page", () => {
  it("answers a throwing loader with 500 in the shell, that request's id and a log line with the stack", async () => {
    const { page } = browser;
    // The session check reads users and sessions only; "My write-ups" also reads solution_authors.
    await sql("alter table solution_authors rename to solution_authors_gone");
    try {
      const response = await page.goto(`${portal.url}/my`);
      expect(response?.status()).toBe(500);
      const id = response?.headers()["x-request-id"];
      await page.getByRole("heading", { level: 1, name: "Something went wrong" }).waitFor({ timeout: 10_000 });
      await expectFullHeader(page);
      await page.getByText(`Reference: ${id}`).waitFor({ timeout: 10_000 });
      expect(await page.content()).not.toContain("solution_authors");

      const logged = logLines().find((line) => line.requestId === id && line.err);
      expect(logged).toMatchObject({ level: 50, msg: "unhandled error" });
      expect(logged!.err.message).toMatch(/solution_authors/);
      expect(logged!.err.stack).toMatch(/\n\s+at /);
      expect(logLines().find((line) => line.requestId === id && line.msg === "request")).toMatchObject({
        status: 500,
        path: "/my",
      });

      // The same failure reached by a client-side navigation shows the id of that data request.
      const home = await page.goto(`${portal.url}/`);
      const documentId = home?.headers()["x-request-id"];
      const data = await navigateClientSide(page, () =>
        page.getByRole("link", { name: "My write-ups" }).first().click(),
      );
      expect(data.status()).toBe(500);
      const dataId = data.headers()["x-request-id"];
      expect(dataId).not.toBe(documentId);
      await page.getByRole("heading", { level: 1, name: "Something went wrong" }).waitFor({ timeout: 10_000 });
      await page.getByText(`Reference: ${dataId}`).waitFor({ timeout: 10_000 });
      expect(logLines().some((line) => line.requestId === dataId && line.err?.stack)).toBe(true);
    } finally {
      await sql("alter table solution_authors_gone rename to solution_authors");
    }
    expect((await page.goto(`${portal.url}/my`))?.status()).toBe(200);
  });
});
