import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { currentSolutionsIndexSettings, solutionsIndexUid } from "~/lib/search-index.server";
import { configureSearch, getSearch } from "~/lib/search.server";
import { loader as homeLoader } from "~/routes/_index";
import { loader as painPointLoader } from "~/routes/pain-points.$slug";
import { loader as searchLoader } from "~/routes/search";
import { loader as catalogLoader } from "~/routes/solutions._index";
import { loader as readLoader } from "~/routes/solutions.$slug._index";
import { findFreePort } from "../../search/embedded";
import { createTeam } from "../factories/accounts";
import { createSolutionAs, createTaxonomy } from "../factories/solution-workflow";
import { indexPendingChanges, prepareSearchIndex } from "../support/search";
import { call, contextFor, cookieFor, getRequest, payload } from "../support/remix";

/**
 * The /search page when things go wrong: a search Meilisearch refuses fails the page (500, with the
 * code its error boundary translates), never shows unfiltered results; while Meilisearch is down the
 * page answers from PostgreSQL with a notice, and every other page keeps working.
 */
type Team = Awaited<ReturnType<typeof createTeam>>;
let owners: Team;
let outsiders: Team;
let taxonomy: Awaited<ReturnType<typeof createTaxonomy>>;
let shared: { id: string; slug: string };
let confidential: { id: string; slug: string };

beforeAll(async () => {
  const db = getDb();
  await prepareSearchIndex();
  owners = await createTeam(db);
  outsiders = await createTeam(db);
  taxonomy = await createTaxonomy(db);
  const publish = (title: string, visibility: "group" | "subsidiary") =>
    createSolutionAs(db, owners.member, {
      painPointIds: [taxonomy.painPoints[0]!.id],
      status: "published",
      lead: owners.lead,
      overrides: { title, summary: "Okapi crane lift planning.", visibility },
    });
  shared = await publish("Okapi lift plan for everyone", "group");
  confidential = await publish("Okapi lift plan kept in house", "subsidiary");
  await indexPendingChanges();
});

/** Puts the real Meilisearch back after a test pointed the portal elsewhere. */
afterEach(() => {
  configureSearch({ url: process.env.MEILI_URL!, apiKey: process.env.MEILI_API_KEY! });
});

async function load<T>(loader: (args: any) => Promise<T>, path: string, userId: string, params = {}) {
  const request = getRequest(path, { Cookie: await cookieFor(userId) });
  return call(async () => loader({ request, context: await contextFor(request), params }));
}

describe("GET /search when Meilisearch refuses the permission filter", () => {
  it("answers 500 with the search_failed code, not results", async () => {
    const index = getSearch().client.index(solutionsIndexUid());
    const settings = await currentSolutionsIndexSettings(getDb());
    // Without authorIds filterable, a member's filter (which names their id) is refused by Meilisearch.
    await index
      .updateFilterableAttributes((settings.filterableAttributes ?? []).filter((a) => a !== "authorIds"))
      .waitTask();
    try {
      const result = await load(searchLoader, "/search?q=okapi", outsiders.member.id);
      expect(result.status).toBe(500);
      expect(payload(result.value)).toEqual({
        code: "search_failed",
        message: "Search failed; try again in a moment.",
      });
    } finally {
      await index.updateSettings(settings).waitTask();
    }
    // Once the filter is accepted again the page works.
    const again = await load(searchLoader, "/search?q=okapi", outsiders.member.id);
    expect(again.status).toBe(200);
    expect(payload(again.value).hits.map((h: { id: string }) => h.id)).toEqual([shared.id]);
  });
});

describe("while Meilisearch is down", () => {
  async function stopSearch() {
    // Nothing listens there: exactly what the portal sees when Meilisearch has stopped.
    configureSearch({ url: `http://127.0.0.1:${await findFreePort()}`, apiKey: process.env.MEILI_API_KEY! });
  }

  it("/search shows the notice with permission-filtered results from PostgreSQL", async () => {
    await stopSearch();
    const outsider = await load(searchLoader, "/search?q=okapi", outsiders.member.id);
    expect(outsider.status).toBe(200);
    const outsiderView = payload(outsider.value);
    expect(outsiderView.degraded).toBe(true);
    expect(outsiderView.hits.map((h: { id: string }) => h.id)).toEqual([shared.id]);
    expect(outsiderView.total).toBe(1);

    const owner = await load(searchLoader, "/search?q=okapi", owners.member.id);
    expect(payload(owner.value).degraded).toBe(true);
    expect(
      payload(owner.value)
        .hits.map((h: { id: string }) => h.id)
        .sort(),
    ).toEqual([shared.id, confidential.id].sort());
  });

  it("every other page works: home, catalog, a pain point, a reading page", async () => {
    await stopSearch();
    const home = await load(homeLoader, "/", outsiders.member.id);
    expect(home.status).toBe(200);
    expect(payload(home.value).latest.map((s: { id: string }) => s.id)).toContain(shared.id);

    const catalog = await load(catalogLoader, "/solutions", outsiders.member.id);
    expect(catalog.status).toBe(200);
    const items = payload(catalog.value).items.map((s: { id: string }) => s.id);
    expect(items).toContain(shared.id);
    expect(items).not.toContain(confidential.id);

    const painPoint = await load(painPointLoader, `/pain-points/${taxonomy.painPoints[0]!.slug}`, outsiders.member.id, {
      slug: taxonomy.painPoints[0]!.slug,
    });
    expect(painPoint.status).toBe(200);

    const reading = await load(readLoader, `/solutions/${shared.slug}`, outsiders.member.id, { slug: shared.slug });
    expect(reading.status).toBe(200);
    expect(payload(reading.value).solution.title).toBe("Okapi lift plan for everyone");
  });

  it("search recovers by itself once Meilisearch answers again", async () => {
    await stopSearch();
    expect(payload((await load(searchLoader, "/search?q=okapi", outsiders.member.id)).value).degraded).toBe(true);
    configureSearch({ url: process.env.MEILI_URL!, apiKey: process.env.MEILI_API_KEY! });
    const back = payload((await load(searchLoader, "/search?q=okapi", outsiders.member.id)).value);
    expect(back.degraded).toBe(false);
    expect(back.hits.map((h: { id: string }) => h.id)).toEqual([shared.id]);
  });
});
