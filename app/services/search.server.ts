import type { MultiSearchResponse, SearchResponse } from "meilisearch";
import { getDb, type Db } from "~/lib/db.server";
import { getLogger } from "~/lib/logger.server";
import { currentFactMirror, factMirrorReadAfter, type FactMirror } from "~/lib/solution-fact-mirror.server";
import type { Locale } from "~/lib/i18n";
import { escapeHtml, hasHighlight, highlightToHtml, plainSnippet } from "~/lib/search-highlight";
import { solutionsIndexUid } from "~/lib/search-index.server";
import {
  hasActiveFilters,
  SEARCH_FACETS,
  type SearchFacet,
  type SearchFilters,
  type SearchQuery,
} from "~/lib/search-params";
import { getSearch } from "~/lib/search.server";
import { isSearchUnavailableError } from "~/lib/search-errors.server";
import {
  buildSolutionSearchPlan,
  facetAttribute,
  quoteFilterValue,
  type RetrievedSolution,
} from "~/lib/solution-search-request.server";
import type { SessionUser } from "~/lib/session.server";
import {
  findPainPointsByWords,
  findPainPointSlug,
  findSubsidiaryCode,
  getSearchLabels,
  type SearchLabels,
} from "~/models/search-labels.server";
import { getSolutionPermissionFacts } from "~/models/solution-permission-facts.server";
import {
  fallbackSearchSolutions,
  findSolutionsSharingPainPoints,
  getSolutionText,
  readSearchFreshness,
  loadSolutionCards,
  type SolutionCardRow,
} from "~/models/solution-search.server";
import { conditionToMeiliFilter, UnsafeFilterValueError, type Condition } from "~/policies/condition";
import { can } from "~/policies/policy";
import type { Actor } from "~/policies/roles";
import { listableSolutions } from "~/policies/solution-visibility";
import { ServiceError, ValidationError } from "./errors";

/**
 * Searching write-ups. Every query is filtered by the reader's permission rule (the same Condition
 * the catalog uses), and every hit is checked again against PostgreSQL's current state before it is
 * returned. While Meilisearch is unreachable a basic PostgreSQL search answers instead (`degraded`).
 */

export class SearchFailedError extends ServiceError {
  constructor(message = "Search failed; try again in a moment.") {
    super(500, "search_failed", message);
  }
}

export interface SearchHit {
  id: string;
  slug: string;
  title: string;
  summary: string;
  year: number | null;
  reuseCount: number;
  featured: boolean;
  publishedAt: string | null;
  subsidiary: { code: string; name: string };
  painPoints: { slug: string; name: string }[];
  /** Safe HTML: escaped text with <mark> around matches. */
  highlights: { title: string; snippet: string };
}

export interface FacetCount {
  value: string;
  label: string;
  count: number;
  selected: boolean;
}

export interface PainPointFacetGroup {
  area: string;
  label: string;
  values: FacetCount[];
}

export interface SearchResult {
  query: SearchQuery;
  hits: SearchHit[];
  total: number;
  totalPages: number;
  processingTimeMs: number;
  facets: Record<SearchFacet, FacetCount[]>;
  /** The pain point facet, grouped by area in taxonomy order. */
  painPointGroups: PainPointFacetGroup[];
  /** For each active facet: how many results there would be without it (to suggest removing one). */
  totalWithout: Partial<Record<SearchFacet, number>>;
  /** When nothing matched: pain points that come closest to the query. */
  closestPainPoints: FacetCount[];
  /** True when Meilisearch was unreachable and PostgreSQL answered (no typo tolerance, no facet counts). */
  degraded: boolean;
}

export interface SearchOptions {
  locale: Locale;
  db?: Db;
}

type Hit = RetrievedSolution & {
  _formatted?: Partial<Record<"title" | "summary" | "bodyText", string>>;
};

const SEARCH_TIMEOUT_MS = 5_000;

/** Meilisearch could not be reached: the caller may answer from PostgreSQL instead. */
class SearchUnavailableError extends Error {
  override name = "SearchUnavailableError";
}

/** Runs one Meilisearch call, sorting its failures into "unreachable" and "refused" (never a fallback). */
async function callMeilisearch<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isSearchUnavailableError(error))
      throw new SearchUnavailableError("Meilisearch is unreachable", { cause: error });
    getLogger().error({ err: error }, "Meilisearch refused a search");
    throw new SearchFailedError();
  }
}

function localName(locale: Locale, names: { nameEn: string; nameZh: string }): string {
  return locale === "zh" ? names.nameZh || names.nameEn : names.nameEn || names.nameZh;
}

