import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import { prepared, type Database, type Db } from "~/lib/db.server";
import type { SearchFilters, SearchQuery } from "~/lib/search-params";
import type { Condition } from "~/policies/condition";
import { factsChangedSince } from "./solution-fact-changes.server";
import { conditionToSql } from "./solution-visibility.server";
import { isUuid } from "~/lib/uuid";

/**
 * Search-related reads from PostgreSQL: the cards shown for results, the fallback search used while
 * Meilisearch is unreachable, and related write-ups by shared pain points. Every list is filtered with
 * the permission Condition compiled to SQL.
 */
export interface SolutionCardRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  year: number | null;
  reuseCount: number;
  featured: boolean;
  publishedAt: Date | null;
  subsidiaryCode: string;
  painPointSlugs: string[];
}

type SolutionsEb = ExpressionBuilder<Database, "solutions">;

function cardQuery(db: Db) {
  return db
    .selectFrom("solutions")
    .innerJoin("subsidiaries", "subsidiaries.id", "solutions.subsidiaryId")
    .select([
      "solutions.id",
      "solutions.slug",
      "solutions.title",
      "solutions.summary",
      "solutions.year",
      "solutions.reuseCount",
      "solutions.featured",
      "solutions.publishedAt",
      "subsidiaries.code as subsidiaryCode",
    ])
    .select(
      sql<string[]>`array(
        select p.slug from solution_pain_points spp join pain_points p on p.id = spp.pain_point_id
        where spp.solution_id = solutions.id order by spp.position, p.slug)`.as("painPointSlugs"),
    );
}

/** Cards for these ids, in the order given (ids not found are skipped). */
export async function loadSolutionCards(db: Db, ids: readonly string[]): Promise<SolutionCardRow[]> {
  if (ids.length === 0) return [];
  const rows = await cardQuery(db)
    .where("solutions.id", "in", [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is SolutionCardRow => r !== undefined);
}

function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function matchesWord(eb: SolutionsEb, word: string): Expression<SqlBool> {
  const pattern = likePattern(word);
  return eb.or([
    eb("solutions.title", "ilike", pattern),
    eb("solutions.summary", "ilike", pattern),
    eb.exists(
      eb
        .selectFrom("solutionPainPoints as spp")
        .innerJoin("painPoints as p", "p.id", "spp.painPointId")
        .select(sql.lit(1).as("one"))
        .whereRef("spp.solutionId", "=", "solutions.id")
        .where((inner) => inner.or([inner("p.nameEn", "ilike", pattern), inner("p.nameZh", "ilike", pattern)])),
    ),
  ]);
}

function matchesFilters(eb: SolutionsEb, filters: SearchFilters): Expression<SqlBool>[] {
  const parts: Expression<SqlBool>[] = [];
  if (filters.painPoint.length > 0) {
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
  }
  if (filters.subsidiary.length > 0) {
    parts.push(
      eb.exists(
        eb
          .selectFrom("subsidiaries as sub")
          .select(sql.lit(1).as("one"))
          .whereRef("sub.id", "=", "solutions.subsidiaryId")
          .where("sub.code", "in", filters.subsidiary),
      ),
    );
  }
  if (filters.discipline.length > 0) {
    parts.push(sql<SqlBool>`${sql.ref("solutions.disciplines")} && ${sql.val(filters.discipline)}::text[]`);
  }
  if (filters.sector.length > 0) parts.push(eb("solutions.sector", "in", filters.sector));
  if (filters.technology.length > 0) {
    parts.push(
      eb.exists(
        eb
          .selectFrom("solutionTechnologies as st")
          .innerJoin("technologies as t", "t.id", "st.technologyId")
          .select(sql.lit(1).as("one"))
          .whereRef("st.solutionId", "=", "solutions.id")
          .where(
            sql`lower(t.name)`,
            "in",
            filters.technology.map((t) => t.toLowerCase()),
          ),
      ),
    );
  }
  if (filters.year.length > 0) parts.push(eb("solutions.year", "in", filters.year.map(Number)));
  const featured = [...new Set(filters.featured)];
  if (featured.length === 1) parts.push(eb("solutions.featured", "=", featured[0] === "true"));
  return parts;
}

/**
 * The basic search used while Meilisearch is unreachable: every word must appear in the title, the
 * summary or a pain point name (case-insensitive substring, so Chinese works too), with the same
 * filters and the same permission rule. No typo tolerance, no ranking beyond the chosen sort.
 */
export async function fallbackSearchSolutions(
  db: Db,
  condition: Condition,
  query: SearchQuery,
): Promise<{ rows: SolutionCardRow[]; total: number }> {
  const words = query.q.split(" ").filter(Boolean).slice(0, 8);
  const where = (eb: SolutionsEb) =>
    eb.and([
      conditionToSql(eb, condition),
      ...words.map((w) => matchesWord(eb, w)),
      ...matchesFilters(eb, query.filters),
    ]);

  let list = cardQuery(db).where(where);
  if (query.sort === "reused") list = list.orderBy("solutions.reuseCount", "desc");
  list = list.orderBy("solutions.publishedAt", (ob) => ob.desc().nullsLast()).orderBy("solutions.id");

  const [rows, count] = await Promise.all([
    list
      .limit(query.limit)
      .offset((query.page - 1) * query.limit)
      .execute(),
    db
      .selectFrom("solutions")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where(where)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.count) };
}

/** Every `size`-element subset of `items`, in order. */
function subsetsOfSize<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  if (items.length < size) return [];
  const [first, ...rest] = items as [T, ...T[]];
  return [...subsetsOfSize(rest, size - 1).map((subset) => [first, ...subset]), ...subsetsOfSize(rest, size)];
}

