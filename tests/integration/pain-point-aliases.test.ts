import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { emptyFilters } from "~/lib/search-params";
import { loader as catalogLoader } from "~/routes/solutions._index";
import { loader as apiListLoader } from "~/routes/api.v1.solutions";
import { createApiToken } from "~/services/api-tokens.server";
import { browseCatalog, readCatalogRequest } from "~/services/catalog.server";
import { resolveSearchFilters } from "~/services/search.server";
import { mergePainPoint, updatePainPoint } from "~/services/taxonomy.server";
import { createTeam } from "../factories/accounts";
import { createSolutionAs, createTaxonomy } from "../factories/solution-workflow";
import { call, contextFor, cookieFor, getRequest } from "../support/remix";

/**
 * Bookmarks outlive curation: a pain point's former slug (after a re-slug) and a merged pain point's
 * slug keep filtering by the pain point they stand for now, on the catalog page, in the JSON API and in
 * search (one resolver, app/models/pain-point-lookup.server.ts).
 */
async function world() {
  const db = getDb();
  const [team, taxonomy] = await Promise.all([createTeam(db), createTaxonomy(db)]);
  const [p1, p2, p3] = taxonomy.painPoints as [
    (typeof taxonomy.painPoints)[number],
    (typeof taxonomy.painPoints)[number],
    (typeof taxonomy.painPoints)[number],
  ];
  const make = (title: string, painPointIds: string[]) =>
    createSolutionAs(db, team.member, { painPointIds, status: "published", lead: team.lead, overrides: { title } });
  await make("On p1", [p1.id]);
  await make("On p2", [p2.id]);
  await make("On p3", [p3.id]);

  const newSlug = `renamed-${crypto.randomBytes(3).toString("hex")}`;
  await updatePainPoint(db, team.curator, p1.id, {
    nameEn: p1.nameEn,
    nameZh: p1.nameZh,
    slug: newSlug,
    descriptionEn: "",
    descriptionZh: "",
    position: undefined,
  });
  await mergePainPoint(db, team.curator, p3.id, p2.id);
  return { db, team, formerSlug: p1.slug, newSlug, p1, p2, mergedSlug: p3.slug };
}

const titles = (items: { title: string }[]) => items.map((i) => i.title).sort();

describe("former and merged pain-point slugs", () => {
  it("filter the catalog by the pain point they stand for now", async () => {
    const w = await world();
    const byFormer = await browseCatalog(
      w.db,
      w.team.member,
      readCatalogRequest(new URLSearchParams(`painPoint=${w.formerSlug}`)),
      {
        strict: true,
      },
    );
    expect(titles(byFormer.items)).toEqual(["On p1"]);
    expect(byFormer.unknown).toEqual([]);
    expect(byFormer.painPointSlugs).toEqual([w.newSlug]);
    expect(byFormer.facets.painPoints.flatMap((a) => a.painPoints).find((p) => p.selected)?.id).toBe(w.p1.id);

    const byMerged = await browseCatalog(
      w.db,
      w.team.member,
      readCatalogRequest(new URLSearchParams(`painPoint=${w.mergedSlug}`)),
      {
        strict: true,
      },
    );
    expect(titles(byMerged.items)).toEqual(["On p2", "On p3"]);
    expect(byMerged.painPointSlugs).toEqual([w.p2.slug]);
  });

  it("send the catalog page on (301) to the URL with the current slugs, keeping the other parameters", async () => {
    const w = await world();
    const cookie = await cookieFor(w.team.member.id);
    const load = async (query: string) => {
      const request = getRequest(`/solutions?${query}`, { Cookie: cookie });
      return call(async () => catalogLoader({ request, params: {}, context: await contextFor(request) }));
    };
    const moved = await load(`painPoint=${w.formerSlug}&sort=title&painPoint=${w.mergedSlug}`);
    expect(moved.status).toBe(301);
    expect(moved.response!.headers.get("Location")).toBe(
      `/solutions?sort=title&painPoint=${w.newSlug}&painPoint=${w.p2.slug}`,
    );

    const current = await load(`painPoint=${w.newSlug}&sort=title`);
    expect(current.status).toBe(200);
    expect(titles((current.value as { items: { title: string }[] }).items)).toEqual(["On p1"]);
    // An unknown value is not a redirect: the page shows what it dropped.
    const unknown = await load(`painPoint=${w.formerSlug}&painPoint=no-such-pain`);
    expect(unknown.status).toBe(200);
    expect((unknown.value as { unknown: unknown[] }).unknown).toEqual([{ filter: "painPoint", value: "no-such-pain" }]);
  });

  it("answer 200 in the JSON API, not 400", async () => {
    const w = await world();
    const { token } = await createApiToken(w.db, w.team.member, { label: "t", expiresInDays: null });
    const get = async (query: string) => {
      const request = getRequest(`/api/v1/solutions?${query}`, { Authorization: `Bearer ${token}` });
      const result = await call(async () => apiListLoader({ request, params: {}, context: await contextFor(request) }));
      return { status: result.status, body: (await result.response!.json()) as { items: { title: string }[] } };
    };
    const former = await get(`painPoint=${w.formerSlug}`);
    expect(former.status).toBe(200);
    expect(titles(former.body.items)).toEqual(["On p1"]);
    const merged = await get(`painPoint=${w.mergedSlug}`);
    expect(merged.status).toBe(200);
    expect(titles(merged.body.items)).toEqual(["On p2", "On p3"]);
    expect((await get("painPoint=never-a-slug")).status).toBe(400);
  });

  it("resolve to the same current slugs for search", async () => {
    const w = await world();
    const resolved = await resolveSearchFilters(
      { ...emptyFilters(), painPoint: [w.formerSlug, w.mergedSlug, w.p1.nameEn] },
      w.db,
    );
    expect(resolved.painPoint).toEqual([w.newSlug, w.p2.slug]);
    await expect(resolveSearchFilters({ ...emptyFilters(), painPoint: ["never-a-slug"] }, w.db)).rejects.toMatchObject({
      status: 400,
    });
  });
});
