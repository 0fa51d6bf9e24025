import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { resetEnvForTests } from "~/lib/env.server";
import { createApiToken } from "~/services/api-tokens.server";
import { createTeam, createUser } from "../factories/accounts";
import { createSolutionAs, createTaxonomy } from "../factories/solution-workflow";
import { startApiServer, type ApiServer } from "../support/api-server";
import { cookieFor } from "../support/remix";

/**
 * The JSON API and the Markdown export over real HTTP, through the Express layer: a browser session
 * cookie works like a token, every refusal is `{ error: { code, message } }` with its status, the rate
 * limit answers 429 with Retry-After, and `/solutions/<slug>.md` is rewritten to the export route.
 */
let server: ApiServer;
beforeAll(async () => {
  server = await startApiServer();
});
afterAll(async () => {
  await server.close();
});

async function world() {
  const db = getDb();
  const [team, taxonomy] = await Promise.all([createTeam(db), createTaxonomy(db)]);
  const outsider = await createUser(db);
  const painPointIds = [taxonomy.painPoints[0]!.id];
  const open = await createSolutionAs(db, team.member, {
    painPointIds,
    status: "published",
    lead: team.lead,
    overrides: { title: "Open point-cloud survey" },
  });
  const secret = await createSolutionAs(db, team.member, {
    painPointIds,
    status: "published",
    lead: team.lead,
    overrides: { title: "Secret point-cloud survey", visibility: "subsidiary" },
  });
  return { db, team, taxonomy, outsider, open, secret };
}

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { headers, redirect: "manual" });

async function json(response: Response) {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return (await response.json()) as Record<string, any>;
}

describe("the JSON API with a browser session cookie", () => {
  it("answers exactly what the signed-in user may see, like a token", async () => {
    const w = await world();
    const cookie = await cookieFor(w.outsider.id);
    const me = await get("/api/v1/me", { Cookie: cookie });
    expect(me.status).toBe(200);
    expect(await json(me)).toMatchObject({ id: w.outsider.id, email: w.outsider.email, role: "member" });

    const pain = w.taxonomy.painPoints[0]!.slug;
    const list = await get(`/api/v1/solutions?painPoint=${pain}`, { Cookie: cookie });
    expect(list.status).toBe(200);
    const body = await json(list);
    expect(body.items.map((i: { title: string }) => i.title)).toEqual(["Open point-cloud survey"]);
    expect(body).toMatchObject({ total: 1, page: 1, limit: 20 });

    const insider = await get(`/api/v1/solutions?painPoint=${pain}&sort=title`, {
      Cookie: await cookieFor(w.team.member.id),
    });
    expect((await json(insider)).items.map((i: { title: string }) => i.title)).toEqual([
      "Open point-cloud survey",
      "Secret point-cloud survey",
    ]);
    const one = await get(`/api/v1/solutions/${w.open.slug}`, { Cookie: cookie });
    expect(one.status).toBe(200);
    expect(await json(one)).toMatchObject({ slug: w.open.slug, title: "Open point-cloud survey" });
  });

  it("refuses with the documented JSON bodies: 401, 400, 404, 403 cross_site", async () => {
    const w = await world();
    const cookie = await cookieFor(w.outsider.id);
    const anonymous = await get("/api/v1/solutions");
    expect(anonymous.status).toBe(401);
    expect(await json(anonymous)).toEqual({
      error: { code: "unauthorized", message: "Sign in or send an API token: Authorization: Bearer <token>." },
    });
    const badToken = await get("/api/v1/me", { Authorization: "Bearer sx_bogus.token" });
    expect(badToken.status).toBe(401);
    expect(await json(badToken)).toEqual({
      error: { code: "unauthorized", message: "The API token is invalid, expired or revoked." },
    });
    // A dead session cookie is no session.
    expect((await get("/api/v1/me", { Cookie: "sx_session=nope.nope" })).status).toBe(401);

    const bad = await get("/api/v1/solutions?limit=500", { Cookie: cookie });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toEqual({
      error: {
        code: "bad_limit",
        message: "limit must be a whole number from 1 to 100.",
        fields: { limit: ["limit must be a whole number from 1 to 100"] },
      },
    });
    const unknownFilter = await get("/api/v1/solutions?painPoint=no-such-pain", { Cookie: cookie });
    expect(unknownFilter.status).toBe(400);
    expect((await json(unknownFilter)).error).toMatchObject({ code: "bad_filter" });

    const hidden = await get(`/api/v1/solutions/${w.secret.slug}`, { Cookie: cookie });
    expect(hidden.status).toBe(404);
    expect(await json(hidden)).toEqual({ error: { code: "not_found", message: "No such write-up." } });
    const noEndpoint = await get("/api/v1/nothing-here", { Cookie: cookie });
    expect(noEndpoint.status).toBe(404);
    expect(await json(noEndpoint)).toEqual({
      error: { code: "not_found", message: "No such API endpoint. See docs/api.md." },
    });

    // A cookie-authenticated write from another site (a token never rides along on its own).
    const crossSite = await fetch(`${server.url}/api/v1/solutions`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: "https://evil.example", "Content-Type": "application/json" },
      body: "{}",
    });
    expect(crossSite.status).toBe(403);
    expect((await json(crossSite)).error).toMatchObject({ code: "cross_site", message: expect.any(String) });
  });
});

