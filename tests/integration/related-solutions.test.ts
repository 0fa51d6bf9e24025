import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { findSolutionsSharingPainPoints } from "~/models/solution-search.server";
import { listableSolutions } from "~/policies/solution-visibility";
import { createTeam } from "../factories/accounts";
import { createSearchSolution, createSearchTaxonomy, type SearchTaxonomy } from "../factories/search-solutions";

/**
 * Related write-ups by shared pain points: most shared first, then most reused, then newest, only what
 * the reader may list, never the write-up itself. The query asks tier by tier; these rows put a
 * heavily reused write-up sharing one pain point against little-reused ones sharing more.
 */
type Team = Awaited<ReturnType<typeof createTeam>>;
let reader: Team;
let other: Team;
let taxonomy: SearchTaxonomy;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const db = getDb();
  taxonomy = await createSearchTaxonomy(db, { tag: "related" });
  reader = await createTeam(db);
  other = await createTeam(db);
  const { clashes, review, codeCheck, safety } = taxonomy.painPoints;
  const make = async (
    key: string,
    painPoints: { id: string }[],
    extra: { reuseCount?: number; daysAgo?: number; visibility?: "group" | "subsidiary"; status?: "draft" } = {},
  ) => {
    const row = await createSearchSolution(db, {
      subsidiaryId: other.subsidiary.id,
      title: `Related ${key}`,
      painPointIds: painPoints.map((p) => p.id),
      reuseCount: extra.reuseCount ?? 0,
      visibility: extra.visibility ?? "group",
      status: extra.status,
      publishedAt: new Date(Date.now() - (extra.daysAgo ?? 1) * 86_400_000),
    });
    ids[key] = row.id;
  };
  await make("source", [clashes, review, codeCheck]);
  await make("allThree", [clashes, review, codeCheck]);
  await make("twoReused", [clashes, review], { reuseCount: 5 });
  await make("twoNewer", [review, codeCheck], { reuseCount: 1, daysAgo: 1 });
  await make("twoOlder", [clashes, codeCheck], { reuseCount: 1, daysAgo: 30 });
  await make("oneMostReused", [clashes, safety], { reuseCount: 50 });
  await make("oneLessReused", [codeCheck], { reuseCount: 2 });
  await make("unrelated", [safety], { reuseCount: 99 });
  await make("confidentialAllThree", [clashes, review, codeCheck], { visibility: "subsidiary", reuseCount: 99 });
  await make("draftAllThree", [clashes, review, codeCheck], { status: "draft", reuseCount: 99 });
});

describe("write-ups sharing pain points", () => {
  it("ranks by pain points shared, then reuse, then publication, and reports how many are shared", async () => {
    const related = await findSolutionsSharingPainPoints(getDb(), listableSolutions(reader.member), ids.source!, 5);
    expect(related).toEqual([
      { id: ids.allThree, shared: 3 },
      { id: ids.twoReused, shared: 2 },
      { id: ids.twoNewer, shared: 2 },
      { id: ids.twoOlder, shared: 2 },
      { id: ids.oneMostReused, shared: 1 },
    ]);
  });

  it("goes down to write-ups sharing one pain point only when the tiers above hold too few", async () => {
    const related = await findSolutionsSharingPainPoints(getDb(), listableSolutions(reader.member), ids.source!, 7);
    expect(related.map((r) => r.id)).toEqual([
      ids.allThree,
      ids.twoReused,
      ids.twoNewer,
      ids.twoOlder,
      ids.oneMostReused,
      ids.oneLessReused,
    ]);
    expect(related.map((r) => r.id)).not.toContain(ids.unrelated);
  });

  it("leaves out what the reader may not list, and the write-up itself", async () => {
    const forOutsider = await findSolutionsSharingPainPoints(
      getDb(),
      listableSolutions(reader.member),
      ids.source!,
      10,
    );
    expect(forOutsider.map((r) => r.id)).not.toContain(ids.confidentialAllThree);
    expect(forOutsider.map((r) => r.id)).not.toContain(ids.draftAllThree);
    expect(forOutsider.map((r) => r.id)).not.toContain(ids.source);

    // The owning subsidiary's member sees its confidential write-up, ranked by what it shares.
    const forOwner = await findSolutionsSharingPainPoints(getDb(), listableSolutions(other.member), ids.source!, 2);
    expect(forOwner).toEqual([
      { id: ids.confidentialAllThree, shared: 3 },
      { id: ids.allThree, shared: 3 },
    ]);
  });
});
