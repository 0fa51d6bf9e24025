import { sql } from "kysely";
import { prepared, type Db } from "~/lib/db.server";
import type { SolutionRef } from "~/policies/policy";

/**
 * The permission facts of a write-up, as columns of a query over `solutions as s`. One definition for
 * every reader of them: the re-check below and the in-memory copy (solution-fact-changes.server.ts),
 * which is only exact while both read the same facts. A new fact also needs the triggers of the
 * `solution-fact-changes` migration to record changes to it.
 */
export const PERMISSION_FACT_COLUMNS = sql`s.subsidiary_id, s.status, s.visibility,
  array(select sa.user_id::text from solution_authors sa where sa.solution_id = s.id) as author_ids`;

export interface PermissionFactRow {
  subsidiaryId: string;
  status: SolutionRef["status"];
  visibility: SolutionRef["visibility"];
  authorIds: string[];
}

export function toSolutionRef(row: PermissionFactRow): SolutionRef {
  return { subsidiaryId: row.subsidiaryId, status: row.status, visibility: row.visibility, authorIds: row.authorIds };
}

/**
 * The facts the permission rules look at, read from PostgreSQL *now*. Search results are checked
 * against these rather than against the (possibly seconds-old) copy in the index, so a write-up made
 * confidential disappears from outsiders' results at once. Missing ids are deleted write-ups.
 */
export async function getSolutionPermissionFacts(db: Db, ids: readonly string[]): Promise<Map<string, SolutionRef>> {
  if (ids.length === 0) return new Map();
  // Every search runs this: one fixed, prepared statement whatever the number of ids.
  const { rows } = await sql<PermissionFactRow & { id: string }>`${prepared("solution-permission-facts")}
    select s.id, ${PERMISSION_FACT_COLUMNS} from solutions s where s.id = any(${[...ids]}::uuid[])`.execute(db);
  return new Map(rows.map((r) => [r.id, toSolutionRef(r)]));
}
