import { sql, type Kysely } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Database } from "../db/schema";
import type { SolutionIndexRow } from "./solutions-index";

/**
 * Reads what the search documents of these write-ups need, in one query. The outbox worker, the
 * rebuild and `search:check` all read the *current* state through here, so a retried batch simply
 * writes the latest truth again.
 */
export async function loadSolutionIndexRows(db: Kysely<Database>, ids: readonly string[]): Promise<SolutionIndexRow[]> {
  if (ids.length === 0) return [];
  return baseQuery(db)
    .where("s.id", "in", [...ids])
    .execute() as Promise<SolutionIndexRow[]>;
}

/** Published write-ups in id order, a page at a time (keyset pagination: stable while rows change). */
export async function loadSearchableSolutionRows(
  db: Kysely<Database>,
  options: { afterId?: string; limit: number },
): Promise<SolutionIndexRow[]> {
  let query = baseQuery(db).where("s.status", "=", "published");
  if (options.afterId) query = query.where("s.id", ">", options.afterId);
  return query.orderBy("s.id").limit(options.limit).execute() as Promise<SolutionIndexRow[]>;
}

export async function countSearchableSolutions(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("solutions")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("status", "=", "published")
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

function baseQuery(db: Kysely<Database>) {
  return db
    .selectFrom("solutions as s")
    .innerJoin("subsidiaries as sub", "sub.id", "s.subsidiaryId")
    .select([
      "s.id",
      "s.slug",
      "s.status",
      "s.visibility",
      "s.title",
      "s.summary",
      "s.bodyText",
      "s.sector",
      "s.client",
      "s.project",
      "s.year",
      "s.disciplines",
      "s.metrics",
      "s.languages",
      "s.reuseCount",
      "s.featured",
      "s.publishedAt",
      "s.updatedAt",
      "s.revision",
      "s.liveRevision",
      "s.subsidiaryId",
      "sub.code as subsidiaryCode",
      "sub.nameEn as subsidiaryNameEn",
      "sub.nameZh as subsidiaryNameZh",
    ])
    .select((eb) => [
      // A pain point merged into another shows up as the one it was merged into.
      jsonArrayFrom(
        eb
          .selectFrom("solutionPainPoints as spp")
          .innerJoin("painPoints as tagged", "tagged.id", "spp.painPointId")
          .innerJoin("painPoints as p", (join) =>
            join.onRef("p.id", "=", sql`coalesce(${sql.ref("tagged.mergedIntoId")}, ${sql.ref("tagged.id")})`),
          )
          .innerJoin("painPointAreas as a", "a.id", "p.areaId")
          .select([
            "p.slug",
            "p.nameEn",
            "p.nameZh",
            "a.slug as areaSlug",
            "a.nameEn as areaNameEn",
            "a.nameZh as areaNameZh",
          ])
          .whereRef("spp.solutionId", "=", "s.id")
          .orderBy("spp.position")
          .orderBy("p.slug"),
      ).as("painPoints"),
      sql<string[]>`array(
        select t.name from solution_technologies st join technologies t on t.id = st.technology_id
        where st.solution_id = s.id order by lower(t.name))`.as("technologies"),
      sql<string[]>`array(
        select sa.user_id::text from solution_authors sa
        where sa.solution_id = s.id order by sa.position, sa.user_id)`.as("authorIds"),
    ]);
}