/** The permission filter for Meilisearch; undefined when the reader may see nothing at all. */
function permissionFilter(actor: Actor): { condition: Condition; filter: string | undefined } | undefined {
  const condition = listableSolutions(actor);
  let plan;
  try {
    plan = conditionToMeiliFilter(condition);
  } catch (error) {
    // Never fall back to an unfiltered search.
    if (error instanceof UnsafeFilterValueError) {
      getLogger().error({ err: error }, "search permission filter could not be built");
      throw new SearchFailedError("Search could not apply your permissions.");
    }
    throw error;
  }
  if (plan.match === "none") return undefined;
  return { condition, filter: plan.match === "filter" ? plan.filter : undefined };
}

function emptyResult(query: SearchQuery, degraded = false): SearchResult {
  return {
    query,
    hits: [],
    total: 0,
    totalPages: 0,
    processingTimeMs: 0,
    facets: Object.fromEntries(SEARCH_FACETS.map((f) => [f, []])) as unknown as Record<SearchFacet, FacetCount[]>,
    painPointGroups: [],
    totalWithout: {},
    closestPainPoints: [],
    degraded,
  };
}

/**
 * Names typed by API clients become the values the index stores: a pain point's slug (from its slug,
 * or exact English or Chinese name), a subsidiary's code (from its code or exact name). Unknown
 * values are a 400 naming them.
 */
export async function resolveSearchFilters(filters: SearchFilters, db: Db = getDb()): Promise<SearchFilters> {
  const labels = await getSearchLabels(db, { painPoints: filters.painPoint, subsidiaries: filters.subsidiary });
  const problems: Record<string, string[]> = {};
  const resolve = (facet: "painPoint" | "subsidiary", find: (labels: SearchLabels, v: string) => string | undefined) =>
    filters[facet].map((value) => {
      const found = find(labels, value);
      if (!found) (problems[facet] ??= []).push(`unknown ${facet} "${value}"`);
      return found ?? value;
    });
  const resolved = {
    ...filters,
    painPoint: [...new Set(resolve("painPoint", findPainPointSlug))],
    subsidiary: [...new Set(resolve("subsidiary", findSubsidiaryCode))],
  };
  if (Object.keys(problems).length > 0) {
    throw new ValidationError(problems, Object.values(problems).flat().join("; "), "invalid_filter");
  }
  return resolved;
}

/** The in-memory permission facts a search may check its hits against, as its freshness check found them. */
interface MirrorCheck {
  mirror: FactMirror;
  /** The freshness check found a change since the mirror's snapshot, at this performance.now(). */
  changedAt: number | null;
}

/**
 * Keeps the hits the actor may read by the permission facts PostgreSQL holds now: from the exact
 * in-memory copy when the search has one (decision 012), else read from PostgreSQL.
 */
async function recheckHits<T extends { id: string }>(
  db: Db,
  actor: Actor,
  hits: T[],
  check?: MirrorCheck,
): Promise<T[]> {
  const facts = !check
    ? await getSolutionPermissionFacts(
        db,
        hits.map((h) => h.id),
      )
    : check.changedAt === null
      ? check.mirror.facts
      : (await factMirrorReadAfter(db, check.changedAt)).facts;
  return hits.filter((hit) => {
    const current = facts.get(hit.id);
    return current !== undefined && current.status === "published" && can(actor, "solution.read", current);
  });
}

function snippetFor(hit: Hit): string {
  const formatted = hit._formatted ?? {};
  if (!hasHighlight(formatted.summary) && hasHighlight(formatted.bodyText)) return highlightToHtml(formatted.bodyText!);
  return highlightToHtml(formatted.summary ?? hit.summary);
}

/** A hit's subsidiary and pain points by their names in the taxonomy (the code or slug if unknown). */
function labelled(
  subsidiaryCode: string,
  painPointSlugs: readonly string[],
  labels: SearchLabels,
  locale: Locale,
): Pick<SearchHit, "subsidiary" | "painPoints"> {
  const subsidiary = labels.subsidiaries.get(subsidiaryCode);
  return {
    subsidiary: { code: subsidiaryCode, name: subsidiary ? localName(locale, subsidiary) : subsidiaryCode },
    painPoints: painPointSlugs.map((slug) => {
      const label = labels.painPoints.get(slug);
      return { slug, name: label ? localName(locale, label) : slug };
    }),
  };
}

