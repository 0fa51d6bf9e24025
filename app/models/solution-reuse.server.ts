import { sql } from "kysely";
import type { Db } from "~/lib/db.server";

/**
 * Reuse records (which team reuses a write-up in which project) and the featured flag. The services
 * in app/services/reuse.server.ts and featuring.server.ts call these inside one transaction together
 * with the search outbox row.
 */

/**
 * Locks the write-up's row until the transaction ends. Every change to its reuse records takes this
 * lock first, so concurrent recorders queue up and each recount sees the rows committed before it.
 */
export async function lockSolutionRow(db: Db, solutionId: string): Promise<boolean> {
  const row = await db.selectFrom("solutions").select("id").where("id", "=", solutionId).forUpdate().executeTakeFirst();
  return Boolean(row);
}

/** The existing record of this subsidiary for this project (case-insensitive), if any. */
export function findReuseByProject(db: Db, solutionId: string, subsidiaryId: string, project: string) {
  return db
    .selectFrom("solutionReuses")
    .select(["id", "project"])
    .where("solutionId", "=", solutionId)
    .where("subsidiaryId", "=", subsidiaryId)
    .where(sql`lower(project)`, "=", project.toLowerCase())
    .executeTakeFirst();
}

/** Inserts a record; undefined when the same (write-up, subsidiary, project) exists already. */
export function insertReuse(
  db: Db,
  values: { solutionId: string; subsidiaryId: string; userId: string; project: string; note: string | null; at: Date },
) {
  return db
    .insertInto("solutionReuses")
    .values({
      solutionId: values.solutionId,
      subsidiaryId: values.subsidiaryId,
      userId: values.userId,
      project: values.project,
      note: values.note,
      createdAt: values.at,
    })
    .onConflict((oc) => oc.doNothing())
    .returning(["id", "createdAt"])
    .executeTakeFirst();
}

export function getReuse(db: Db, reuseId: string) {
  return db
    .selectFrom("solutionReuses")
    .select(["id", "solutionId", "subsidiaryId", "userId", "project", "note", "createdAt"])
    .where("id", "=", reuseId)
    .executeTakeFirst();
}

export async function deleteReuse(db: Db, reuseId: string): Promise<boolean> {
  const row = await db.deleteFrom("solutionReuses").where("id", "=", reuseId).returning("id").executeTakeFirst();
  return Boolean(row);
}

/** Sets solutions.reuse_count to the number of records; returns the new count. */
export async function recountReuses(db: Db, solutionId: string): Promise<number> {
  const row = await db
    .updateTable("solutions")
    .set({
      reuseCount: (eb) =>
        eb
          .selectFrom("solutionReuses")
          .select((inner) => inner.fn.countAll<number>().as("n"))
          .where("solutionReuses.solutionId", "=", solutionId),
    })
    .where("id", "=", solutionId)
    .returning("reuseCount")
    .executeTakeFirstOrThrow();
  return Number(row.reuseCount);
}

/** Every record of a write-up, newest first, with the reusing subsidiary and the recorder's name. */
export function listReuses(db: Db, solutionId: string) {
  return db
    .selectFrom("solutionReuses")
    .innerJoin("subsidiaries", "subsidiaries.id", "solutionReuses.subsidiaryId")
    .leftJoin("users", "users.id", "solutionReuses.userId")
    .select([
      "solutionReuses.id",
      "solutionReuses.subsidiaryId",
      "solutionReuses.userId",
      "solutionReuses.project",
      "solutionReuses.note",
      "solutionReuses.createdAt",
      "subsidiaries.code as subsidiaryCode",
      "subsidiaries.nameEn as subsidiaryNameEn",
      "subsidiaries.nameZh as subsidiaryNameZh",
      "users.displayName as recordedByName",
    ])
    .where("solutionReuses.solutionId", "=", solutionId)
    .orderBy("solutionReuses.createdAt", "desc")
    .orderBy("solutionReuses.id", "desc")
    .execute();
}

/** The featured flag with who set it and when. */
export function getFeaturing(db: Db, solutionId: string) {
  return db
    .selectFrom("solutions")
    .leftJoin("users", "users.id", "solutions.featuredBy")
    .select(["solutions.featured", "solutions.featuredAt", "users.displayName as featuredByName"])
    .where("solutions.id", "=", solutionId)
    .executeTakeFirst();
}

export function setFeaturedFlag(db: Db, solutionId: string, values: { featured: boolean; at: Date; by: string }) {
  return db
    .updateTable("solutions")
    .set({
      featured: values.featured,
      featuredAt: values.featured ? values.at : null,
      featuredBy: values.featured ? values.by : null,
    })
    .where("id", "=", solutionId)
    .execute();
}

/**
 * Demo seed only: spreads reuse records and featuring over the time since each write-up was
 * published (deterministically, by the record's project), instead of all at the moment of seeding.
 */
export async function spreadReuseDates(db: Db): Promise<void> {
  await sql`update solution_reuses r
    set created_at = s.published_at + (now() - s.published_at) * (0.2 + 0.7 * (abs(hashtext(r.project)) % 1000) / 1000.0)
    from solutions s where s.id = r.solution_id and s.published_at is not null`.execute(db);
  await sql`update solutions set featured_at = published_at + (now() - published_at) * 0.95
    where featured and published_at is not null`.execute(db);
}
