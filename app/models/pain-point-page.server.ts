import { sql } from "kysely";
import type { Db } from "~/lib/db.server";
import type { Condition } from "~/policies/condition";
import { conditionToSql } from "./solution-visibility.server";
import { findSlugOwner } from "./taxonomy.server";

/**
 * Queries of a pain point's page. Everything about write-ups is read through `visible`, the
 * permission Condition of the reader (listableSolutions(actor): readable AND published), so a
 * confidential write-up is never listed or counted, nor is its subsidiary named, for outsiders.
 */

/** Merges are flattened (see markPainPointMerged); the bound only guards against hand-edited data. */
const MAX_MERGE_HOPS = 10;

/**
 * Where a slug leads: the live pain point it names now (current or former slug, following merges) and
 * that pain point's current slug. Undefined for a slug no pain point ever had.
 */
export async function resolvePainPointSlug(db: Db, slug: string) {
  const owner = await findSlugOwner(db, slug);
  if (!owner) return undefined;
  let id = owner.painPointId;
  for (let hop = 0; hop <= MAX_MERGE_HOPS; hop++) {
    const row = await db
      .selectFrom("painPoints")
      .select(["id", "slug", "mergedIntoId"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) return undefined;
    if (!row.mergedIntoId) return { id: row.id, slug: row.slug };
    id = row.mergedIntoId;
  }
  return undefined;
}

export function getPainPointWithArea(db: Db, id: string) {
  return db
    .selectFrom("painPoints")
    .innerJoin("painPointAreas", "painPointAreas.id", "painPoints.areaId")
    .select([
      "painPoints.id",
      "painPoints.slug",
      "painPoints.nameEn",
      "painPoints.nameZh",
      "painPoints.descriptionEn",
      "painPoints.descriptionZh",
      "painPoints.retiredAt",
      "painPointAreas.slug as areaSlug",
      "painPointAreas.nameEn as areaNameEn",
      "painPointAreas.nameZh as areaNameZh",
    ])
    .where("painPoints.id", "=", id)
    .executeTakeFirst();
}

/** Visible published write-ups carrying the pain point: the base of every query below. */
function visibleTaggedWith(db: Db, painPointId: string, visible: Condition) {
  return db
    .selectFrom("solutions")
    .where("solutions.status", "=", "published")
    .where((eb) => conditionToSql(eb, visible))
    .innerJoin("solutionPainPoints as tagged", "tagged.solutionId", "solutions.id")
    .where("tagged.painPointId", "=", painPointId);
}

/**
 * Newest first, a page at a time, with the total for the pager. Only write-ups published by `asOf`
 * count, so the pages of one reading stay stable while others publish.
 */
export async function listVisibleSolutionsWithPainPoint(
  db: Db,
  painPointId: string,
  visible: Condition,
  page: { limit: number; offset: number; asOf: Date },
) {
  const [items, total] = await Promise.all([
    visibleTaggedWith(db, painPointId, visible)
      .where("solutions.publishedAt", "<=", page.asOf)
      .innerJoin("subsidiaries", "subsidiaries.id", "solutions.subsidiaryId")
      .select([
        "solutions.id",
        "solutions.slug",
        "solutions.title",
        "solutions.summary",
        "solutions.year",
        "solutions.publishedAt",
        "subsidiaries.code as subsidiaryCode",
        "subsidiaries.nameEn as subsidiaryNameEn",
        "subsidiaries.nameZh as subsidiaryNameZh",
      ])
      .orderBy("solutions.publishedAt", "desc")
      .orderBy("solutions.id", "desc")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    visibleTaggedWith(db, painPointId, visible)
      .where("solutions.publishedAt", "<=", page.asOf)
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.count)),
  ]);
  return { items, total };
}

/** The subsidiaries that published visible write-ups on it, most first. */
export async function listSolvingSubsidiaries(db: Db, painPointId: string, visible: Condition) {
  const rows = await visibleTaggedWith(db, painPointId, visible)
    .innerJoin("subsidiaries", "subsidiaries.id", "solutions.subsidiaryId")
    .select((eb) => [
      "subsidiaries.id",
      "subsidiaries.code",
      "subsidiaries.nameEn",
      "subsidiaries.nameZh",
      eb.fn.countAll<number>().as("count"),
    ])
    .groupBy(["subsidiaries.id", "subsidiaries.code", "subsidiaries.nameEn", "subsidiaries.nameZh"])
    .orderBy(sql`count(*)`, "desc")
    .orderBy("subsidiaries.nameEn")
    .execute();
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

/** Pain points that visible write-ups carry together with this one, most shared first. */
export async function listRelatedPainPoints(db: Db, painPointId: string, visible: Condition, limit = 8) {
  const rows = await visibleTaggedWith(db, painPointId, visible)
    .innerJoin("solutionPainPoints as other", "other.solutionId", "solutions.id")
    .innerJoin("painPoints", "painPoints.id", "other.painPointId")
    .where("other.painPointId", "<>", painPointId)
    .where("painPoints.mergedIntoId", "is", null)
    .select((eb) => [
      "painPoints.id",
      "painPoints.slug",
      "painPoints.nameEn",
      "painPoints.nameZh",
      eb.fn.countAll<number>().as("count"),
    ])
    .groupBy(["painPoints.id", "painPoints.slug", "painPoints.nameEn", "painPoints.nameZh"])
    .orderBy(sql`count(*)`, "desc")
    .orderBy("painPoints.nameEn")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}
