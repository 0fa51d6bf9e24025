import { now } from "~/lib/clock.server";
import { currentCatalogFacts } from "~/lib/catalog-snapshot.server";
import type { Db } from "~/lib/db.server";
import type { SessionUser } from "~/lib/session.server";
import { DISCIPLINES, SECTORS, SOLUTION_LIMITS } from "~/lib/solution-fields";
import {
  CATALOG_SORTS,
  findCatalogItems,
  getTechnologyNames,
  type CatalogFilters,
  type CatalogSort,
  type FacetCounts,
} from "~/models/catalog.server";
import { listTaxonomy } from "~/models/pain-point.server";
import { buildPainPointLookup, loadPainPointAliases, type PainPointLookup } from "~/models/pain-point-lookup.server";
import { listSubsidiaries } from "~/models/subsidiary.server";
import type { CountOptions } from "~/models/catalog-counts.server";
import { listCoAuthors } from "~/models/catalog-facts.server";
import { conditionAuthorIds, type Condition } from "~/policies/condition";
import { listableSolutions } from "~/policies/solution-visibility";
import { ValidationError } from "./errors";

export const CATALOG_PAGE_SIZE = 20;
const MAX_VALUES_PER_FILTER = 20;

/** The catalog request as the URL states it (slugs, codes, names), before resolving to ids. */
export interface CatalogRequest {
  painPoint: string[];
  subsidiary: string[];
  discipline: string[];
  sector: string[];
  technology: string[];
  year: string[];
  sort?: string | null;
  page?: string | null;
  limit?: string | null;
  asOf?: string | null;
}

export function readCatalogRequest(params: URLSearchParams): CatalogRequest {
  const all = (key: string) =>
    params
      .getAll(key)
      .map((v) => v.trim())
      .filter(Boolean)
      .slice(0, MAX_VALUES_PER_FILTER);
  return {
    painPoint: all("painPoint"),
    subsidiary: all("subsidiary"),
    discipline: all("discipline"),
    sector: all("sector"),
    technology: all("technology"),
    year: all("year"),
    sort: params.get("sort"),
    page: params.get("page"),
    limit: params.get("limit"),
    asOf: params.get("asOf"),
  };
}

interface ResolveOptions {
  /** The API refuses unknown values (400); the page drops them and says so. */
  strict: boolean;
  pageSize?: number;
}

type Taxonomy = Awaited<ReturnType<typeof listTaxonomy>>;
type Subsidiaries = Awaited<ReturnType<typeof listSubsidiaries>>;

/**
 * Loads the catalog for a user: everything is filtered by the same visibility rule as every other list
 * (listableSolutions), so a confidential write-up never shows up or counts for outsiders.
 */
export async function browseCatalog(db: Db, actor: SessionUser, request: CatalogRequest, options: ResolveOptions) {
  const [taxonomy, subsidiaries, aliases] = await Promise.all([
    listTaxonomy(db, { includeRetired: true }),
    listSubsidiaries(db, { includeArchived: true }),
    request.painPoint.length ? loadPainPointAliases(db, request.painPoint) : undefined,
  ]);
  const unknown: { filter: string; value: string }[] = [];
  const findPainPoint = aliases ? buildPainPointLookup(aliases.painPoints, aliases.formerSlugs) : () => undefined;
  const filters = resolveFilters(request, subsidiaries, findPainPoint, unknown);
  if (options.strict && unknown.length) {
    throw new ValidationError(
      Object.fromEntries(unknown.map((u) => [u.filter, [`Unknown ${u.filter}: ${u.value}`]])),
      `Unknown filter value: ${unknown.map((u) => `${u.filter}=${u.value}`).join(", ")}`,
      "bad_filter",
    );
  }
  const sort = (CATALOG_SORTS as readonly string[]).includes(request.sort ?? "")
    ? (request.sort as CatalogSort)
    : "newest";
  if (options.strict && request.sort && sort !== request.sort) {
    throw new ValidationError(
      { sort: [`sort must be one of ${CATALOG_SORTS.join(", ")}`] },
      "Unknown sort.",
      "bad_sort",
    );
  }
  const pageSize = options.pageSize ?? CATALOG_PAGE_SIZE;
  const page = readPositiveInt(request.page, 1, 10_000);
  if (options.strict && request.page && page === null)
    throw new ValidationError({ page: ["page must be a whole number from 1"] }, "Bad page.", "bad_page");
  const asOf = readAsOf(request.asOf);
  const query = { visible: await listableFor(db, actor), filters, sort, page: page ?? 1, pageSize, asOf };
  // Items are an indexed top-N read from PostgreSQL; the counts come from the in-memory facts of every
  // published write-up (see catalog-snapshot.server.ts), checked with the same visibility rule.
  const areas = taxonomy.map((area) => ({ id: area.id, painPointIds: area.painPoints.map((p) => p.id) }));
  const [rows, { total, facets }] = await Promise.all([
    findCatalogItems(db, query),
    countListable(db, query.visible, { filters, asOf: asOf.getTime(), areas }),
  ]);
  const technologyNames = await getTechnologyNames(db, [
    ...new Set([...facets.technology.keys(), ...filters.technology]),
  ]);
  const painPointsById = new Map(
    taxonomy.flatMap((area) => area.painPoints.map((p) => [p.id, { ...p, area }] as const)),
  );

  return {
    items: rows.map((row) => ({
      ...row,
      painPoints: row.painPointIds
        .map((id) => painPointsById.get(id))
        .filter((p): p is NonNullable<typeof p> => Boolean(p))
        .map((p) => ({ id: p.id, slug: p.slug, nameEn: p.nameEn, nameZh: p.nameZh })),
    })),
    total,
    page: query.page,
    pageSize,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    sort,
    asOf: asOf.toISOString(),
    filters,
    /** The pain-point filter under current slugs (a former slug, merged pain point or name resolved). */
    painPointSlugs: [
      ...new Set(
        request.painPoint.map((v) => findPainPoint(v)?.slug).filter((slug): slug is string => slug !== undefined),
      ),
    ],
    unknown,
    facets: describeFacets(facets, filters, taxonomy, subsidiaries, technologyNames),
  };
}

