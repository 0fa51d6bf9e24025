import { sql } from "kysely";
import type { Db } from "~/lib/db.server";

/**
 * Queries behind the curators' taxonomy use cases (app/services/taxonomy.server.ts): areas and pain
 * points, their order, slugs (current and former) and the write-ups that carry them. Readers' queries
 * live in pain-point.server.ts and pain-point-page.server.ts.
 */

const AREA_COLUMNS = ["id", "slug", "nameEn", "nameZh", "descriptionEn", "descriptionZh", "position"] as const;
const PAIN_POINT_COLUMNS = [
  "id",
  "areaId",
  "slug",
  "nameEn",
  "nameZh",
  "descriptionEn",
  "descriptionZh",
  "position",
  "retiredAt",
  "mergedIntoId",
] as const;

export function getArea(db: Db, id: string) {
  return db.selectFrom("painPointAreas").select(AREA_COLUMNS).where("id", "=", id).executeTakeFirst();
}

export function getPainPoint(db: Db, id: string) {
  return db.selectFrom("painPoints").select(PAIN_POINT_COLUMNS).where("id", "=", id).executeTakeFirst();
}

/** The rows, locked until the transaction ends (in id order, so concurrent lockers cannot deadlock). */
export function lockPainPoints(db: Db, ids: readonly string[]) {
  return db
    .selectFrom("painPoints")
    .select(PAIN_POINT_COLUMNS)
    .where("id", "in", [...ids])
    .orderBy("id")
    .forUpdate()
    .execute();
}

export type PainPointRow = NonNullable<Awaited<ReturnType<typeof getPainPoint>>>;
export type AreaRow = NonNullable<Awaited<ReturnType<typeof getArea>>>;

// --- Uniqueness ------------------------------------------------------------------------------------

export interface NameAndSlug {
  slug: string;
  nameEn: string;
  nameZh: string;
}

/** Which of slug / English name / Chinese name another area already uses. */
export async function findAreaClashes(db: Db, candidate: NameAndSlug, exceptId?: string) {
  let query = db
    .selectFrom("painPointAreas")
    .select(["slug", "nameEn", "nameZh"])
    .where((eb) =>
      eb.or([
        eb("slug", "=", candidate.slug),
        eb(sql`lower(name_en)`, "=", candidate.nameEn.toLowerCase()),
        eb("nameZh", "=", candidate.nameZh),
      ]),
    );
  if (exceptId) query = query.where("id", "<>", exceptId);
  const rows = await query.execute();
  return {
    slug: rows.some((r) => r.slug === candidate.slug),
    nameEn: rows.some((r) => r.nameEn.toLowerCase() === candidate.nameEn.toLowerCase()),
    nameZh: rows.some((r) => r.nameZh === candidate.nameZh),
  };
}

/**
 * Which of slug / names another pain point already uses. Names are compared with live pain points only
 * (a merged one's name may be reused); slugs with every current and former slug, since each of them
 * still answers on the web.
 */
export async function findPainPointClashes(db: Db, candidate: NameAndSlug, exceptId?: string) {
  let names = db
    .selectFrom("painPoints")
    .select(["nameEn", "nameZh"])
    .where("mergedIntoId", "is", null)
    .where((eb) =>
      eb.or([eb(sql`lower(name_en)`, "=", candidate.nameEn.toLowerCase()), eb("nameZh", "=", candidate.nameZh)]),
    );
  if (exceptId) names = names.where("id", "<>", exceptId);
  const [nameRows, slugOwner] = await Promise.all([names.execute(), findSlugOwner(db, candidate.slug)]);
  return {
    slug: slugOwner !== undefined && slugOwner.painPointId !== exceptId,
    nameEn: nameRows.some((r) => r.nameEn.toLowerCase() === candidate.nameEn.toLowerCase()),
    nameZh: nameRows.some((r) => r.nameZh === candidate.nameZh),
  };
}

/** The pain point a slug belongs to, now (`former: false`) or in the past. */
export async function findSlugOwner(db: Db, slug: string) {
  const current = await db.selectFrom("painPoints").select("id").where("slug", "=", slug).executeTakeFirst();
  if (current) return { painPointId: current.id, former: false };
  const former = await db
    .selectFrom("painPointSlugs")
    .select("painPointId")
    .where("slug", "=", slug)
    .executeTakeFirst();
  return former ? { painPointId: former.painPointId, former: true } : undefined;
}

export async function isAreaSlugTaken(db: Db, slug: string) {
  return Boolean(await db.selectFrom("painPointAreas").select("id").where("slug", "=", slug).executeTakeFirst());
}