function toHit(hit: Hit, labels: SearchLabels, locale: Locale): SearchHit {
  return {
    id: hit.id,
    slug: hit.slug,
    title: hit.title,
    summary: hit.summary,
    year: hit.year,
    reuseCount: hit.reuseCount,
    featured: hit.featured,
    publishedAt: hit.publishedAt === null ? null : new Date(hit.publishedAt * 1000).toISOString(),
    ...labelled(hit.subsidiary.code, hit.painPointSlugs, labels, locale),
    highlights: { title: highlightToHtml(hit._formatted?.title ?? hit.title), snippet: snippetFor(hit) },
  };
}

function cardToHit(card: SolutionCardRow, labels: SearchLabels, locale: Locale): SearchHit {
  return {
    id: card.id,
    slug: card.slug,
    title: card.title,
    summary: card.summary,
    year: card.year,
    reuseCount: card.reuseCount,
    featured: card.featured,
    publishedAt: card.publishedAt?.toISOString() ?? null,
    ...labelled(card.subsidiaryCode, card.painPointSlugs, labels, locale),
    highlights: { title: escapeHtml(card.title), snippet: plainSnippet(card.summary) },
  };
}

function facetLabel(facet: SearchFacet, value: string, labels: SearchLabels, locale: Locale): string {
  if (facet === "painPoint") {
    const label = labels.painPoints.get(value);
    return label ? localName(locale, label) : value;
  }
  if (facet === "subsidiary") {
    const label = labels.subsidiaries.get(value);
    return label ? localName(locale, label) : value;
  }
  return value;
}

function facetCounts(
  facet: SearchFacet,
  distribution: Record<string, number>,
  selected: readonly string[],
  labels: SearchLabels,
  locale: Locale,
): FacetCount[] {
  const counts = new Map(Object.entries(distribution));
  // A ticked value stays listed (so it can be unticked) even when nothing matches it any more.
  for (const value of selected) if (!counts.has(value)) counts.set(value, 0);
  return [...counts.entries()]
    .map(([value, count]) => ({
      value,
      label: facetLabel(facet, value, labels, locale),
      count,
      selected: selected.includes(value),
    }))
    .sort((a, b) =>
      facet === "year" ? Number(b.value) - Number(a.value) : b.count - a.count || a.label.localeCompare(b.label),
    );
}

