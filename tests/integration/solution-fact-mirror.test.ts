import { sql } from "kysely";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { factMirrorReadAfter, type FactMirror } from "~/lib/solution-fact-mirror.server";
import { factsChangedSince } from "~/models/solution-fact-changes.server";
import { readSearchFreshness } from "~/models/solution-search.server";
import { getSolutionPermissionFacts } from "~/models/solution-permission-facts.server";
import { listableSolutions } from "~/policies/solution-visibility";
import { createTeam } from "../factories/accounts";
import { createSearchSolution, createSearchTaxonomy, type SearchTaxonomy } from "../factories/search-solutions";

/**
 * The in-memory copy of every write-up's permission facts that searches re-check their hits against
 * (decision 012) is exact: the freshness check every search sends beside Meilisearch reports any
 * change PostgreSQL committed since the copy's snapshot, however it was made (plain SQL here, no
 * service, no outbox row), including one made by a transaction that was still open when the copy was
 * read.
 */
let taxonomy: SearchTaxonomy;
let team: Awaited<ReturnType<typeof createTeam>>;
let other: Awaited<ReturnType<typeof createTeam>>;

beforeAll(async () => {
  const db = getDb();
  taxonomy = await createSearchTaxonomy(db);
  [team, other] = await Promise.all([createTeam(db), createTeam(db)]);
});

async function writeUp(title: string) {
  return createSearchSolution(getDb(), {
    subsidiaryId: team.subsidiary.id,
    title,
    painPointIds: [taxonomy.painPoints.clashes.id],
    authorIds: [team.member.id],
  });
}

const copyNow = () => factMirrorReadAfter(getDb(), performance.now());
const changedSince = async (mirror: FactMirror) =>
  (await readSearchFreshness(getDb(), listableSolutions(other.member), 10, mirror.snapshot)).factsChanged;

describe("the in-memory copy of the permission facts", () => {
  it("holds every write-up's facts as PostgreSQL has them", async () => {
    const made = await Promise.all([writeUp("Copy one"), writeUp("Copy two"), writeUp("Copy three")]);
    await getDb().updateTable("solutions").set({ visibility: "subsidiary" }).where("id", "=", made[1]!.id).execute();
    const mirror = await copyNow();
    const ids = (await getDb().selectFrom("solutions").select("id").execute()).map((r) => r.id);
    const expected = await getSolutionPermissionFacts(getDb(), ids);
    expect(mirror.facts.size).toBe(ids.length);
    for (const id of ids) expect(mirror.facts.get(id)).toEqual(expected.get(id));
    expect(mirror.facts.get(made[1]!.id)?.visibility).toBe("subsidiary");
  });

  it("is reported out of date by a change of status, visibility, subsidiary or authors, and by nothing else", async () => {
    const db = getDb();
    const doc = await writeUp("Copy changes");
    let mirror = await copyNow();
    expect(await changedSince(mirror)).toBe(false);

    await db
      .updateTable("solutions")
      .set({ title: "Copy changes, renamed", reuseCount: 3 })
      .where("id", "=", doc.id)
      .execute();
    expect(await changedSince(mirror)).toBe(false);

    const changes: [string, () => Promise<unknown>, (m: FactMirror) => unknown, unknown][] = [
      [
        "visibility",
        () => db.updateTable("solutions").set({ visibility: "subsidiary" }).where("id", "=", doc.id).execute(),
        (m) => m.facts.get(doc.id)?.visibility,
        "subsidiary",
      ],
      [
        "status",
        () => db.updateTable("solutions").set({ status: "archived" }).where("id", "=", doc.id).execute(),
        (m) => m.facts.get(doc.id)?.status,
        "archived",
      ],
      [
        "subsidiary",
        () => db.updateTable("solutions").set({ subsidiaryId: other.subsidiary.id }).where("id", "=", doc.id).execute(),
        (m) => m.facts.get(doc.id)?.subsidiaryId,
        other.subsidiary.id,
      ],
      [
        "an author added",
        () =>
          db.insertInto("solutionAuthors").values({ solutionId: doc.id, userId: other.lead.id, position: 1 }).execute(),
        (m) => [...(m.facts.get(doc.id)?.authorIds ?? [])].sort(),
        [team.member.id, other.lead.id].sort(),
      ],
      [
        "an author removed",
        () =>
          db
            .deleteFrom("solutionAuthors")
            .where("solutionId", "=", doc.id)
            .where("userId", "=", team.member.id)
            .execute(),
        (m) => m.facts.get(doc.id)?.authorIds,
        [other.lead.id],
      ],
      [
        "the write-up deleted",
        () => db.deleteFrom("solutions").where("id", "=", doc.id).execute(),
        (m) => m.facts.has(doc.id),
        false,
      ],
    ];
    for (const [what, change, read, expected] of changes) {
      await change();
      expect(await changedSince(mirror), what).toBe(true);
      mirror = await copyNow();
      expect(read(mirror), what).toEqual(expected);
      expect(await changedSince(mirror), what).toBe(false);
    }
  });

  it("sees a change whose transaction was still open when the copy was read", async () => {
    const doc = await writeUp("Copy late commit");
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query("begin");
      await client.query("update solutions set visibility = 'subsidiary' where id = $1", [doc.id]);
      const mirror = await copyNow();
      expect(mirror.facts.get(doc.id)?.visibility).toBe("group");
      expect(await changedSince(mirror)).toBe(false);
      await client.query("commit");
      expect(await changedSince(mirror)).toBe(true);
      expect((await copyNow()).facts.get(doc.id)?.visibility).toBe("subsidiary");
    } finally {
      await client.end();
    }
  });

  it("is checked through the xid index, even by the prepared statement's generic plan", async () => {
    const db = getDb();
    await sql`insert into solution_fact_changes (solution_id)
      select gen_random_uuid() from generate_series(1, 20000)`.execute(db);
    await sql`analyze solution_fact_changes`.execute(db);
    const snapshot = (await copyNow()).snapshot;
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query("set plan_cache_mode = force_generic_plan");
      const scansTable = async (name: string, check: { sql: string; parameters: readonly unknown[] }) => {
        const types = check.parameters.map(() => "text").join(", ");
        await client.query(`prepare ${name}(${types}) as ${check.sql}`);
        const args = check.parameters.map(() => `'${snapshot}'`).join(", ");
        const { rows } = await client.query(`explain execute ${name}(${args})`);
        return rows.some((r: Record<string, string>) => /Seq Scan on solution_fact_changes/.test(r["QUERY PLAN"]!));
      };
      expect(await scansTable("ours", sql`select ${factsChangedSince(snapshot)}`.compile(db))).toBe(false);
      // The test can tell: the obvious way to write it reads every row.
      const naive = sql`select exists (select 1 from solution_fact_changes
        where xid >= pg_snapshot_xmin(${snapshot}::pg_snapshot)
          and not pg_visible_in_snapshot(xid, ${snapshot}::pg_snapshot))`.compile(db);
      expect(await scansTable("naive", naive)).toBe(true);
    } finally {
      await client.end();
    }
  });

  it("is read again whole after a truncate", async () => {
    const doc = await writeUp("Copy truncated");
    const mirror = await copyNow();
    expect(mirror.facts.get(doc.id)?.authorIds).toEqual([team.member.id]);
    await sql`truncate solution_authors`.execute(getDb());
    expect(await changedSince(mirror)).toBe(true);
    const again = await copyNow();
    expect(again.facts.get(doc.id)?.authorIds).toEqual([]);
    expect([...again.facts.values()].every((f) => f.authorIds.length === 0)).toBe(true);
  });
});
