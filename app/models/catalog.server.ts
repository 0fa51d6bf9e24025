import { sql, type Expression, type SqlBool } from "kysely";
import type { Db } from "~/lib/db.server";
import type { Condition } from "~/policies/condition";
import { conditionToSql } from "./solution-visibility.server";

/**
 * The catalog: visible published write-ups, filtered, sorted and paged, read from the solutions row and
 * its tag arrays. Its counts are computed in memory (catalog-counts.server.ts).
 */
export const FACET_DIMENSIONS = ["painPoint", "subsidiary", "discipline", "sector", "technology", "year"] as const;
export type FacetDimension = (typeof FACET_DIMENSIONS)[number];

export interface CatalogFilters {
  painPoint: string[];
  subsidiary: string[];
  discipline: string[];
  sector: string[];
  technology: string[];
  year: number[];
}

export const CATALOG_SORTS = ["newest", "reused", "updated", "title"] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];

export interface CatalogQuery {
  visible: Condition;
  filters: CatalogFilters;
  sort: CatalogSort;
  page: number;
  pageSize: number;
  /** Only write-ups published by then: pages stay stable while new write-ups are published. */
  asOf: Date;
}

export type FacetCounts = Record<FacetDimension, Map<string, number>> & {
  /** Distinct write-ups per pain-point area: one tagged with two pain points of an area counts once. */
  area: Map<string, number>;
};

/** A pain-point area and the pain points in it (the taxonomy the area counts are computed for). */
export interface AreaMembers {
  id: string;
  painPointIds: string[];
}

const uuidArray = (values: string[]) => sql`${values}::uuid[]`;
const textArray = (values: string[]) => sql`${values}::text[]`;
const intArray = (values: number[]) => sql`${values}::int[]`;

/** Each filter as a boolean SQL expression (`true` when the filter is not in use). */
function filterExpressions(filters: CatalogFilters): Record<FacetDimension, Expression<SqlBool> | null> {
  return {
    painPoint: filters.painPoint.length
      ? sql<SqlBool>`solutions.pain_point_ids && ${uuidArray(filters.painPoint)}`
      : null,
    subsidiary: filters.subsidiary.length
      ? sql<SqlBool>`solutions.subsidiary_id = any(${uuidArray(filters.subsidiary)})`
      : null,
    discipline: filters.discipline.length
      ? sql<SqlBool>`solutions.disciplines && ${textArray(filters.discipline)}`
      : null,
    sector: filters.sector.length ? sql<SqlBool>`solutions.sector = any(${textArray(filters.sector)})` : null,
    technology: filters.technology.length
      ? sql<SqlBool>`solutions.technology_keys && ${textArray(filters.technology)}`
      : null,
    year: filters.year.length ? sql<SqlBool>`solutions.year = any(${intArray(filters.year)})` : null,
  };
}

function baseQuery(db: Db, query: CatalogQuery) {
  return db
    .selectFrom("solutions")
    .where("solutions.status", "=", "published")
    .where("solutions.publishedAt", "<=", query.asOf)
    .where((eb) => conditionToSql(eb, query.visible));
}

export async function findCatalogItems(db: Db, query: CatalogQuery) {
  const expressions = Object.values(filterExpressions(query.filters)).filter(
    (e): e is Expression<SqlBool> => e !== null,
  );
  let items = baseQuery(db, query)
    .innerJoin("subsidiaries", "subsidiaries.id", "solutions.subsidiaryId")
    .select([
      "solutions.id",
      "solutions.slug",
      "solutions.title",
      "solutions.summary",
      "solutions.year",
      "solutions.visibility",
      "solutions.reuseCount",
      "solutions.featured",
      "solutions.publishedAt",
      "solutions.updatedAt",
      "solutions.painPointIds",
      "subsidiaries.code as subsidiaryCode",
      "subsidiaries.nameEn as subsidiaryNameEn",
      "subsidiaries.nameZh as subsidiaryNameZh",
    ]);
  for (const expression of expressions) items = items.where(expression);
  switch (query.sort) {
    case "newest":
      items = items.orderBy("solutions.publishedAt", "desc").orderBy("solutions.id", "desc");
      break;
    case "updated":
      items = items.orderBy("solutions.updatedAt", "desc").orderBy("solutions.id", "desc");
      break;
    case "reused":
      // Until a write-up's reuse is recorded its count is 0: equally reused ones go by last update.
      items = items
        .orderBy("solutions.reuseCount", "desc")
        .orderBy("solutions.updatedAt", "desc")
        .orderBy("solutions.id", "desc");
      break;
    case "title":
      items = items.orderBy(sql`lower(solutions.title)`).orderBy("solutions.id");
      break;
  }
  return items
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
}

/** Display names of technologies by their lower-case key. */
export async function getTechnologyNames(db: Db, keys: string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom("technologies")
    .select(["name", sql<string>`lower(name)`.as("key")])
    .where(sql`lower(name)`, "in", keys)
    .execute();
  return new Map(rows.map((r) => [r.key, r.name]));
}
