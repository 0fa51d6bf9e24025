import { sql } from "kysely";
import type { Db } from "~/lib/db.server";

/**
 * The set-based steps of merging pain point `source` into `target` (see mergePainPoint in
 * app/services/taxonomy.server.ts, which runs them in one transaction). Each step is one statement
 * whatever the number of write-ups, so merging a pain point used by thousands of write-ups stays quick.
 */

/**
 * The write-ups a merge touches, locked until the transaction ends (so no save slips in between): those
 * tagged with the source, and those whose latest revision names it (pending changes to a published
 * write-up are not in the join table yet, but would bring the source back when published).
 */
export async function lockSolutionsReferencing(db: Db, painPointId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select s.id from solutions s
    where exists (select 1 from solution_pain_points spp where spp.solution_id = s.id and spp.pain_point_id = ${painPointId})
       or exists (
         select 1 from solution_revisions r
         where r.solution_id = s.id and r.revision = s.revision
           and r.snapshot -> 'painPointIds' @> jsonb_build_array(${painPointId}::text))
    order by s.id
    for update of s`.execute(db);
  return rows.map((r) => r.id);
}

/**
 * Adds one immutable revision to each write-up: a copy of its latest revision whose painPointIds name
 * the target instead of the source (once, at the earlier of the two places when it had both), with
 * `note`. `solutions.revision` moves on by one, so the optimistic lock stays true and editors opened on
 * the old revision are told to reload; a write-up whose latest revision was live stays live on the new
 * one. `updated_at` is left alone: curating tags is not an update of the write-up's content.
 */
export async function appendRemappedRevisions(
  db: Db,
  solutionIds: readonly string[],
  change: { sourceId: string; targetId: string; note: string; actorId: string | null; at: Date },
) {
  if (solutionIds.length === 0) return;
  const ids = [...solutionIds];
  await sql`
    insert into solution_revisions (solution_id, revision, created_by, created_at, note, snapshot, body_html, body_text)
    select r.solution_id, r.revision + 1, ${change.actorId}::uuid, ${change.at}::timestamptz, ${change.note}::text,
      jsonb_set(r.snapshot, '{painPointIds}', (
        select coalesce(jsonb_agg(to_jsonb(m.id) order by m.first_place), '[]'::jsonb)
        from (
          select x.id, min(x.place) as first_place
          from (
            select case when e.id = ${change.sourceId}::text then ${change.targetId}::text else e.id end as id, e.place
            from jsonb_array_elements_text(coalesce(r.snapshot -> 'painPointIds', '[]'::jsonb))
              with ordinality as e(id, place)
          ) x
          group by x.id
        ) m
      )),
      r.body_html, r.body_text
    from solutions s
    join solution_revisions r on r.solution_id = s.id and r.revision = s.revision
    where s.id = any(${ids}::uuid[])`.execute(db);
  await sql`
    update solutions set
      revision = revision + 1,
      live_revision = case when live_revision = revision then revision + 1 else live_revision end
    where id = any(${ids}::uuid[])`.execute(db);
}

/**
 * Re-tags the join table (what the catalog, search and counts read). A write-up tagged with both keeps
 * one tag, at the earlier of the two places, matching the remapped revision.
 */
export async function retagSolutionPainPoints(db: Db, sourceId: string, targetId: string) {
  await sql`
    update solution_pain_points t set position = s.position
    from solution_pain_points s
    where s.solution_id = t.solution_id and s.pain_point_id = ${sourceId} and t.pain_point_id = ${targetId}
      and s.position < t.position`.execute(db);
  await sql`
    delete from solution_pain_points s
    where s.pain_point_id = ${sourceId}
      and exists (select 1 from solution_pain_points t where t.solution_id = s.solution_id and t.pain_point_id = ${targetId})`.execute(
    db,
  );
  await sql`
    update solution_pain_points set pain_point_id = ${targetId}
    where pain_point_id = ${sourceId}`.execute(db);
}

/**
 * Marks the source as merged, and re-points pain points merged into it earlier, so every merged slug
 * redirects in one hop.
 */
export async function markPainPointMerged(db: Db, sourceId: string, targetId: string, at: Date) {
  await db
    .updateTable("painPoints")
    .set({ mergedIntoId: targetId, updatedAt: at })
    .where((eb) => eb.or([eb("id", "=", sourceId), eb("mergedIntoId", "=", sourceId)]))
    .execute();
}
