import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapAdmin, runCli, signInThroughForm } from "./support/accounts";
import { openBrowser, type BrowserSession } from "./support/browser";
import { freshDatabaseUrl } from "./support/database";
import { startPortalProcess, type PortalProcess } from "./support/portal-process";

let portal: PortalProcess;
let databaseUrl: string;
let admin: { email: string; password: string };
const browsers: BrowserSession[] = [];

beforeAll(async () => {
  databaseUrl = await freshDatabaseUrl();
  admin = await bootstrapAdmin(databaseUrl);
  portal = await startPortalProcess({ DATABASE_URL: databaseUrl, API_RATE_LIMIT_PER_MINUTE: "5" });
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await portal?.stop();
});

async function browser() {
  const session = await openBrowser();
  browsers.push(session);
  return session;
}

/** Signs in over plain HTTP, as a same-site form post, and returns the session cookie. */
async function sessionCookie(email: string, password: string): Promise<string> {
  const response = await fetch(`${portal.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: portal.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }),
  });
  expect(response.status).toBe(302);
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

interface ManifestRoute {
  id: string;
  path?: string;
  index?: boolean;
  parentId?: string;
  module: { action?: unknown; loader?: unknown; default?: unknown };
}

/** Every route of the built app with a concrete URL (params filled with a dummy value). */
async function routeManifest() {
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as {
    routes: Record<string, ManifestRoute>;
  };
  const fullPath = (route: ManifestRoute): string => {
    const parent = route.parentId ? build.routes[route.parentId] : undefined;
    const prefix = parent ? fullPath(parent) : "";
    const own = (route.path ?? "").replace(/:[^/]+/g, "x").replace(/\*/g, "x");
    return `${prefix.replace(/\/$/, "")}/${own}`.replace(/\/+/g, "/");
  };
  return Object.values(build.routes)
    .filter((r) => r.id !== "root")
    .map((r) => ({
      id: r.id,
      url: fullPath(r).replace(/(.)\/$/, "$1"),
      hasAction: Boolean(r.module.action),
      isPage: Boolean(r.module.default),
    }));
}

/**
 * A checksum of every table's full contents (each row as text, in a fixed order), so an UPDATE that
 * leaves the row count alone is caught as surely as an INSERT or DELETE.
 */
async function tableChecksums(): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      "select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name",
    );
    const sums: Record<string, string> = {};
    for (const { name } of tables) {
      const { rows } = await client.query<{ n: string; sum: string }>(
        `select count(*) as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as sum from "${name}" t`,
      );
      sums[name] = `${rows[0]!.n}:${rows[0]!.sum}`;
    }
    return sums;
  } finally {
    await client.end();
  }
}

describe("accounts in Chromium", () => {
  it("an admin invites a member, who accepts, signs in, sees their name and signs out; deactivation throws them out", async () => {
    const adminBrowser = await browser();
    const a = adminBrowser.page;
    await signInThroughForm(a, portal.url, admin.email, admin.password);
    await a.goto(`${portal.url}/admin/users`);
    const email = `mei.lin.${Date.now()}@example.com`;
    await a.getByLabel("Email", { exact: true }).fill(email);
    await a.getByRole("button", { name: "Create invitation" }).click();
    const link = (await a.getByTestId("invitation-link").textContent())!.trim();
    expect(link).toMatch(/\/invitations\/[a-z2-7]{32}\.[a-z2-7]{32}$/);

    const memberBrowser = await browser();
    const m = memberBrowser.page;
    await m.goto(link);
    await m.getByLabel("Your name").fill("Mei Lin");
    await m.getByLabel("New password").fill("Lotus-Bridge-Cinder-27");
    await m.getByLabel("Repeat the password").fill("Lotus-Bridge-Cinder-27");
    await Promise.all([m.waitForURL(`${portal.url}/`), m.getByRole("button", { name: "Create my account" }).click()]);
    await m.getByRole("link", { name: "Mei Lin" }).waitFor({ state: "visible", timeout: 10_000 });

    await Promise.all([m.waitForURL(/\/login$/), m.getByRole("button", { name: "Sign out" }).click()]);
    await m.goto(`${portal.url}/settings`);
    expect(new URL(m.url()).pathname).toBe("/login");

    await signInThroughForm(m, portal.url, email, "Lotus-Bridge-Cinder-27");
    await m.getByRole("link", { name: "Mei Lin" }).waitFor({ state: "visible", timeout: 10_000 });

    // The admin deactivates the member; the member's very next request is anonymous.
    await a.goto(`${portal.url}/admin/users?q=${encodeURIComponent(email)}`);
    await a.getByRole("link", { name: "Mei Lin" }).click();
    await a.getByRole("button", { name: "Deactivate" }).click();
    await a.getByText("This account is deactivated.").waitFor();
    await m.goto(`${portal.url}/settings`);
    expect(new URL(m.url()).pathname).toBe("/login");

    await m.getByLabel("Email").fill(email);
    await m.getByLabel("Password", { exact: true }).fill("Lotus-Bridge-Cinder-27");
    await m.getByRole("button", { name: "Sign in" }).click();
    await m.getByText("This account has been deactivated").waitFor();
    expect(memberBrowser.errors.filter((e) => !/status of (401|403|404)/.test(e))).toEqual([]);
  });

  it("refuses a cross-site POST to every action with 403 and changes no row", async () => {
    const cookie = await sessionCookie(admin.email, admin.password);
    const routes = (await routeManifest()).filter((r) => r.hasAction);
    expect(routes.map((r) => r.url)).toEqual(
      expect.arrayContaining(["/login", "/settings", "/admin/users", "/logout"]),
    );
    const before = await tableChecksums();
    for (const route of routes) {
      for (const headers of [
        { Origin: "https://evil.example" },
        { Referer: "https://evil.example/page" },
        {},
      ] as Record<string, string>[]) {
        const response = await fetch(`${portal.url}${route.url}`, {
          method: "POST",
          redirect: "manual",
          headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", ...headers },
          body: new URLSearchParams({ intent: "signOutEverywhere", email: "x@example.com", role: "admin" }),
        });
        expect({ route: route.url, headers, status: response.status }).toEqual({
          route: route.url,
          headers,
          status: 403,
        });
      }
    }
    const after = await tableChecksums();
    expect(after).toEqual(before);
    expect(Object.keys(after)).toEqual(expect.arrayContaining(["users", "sessions", "audit_log"]));

    // The checksum catches an UPDATE that keeps every row count (proved on a harmless change, then undone).
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query("update users set display_name = display_name || '~' where email = $1", [admin.email]);
      const changed = await tableChecksums();
      expect(changed.users).not.toBe(before.users);
      expect(changed.users!.split(":")[0]).toBe(before.users!.split(":")[0]);
      await client.query("update users set display_name = left(display_name, -1) where email = $1", [admin.email]);
    } finally {
      await client.end();
    }
    expect(await tableChecksums()).toEqual(before);
    // The same session still works: nothing was signed out.
    const settings = await fetch(`${portal.url}/settings`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(settings.status).toBe(200);
  });

  it("sends anonymous visitors of every page to sign in, and answers the API with 401", async () => {
    const routes = await routeManifest();
    const publicPages = ["/login", "/signup", "/invitations/x", "/reset-password/x"];
    for (const route of routes) {
      const response = await fetch(`${portal.url}${route.url}`, { redirect: "manual" });
      // JSON endpoints answer 401; pages redirect to the sign-in page; the HTTP layer's target for
      // too-large form posts is no page at all.
      if (route.url.startsWith("/api/") || route.url === "/images" || route.url === "/technologies") {
        expect({ url: route.url, status: response.status }).toEqual({ url: route.url, status: 401 });
      } else if (route.url === "/body-too-large") {
        expect({ url: route.url, status: response.status }).toEqual({ url: route.url, status: 404 });
      } else if (route.url === "/healthz" || publicPages.includes(route.url)) {
        expect({ url: route.url, ok: response.status < 500 }).toEqual({ url: route.url, ok: true });
      } else {
        expect({ url: route.url, status: response.status }).toEqual({ url: route.url, status: 302 });
        const location = response.headers.get("location") ?? "";
        expect({ url: route.url, location }).toEqual({
          url: route.url,
          location: expect.stringMatching(/^\/(login(\?.*)?)?$/),
        });
      }
    }
  });

  it("authenticates API calls with a bearer token, without the Origin check, and rate-limits them", async () => {
    const token = await runCli("token-create", ["--email", admin.email, "--label", "e2e"], {
      DATABASE_URL: databaseUrl,
    });
    const me = await fetch(`${portal.url}/api/v1/me`, {
      headers: { Authorization: `Bearer ${token}`, Origin: "https://elsewhere.example" },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: admin.email, role: "admin" });
    const unknown = await fetch(`${portal.url}/api/v1/nothing-here`, { headers: { Authorization: `Bearer ${token}` } });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("not_found");
    let limited: Response | undefined;
    for (let i = 0; i < 6 && !limited; i++) {
      const response = await fetch(`${portal.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
      if (response.status === 429) limited = response;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited!.json()).error.code).toBe("rate_limited");
    const bad = await fetch(`${portal.url}/api/v1/me`, { headers: { Authorization: "Bearer sx_tampered.token" } });
    expect(bad.status).toBe(401);
  });
});