describe("the API rate limit over HTTP", () => {
  it("answers 429 with Retry-After and a JSON body once a token used up its minute", async () => {
    const w = await world();
    const previous = process.env.API_RATE_LIMIT_PER_MINUTE;
    process.env.API_RATE_LIMIT_PER_MINUTE = "3";
    resetEnvForTests();
    try {
      const { token } = await createApiToken(w.db, w.outsider, { label: "limited", expiresInDays: null });
      const headers = { Authorization: `Bearer ${token}` };
      // The minute may turn over between requests: then the count starts again, so allow one retry.
      let limited: Response | undefined;
      for (let attempt = 0; attempt < 2 && !limited; attempt++) {
        for (let i = 0; i < 4; i++) {
          const response = await get("/api/v1/me", headers);
          if (response.status === 429) {
            limited = response;
            break;
          }
          expect(response.status).toBe(200);
          await response.body?.cancel();
        }
      }
      expect(limited?.status).toBe(429);
      const retryAfter = Number(limited!.headers.get("Retry-After"));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      expect(await json(limited!)).toEqual({
        error: { code: "rate_limited", message: "Too many requests for this API token; try again later." },
      });
      // Per token: the same user's browser session is not limited.
      expect((await get("/api/v1/me", { Cookie: await cookieFor(w.outsider.id) })).status).toBe(200);
    } finally {
      if (previous === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
      else process.env.API_RATE_LIMIT_PER_MINUTE = previous;
      resetEnvForTests();
    }
  });
});

describe("GET /solutions/<slug>.md over HTTP", () => {
  it("is rewritten to the Markdown export, with the reader's permissions", async () => {
    const w = await world();
    const cookie = await cookieFor(w.outsider.id);
    const response = await get(`/solutions/${w.open.slug}.md`, { Cookie: cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${w.open.slug}.md"`);
    const text = await response.text();
    expect(text.startsWith("---\n")).toBe(true);
    expect(text).toContain(`slug: ${w.open.slug}`);
    expect(text).toContain("title: Open point-cloud survey");
    expect(text).toContain("We federate the discipline models every Friday.");
    // The same as the route's own path.
    const direct = await get(`/solutions/${w.open.slug}/export.md`, { Cookie: cookie });
    expect(await direct.text()).toBe(text);
    // HEAD is rewritten too.
    const head = await fetch(`${server.url}/solutions/${w.open.slug}.md`, {
      method: "HEAD",
      headers: { Cookie: cookie },
    });
    expect(head.status).toBe(200);

    // Confidential to another subsidiary, or unknown: 404. Signed out: to the sign-in page.
    expect((await get(`/solutions/${w.secret.slug}.md`, { Cookie: cookie })).status).toBe(404);
    expect((await get(`/solutions/no-such-write-up.md`, { Cookie: cookie })).status).toBe(404);
    const signedOut = await get(`/solutions/${w.open.slug}.md`);
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    // Only `<slug>.md` directly under /solutions is the export.
    expect((await get(`/solutions/${w.open.slug}/x.md`, { Cookie: cookie })).status).toBe(404);
  });
});
