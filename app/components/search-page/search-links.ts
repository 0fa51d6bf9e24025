import {
  emptyFilters,
  searchQueryToParams,
  toggleFilter,
  type SearchFacet,
  type SearchQuery,
} from "~/lib/search-params";

/** URLs for the search page: the URL holds the whole state, so every control is also a plain link. */
export function searchHref(query: Partial<SearchQuery>): string {
  const params = searchQueryToParams(query).toString();
  return params ? `/search?${params}` : "/search";
}

export function hrefToggling(query: SearchQuery, facet: SearchFacet, value: string): string {
  return searchHref(toggleFilter(query, facet, value));
}

export function hrefWithoutFilters(query: SearchQuery): string {
  return searchHref({ ...query, filters: emptyFilters(), page: 1 });
}

export function hrefForPainPoint(slug: string): string {
  return searchHref({ filters: { ...emptyFilters(), painPoint: [slug] } });
}
