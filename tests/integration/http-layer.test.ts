import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { LoaderFunctionArgs, ServerBuild } from "@remix-run/node";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, getDb } from "~/lib/db.server";
import { takeSpeculation } from "~/lib/api-speculation.server";
import { issueApiToken } from "~/lib/api-token.server";
import { requireApiUser } from "~/lib/auth.server";
import { getEnv, resetEnvForTests } from "~/lib/env.server";
import { answerStarting, createHttpApp } from "~/lib/http-server.server";
import { localeCookie } from "~/lib/locale.server";
import type { SessionUser } from "~/lib/session.server";
import { closeSearch, configureSearch } from "~/lib/search.server";
import * as healthzRoute from "~/routes/healthz";
import { createUser } from "../factories/accounts";
import { withDatabase } from "../setup/test-database";
import { cookieFor } from "../support/remix";
import { serverBuildWith } from "../support/server-build";

/**
 * The real Express layer (request ids, cross-site check, session check, body limits, its own error
 * answers) in front of a build with one page route and the real /healthz route.
 */
const build = () => serverBuildWith([{ id: "routes/healthz", path: "healthz", module: healthzRoute }]);

const servers: Server[] = [];
const restores: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  for (const restore of restores.splice(0).reverse()) await restore();
});

async function startApp(getBuild: () => ServerBuild = build): Promise<string> {
  const app = createHttpApp({ getBuild, mode: "production", publicDir: "public" });
  const server = app.listen(0, "127.0.0.1");
  servers.push(server);
  await new Promise((resolve) => server.once("listening", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Points the app at a database that does not exist on the same server (as if it had been dropped). */
async function takeDatabaseDown(): Promise<void> {
  const original = process.env.DATABASE_URL!;
  await closeDatabase();
  process.env.DATABASE_URL = withDatabase(original, `sx_dropped_${Date.now()}`);
  resetEnvForTests();
  restores.push(async () => {
    await closeDatabase();
    process.env.DATABASE_URL = original;
    resetEnvForTests();
  });
}

async function zhCookie(): Promise<string> {
  return (await localeCookie.serialize("zh")).split(";")[0]!;
}

describe("GET /healthz through the HTTP layer", () => {
  it("answers JSON 503 naming the database when PostgreSQL is down, even with a session cookie", async () => {
    const user = await createUser(getDb());
    const session = await cookieFor(user.id);
    const base = await startApp();
    expect((await fetch(`${base}/healthz`, { headers: { Cookie: session } })).status).toBe(200);

    await takeDatabaseDown();
    for (const headers of [{ Cookie: session }, {}] as Record<string, string>[]) {
      const response = await fetch(`${base}/healthz`, { headers });
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      const body = (await response.json()) as Record<string, any>;
      expect(body).toMatchObject({
        status: "degraded",
        database: { ok: false, latencyMs: null },
        search: { ok: true },
      });
      expect(body.database.error).toMatch(/does not exist/);
    }
  });

  it("answers JSON 503 naming search when Meilisearch is down", async () => {
    const base = await startApp();
    configureSearch({ url: "http://127.0.0.1:1", apiKey: getEnv().MEILI_API_KEY });
    restores.push(() => closeSearch());
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as Record<string, any>;
    expect(body).toMatchObject({ status: "degraded", database: { ok: true }, search: { ok: false, latencyMs: null } });
  });
});

describe("answers the HTTP layer gives itself, in the reader's language", () => {
  const crossSite = (base: string, path: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: "a=1",
    });

  it("refuses a cross-site form in English by default, in Chinese by cookie or Accept-Language", async () => {
    const base = await startApp();
    const english = await crossSite(base, "/");
    expect(english.status).toBe(403);
    expect(await english.text()).toBe("Cross-site request refused: this form must be sent from the portal itself.");

    const byCookie = await crossSite(base, "/", { Cookie: await zhCookie(), "Accept-Language": "en" });
    expect(byCookie.status).toBe(403);
    expect(await byCookie.text()).toBe("已拒绝跨站请求：此表单必须从门户本身提交。");

    const byHeader = await crossSite(base, "/", { "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5" });
    expect(await byHeader.text()).toBe("已拒绝跨站请求：此表单必须从门户本身提交。");
  });

  it("keeps JSON for /api", async () => {
    const base = await startApp();
    const response = await crossSite(base, "/api/v1/solutions", { "Accept-Language": "zh" });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: { code: "cross_site", message: "已拒绝跨站请求：此表单必须从门户本身提交。" },
    });
  });

  it("refuses bodies that are too large or have no length", async () => {
    const base = await startApp();
    // fetch() sets Content-Length itself; a raw request can announce a body it never sends.
    const raw = (headers: Record<string, string>, path = "/") =>
      new Promise<{ status: number; body: string; type: string }>((resolve, reject) => {
        const request = http.request(`${base}${path}`, { method: "POST", headers: { Origin: base, ...headers } });
        request.on("response", (response) => {
          let body = "";
          response.on("data", (chunk: Buffer) => (body += chunk.toString()));
          response.on("end", () =>
            resolve({ status: response.statusCode!, body, type: String(response.headers["content-type"]) }),
          );
        });
        request.on("error", reject);
        request.end();
      });
    const big = String(5 * 1024 * 1024);
    // A page's form: bad input, so 400, with a message that says what to do.
    expect(await raw({ "Content-Length": big, "Accept-Language": "zh" })).toMatchObject({
      status: 400,
      body: "表单内容过大，无法提交（上限 4 MB）。请缩短最长的字段（例如粘贴进来的标题）后重试。",
      type: expect.stringMatching(/^text\/plain/),
    });
    expect(await raw({ "Content-Length": big })).toMatchObject({
      status: 400,
      body: "This form is too large to send (limit 4 MB). Shorten the longest field, for example a pasted title, and try again.",
    });
    expect(await raw({ "Transfer-Encoding": "chunked", Cookie: await zhCookie() })).toMatchObject({
      status: 411,
      body: "请发送 Content-Length 请求头。",
    });
    const api = await raw({ "Content-Length": big, "Accept-Language": "zh" }, "/api/v1/solutions");
    expect(api.status).toBe(413);
    expect(JSON.parse(api.body)).toEqual({ error: { code: "too_large", message: "请求过大（上限 4 MB）。" } });
  });

  it("answers 500 with the request id when the session check fails, as text for pages and JSON for /api", async () => {
    const user = await createUser(getDb());
    const session = await cookieFor(user.id);
    const base = await startApp();
    await takeDatabaseDown();

    const page = await fetch(`${base}/`, { headers: { Cookie: `${session}; ${await zhCookie()}` } });
    expect(page.status).toBe(500);
    const id = page.headers.get("x-request-id");
    expect(await page.text()).toBe(`出现错误。参考编号：${id}`);

    const api = await fetch(`${base}/api/v1/me`, { headers: { Cookie: session } });
    expect(api.status).toBe(500);
    expect(await api.json()).toEqual({
      error: {
        code: "internal",
        message: `Something went wrong. Reference: ${api.headers.get("x-request-id")}`,
        requestId: api.headers.get("x-request-id"),
      },
    });
  });
});

