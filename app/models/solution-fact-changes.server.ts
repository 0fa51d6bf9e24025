import { sql } from "kysely";
import type { Db } from "~/lib/db.server";
import type { SolutionRef } from "~/policies/policy";

/**
 * Every write-up's permission facts with the snapshot they were read under, and the write-ups whose
 * facts changed since such a snapshot (rows the triggers of the `solution_fact_changes` migration
 * write). Together they keep an exact copy of the facts in memory (solution-fact-mirror.server.ts).
 */
export interface SolutionFactsAt {
  /** `pg_current_snapshot()` of the read, as text. */
  snapshot: string;
  facts: Map<string, SolutionRef>;
}

export interface SolutionFactChanges {
  snapshot: string;
  /** A truncate since: nothing known may be kept. */
  everything: boolean;
  /** Changed write-ups' facts now; null for a deleted one. */
  changed: Map<string, SolutionRef | null>;
}

/** The nil id a truncate writes. */
const EVERYTHING = "00000000-0000-0000-0000-000000000000";

interface FactRow {
  id: string;
  subsidiaryId: string;
  status: SolutionRef["status"];
  visibility: SolutionRef["visibility"];
  authorIds: string[];
}

const toRef = (r: FactRow): SolutionRef => ({
  subsidiaryId: r.subsidiaryId,
  status: r.status,
  visibility: r.visibility,
  authorIds: r.authorIds,
});

/**
 * Whether a transaction `snapshot` did not see changed any write-up's facts (null: no snapshot). Both
 * parts are one probe at a known end of the index (max, and min from a bound), which every plan does
 * the same way; an equality or range condition on xid is planned from the column's statistics, and a
 * bulk load (few transactions, many rows each) talks a generic plan into reading the whole table.
 */
export function factsChangedSince(snapshot: string | null) {
  return sql<boolean | null>`((select max(xid) from solution_fact_changes) >= pg_snapshot_xmax(${snapshot}::pg_snapshot)
    or exists (select 1 from pg_snapshot_xip(${snapshot}::pg_snapshot) as running(xid)
      where (select min(c.xid) from solution_fact_changes c where c.xid >= running.xid) = running.xid))`;
}

/** All of them, under one snapshot (a repeatable-read transaction: the snapshot, then the rows). */
export async function loadAllSolutionFacts(db: Db): Promise<SolutionFactsAt> {
  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute(async (tx) => {
      const { rows: at } = await sql<{ snapshot: string }>`select pg_current_snapshot()::text as snapshot`.execute(tx);
      const { rows } = await sql<FactRow>`
        select s.id, s.subsidiary_id, s.status, s.visibility,
          coalesce(array_agg(sa.user_id::text) filter (where sa.user_id is not null), '{}') as author_ids
        from solutions s left join solution_authors sa on sa.solution_id = s.id
        group by s.id`.execute(tx);
      // Subsidiary and user ids repeat across write-ups: one string each rather than one per row.
      const strings = new Map<string, string>();
      const intern = (value: string) => strings.get(value) ?? (strings.set(value, value), value);
      const facts = new Map<string, SolutionRef>();
      for (const r of rows) {
        facts.set(r.id, { ...toRef(r), subsidiaryId: intern(r.subsidiaryId), authorIds: r.authorIds.map(intern) });
      }
      return { snapshot: at[0]!.snapshot, facts };
    });
}

/**
 * The write-ups changed by transactions `snapshot` did not see, with their facts now, and the snapshot
 * of this read: one statement, so the two agree.
 */
export async function loadSolutionFactChangesSince(db: Db, snapshot: string): Promise<SolutionFactChanges> {
  const { rows } = await sql<{ snapshot: string; changes: FactRow[] | null; everything: boolean }>`
    with changed as (
      -- Not prepared, so planned with this snapshot's xmin: a short range of the xid index.
      select distinct solution_id as id from solution_fact_changes
      where xid >= pg_snapshot_xmin(${snapshot}::pg_snapshot)
        and not pg_visible_in_snapshot(xid, ${snapshot}::pg_snapshot)
    )
    select pg_current_snapshot()::text as snapshot,
      exists (select 1 from changed where id = ${EVERYTHING}::uuid) as everything,
      (select json_agg(json_build_object(
          'id', c.id, 'subsidiaryId', s.subsidiary_id, 'status', s.status, 'visibility', s.visibility,
          'authorIds', array(select sa.user_id::text from solution_authors sa where sa.solution_id = c.id)))
        from changed c left join solutions s on s.id = c.id
        where c.id <> ${EVERYTHING}::uuid) as changes`.execute(db);
  const row = rows[0]!;
  const changed = new Map<string, SolutionRef | null>();
  for (const change of row.changes ?? []) changed.set(change.id, change.subsidiaryId ? toRef(change) : null);
  return { snapshot: row.snapshot, everything: row.everything, changed };
}

/** Rows older than any copy can still need (copies are brought up to date at least hourly). */
export async function deleteSolutionFactChangesBefore(db: Db, before: Date): Promise<number> {
  const result = await sql`delete from solution_fact_changes where changed_at < ${before}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