/**
 * The total and facet counts of what `visible` lets the reader list, counted over the in-memory facts
 * of every published write-up (see catalog-snapshot.server.ts) with the rule's own JavaScript
 * interpreter. Its "or anything they co-author" part is answered by one indexed query.
 */
async function countListable(db: Db, visible: Condition, options: Omit<CountOptions, "visible" | "coAuthors">) {
  const [facts, coAuthors] = await Promise.all([
    currentCatalogFacts(db),
    listCoAuthors(db, conditionAuthorIds(visible)),
  ]);
  return facts.count({ ...options, visible, coAuthors });
}

/**
 * The visibility rule, without its "or anything they co-author" clause when that clause adds nothing
 * (the user co-authors no published confidential write-up of another subsidiary, the usual case): the
 * same rows, without a co-author subquery in the items query or a co-author lookup for the counts.
 */
async function listableFor(db: Db, actor: SessionUser) {
  const rule = listableSolutions(actor);
  if (actor.role !== "member") return rule;
  const foreign = await db
    .selectFrom("solutionAuthors")
    .innerJoin("solutions", "solutions.id", "solutionAuthors.solutionId")
    .select("solutions.id")
    .where("solutionAuthors.userId", "=", actor.id)
    .where("solutions.status", "=", "published")
    .where("solutions.visibility", "=", "subsidiary")
    .where("solutions.subsidiaryId", "!=", actor.subsidiaryId)
    .limit(1)
    .executeTakeFirst();
  return foreign ? rule : withoutAuthorClause(rule);
}

function withoutAuthorClause(condition: Condition): Condition {
  if (condition.kind === "and" || condition.kind === "or") {
    return { ...condition, of: condition.of.filter((c) => c.kind !== "contains").map(withoutAuthorClause) };
  }
  return condition;
}