describe("while the portal is starting", () => {
  it("answers 503 with Retry-After: JSON for /healthz and /api, text in the reader's language for pages", async () => {
    const server = http.createServer(answerStarting).listen(0, "127.0.0.1");
    servers.push(server);
    await new Promise((resolve) => server.once("listening", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(503);
    expect(health.headers.get("retry-after")).toBe("2");
    expect(await health.json()).toEqual({ status: "starting" });

    const api = await fetch(`${base}/api/v1/me`);
    expect(api.status).toBe(503);
    expect(await api.json()).toEqual({
      error: { code: "starting", message: "Solutions Exchange is starting; try again in a moment." },
    });

    const page = await fetch(`${base}/solutions?q=x`, { headers: { "Accept-Language": "zh-CN" } });
    expect(page.status).toBe(503);
    expect(page.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await page.text()).toBe("方案共享平台正在启动，请稍后再试。");
  });
});

describe("API reads, answered by the route's loader without Remix's router", () => {
  const echo = {
    loader: ({ request, params, context }: LoaderFunctionArgs) => {
      if (params.name === "boom") throw new Error("the loader failed");
      if (params.name === "gone") throw Response.json({ error: { code: "not_found" } }, { status: 404 });
      const headers = new Headers({ "X-Echo": "yes" });
      headers.append("Set-Cookie", "a=1; Path=/");
      headers.append("Set-Cookie", "b=2; Path=/");
      return Response.json(
        {
          url: request.url,
          params,
          language: request.headers.get("accept-language"),
          requestId: context.requestId,
          user: context.auth.user?.email ?? null,
        },
        { status: 203, headers },
      );
    },
    action: () => Response.json({ via: "action" }),
  };
  const echoBuild = () =>
    serverBuildWith([{ id: "routes/api.v1.echo.$name", path: "api/v1/echo/:name", module: echo }]);

  it("gives the loader the request, decoded params and load context, and sends its answer whole", async () => {
    const user = await createUser(getDb());
    const { token } = await issueApiToken(getDb(), user.id, "test", null);
    const base = await startApp(echoBuild);
    const response = await fetch(`${base}/api/v1/echo/%E5%BB%BA%E7%AD%91?q=1`, {
      headers: { Authorization: `Bearer ${token}`, "Accept-Language": "zh" },
    });
    expect(response.status).toBe(203);
    expect(response.headers.get("x-echo")).toBe("yes");
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(await response.json()).toEqual({
      url: `${base}/api/v1/echo/%E5%BB%BA%E7%AD%91?q=1`,
      params: { name: "建筑" },
      language: "zh",
      requestId: response.headers.get("x-request-id"),
      user: user.email,
    });
    const head = await fetch(`${base}/api/v1/echo/x`, {
      method: "HEAD",
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(head.status).toBe(203);
    expect(await head.text()).toBe("");
    // Writes still go through Remix.
    const post = await fetch(`${base}/api/v1/echo/x`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(await post.json()).toEqual({ via: "action" });
  });

  it("answers a thrown Response as it is, and any other failure with the JSON 500 and its request id", async () => {
    const base = await startApp(echoBuild);
    const gone = await fetch(`${base}/api/v1/echo/gone`);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ error: { code: "not_found" } });
    const failed = await fetch(`${base}/api/v1/echo/boom`);
    expect(failed.status).toBe(500);
    const id = failed.headers.get("x-request-id");
    expect(await failed.json()).toEqual({
      error: { code: "internal", message: `Something went wrong. Reference: ${id}`, requestId: id },
    });
  });

  it("answers token reads without Express's router exactly as through it: proxies, headers, ids, failures", async () => {
    const user = await createUser(getDb());
    const { token } = await issueApiToken(getDb(), user.id, "test", null);
    const base = await startApp(echoBuild);
    const withToken = { Authorization: `Bearer ${token}` };

    // Behind the trusted (loopback) proxy, the URL is the one the client asked for, as Express resolves it.
    const proxied = await fetch(`${base}/api/v1/echo/x?y=1`, {
      headers: { ...withToken, "X-Forwarded-Proto": "https", "X-Forwarded-Host": "portal.example.test:8443" },
    });
    expect(((await proxied.json()) as { url: string }).url).toBe("https://portal.example.test:8443/api/v1/echo/x?y=1");
    expect(proxied.headers.get("x-content-type-options")).toBe("nosniff");
    expect(proxied.headers.get("x-frame-options")).toBe("DENY");
    expect(proxied.headers.get("referrer-policy")).toBe("same-origin");

    // A request id sent by the client is replaced by a fresh one.
    const failed = await fetch(`${base}/api/v1/echo/boom`, { headers: { ...withToken, "X-Request-Id": "forged" } });
    const id = failed.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({
      error: { code: "internal", message: `Something went wrong. Reference: ${id}`, requestId: id },
    });

    // An API path no route matches is Express's and Remix's, with a token as without.
    const [unknownWith, unknownWithout] = await Promise.all([
      fetch(`${base}/api/v1/nothing-here`, { headers: withToken }),
      fetch(`${base}/api/v1/nothing-here`),
    ]);
    expect(unknownWith.status).toBe(404);
    expect(unknownWithout.status).toBe(404);
    expect(unknownWith.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("API reads starting their work while the token is checked", () => {
  const speculated: string[] = [];
  const answer = (by: string, user: SessionUser) => Response.json({ by, as: user.email, role: user.role });
  const route = {
    speculate: ({ user }: { user: SessionUser }) => {
      speculated.push(user.email);
      return Promise.resolve(answer("early", user));
    },
    loader: async ({ context }: LoaderFunctionArgs) => {
      const user = requireApiUser(context);
      return (await takeSpeculation<Response>(context, user)) ?? answer("loader", user);
    },
  };
  const earlyBuild = () => serverBuildWith([{ id: "routes/api.v1.early", path: "api/v1/early", module: route }]);

  async function tokenUser() {
    const user = await createUser(getDb());
    const { token, id } = await issueApiToken(getDb(), user.id, "test", null);
    return { user, token, id, headers: { Authorization: `Bearer ${token}` } };
  }

  it("works in the loader on a token's first request, then starts early as the user of its last check", async () => {
    const base = await startApp(earlyBuild);
    const { user, headers } = await tokenUser();
    speculated.length = 0;
    expect(await (await fetch(`${base}/api/v1/early`, { headers })).json()).toEqual({
      by: "loader",
      as: user.email,
      role: "member",
    });
    expect(speculated).toEqual([]);
    expect(await (await fetch(`${base}/api/v1/early`, { headers })).json()).toMatchObject({ by: "early" });
    expect(speculated).toEqual([user.email]);
  });

  it("throws the early work away when the check finds the user changed, and answers as the checked user", async () => {
    const base = await startApp(earlyBuild);
    const { user, headers } = await tokenUser();
    await fetch(`${base}/api/v1/early`, { headers });
    await getDb().updateTable("users").set({ role: "curator" }).where("id", "=", user.id).execute();
    speculated.length = 0;
    expect(await (await fetch(`${base}/api/v1/early`, { headers })).json()).toEqual({
      by: "loader",
      as: user.email,
      role: "curator",
    });
    expect(speculated).toEqual([user.email]);
  });

  it("answers 401 for a token revoked since its last check, whatever the early work found", async () => {
    const base = await startApp(earlyBuild);
    const { id, headers } = await tokenUser();
    await fetch(`${base}/api/v1/early`, { headers });
    await getDb().updateTable("apiTokens").set({ revokedAt: new Date() }).where("id", "=", id).execute();
    const refused = await fetch(`${base}/api/v1/early`, { headers });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: "unauthorized" } });
    // Forgotten: the next request starts nothing early.
    speculated.length = 0;
    expect((await fetch(`${base}/api/v1/early`, { headers })).status).toBe(401);
    expect(speculated).toEqual([]);
  });

  it("answers 429 over the budget, and starts nothing early while the token waits", async () => {
    const previous = process.env.API_RATE_LIMIT_PER_MINUTE;
    process.env.API_RATE_LIMIT_PER_MINUTE = "2";
    resetEnvForTests();
    restores.push(() => {
      if (previous === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
      else process.env.API_RATE_LIMIT_PER_MINUTE = previous;
      resetEnvForTests();
    });
    const base = await startApp(earlyBuild);
    const { headers } = await tokenUser();
    // The minute may turn over between requests and start the count again: allow one more round.
    let statuses: number[] = [];
    for (let attempt = 0; attempt < 2 && !statuses.includes(429); attempt++) {
      statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${base}/api/v1/early`, { headers })).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    speculated.length = 0;
    const again = await fetch(`${base}/api/v1/early`, { headers });
    expect(again.status).toBe(429);
    expect(again.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(speculated).toEqual([]);
  });

  it("answers the JSON 500 when the token cannot be checked, even with early work running", async () => {
    const base = await startApp(earlyBuild);
    const { headers } = await tokenUser();
    await fetch(`${base}/api/v1/early`, { headers });
    await takeDatabaseDown();
    const failed = await fetch(`${base}/api/v1/early`, { headers });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ error: { code: "internal" } });
  });
});
