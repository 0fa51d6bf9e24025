import { sql, type Expression, type SqlBool } from "kysely";
import type { Db } from "~/lib/db.server";
import type { Condition } from "~/policies/condition";
import { conditionToSql } from "./solution-visibility.server";

/**
 * The catalog: visible published write-ups, filtered, sorted and paged, with a count for every filter
 * option given the OTHER active filters (so choosing a subsidiary updates the counts of the pain points,
 * not of the subsidiaries themselves). Everything is read from the solutions row and its tag arrays.
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

export async function countCatalogItems(db: Db, query: CatalogQuery): Promise<number> {
  const expressions = Object.values(filterExpressions(query.filters)).filter(
    (e): e is Expression<SqlBool> => e !== null,
  );
  let count = baseQuery(db, query).select((eb) => eb.fn.countAll<number>().as("n"));
  for (const expression of expressions) count = count.where(expression);
  return count.executeTakeFirstOrThrow().then((r) => Number(r.n));
}

/** Flag columns are named f0..f5: lower-case names survive the camelCase plugin unchanged. */
function flagColumn(dimension: FacetDimension): string {
  return `f${FACET_DIMENSIONS.indexOf(dimension)}`;
}

/**
 * Counts for every option of every facet in one statement: the visible write-ups that pass at least all
 * but one active filter are scanned once; each facet then counts the rows that pass every filter except
 * its own. Areas count write-ups, not tags, like the pain points under them ignoring the pain-point filter.
 */
export async function countCatalogFacets(
  db: Db,
  query: CatalogQuery,
  areas: readonly AreaMembers[] = [],
): Promise<FacetCounts> {
  const expressions = filterExpressions(query.filters);
  const flag = (dimension: FacetDimension) => expressions[dimension] ?? sql<SqlBool>`true`;
  const active = FACET_DIMENSIONS.filter((d) => expressions[d] !== null);
  const passed = active.length
    ? sql.join(
        active.map((d) => sql`(${flag(d)})::int`),
        sql` + `,
      )
    : sql`0`;
  const others = (dimension: FacetDimension) => {
    const rest = active.filter((d) => d !== dimension);
    return rest.length
      ? sql.join(
          rest.map((d) => sql.raw(flagColumn(d))),
          sql` and `,
        )
      : sql`true`;
  };

  const visibleRows = baseQuery(db, query)
    .select([
      "solutions.id",
      "solutions.subsidiaryId",
      "solutions.sector",
      "solutions.year",
      "solutions.disciplines",
      "solutions.painPointIds",
      ...FACET_DIMENSIONS.map((d) => sql<boolean>`${flag(d)}`.as(flagColumn(d))),
    ])
    .where(sql<SqlBool>`${passed} >= ${Math.max(0, active.length - 1)}`);

  // Areas: one aggregate pass over the visible rows, one `count(*) filter` per area testing the row's
  // pain-point array against the area's members. That counts each write-up once per area (a join to
  // the link table would count its tags, and making that distinct costs as much again as the join).
  const withMembers = areas.filter((a) => a.painPointIds.length > 0);
  const areaBranch = withMembers.length
    ? sql`union all
    select 'area', a.id, a.n from (
      select ${sql.join(
        withMembers.map(
          (a, i) =>
            sql`count(*) filter (where pain_point_ids && ${uuidArray(a.painPointIds)})::int as ${sql.raw(`a${i}`)}`,
        ),
      )}
      from visible where ${others("painPoint")}
    ) per_area, unnest(${textArray(withMembers.map((a) => a.id))}, array[${sql.join(
      withMembers.map((_, i) => sql.raw(`per_area.a${i}`)),
    )}]) as a(id, n)`
    : sql``;

  // Scalar facets share one grouping-sets pass; tag facets join their (indexed) link tables, which is
  // several times faster than unnesting the arrays row by row.
  const { rows } = await sql<{ dimension: FacetDimension | "area"; value: string | null; n: number }>`
    with visible as materialized (${visibleRows})
    select case when grouping(subsidiary_id) = 0 then 'subsidiary' when grouping(sector) = 0 then 'sector' else 'year' end as dimension,
      coalesce(subsidiary_id::text, sector, year::text) as value, count(*)::int as n
    from (
      select case when ${others("subsidiary")} then subsidiary_id end as subsidiary_id,
        case when ${others("sector")} then sector end as sector,
        case when ${others("year")} then year end as year
      from visible
    ) scalar
    group by grouping sets ((subsidiary_id), (sector), (year))
    union all
    select 'discipline', d, count(*)::int from visible, unnest(disciplines) as d where ${others("discipline")} group by 2
    union all
    select 'painPoint', pain_point_id::text, n from (
      select spp.pain_point_id, count(*)::int as n from visible join solution_pain_points spp on spp.solution_id = visible.id
      where ${others("painPoint")} group by 1
    ) pain
    union all
    select 'technology', lower(t.name), n from (
      select st.technology_id, count(*)::int as n from visible join solution_technologies st on st.solution_id = visible.id
      where ${others("technology")} group by 1
    ) tech join technologies t on t.id = tech.technology_id
    ${areaBranch}
  `.execute(db);

  const counts = Object.fromEntries(
    [...FACET_DIMENSIONS, "area" as const].map((d) => [d, new Map<string, number>()]),
  ) as FacetCounts;
  for (const row of rows) if (row.value !== null) counts[row.dimension].set(row.value, Number(row.n));
  return counts;
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
