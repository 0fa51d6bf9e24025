import type { SearchFacet } from "~/lib/search-params";
import { SEARCH_FACETS } from "~/lib/search-params";
import type { SearchResult } from "./search.server";

/** The JSON GET /api/v1/search returns (the shape the issue specifies; README "Search"). */
export interface ApiSearchResponse {
  hits: {
    slug: string;
    title: string;
    summary: string;
    subsidiary: { code: string; name: string };
    painPoints: { slug: string; name: string }[];
    year: number | null;
    url: string;
    highlights: { title: string; snippet: string };
  }[];
  facets: Record<SearchFacet, Record<string, number>>;
  total: number;
  page: number;
  limit: number;
  processingTimeMs: number;
  /** Present (true) when Meilisearch was unreachable and PostgreSQL answered. */
  degraded?: true;
}

/** Where a write-up lives in the portal. */
export function solutionPath(slug: string): string {
  return `/solutions/${encodeURIComponent(slug)}`;
}

export function presentSearchForApi(result: SearchResult, origin: string): ApiSearchResponse {
  return {
    hits: result.hits.map((hit) => ({
      slug: hit.slug,
      title: hit.title,
      summary: hit.summary,
      subsidiary: hit.subsidiary,
      painPoints: hit.painPoints,
      year: hit.year,
      url: `${origin}${solutionPath(hit.slug)}`,
      highlights: hit.highlights,
    })),
    facets: Object.fromEntries(
      SEARCH_FACETS.map((facet) => [
        facet,
        Object.fromEntries(result.facets[facet].filter((f) => f.count > 0).map((f) => [f.value, f.count])),
      ]),
    ) as Record<SearchFacet, Record<string, number>>,
    total: result.total,
    page: result.query.page,
    limit: result.query.limit,
    processingTimeMs: result.processingTimeMs,
    ...(result.degraded ? { degraded: true as const } : {}),
  };
}
