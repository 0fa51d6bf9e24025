import type { MultiSearchQuery } from "meilisearch";
import { SOLUTION_FACET_ATTRIBUTES, type SolutionSearchDocument } from "../../search/solutions-index";
import { CROP_MARKER, HIGHLIGHT_POST, HIGHLIGHT_PRE } from "./search-highlight";
import { SEARCH_FACETS, type SearchFacet, type SearchFilters, type SearchQuery } from "./search-params";

export type { SolutionSearchDocument };

/** Our facet names and the index's must list the same facets. */
const FACET_ATTRIBUTES: Record<SearchFacet, string> = SOLUTION_FACET_ATTRIBUTES;

export function facetAttribute(facet: SearchFacet): string {
  return FACET_ATTRIBUTES[facet];
}

export function facetForAttribute(attribute: string): SearchFacet | undefined {
  return SEARCH_FACETS.find((facet) => FACET_ATTRIBUTES[facet] === attribute);
}

/**
 * A user-supplied value inside a Meilisearch filter string: double-quoted, with backslashes and quotes
 * escaped (Meilisearch's filter grammar). Values are length-checked and free of control characters by
 * `parseSearchQuery` before they get here.
 */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Several values of one facet are alternatives (OR); facets combine with AND. */
export function facetFilter(facet: SearchFacet, values: readonly string[]): string | undefined {
  if (values.length === 0) return undefined;
  if (facet === "featured") {
    const wanted = [...new Set(values)];
    return wanted.length === 2 ? undefined : `featured = ${wanted[0] === "true" ? "true" : "false"}`;
  }
  return `${FACET_ATTRIBUTES[facet]} IN [${values.map(quoteFilterValue).join(", ")}]`;
}

function filtersExcept(filters: SearchFilters, except?: SearchFacet): string[] {
  return SEARCH_FACETS.filter((facet) => facet !== except)
    .map((facet) => facetFilter(facet, filters[facet]))
    .filter((f): f is string => f !== undefined);
}

/**
 * What a hit carries back: what a result card shows, a nested field by its dot path. Meilisearch
 * sends each retrieved attribute twice (as stored and in `_formatted`), so every unneeded field costs
 * twice to serialise, send and parse. The names of pain points and subsidiaries come from the
 * taxonomy the search already holds in memory, by slug and code. The permission re-check needs only
 * the id: it reads the facts from PostgreSQL's current state, not from the document (decision 012).
 */
export const RETRIEVED_ATTRIBUTES = [
  "id",
  "slug",
  "title",
  "summary",
  "painPointSlugs",
  "subsidiary.code",
  "year",
  "reuseCount",
  "featured",
  "publishedAt",
] as const;

/**
 * The part of `T` that the attribute paths `P` select: a plain name keeps that field, a dot path
 * ("subsidiary.code") keeps that part of a nested object, as Meilisearch's `attributesToRetrieve` does.
 */
type Retrieved<T, P extends string> = {
  [K in keyof T & string as K extends P ? K : P extends `${K}.${string}` ? K : never]: K extends P
    ? T[K]
    : Retrieved<T[K], P extends `${K}.${infer Rest}` ? Rest : never>;
};

/** A hit's stored fields, as RETRIEVED_ATTRIBUTES selects them (derived, so the two cannot disagree). */
export type RetrievedSolution = Retrieved<SolutionSearchDocument, (typeof RETRIEVED_ATTRIBUTES)[number]>;

const SORTS: Record<SearchQuery["sort"], string[] | undefined> = {
  relevance: undefined,
  newest: ["publishedAt:desc"],
  reused: ["reuseCount:desc", "publishedAt:desc"],
};

export interface SolutionSearchPlan {
  queries: MultiSearchQuery[];
  /** For each query after the first, the facet whose own filter it leaves out. */
  disjunctiveFacets: SearchFacet[];
}

/**
 * One multi-search request: the first query returns the page of hits and the counts of facets that
 * have no active value; each facet with active values gets its own query without its own filter, so
 * its counts show what ticking another value would add (OR within a facet, AND across facets). Every
 * query carries the permission filter, so no count ever includes a write-up the reader may not see.
 */
export function buildSolutionSearchPlan(options: {
  indexUid: string;
  query: SearchQuery;
  permissionFilter: string | undefined;
}): SolutionSearchPlan {
  const { query, indexUid } = options;
  const base = options.permissionFilter ? [options.permissionFilter] : [];
  const active = SEARCH_FACETS.filter((facet) => facetFilter(facet, query.filters[facet]) !== undefined);
  const main: MultiSearchQuery = {
    indexUid,
    q: query.q,
    filter: [...base, ...filtersExcept(query.filters)],
    facets: SEARCH_FACETS.filter((facet) => !active.includes(facet)).map(facetAttribute),
    page: query.page,
    hitsPerPage: query.limit,
    attributesToRetrieve: [...RETRIEVED_ATTRIBUTES],
    // Without a query nothing matches: skip the body, whose cropping is the costliest part of a search.
    attributesToHighlight: query.q ? ["title", "summary", "bodyText"] : ["title", "summary"],
    attributesToCrop: query.q ? ["summary:40", "bodyText:30"] : ["summary:40"],
    cropMarker: CROP_MARKER,
    highlightPreTag: HIGHLIGHT_PRE,
    highlightPostTag: HIGHLIGHT_POST,
  };
  const sort = SORTS[query.sort];
  if (sort) main.sort = sort;
  const facetQueries: MultiSearchQuery[] = active.map((facet) => ({
    indexUid,
    q: query.q,
    filter: [...base, ...filtersExcept(query.filters, facet)],
    facets: [facetAttribute(facet)],
    page: 1,
    hitsPerPage: 0,
  }));
  return { queries: [main, ...facetQueries], disjunctiveFacets: active };
}