/**
 * Write-ups sharing pain points with this one: most shared first, then most reused, then newest. Asked
 * tier by tier (all of its pain points, then all but one, ...), each tier walking the "most reused"
 * order and stopping at `limit`: a popular pain point shared by thousands of write-ups then costs a few
 * index rows, where counting every shared tag first cost tens of milliseconds at 100,000 write-ups.
 * Exact: a tier is only asked when the tiers above held fewer than `limit` write-ups, all of them
 * taken, so a write-up first seen in tier k shares exactly k pain points.
 */
export async function findSolutionsSharingPainPoints(
  db: Db,
  condition: Condition,
  solutionId: string,
  limit: number,
): Promise<{ id: string; shared: number }[]> {
  const own = await db.selectFrom("solutions").select("painPointIds").where("id", "=", solutionId).executeTakeFirst();
  const mine = [...new Set(own?.painPointIds ?? [])];
  const picked = new Map<string, number>();
  for (let shared = mine.length; shared >= 1 && picked.size < limit; shared--) {
    const overlap = sql.join(
      subsetsOfSize(mine, shared).map((subset) => sql`solutions.pain_point_ids @> ${subset}::uuid[]`),
      sql` or `,
    );
    const rows = await db
      .selectFrom("solutions")
      .select("solutions.id")
      .where("solutions.id", "!=", solutionId)
      .where(sql<SqlBool>`(${overlap})`)
      .where((eb) => conditionToSql(eb, condition))
      .orderBy("solutions.reuseCount", "desc")
      .orderBy("solutions.publishedAt", (ob) => ob.desc().nullsLast())
      .orderBy("solutions.id", "desc")
      .limit(limit)
      .execute();
    for (const row of rows) if (!picked.has(row.id) && picked.size < limit) picked.set(row.id, shared);
  }
  return [...picked].map(([id, shared]) => ({ id, shared }));
}

/** The title and summary of a write-up: the text its "similar text" neighbours are searched with. */
export function getSolutionText(db: Db, id: string) {
  return db.selectFrom("solutions").select(["id", "title", "summary"]).where("id", "=", id).executeTakeFirst();
}

const PENDING_ROWS_EXAMINED = 2_000;

export interface SearchFreshness {
  /** Write-ups the reader may no longer list whose documents are about to change (see below). */
  hiddenIds: string[];
  /** Whether a write-up's permission facts changed since `factsSnapshot` (false when none was given). */
  factsChanged: boolean;
}

/**
 * What a search must know besides Meilisearch's answer, in one round trip that runs beside it:
 *
 * - Write-ups whose search documents are about to change (a pending outbox row) and which `condition`
 *   no longer lets the reader list: made confidential, archived or deleted a moment ago. Their
 *   documents may still say otherwise for about a second, so searches leave them out of hits, totals
 *   and facet counts alike. The pending write-ups come from the pending rows' partial index; only if
 *   there are any, a second query finds which of them the reader can no longer list. At most
 *   `PENDING_ROWS_EXAMINED` are looked at, so a large backlog (a new index filling, a renamed
 *   subsidiary) cannot slow every search down; the re-check of the hits still guards them.
 * - Whether the in-memory copy of the permission facts taken under `factsSnapshot` is still exact.
 */
export async function readSearchFreshness(
  db: Db,
  condition: Condition,
  limit: number,
  factsSnapshot: string | null,
): Promise<SearchFreshness> {
  // Every search runs this: a fixed, prepared statement.
  const { rows } = await sql<{ pending: string[]; factsChanged: boolean }>`${prepared("search-freshness")}
    select
      array(
        select distinct entity_id from search_outbox
        where processed_at is null and entity_type = 'solution'
        limit ${PENDING_ROWS_EXAMINED}) as pending,
      ${factsChangedSince(factsSnapshot)} as facts_changed`.execute(db);
  const row = rows[0]!;
  const factsChanged = factsSnapshot !== null && row.factsChanged;
  const ids = row.pending.filter((id) => isUuid(id));
  if (ids.length === 0) return { hiddenIds: [], factsChanged };
  const listable = await db
    .selectFrom("solutions")
    .select("id")
    .where("id", "in", ids)
    .where((eb) => conditionToSql(eb, condition))
    .execute();
  const stillListed = new Set(listable.map((r) => r.id));
  // Missing from `solutions` means deleted: hidden too.
  return { hiddenIds: ids.filter((id) => !stillListed.has(id)).slice(0, limit), factsChanged };
}
