import { sql, type Kysely } from "kysely";
import type pg from "pg";
import type { Database } from "../../db/schema";
import { conditionToSql } from "../../app/models/solution-visibility.server";
import type { Condition } from "../../app/policies/condition";
import type { SearchFilters } from "../../app/lib/search-params";

/**
 * The PostgreSQL full-text baseline the benchmark compares Meilisearch with: a weighted tsvector
 * (title A, summary B, body C) with a GIN index, ts_rank top 10, facet counts by GROUP BY, and the
 * same permission rule compiled to SQL. This is what Outline-style search would do.
 */
export async function addFullTextIndex(db: Kysely<Database>): Promise<void> {
  await sql`alter table solutions add column bench_fts tsvector generated always as (
      setweight(to_tsvector('english', title), 'A') ||
      setweight(to_tsvector('english', summary), 'B') ||
      setweight(to_tsvector('english', body_text), 'C')) stored`.execute(db);
  await sql`create index solutions_bench_fts_idx on solutions using gin (bench_fts)`.execute(db);
}

/** Words become an AND query; the last word also matches as a prefix (as Meilisearch does). */
export function toTsQuery(q: string): string | null {
  const words = q
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ""))
    .filter(Boolean);
  if (words.length === 0) return null;
  return words.map((w, i) => `'${w}'${i === words.length - 1 ? ":*" : ""}`).join(" & ");
}

export interface BaselineResult {
  ids: string[];
  total: number;
  facets: Record<string, Record<string, number> | null>;
}

/** Kysely builds the filtered set (with the permission rule); the whole statement runs through `pool`. */
export async function searchWithPostgres(
  pool: pg.Pool,
  db: Kysely<Database>,
  condition: Condition,
  q: string,
  filters: SearchFilters,
): Promise<BaselineResult> {
  const tsquery = toTsQuery(q);
  const matches = db
    .selectFrom("solutions")
    .select([
      "solutions.id",
      tsquery
        ? sql<number>`ts_rank(bench_fts, to_tsquery('english', ${tsquery}))`.as("rank")
        : sql<number>`0`.as("rank"),
    ])
    .where((eb) => {
      const parts = [conditionToSql(eb, condition)];
      if (tsquery) parts.push(sql<boolean>`bench_fts @@ to_tsquery('english', ${tsquery})` as never);
      if (filters.painPoint.length > 0)
        parts.push(
          eb.exists(
            eb
              .selectFrom("solutionPainPoints as spp")
              .innerJoin("painPoints as p", "p.id", "spp.painPointId")
              .select(sql.lit(1).as("one"))
              .whereRef("spp.solutionId", "=", "solutions.id")
              .where("p.slug", "in", filters.painPoint),
          ),
        );
      if (filters.subsidiary.length > 0)
        parts.push(
          eb.exists(
            eb
              .selectFrom("subsidiaries as sub")
              .select(sql.lit(1).as("one"))
              .whereRef("sub.id", "=", "solutions.subsidiaryId")
              .where("sub.code", "in", filters.subsidiary),
          ),
        );
      if (filters.sector.length > 0) parts.push(eb("solutions.sector", "in", filters.sector));
      return eb.and(parts);
    })
    .compile();
  const { rows } = await pool.query<{
    hits: { id: string }[] | null;
    total: string;
    pain_point: Record<string, number> | null;
    subsidiary: Record<string, number> | null;
    discipline: Record<string, number> | null;
    sector: Record<string, number> | null;
    technology: Record<string, number> | null;
    year: Record<string, number> | null;
    featured: Record<string, number> | null;
  }>(
    `with m as (${matches.sql})
    select
      (select json_agg(x) from (select m.id from m join solutions s on s.id = m.id
         order by m.rank desc, s.published_at desc limit 10) x) as hits,
      (select count(*) from m) as total,
      (select json_object_agg(slug, c) from (select p.slug, count(*) c from m
         join solution_pain_points spp on spp.solution_id = m.id join pain_points p on p.id = spp.pain_point_id
         group by p.slug) f) as pain_point,
      (select json_object_agg(code, c) from (select sub.code, count(*) c from m join solutions s on s.id = m.id
         join subsidiaries sub on sub.id = s.subsidiary_id group by sub.code) f) as subsidiary,
      (select json_object_agg(d, c) from (select unnest(s.disciplines) d, count(*) c from m
         join solutions s on s.id = m.id group by 1) f) as discipline,
      (select json_object_agg(coalesce(sector, ''), c) from (select s.sector, count(*) c from m
         join solutions s on s.id = m.id group by s.sector) f) as sector,
      (select json_object_agg(name, c) from (select t.name, count(*) c from m
         join solution_technologies st on st.solution_id = m.id join technologies t on t.id = st.technology_id
         group by t.name) f) as technology,
      (select json_object_agg(coalesce(year::text, ''), c) from (select s.year, count(*) c from m
         join solutions s on s.id = m.id group by s.year) f) as year,
      (select json_object_agg(featured::text, c) from (select s.featured, count(*) c from m
         join solutions s on s.id = m.id group by s.featured) f) as featured`,
    [...matches.parameters],
  );
  const row = rows[0]!;
  return {
    ids: (row.hits ?? []).map((h) => h.id),
    total: Number(row.total),
    facets: {
      painPoint: row.pain_point,
      subsidiary: row.subsidiary,
      discipline: row.discipline,
      sector: row.sector,
      technology: row.technology,
      year: row.year,
      featured: row.featured,
    },
  };
}
