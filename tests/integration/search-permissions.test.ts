import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { currentSolutionsIndexSettings, solutionsIndexUid } from "~/lib/search-index.server";
import { createSearchWorker } from "~/lib/search-sync.server";
import { getSearch } from "~/lib/search.server";
import type { SessionUser } from "~/lib/session.server";
import { clearFactMirror, factMirrorReadAfter } from "~/lib/solution-fact-mirror.server";
import { getSolutionPermissionFacts } from "~/models/solution-permission-facts.server";
import { conditionToSql } from "~/models/solution-visibility.server";
import { can } from "~/policies/policy";
import { listableSolutions, readableSolutions } from "~/policies/solution-visibility";
import { findRelatedSolutions, SearchFailedError, searchSolutions, type SearchResult } from "~/services/search.server";
import { saveSolution } from "~/services/solutions.server";
import { createTeam } from "../factories/accounts";
import { createSearchSolution, createSearchTaxonomy, type SearchTaxonomy } from "../factories/search-solutions";
import { contentInput, createSolutionAs } from "../factories/solution-workflow";
import { indexPendingChanges, prepareSearchIndex, searchQuery } from "../support/search";

/**
 * Never leak: 3 subsidiaries x 4 roles x group/confidential write-ups. For every user, an empty query
 * returns exactly the write-ups the policy lets them read (the consistency test), and confidential
 * titles, facet values and snippets never reach outsiders.
 */
type Team = Awaited<ReturnType<typeof createTeam>>;
const ROLES = ["member", "lead", "curator", "admin"] as const;

let teams: Team[];
let taxonomy: SearchTaxonomy;
const confidential: { id: string; title: string; secret: string; team: number }[] = [];
let coAuthored: { id: string; title: string };

beforeAll(async () => {
  const db = getDb();
  await prepareSearchIndex();
  taxonomy = await createSearchTaxonomy(db);
  teams = [await createTeam(db), await createTeam(db), await createTeam(db)];
  const p = taxonomy.painPoints;
  for (const [i, team] of teams.entries()) {
    const sub = team.subsidiary;
    await createSearchSolution(db, {
      subsidiaryId: sub.id,
      title: `Shared tunnel model ${sub.code}`,
      summary: "A group-wide write-up about tunnel models.",
      painPointIds: [p.clashes.id],
      authorIds: [team.member.id],
    });
    const secret = `quokka${i}`;
    const title = `Confidential bridge retrofit ${sub.code} ${secret}`;
    const hidden = await createSearchSolution(db, {
      subsidiaryId: sub.id,
      title,
      summary: `Only for ${sub.code}: tunnel retrofit costs.`,
      bodyText: `The ${secret} method cut retrofit time in half.`,
      visibility: "subsidiary",
      // Only confidential write-ups carry this pain point, so it must never show in outsiders' facets.
      painPointIds: [p.excavation.id],
      technologies: [`SecretTool-${sub.code}`],
      authorIds: [team.lead.id],
    });
    confidential.push({ id: hidden.id, title, secret, team: i });
    await createSearchSolution(db, {
      subsidiaryId: sub.id,
      title: `Draft tunnel notes ${sub.code}`,
      status: "draft",
      painPointIds: [p.clashes.id],
    });
    await createSearchSolution(db, {
      subsidiaryId: sub.id,
      title: `Archived tunnel survey ${sub.code}`,
      status: "archived",
      painPointIds: [p.clashes.id],
    });
  }
  // Confidential to subsidiary 1, co-written by subsidiary 0's member: they may read it, their lead may not.
  coAuthored = await createSearchSolution(db, {
    subsidiaryId: teams[1]!.subsidiary.id,
    title: "Confidential tunnel ventilation study co-authored",
    visibility: "subsidiary",
    painPointIds: [p.review.id],
    authorIds: [teams[1]!.lead.id, teams[0]!.member.id],
  });
  await indexPendingChanges();
});

/** Every (subsidiary, role) pair; the users themselves exist only once beforeAll has run. */
const EVERY_USER = [0, 1, 2].flatMap((team) =>
  ROLES.map((role) => [`${role} of subsidiary ${team}`, { team, role }] as const),
);
const userOf = ({ team, role }: { team: number; role: (typeof ROLES)[number] }) => teams[team]![role];

