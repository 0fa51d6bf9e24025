import { sql } from "kysely";
import { prepared, type Db } from "~/lib/db.server";
import type { SolutionRef } from "~/policies/policy";

/**
 * The facts the permission rules look at, read from PostgreSQL *now*. Search results are checked
 * against these rather than against the (possibly seconds-old) copy in the index, so a write-up made
 * confidential disappears from outsiders' results at once. Missing ids are deleted write-ups.
 */
export async function getSolutionPermissionFacts(db: Db, ids: readonly string[]): Promise<Map<string, SolutionRef>> {
  if (ids.length === 0) return new Map();
  // Every search runs this: one fixed, prepared statement whatever the number of ids.
  const { rows } = await sql<SolutionRef & { id: string }>`${prepared("solution-permission-facts")}
    select id, subsidiary_id, status, visibility,
      array(select sa.user_id::text from solution_authors sa where sa.solution_id = solutions.id) as author_ids
    from solutions where id = any(${[...ids]}::uuid[])`.execute(db);
  return new Map(
    rows.map((r) => [
      r.id,
      { subsidiaryId: r.subsidiaryId, status: r.status, visibility: r.visibility, authorIds: r.authorIds },
    ]),
  );
}