function readPositiveInt(value: string | null | undefined, fallback: number, max: number): number | null {
  if (value === null || value === undefined || value === "") return fallback;
  if (!/^\d{1,6}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= max ? n : null;
}

/** A list's snapshot time from the URL (`asOf`): now when absent, in the future or not a time. */
export function readAsOf(value: string | null | undefined): Date {
  const current = now();
  if (!value) return current;
  const date = new Date(value);
  // A future or nonsense snapshot time would hide nothing or everything: use now instead.
  return Number.isNaN(date.getTime()) || date > current ? current : date;
}

function resolveFilters(
  request: CatalogRequest,
  subsidiaries: Subsidiaries,
  findPainPoint: PainPointLookup,
  unknown: { filter: string; value: string }[],
): CatalogFilters {
  const resolve = <T>(filter: string, values: string[], find: (value: string) => T | undefined): T[] => {
    const out: T[] = [];
    for (const value of values) {
      const found = find(value);
      if (found === undefined) unknown.push({ filter, value });
      else if (!out.includes(found)) out.push(found);
    }
    return out;
  };
  return {
    // A former slug or a merged pain point filters by the pain point it belongs to now.
    painPoint: resolve("painPoint", request.painPoint, (value) => findPainPoint(value)?.id),
    subsidiary: resolve("subsidiary", request.subsidiary, (value) => {
      const lower = value.toLowerCase();
      return subsidiaries.find(
        (s) => s.code.toLowerCase() === lower || s.nameEn.toLowerCase() === lower || s.nameZh === value,
      )?.id;
    }),
    discipline: resolve("discipline", request.discipline, (value) =>
      (DISCIPLINES as readonly string[]).includes(value) ? value : undefined,
    ),
    sector: resolve("sector", request.sector, (value) =>
      (SECTORS as readonly string[]).includes(value) ? value : undefined,
    ),
    technology: resolve("technology", request.technology, (value) =>
      value.length <= SOLUTION_LIMITS.technologyMax ? value.toLowerCase() : undefined,
    ),
    year: resolve("year", request.year, (value) =>
      /^\d{4}$/.test(value) && Number(value) >= SOLUTION_LIMITS.yearMin && Number(value) <= SOLUTION_LIMITS.yearMax
        ? Number(value)
        : undefined,
    ),
  };
}

function describeFacets(
  counts: FacetCounts,
  filters: CatalogFilters,
  taxonomy: Taxonomy,
  subsidiaries: Subsidiaries,
  technologyNames: Map<string, string>,
) {
  const option = (value: string, count: number, selected: boolean) => ({ value, count, selected });
  return {
    painPoints: taxonomy
      .map((area) => ({
        id: area.id,
        slug: area.slug,
        nameEn: area.nameEn,
        nameZh: area.nameZh,
        painPoints: area.painPoints
          .map((p) => ({
            id: p.id,
            slug: p.slug,
            nameEn: p.nameEn,
            nameZh: p.nameZh,
            count: counts.painPoint.get(p.id) ?? 0,
            selected: filters.painPoint.includes(p.id),
            retired: Boolean(p.retiredAt),
          }))
          // Retired pain points stay browsable only while write-ups carry them.
          .filter((p) => !p.retired || p.count > 0 || p.selected),
      }))
      // Distinct write-ups: one tagged with two pain points of this area counts once, not twice.
      .map((area) => ({ ...area, count: counts.area.get(area.id) ?? 0 }))
      .filter((area) => area.painPoints.length > 0),
    subsidiary: subsidiaries
      .filter((s) => !s.archivedAt || counts.subsidiary.has(s.id))
      .map((s) => ({
        ...option(s.code, counts.subsidiary.get(s.id) ?? 0, filters.subsidiary.includes(s.id)),
        nameEn: s.nameEn,
        nameZh: s.nameZh,
      })),
    discipline: DISCIPLINES.map((d) => option(d, counts.discipline.get(d) ?? 0, filters.discipline.includes(d))),
    sector: SECTORS.map((d) => option(d, counts.sector.get(d) ?? 0, filters.sector.includes(d))),
    technology: [...new Set([...counts.technology.keys(), ...filters.technology])]
      .map((key) => ({
        ...option(technologyNames.get(key) ?? key, counts.technology.get(key) ?? 0, filters.technology.includes(key)),
      }))
      .sort((a, b) => Number(b.selected) - Number(a.selected) || b.count - a.count || a.value.localeCompare(b.value)),
    year: [...new Set([...counts.year.keys(), ...filters.year.map(String)])]
      .sort((a, b) => Number(b) - Number(a))
      .map((y) => option(y, counts.year.get(y) ?? 0, filters.year.includes(Number(y)))),
  };
}

export type CatalogResult = Awaited<ReturnType<typeof browseCatalog>>;

/**
 * The catalog URL's query with its pain points under their current slugs, or null when it already is:
 * a bookmark to a former slug, a merged pain point or a name is sent on (301) to the URL that names the
 * pain point it means, so the filter chips and links built from the URL work. Unknown values stay (the
 * page says it dropped them).
 */
export function canonicalCatalogSearch(params: URLSearchParams, catalog: CatalogResult): string | null {
  if (catalog.unknown.some((u) => u.filter === "painPoint")) return null;
  const requested = params.getAll("painPoint");
  if (requested.length === catalog.painPointSlugs.length && requested.every((v, i) => v === catalog.painPointSlugs[i]))
    return null;
  const next = new URLSearchParams(params);
  next.delete("painPoint");
  for (const slug of catalog.painPointSlugs) next.append("painPoint", slug);
  return `?${next.toString()}`;
}