/** What the policy says this user may find: published write-ups they may read. */
async function allowedIds(user: Team["member"]): Promise<string[]> {
  const db = getDb();
  const all = await db.selectFrom("solutions").select("id").execute();
  const facts = await getSolutionPermissionFacts(
    db,
    all.map((r) => r.id),
  );
  return [...facts.entries()]
    .filter(([, f]) => f.status === "published" && can(user, "solution.read", f))
    .map(([id]) => id)
    .sort();
}

const idsOf = (result: SearchResult) => result.hits.map((h) => h.id).sort();

describe("search permissions", () => {
  it.each(EVERY_USER)("empty query returns exactly what the policy allows: %s", async (_name, who) => {
    const user = userOf(who);
    const result = await searchSolutions(user, searchQuery({ limit: 100 }), { locale: "en" });
    const expected = await allowedIds(user);
    expect(idsOf(result)).toEqual(expected);
    expect(result.total).toBe(expected.length);
    // Facet counts only count what the user may see.
    const bySubsidiary = Object.fromEntries(result.facets.subsidiary.map((f) => [f.value, f.count]));
    const expectedBySubsidiary: Record<string, number> = {};
    for (const hit of result.hits)
      expectedBySubsidiary[hit.subsidiary.code] = (expectedBySubsidiary[hit.subsidiary.code] ?? 0) + 1;
    expect(bySubsidiary).toEqual(expectedBySubsidiary);
  });

  it.each(EVERY_USER)("the SQL form of the rule (the fallback's) agrees with the policy: %s", async (_name, who) => {
    const user = userOf(who);
    const db = getDb();
    const listed = await db
      .selectFrom("solutions")
      .select("id")
      .where((eb) => conditionToSql(eb, listableSolutions(user)))
      .execute();
    expect(listed.map((r) => r.id).sort()).toEqual(await allowedIds(user));
    const readable = await db
      .selectFrom("solutions")
      .select("id")
      .where((eb) => conditionToSql(eb, readableSolutions(user)))
      .execute();
    const facts = await getSolutionPermissionFacts(
      db,
      (await db.selectFrom("solutions").select("id").execute()).map((r) => r.id),
    );
    const expected = [...facts.entries()].filter(([, f]) => can(user, "solution.read", f)).map(([id]) => id);
    expect(readable.map((r) => r.id).sort()).toEqual(expected.sort());
  });

  it.each(EVERY_USER)(
    "confidential titles, facet values and snippets stay inside their subsidiary: %s",
    async (_name, who) => {
      const { team, role } = who;
      const user = userOf(who);
      const seesAll = role === "curator" || role === "admin";
      for (const doc of confidential) {
        const insider = seesAll || doc.team === team;
        for (const q of [doc.title, doc.secret]) {
          const result = await searchSolutions(user, searchQuery({ q }), { locale: "en" });
          // Everything returned except the echo of what the user typed.
          const text = JSON.stringify({ ...result, query: undefined });
          if (insider) {
            expect(result.hits.map((h) => h.id)).toContain(doc.id);
          } else {
            expect(result.hits.map((h) => h.id)).not.toContain(doc.id);
            expect(text).not.toContain(doc.secret);
            expect(text).not.toContain(`SecretTool-${teams[doc.team]!.subsidiary.code}`);
          }
        }
      }
      // The pain point only confidential write-ups carry shows with exactly the insider's count.
      const result = await searchSolutions(user, searchQuery(), { locale: "en" });
      const excavation = result.facets.painPoint.find((f) => f.value === taxonomy.painPoints.excavation.slug);
      expect(excavation?.count ?? 0).toBe(seesAll ? 3 : 1);
      const technologies = result.facets.technology.map((f) => f.value);
      expect(technologies.filter((t) => t.startsWith("SecretTool-"))).toHaveLength(seesAll ? 3 : 1);
    },
  );

  it("lets a co-author from another subsidiary find a confidential write-up, and nobody else there", async () => {
    const find = (user: Team["member"]) =>
      searchSolutions(user, searchQuery({ q: "ventilation" }), { locale: "en" }).then((r) => r.hits.map((h) => h.id));
    expect(await find(teams[0]!.member)).toEqual([coAuthored.id]);
    expect(await find(teams[0]!.lead)).toEqual([]);
    expect(await find(teams[2]!.member)).toEqual([]);
  });

  it("fails rather than search unfiltered when the permission filter cannot be built", async () => {
    const forged = { id: 'x" OR status = "draft', role: "member", subsidiaryId: teams[0]!.subsidiary.id } as const;
    await expect(searchSolutions(forged, searchQuery(), { locale: "en" })).rejects.toBeInstanceOf(SearchFailedError);
  });

  it("related write-ups only include what the reader may see", async () => {
    const db = getDb();
    const outsider = teams[2]!.member;
    const shared = await db
      .selectFrom("solutions")
      .select("id")
      .where("title", "=", `Shared tunnel model ${teams[0]!.subsidiary.code}`)
      .executeTakeFirstOrThrow();
    const related = await findRelatedSolutions(outsider, shared.id, 5, { locale: "en" });
    const allowed = await allowedIds(outsider);
    expect(related.length).toBeGreaterThan(0);
    for (const r of related) expect(allowed).toContain(r.id);
    expect(related.map((r) => r.id)).not.toContain(shared.id);
    // Shared pain points come first: the other two "Shared tunnel model" write-ups share theirs.
    expect(related.slice(0, 2).every((r) => r.sharedPainPoints === 1)).toBe(true);
    // A write-up the reader may not see has no related list at all.
    expect(await findRelatedSolutions(outsider, confidential[0]!.id, 5, { locale: "en" })).toEqual([]);
  });
});