function groupPainPoints(values: FacetCount[], labels: SearchLabels, locale: Locale): PainPointFacetGroup[] {
  const groups = new Map<string, PainPointFacetGroup & { position: number }>();
  for (const value of values) {
    const label = labels.painPoints.get(value.value);
    const area = label?.areaSlug ?? "";
    const group = groups.get(area) ?? {
      area,
      label: label ? localName(locale, { nameEn: label.areaNameEn, nameZh: label.areaNameZh }) : "",
      values: [],
      position: label?.areaPosition ?? Number.MAX_SAFE_INTEGER,
    };
    group.values.push(value);
    groups.set(area, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.position - b.position || a.label.localeCompare(b.label))
    .map(({ area, label, values: v }) => ({ area, label, values: v }));
}

/** Pain points that come closest to a query that found nothing: by the query alone, else by name. */
async function closestPainPoints(
  db: Db,
  query: SearchQuery,
  filter: string | undefined,
  locale: Locale,
): Promise<FacetCount[]> {
  const response = (await getSearch()
    .client.index(solutionsIndexUid())
    .search(
      query.q,
      { filter: filter ? [filter] : undefined, facets: [facetAttribute("painPoint")], hitsPerPage: 0, page: 1 },
      { signal: AbortSignal.timeout(SEARCH_TIMEOUT_MS) },
    )) as SearchResponse;
  let slugs = Object.entries(response.facetDistribution?.[facetAttribute("painPoint")] ?? {})
    .sort(([, a], [, b]) => b - a)
    .slice(0, 5);
  if (slugs.length === 0 && query.q) {
    slugs = (await findPainPointsByWords(db, query.q.split(" "))).map((slug) => [slug, 0]);
  }
  const labels = await getSearchLabels(db, { painPoints: slugs.map(([slug]) => slug) });
  return slugs.map(([value, count]) => ({
    value,
    count,
    label: facetLabel("painPoint", value, labels, locale),
    selected: query.filters.painPoint.includes(value),
  }));
}

/**
 * At most this many write-ups are left out by id while their documents catch up (a larger backlog of
 * hidden ones is rare: the page-level re-check below still guards the hits).
 */
const MAX_HIDDEN_PENDING = 500;

/** The permission filter, also leaving out these write-ups by id. */
function withExclusions(filter: string | undefined, ids: readonly string[]): string | undefined {
  if (ids.length === 0) return filter;
  const exclusion = `NOT id IN [${ids.map(quoteFilterValue).join(", ")}]`;
  return filter ? `(${filter}) AND ${exclusion}` : exclusion;
}

async function searchWithMeilisearch(
  db: Db,
  actor: Actor,
  query: SearchQuery,
  permission: { condition: Condition; filter: string | undefined },
  locale: Locale,
): Promise<{ result: SearchResult; filter: string | undefined }> {
  const run = (filter: string | undefined) => {
    const plan = buildSolutionSearchPlan({ indexUid: solutionsIndexUid(), query, permissionFilter: filter });
    return callMeilisearch(() =>
      getSearch().client.multiSearch({ queries: plan.queries }, { signal: AbortSignal.timeout(SEARCH_TIMEOUT_MS) }),
    ).then((response) => ({ plan, response: response as MultiSearchResponse<Record<string, unknown>> }));
  };
  // Beside Meilisearch, so the usual case costs no extra time: the write-ups this reader may no longer
  // see whose documents are about to change, and whether the in-memory permission facts are current.
  const mirror = currentFactMirror(db);
  const [first, freshness] = await Promise.all([
    run(permission.filter),
    readSearchFreshness(db, permission.condition, MAX_HIDDEN_PENDING, mirror?.snapshot ?? null).then((f) => ({
      ...f,
      learntAt: performance.now(),
    })),
  ]);
  const hidden = freshness.hiddenIds;
  // Their documents still match the filter for a moment; ask again without them, so that no total or
  // facet count (a confidential write-up's only technology, say) counts them.
  const filter = withExclusions(permission.filter, hidden);
  const { plan, response } = hidden.length > 0 ? await run(filter) : first;
  const [main, ...facetResults] = response.results as unknown as SearchResponse<Hit>[];
  if (!main) throw new SearchFailedError();

  const allowed = await recheckHits(
    db,
    actor,
    main.hits,
    mirror && { mirror, changedAt: freshness.factsChanged ? freshness.learntAt : null },
  );
  const dropped = main.hits.length - allowed.length;
  if (dropped > 0) getLogger().info({ dropped }, "search hits removed by the permission re-check");

  const distributions: Partial<Record<SearchFacet, Record<string, number>>> = {};
  for (const facet of SEARCH_FACETS) {
    const fromMain = main.facetDistribution?.[facetAttribute(facet)];
    if (fromMain) distributions[facet] = fromMain;
  }
  const totalWithout: Partial<Record<SearchFacet, number>> = {};
  plan.disjunctiveFacets.forEach((facet, i) => {
    const result = facetResults[i];
    distributions[facet] = result?.facetDistribution?.[facetAttribute(facet)] ?? {};
    totalWithout[facet] = result?.totalHits ?? 0;
  });

  // The facets' values and the hits' (which name their pain points and subsidiary by slug and code).
  const labels = await getSearchLabels(db, {
    painPoints: [...Object.keys(distributions.painPoint ?? {}), ...allowed.flatMap((hit) => hit.painPointSlugs)],
    subsidiaries: [...Object.keys(distributions.subsidiary ?? {}), ...allowed.map((hit) => hit.subsidiary.code)],
  });
  const facets = Object.fromEntries(
    SEARCH_FACETS.map((facet) => [
      facet,
      facetCounts(facet, distributions[facet] ?? {}, query.filters[facet], labels, locale),
    ]),
  ) as Record<SearchFacet, FacetCount[]>;
  const total = Math.max(0, (main.totalHits ?? 0) - dropped);
  const result: SearchResult = {
    query,
    hits: allowed.map((hit) => toHit(hit, labels, locale)),
    total,
    totalPages: Math.ceil(total / query.limit),
    processingTimeMs: 0,
    facets,
    painPointGroups: groupPainPoints(facets.painPoint, labels, locale),
    totalWithout,
    closestPainPoints: [],
    degraded: false,
  };
  return { result, filter };
}

async function searchWithPostgres(
  db: Db,
  condition: Condition,
  query: SearchQuery,
  locale: Locale,
): Promise<SearchResult> {
  const { rows, total } = await fallbackSearchSolutions(db, condition, query);
  const labels = await getSearchLabels(db, {
    painPoints: rows.flatMap((r) => r.painPointSlugs),
    subsidiaries: rows.map((r) => r.subsidiaryCode),
  });
  const result = emptyResult(query, true);
  // Active filters stay visible (and removable) even though there are no counts.
  for (const facet of SEARCH_FACETS)
    result.facets[facet] = facetCounts(facet, {}, query.filters[facet], labels, locale);
  result.painPointGroups = groupPainPoints(result.facets.painPoint, labels, locale);
  return {
    ...result,
    hits: rows.map((row) => cardToHit(row, labels, locale)),
    total,
    totalPages: Math.ceil(total / query.limit),
  };
}

/**
 * Searches published write-ups the actor may read. Throws SearchFailedError when the permission
 * filter cannot be built or Meilisearch rejects the request; answers from PostgreSQL (`degraded`)
 * when Meilisearch cannot be reached.
 */
export async function searchSolutions(
  actor: SessionUser | Actor,
  query: SearchQuery,
  options: SearchOptions,
): Promise<SearchResult> {
  const started = performance.now();
  const db = options.db ?? getDb();
  const permission = permissionFilter(actor);
  if (!permission) return emptyResult(query);

  let result: SearchResult;
  let filter = permission.filter;
  try {
    ({ result, filter } = await searchWithMeilisearch(db, actor, query, permission, options.locale));
  } catch (error) {
    if (!(error instanceof SearchUnavailableError)) throw error;
    getLogger().warn({ err: error.cause }, "Meilisearch unreachable: searching PostgreSQL instead");
    result = await searchWithPostgres(db, permission.condition, query, options.locale);
  }

  if (result.total === 0 && !result.degraded && (query.q || hasActiveFilters(query.filters))) {
    try {
      result.closestPainPoints = await closestPainPoints(db, query, filter, options.locale);
    } catch (error) {
      getLogger().warn({ err: error }, "could not suggest pain points");
    }
  }
  result.processingTimeMs = Math.round(performance.now() - started);
  return result;
}

export interface RelatedSolution {
  id: string;
  slug: string;
  title: string;
  summary: string;
  subsidiary: { code: string; name: string };
  painPoints: { slug: string; name: string }[];
  /** How many pain points it shares with the write-up being read (0: found by similar text). */
  sharedPainPoints: number;
}

/**
 * Up to `limit` write-ups related to this one that the actor may read: those sharing the most pain
 * points first, then ones with similar text (Meilisearch, searched with the title and summary). An
 * empty list when the actor may not read the write-up itself.
 */
export async function findRelatedSolutions(
  actor: SessionUser | Actor,
  solutionId: string,
  limit = 5,
  options: SearchOptions = { locale: "en" },
): Promise<RelatedSolution[]> {
  const db = options.db ?? getDb();
  const facts = (await getSolutionPermissionFacts(db, [solutionId])).get(solutionId);
  if (!facts || !can(actor, "solution.read", facts)) return [];
  const permission = permissionFilter(actor);
  if (!permission) return [];

  const shared = await findSolutionsSharingPainPoints(db, permission.condition, solutionId, limit);
  const picked = new Map(shared.map((s) => [s.id, s.shared]));

  if (picked.size < limit) {
    const source = await getSolutionText(db, solutionId);
    const exclude = [solutionId, ...picked.keys()];
    try {
      const response = (await getSearch()
        .client.index(solutionsIndexUid())
        .search(
          `${source?.title ?? ""} ${source?.summary ?? ""}`.slice(0, 300),
          {
            filter: [
              ...(permission.filter ? [permission.filter] : []),
              `NOT id IN [${exclude.map(quoteFilterValue).join(", ")}]`,
            ],
            matchingStrategy: "frequency",
            attributesToRetrieve: ["id"],
            limit: limit - picked.size,
          },
          { signal: AbortSignal.timeout(SEARCH_TIMEOUT_MS) },
        )) as SearchResponse<{ id: string }>;
      for (const hit of await recheckHits(db, actor, response.hits)) picked.set(hit.id, 0);
    } catch (error) {
      // Related write-ups are a nicety: the page works without the "similar text" half.
      getLogger().warn({ err: error }, "related write-ups by text unavailable");
    }
  }

  const cards = await loadSolutionCards(db, [...picked.keys()]);
  const labels = await getSearchLabels(db, {
    painPoints: cards.flatMap((c) => c.painPointSlugs),
    subsidiaries: cards.map((c) => c.subsidiaryCode),
  });
  return cards.slice(0, limit).map((card) => {
    const hit = cardToHit(card, labels, options.locale);
    return {
      id: hit.id,
      slug: hit.slug,
      title: hit.title,
      summary: hit.summary,
      subsidiary: hit.subsidiary,
      painPoints: hit.painPoints,
      sharedPainPoints: picked.get(card.id) ?? 0,
    };
  });
}
