import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { solutionsIndexUid } from "~/lib/search-index.server";
import { getSearch } from "~/lib/search.server";
import { resolveSearchFilters, searchSolutions } from "~/services/search.server";
import { updateSubsidiaryDetails } from "~/services/subsidiaries.server";
import { compareIndexWithDatabase, countDifferences } from "../../search/check";
import { createTeam } from "../factories/accounts";
import { createSolutionAs, createTaxonomy } from "../factories/solution-workflow";
import { indexPendingChanges, prepareSearchIndex, searchQuery } from "../support/search";

/**
 * Search documents carry the subsidiary's code and names (the subsidiary facet and filter, the name on
 * result cards). Renaming a subsidiary or changing its code must re-index its write-ups, or filtering
 * by the new code finds nothing and cards keep showing the old name.
 */
let team: Awaited<ReturnType<typeof createTeam>>;
let taxonomy: Awaited<ReturnType<typeof createTaxonomy>>;

beforeAll(async () => {
  await prepareSearchIndex();
  team = await createTeam(getDb());
  taxonomy = await createTaxonomy(getDb());
});

async function pendingOutboxIds(): Promise<string[]> {
  const rows = await getDb()
    .selectFrom("searchOutbox")
    .select("entityId")
    .where("processedAt", "is", null)
    .orderBy("entityId")
    .execute();
  return rows.map((r) => r.entityId);
}

describe("renaming a subsidiary and changing its code", () => {
  it("re-indexes its published write-ups in the same transaction", async () => {
    const db = getDb();
    const painPointIds = [taxonomy.painPoints[0]!.id];
    const published = [];
    for (let i = 0; i < 3; i++) {
      published.push(
        await createSolutionAs(db, team.member, {
          painPointIds,
          status: "published",
          lead: team.lead,
          overrides: { title: `Marmot tunnel survey ${i}` },
        }),
      );
    }
    const draft = await createSolutionAs(db, team.member, {
      painPointIds,
      overrides: { title: "Marmot tunnel draft" },
    });
    await indexPendingChanges();
    const oldCode = team.subsidiary.code;
    const before = await searchSolutions(team.admin, searchQuery({ q: "marmot", filters: { subsidiary: [oldCode] } }), {
      locale: "en",
    });
    expect(before.total).toBe(3);

    const newCode = `${oldCode}X`;
    await updateSubsidiaryDetails(db, team.admin, team.subsidiary.id, {
      code: newCode.toLowerCase(),
      nameEn: "Marmot Engineering Renamed",
      nameZh: "土拨鼠工程（新名）",
      isHeadquarters: false,
    });
    // Exactly the published write-ups are queued; the draft is not in the index anyway.
    expect(await pendingOutboxIds()).toEqual(published.map((s) => s.id).sort());
    expect(await pendingOutboxIds()).not.toContain(draft.id);

    await indexPendingChanges();
    const byNewCode = await searchSolutions(
      team.admin,
      searchQuery({ q: "marmot", filters: { subsidiary: [newCode] } }),
      { locale: "en" },
    );
    expect(byNewCode.hits.map((h) => h.id).sort()).toEqual(published.map((s) => s.id).sort());
    expect(new Set(byNewCode.hits.map((h) => JSON.stringify(h.subsidiary)))).toEqual(
      new Set([JSON.stringify({ code: newCode, name: "Marmot Engineering Renamed" })]),
    );
    expect(byNewCode.facets.subsidiary.map((f) => [f.value, f.count, f.label])).toEqual([
      [newCode, 3, "Marmot Engineering Renamed"],
    ]);
    // The Chinese name too, and the old code matches nothing any more.
    const zh = await searchSolutions(team.admin, searchQuery({ q: "marmot" }), { locale: "zh" });
    expect(zh.hits.map((h) => h.subsidiary.name)).toEqual([
      "土拨鼠工程（新名）",
      "土拨鼠工程（新名）",
      "土拨鼠工程（新名）",
    ]);
    const byOldCode = await searchSolutions(team.admin, searchQuery({ filters: { subsidiary: [oldCode] } }), {
      locale: "en",
    });
    expect(byOldCode.total).toBe(0);
    // The API's name lookup resolves the new name to the new code.
    expect((await resolveSearchFilters(searchQuery().filters)).subsidiary).toEqual([]);
    const resolved = await resolveSearchFilters({ ...searchQuery().filters, subsidiary: ["土拨鼠工程（新名）"] });
    expect(resolved.subsidiary).toEqual([newCode]);

    const comparison = await compareIndexWithDatabase({
      db,
      client: getSearch().client,
      indexUid: solutionsIndexUid(),
    });
    expect(countDifferences(comparison)).toBe(0);
  });

  it("queues nothing when neither the code nor the names change", async () => {
    const db = getDb();
    await indexPendingChanges();
    const current = await db
      .selectFrom("subsidiaries")
      .select(["code", "nameEn", "nameZh"])
      .where("id", "=", team.subsidiary.id)
      .executeTakeFirstOrThrow();
    await updateSubsidiaryDetails(db, team.admin, team.subsidiary.id, { ...current, isHeadquarters: true });
    expect(await pendingOutboxIds()).toEqual([]);
  });
});
