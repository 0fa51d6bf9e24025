import { sql } from "kysely";
import type { Db } from "~/lib/db.server";
import type { SolutionRef } from "~/policies/policy";
import { PERMISSION_FACT_COLUMNS, toSolutionRef, type PermissionFactRow } from "./solution-permission-facts.server";

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
      const { rows } = await sql<PermissionFactRow & { id: string }>`
        select s.id, ${PERMISSION_FACT_COLUMNS} from solutions s`.execute(tx);
      // Subsidiary and user ids repeat across write-ups: one string each rather than one per row.
      const strings = new Map<string, string>();
      const intern = (value: string) => strings.get(value) ?? (strings.set(value, value), value);
      const facts = new Map<string, SolutionRef>();
      for (const r of rows) {
        facts.set(r.id, {
          ...toSolutionRef(r),
          subsidiaryId: intern(r.subsidiaryId),
          authorIds: r.authorIds.map(intern),
        });
      }
      return { snapshot: at[0]!.snapshot, facts };
    });
}

/**
 * The write-ups changed by transactions `snapshot` did not see, with their facts now, and the snapshot
 * of this read: one statement, so the two agree.
 */
export async function loadSolutionFactChangesSince(db: Db, snapshot: string): Promise<SolutionFactChanges> {
  // At least one row (id null when nothing changed), so the snapshot always comes back.
  const { rows } = await sql<
    Partial<PermissionFactRow> & { snapshot: string; everything: boolean; id: string | null; foundId: string | null }
  >`
    with changed as (
      -- Not prepared, so planned with this snapshot's xmin: a short range of the xid index.
      select distinct solution_id as id from solution_fact_changes
      where xid >= pg_snapshot_xmin(${snapshot}::pg_snapshot)
        and not pg_visible_in_snapshot(xid, ${snapshot}::pg_snapshot)
    )
    select pg_current_snapshot()::text as snapshot,
      exists (select 1 from changed where id = ${EVERYTHING}::uuid) as everything,
      c.id, s.id as found_id, ${PERMISSION_FACT_COLUMNS}
    from (select 1) as one
    left join changed c on c.id <> ${EVERYTHING}::uuid
    left join solutions s on s.id = c.id`.execute(db);
  const changed = new Map<string, SolutionRef | null>();
  for (const row of rows) {
    if (row.id) changed.set(row.id, row.foundId ? toSolutionRef(row as PermissionFactRow) : null);
  }
  return { snapshot: rows[0]!.snapshot, everything: rows[0]!.everything, changed };
}

/** Rows older than any copy can still need (copies are brought up to date at least hourly). */
export async function deleteSolutionFactChangesBefore(db: Db, before: Date): Promise<number> {
  const result = await sql`delete from solution_fact_changes where changed_at < ${before}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
