import { beforeAll, describe, expect, it } from "vitest";
import { issueApiToken } from "~/lib/api-token.server";
import { getDb } from "~/lib/db.server";
import { loader } from "~/routes/api.v1.search";
import { createTeam } from "../factories/accounts";
import { createSearchSolution, createSearchTaxonomy, type SearchTaxonomy } from "../factories/search-solutions";
import { call, contextFor, getRequest } from "../support/remix";
import { indexPendingChanges, prepareSearchIndex } from "../support/search";

/** GET /api/v1/search: 401 -> 400 -> permission-filtered success, in the shape the issue specifies. */
let owner: Awaited<ReturnType<typeof createTeam>>;
let outsider: Awaited<ReturnType<typeof createTeam>>;
let reader: Awaited<ReturnType<typeof createTeam>>;
let taxonomy: SearchTaxonomy;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  const db = getDb();
  await prepareSearchIndex();
  taxonomy = await createSearchTaxonomy(db);
  owner = await createTeam(db);
  outsider = await createTeam(db);
  reader = await createTeam(db);
  tokens.reader = (await issueApiToken(db, reader.member.id, "test", null)).token;
  tokens.owner = (await issueApiToken(db, owner.member.id, "test", null)).token;
  tokens.outsider = (await issueApiToken(db, outsider.member.id, "test", null)).token;
  await db.updateTable("users").set({ locale: "zh" }).where("id", "=", outsider.member.id).execute();
  await createSearchSolution(db, {
    subsidiaryId: owner.subsidiary.id,
    title: "Tunnel clash register",
    summary: "Weekly clash register for tunnel <b>works</b>.",
    painPointIds: [taxonomy.painPoints.clashes.id],
    disciplines: ["bim"],
    sector: "transport",
    technologies: ["Navisworks"],
    year: 2023,
  });
  await createSearchSolution(db, {
    subsidiaryId: owner.subsidiary.id,
    title: "Tunnel progress photos",
    painPointIds: [taxonomy.painPoints.progress.id],
    sector: "transport",
    year: 2024,
    featured: true,
  });
  await createSearchSolution(db, {
    subsidiaryId: owner.subsidiary.id,
    title: "Confidential tunnel bid model",
    visibility: "subsidiary",
    painPointIds: [taxonomy.painPoints.clashes.id],
  });
  await indexPendingChanges();
});

/** By default as a reader from another subsidiary (English): they see the two group-visible write-ups. */
async function get(query: string, token: string | null = tokens.reader!) {
  const request = getRequest(`/api/v1/search${query}`, token ? { Authorization: `Bearer ${token}` } : {});
  const result = await call(async () => loader({ request, params: {}, context: await contextFor(request) }));
  return { status: result.status, body: (await result.response!.json()) as any };
}

describe("GET /api/v1/search", () => {
  it("answers 401 without a valid token", async () => {
    expect(await get("?q=tunnel", null)).toMatchObject({ status: 401, body: { error: { code: "unauthorized" } } });
    expect((await get("?q=tunnel", "sx_bad.token")).status).toBe(401);
  });

  it.each([
    ["?limit=0", "limit"],
    ["?limit=101", "limit"],
    ["?page=abc", "page"],
    ["?page=999", "page"],
    ["?sort=popular", "sort"],
    ["?year=twenty", "year"],
    ["?featured=maybe", "featured"],
    [`?q=${"x".repeat(201)}`, "q"],
    ["?painPoint=no-such-pain-point", "painPoint"],
    ["?subsidiary=NOPE", "subsidiary"],
  ])("answers 400 for %s", async (query, param) => {
    const { status, body } = await get(query);
    expect(status).toBe(400);
    expect(body.error.code).toMatch(/^invalid_/);
    expect(body.error.message).toContain(param);
  });

  it("returns hits, facets, totals and paging in the documented shape", async () => {
    const { status, body } = await get("?q=tunnel&limit=1&page=1&sort=newest");
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 2, page: 1, limit: 1, processingTimeMs: expect.any(Number) });
    expect(body.hits).toHaveLength(1);
    expect(Object.keys(body.facets).sort()).toEqual(
      ["discipline", "featured", "painPoint", "sector", "subsidiary", "technology", "year"].sort(),
    );
    expect(body.facets.painPoint).toEqual({ "late-design-clashes": 1, "unclear-site-progress": 1 });
    expect(body.facets.subsidiary).toEqual({ [owner.subsidiary.code]: 2 });
    expect(body.facets.year).toEqual({ "2023": 1, "2024": 1 });
    expect(body.facets.featured).toEqual({ true: 1, false: 1 });

    const all = await get("?q=clash");
    expect(all.body.hits).toEqual([
      {
        slug: expect.any(String),
        title: "Tunnel clash register",
        summary: "Weekly clash register for tunnel <b>works</b>.",
        subsidiary: { code: owner.subsidiary.code, name: owner.subsidiary.nameEn },
        painPoints: [{ slug: "late-design-clashes", name: "Late discovery of design clashes" }],
        year: 2023,
        url: expect.stringMatching(/^http:\/\/localhost\/solutions\/tunnel-clash-register-/),
        highlights: {
          title: "Tunnel <mark>clash</mark> register",
          snippet: "Weekly <mark>clash</mark> register for tunnel &lt;b&gt;works&lt;/b&gt;.",
        },
      },
    ]);
  });

  it("accepts a pain point by slug or exact English or Chinese name, and a subsidiary by code or name", async () => {
    const code = owner.subsidiary.code;
    for (const query of [
      "?painPoint=late-design-clashes",
      "?painPoint=Late%20discovery%20of%20design%20clashes",
      `?painPoint=${encodeURIComponent("设计碰撞发现过晚")}`,
      `?painPoint=late-design-clashes&subsidiary=${code}`,
      `?painPoint=late-design-clashes&subsidiary=${encodeURIComponent(owner.subsidiary.nameEn)}`,
      `?painPoint=late-design-clashes&subsidiary=${encodeURIComponent(owner.subsidiary.nameZh)}`,
    ]) {
      const { status, body } = await get(query);
      expect({ query, status, titles: body.hits.map((h: { title: string }) => h.title) }).toEqual({
        query,
        status: 200,
        titles: ["Tunnel clash register"],
      });
    }
    const either = await get("?painPoint=late-design-clashes&painPoint=unclear-site-progress&featured=true");
    expect(either.body.hits.map((h: { title: string }) => h.title)).toEqual(["Tunnel progress photos"]);
  });

  it("never shows another subsidiary's confidential write-up, and names things in the caller's language", async () => {
    const mine = await get("?q=confidential%20bid", tokens.owner);
    expect(mine.body.hits.map((h: { title: string }) => h.title)).toEqual(["Confidential tunnel bid model"]);
    const theirs = await get("?q=confidential%20bid", tokens.outsider);
    expect(theirs.body.total).toBe(0);
    expect(JSON.stringify(theirs.body)).not.toContain("bid model");
    const facets = await get("", tokens.outsider);
    expect(facets.body.facets.painPoint).toEqual({ "late-design-clashes": 1, "unclear-site-progress": 1 });
    expect(facets.body.hits[0].painPoints[0].name).toMatch(/[\u4e00-\u9fff]/);
  });
});