/** Keeps an old slug answering after a re-slug; taking back one's own former slug drops it from history. */
export async function recordSlugChange(db: Db, painPointId: string, oldSlug: string, newSlug: string) {
  await db.deleteFrom("painPointSlugs").where("slug", "=", newSlug).where("painPointId", "=", painPointId).execute();
  await db
    .insertInto("painPointSlugs")
    .values({ slug: oldSlug, painPointId })
    .onConflict((oc) => oc.column("slug").doNothing())
    .execute();
}

// --- Writes ----------------------------------------------------------------------------------------

interface Described {
  slug: string;
  nameEn: string;
  nameZh: string;
  descriptionEn: string;
  descriptionZh: string;
}

export function insertArea(db: Db, values: Described & { position: number }) {
  return db.insertInto("painPointAreas").values(values).returning(AREA_COLUMNS).executeTakeFirstOrThrow();
}

export function updateArea(db: Db, id: string, values: Described & { updatedAt: Date }) {
  return db.updateTable("painPointAreas").set(values).where("id", "=", id).execute();
}

export function insertPainPoint(db: Db, values: Described & { areaId: string; position: number }) {
  return db.insertInto("painPoints").values(values).returning(PAIN_POINT_COLUMNS).executeTakeFirstOrThrow();
}

export function updatePainPoint(
  db: Db,
  id: string,
  values: Partial<Described & { areaId: string; position: number; retiredAt: Date | null }> & { updatedAt: Date },
) {
  return db.updateTable("painPoints").set(values).where("id", "=", id).execute();
}

// --- Order -----------------------------------------------------------------------------------------

/**
 * Every area in display order, locked for the rest of the transaction so concurrent reorders queue up
 * instead of interleaving. Ties in `position` (seeded or imported rows) are broken as readers see them.
 */
export async function lockAreaOrder(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom("painPointAreas")
    .select("id")
    .orderBy("position")
    .orderBy("nameEn")
    .orderBy("id")
    .forUpdate()
    .execute();
  return rows.map((r) => r.id);
}

/** The live (not merged) pain points of an area in display order, locked like lockAreaOrder. */
export async function lockPainPointOrder(db: Db, areaId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("painPoints")
    .select("id")
    .where("areaId", "=", areaId)
    .where("mergedIntoId", "is", null)
    .orderBy("position")
    .orderBy("nameEn")
    .orderBy("id")
    .forUpdate()
    .execute();
  return rows.map((r) => r.id);
}

/** Numbers the given rows 1..n in the order given, in one statement. */
export async function writePositions(db: Db, table: "painPointAreas" | "painPoints", orderedIds: readonly string[]) {
  if (orderedIds.length === 0) return;
  const tableName = table === "painPointAreas" ? "pain_point_areas" : "pain_points";
  await sql`
    update ${sql.table(tableName)} as t set position = v.position::int
    from unnest(${[...orderedIds]}::uuid[]) with ordinality as v(id, position)
    where t.id = v.id and t.position is distinct from v.position::int`.execute(db);
}

// --- Write-ups carrying a pain point -----------------------------------------------------------------

/** Write-up counts per pain point, for curators (who see every write-up): all statuses, and published. */
export async function countSolutionsPerPainPoint(db: Db) {
  const rows = await db
    .selectFrom("solutionPainPoints")
    .innerJoin("solutions", "solutions.id", "solutionPainPoints.solutionId")
    .select((eb) => [
      "solutionPainPoints.painPointId",
      eb.fn.countAll<number>().as("total"),
      eb.fn.count<number>("solutions.id").filterWhere("solutions.status", "=", "published").as("published"),
    ])
    .groupBy("solutionPainPoints.painPointId")
    .execute();
  return new Map(rows.map((r) => [r.painPointId, { total: Number(r.total), published: Number(r.published) }]));
}

/** Ids of the write-ups tagged with any of these pain points (whatever their status). */
export async function listSolutionIdsTaggedWith(db: Db, painPointIds: readonly string[]): Promise<string[]> {
  if (painPointIds.length === 0) return [];
  const rows = await db
    .selectFrom("solutionPainPoints")
    .select("solutionId")
    .distinct()
    .where("painPointId", "in", [...painPointIds])
    .execute();
  return rows.map((r) => r.solutionId);
}

/** Ids of the write-ups tagged with a pain point of this area (search documents carry area names). */
export async function listSolutionIdsInArea(db: Db, areaId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("solutionPainPoints")
    .innerJoin("painPoints", "painPoints.id", "solutionPainPoints.painPointId")
    .select("solutionPainPoints.solutionId")
    .distinct()
    .where("painPoints.areaId", "=", areaId)
    .execute();
  return rows.map((r) => r.solutionId);
}