describe("when Meilisearch rejects the permission filter", () => {
  it("fails (500) instead of answering from anywhere else", async () => {
    const index = getSearch().client.index(solutionsIndexUid());
    const settings = await currentSolutionsIndexSettings(getDb());
    // Without authorIds filterable, a member's filter (which names their id) is refused by Meilisearch.
    const filterable = (settings.filterableAttributes ?? []).filter((a) => a !== "authorIds");
    await index.updateFilterableAttributes(filterable).waitTask();
    try {
      await expect(searchSolutions(teams[0]!.member, searchQuery(), { locale: "en" })).rejects.toMatchObject({
        status: 500,
        code: "search_failed",
      });
    } finally {
      await index.updateSettings(settings).waitTask();
    }
  });
});

describe("a write-up made confidential", () => {
  const worker = createSearchWorker({ pollIntervalMs: 50 });
  afterAll(() => worker.stop());

  it("disappears for outsiders at once, and from the index within 5 seconds", async () => {
    const db = getDb();
    const owner = teams[0]!;
    const outsider = teams[1]!.member;
    const painPointIds = [taxonomy.painPoints.safety.id];
    const title = "Wombat pile load test dashboard";
    const doc = await createSolutionAs(db, owner.member, {
      painPointIds,
      status: "published",
      lead: owner.lead,
      overrides: { title, technologies: ["WombatScope"] },
    });
    await indexPendingChanges();
    const find = (user: Team["member"]) =>
      searchSolutions(user, searchQuery({ q: "wombat" }), { locale: "en" }).then((r) => r.hits.map((h) => h.id));
    const browse = (user: Team["member"]) => searchSolutions(user, searchQuery({ limit: 100 }), { locale: "en" });
    const technologies = (result: SearchResult) => result.facets.technology.map((f) => [f.value, f.count]);
    expect(await find(outsider)).toEqual([doc.id]);
    const outsiderBefore = await browse(outsider);
    expect(technologies(outsiderBefore)).toContainEqual(["WombatScope", 1]);

    // The author makes it confidential: saved, effective at once, no review.
    await saveSolution(
      db,
      owner.member,
      doc.id,
      doc.revision,
      contentInput({
        authorIds: [owner.member.id],
        painPointIds,
        title,
        technologies: ["WombatScope"],
        visibility: "subsidiary",
      }),
    );
    const index = getSearch().client.index(solutionsIndexUid());
    expect((await index.getDocument(doc.id)).visibility).toBe("group");
    // The index still says "group"; the outsider neither finds it nor sees it in any count: totals
    // and facets leave out write-ups they just lost whose documents are still being updated.
    expect(await find(outsider)).toEqual([]);
    const outsiderAfter = await browse(outsider);
    expect(outsiderAfter.hits.map((h) => h.id)).not.toContain(doc.id);
    expect(outsiderAfter.total).toBe(outsiderBefore.total - 1);
    expect(technologies(outsiderAfter).map(([value]) => value)).not.toContain("WombatScope");
    expect(outsiderAfter.total).toBe((await allowedIds(outsider)).length);
    // Its own subsidiary still finds it and counts it.
    expect(await find(owner.member)).toEqual([doc.id]);
    expect(technologies(await browse(owner.member))).toContainEqual(["WombatScope", 1]);

    worker.start();
    const started = Date.now();
    let indexed: Record<string, unknown> | undefined;
    while (Date.now() - started < 5_000) {
      indexed = await getSearch().client.index(solutionsIndexUid()).getDocument(doc.id);
      if (indexed.visibility === "subsidiary") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(indexed?.visibility).toBe("subsidiary");
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("the re-check of hits against PostgreSQL", () => {
  const word = (inMemory: boolean) => (inMemory ? "bilby" : "numbat");
  it.each([
    ["read from PostgreSQL", false],
    ["held in memory", true],
  ] as const)(
    "drops a hit PostgreSQL no longer allows even when no outbox row says the index is behind (facts %s)",
    async (_how, inMemory) => {
      // An index that drifted (restored from an old backup, say): its document still says "group".
      const db = getDb();
      const owner = teams[2]!;
      const outsider = teams[0]!.member;
      const doc = await createSearchSolution(db, {
        subsidiaryId: owner.subsidiary.id,
        title: `Drifted ${word(inMemory)} culvert inspection`,
        painPointIds: [taxonomy.painPoints.safety.id],
        authorIds: [owner.member.id],
      });
      await indexPendingChanges();
      // In memory: the copy is loaded before the change, and the search must notice it is out of date.
      if (inMemory) await factMirrorReadAfter(db, performance.now());
      const search = (user: SessionUser) => {
        if (!inMemory) clearFactMirror(db);
        return searchSolutions(user, searchQuery({ q: word(inMemory) }), { locale: "en" }).then((r) =>
          r.hits.map((h) => h.id),
        );
      };
      expect(await search(outsider)).toEqual([doc.id]);

      await db.updateTable("solutions").set({ visibility: "subsidiary" }).where("id", "=", doc.id).execute();
      const pending = await db
        .selectFrom("searchOutbox")
        .select("id")
        .where("entityId", "=", doc.id)
        .where("processedAt", "is", null)
        .execute();
      expect(pending).toEqual([]);
      expect((await getSearch().client.index(solutionsIndexUid()).getDocument(doc.id)).visibility).toBe("group");
      expect(await search(outsider)).toEqual([]);
      // Its own subsidiary still finds it.
      expect(await search(owner.member)).toEqual([doc.id]);
      // Back in step with the index, for whatever runs next.
      await db.updateTable("solutions").set({ visibility: "group" }).where("id", "=", doc.id).execute();
    },
  );

  it("is not thrown by pending outbox rows naming no write-up or a deleted one", async () => {
    const db = getDb();
    const user = teams[1]!.member;
    const before = await searchSolutions(user, searchQuery({ limit: 100 }), { locale: "en" });
    const rows = await db
      .insertInto("searchOutbox")
      .values([
        { entityType: "solution", entityId: "not-a-uuid" },
        { entityType: "solution", entityId: "00000000-0000-4000-8000-000000000000" },
      ])
      .returning("id")
      .execute();
    try {
      const during = await searchSolutions(user, searchQuery({ limit: 100 }), { locale: "en" });
      expect(idsOf(during)).toEqual(idsOf(before));
      expect(during.total).toBe(before.total);
      expect(during.total).toBe((await allowedIds(user)).length);
    } finally {
      await db
        .deleteFrom("searchOutbox")
        .where(
          "id",
          "in",
          rows.map((r) => r.id),
        )
        .execute();
    }
  });
});
