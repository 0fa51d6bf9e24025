/**
 * The state of a search, as it travels in URLs (`/search?q=…&painPoint=…`) and API queries. Shared by
 * the page, its components and the API, so the URL always holds the whole state. Pure: no server code.
 */
export const SEARCH_FACETS = [
  "painPoint",
  "subsidiary",
  "discipline",
  "sector",
  "technology",
  "year",
  "featured",
] as const;
export type SearchFacet = (typeof SEARCH_FACETS)[number];

export const SEARCH_SORTS = ["relevance", "newest", "reused"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export type SearchFilters = Record<SearchFacet, string[]>;

export interface SearchQuery {
  q: string;
  filters: SearchFilters;
  sort: SearchSort;
  page: number;
  limit: number;
}

export const SEARCH_LIMITS = {
  queryMax: 200,
  valueMax: 100,
  valuesPerFacetMax: 20,
  defaultLimit: 20,
  maxLimit: 100,
  /** The index answers at most this many hits (Meilisearch's maxTotalHits). */
  maxTotalHits: 1000,
} as const;

export interface SearchParamProblem {
  param: string;
  message: string;
}

export type ParsedSearchQuery = { ok: true; query: SearchQuery } | { ok: false; problems: SearchParamProblem[] };

export function emptyFilters(): SearchFilters {
  return Object.fromEntries(SEARCH_FACETS.map((facet) => [facet, []])) as unknown as SearchFilters;
}

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

function parsePositiveInt(raw: string | null, fallback: number): number | undefined {
  if (raw === null || raw.trim() === "") return fallback;
  if (!/^\d{1,6}$/.test(raw.trim())) return undefined;
  return Number.parseInt(raw.trim(), 10);
}

/**
 * Reads a search from query parameters. A facet takes several values by repeating the parameter
 * (`painPoint=a&painPoint=b`). Unknown parameters are ignored (links may carry tracking bits); every
 * known one must be valid, or the caller answers 400 with the problems listed.
 */
export function parseSearchQuery(
  params: URLSearchParams,
  options: { defaultLimit?: number; maxLimit?: number } = {},
): ParsedSearchQuery {
  const problems: SearchParamProblem[] = [];
  const defaultLimit = options.defaultLimit ?? SEARCH_LIMITS.defaultLimit;
  const maxLimit = options.maxLimit ?? SEARCH_LIMITS.maxLimit;

  const q = (params.get("q") ?? "").replace(/\s+/g, " ").trim();
  if (q.length > SEARCH_LIMITS.queryMax)
    problems.push({ param: "q", message: `must be at most ${SEARCH_LIMITS.queryMax} characters` });
  // Tabs and newlines became spaces above; anything else invisible is refused.
  if (CONTROL_CHARS.test(q)) problems.push({ param: "q", message: "must not contain control characters" });

  const filters = emptyFilters();
  for (const facet of SEARCH_FACETS) {
    const values = [
      ...new Set(
        params
          .getAll(facet)
          .map((v) => v.trim())
          .filter(Boolean),
      ),
    ];
    if (values.length > SEARCH_LIMITS.valuesPerFacetMax) {
      problems.push({ param: facet, message: `at most ${SEARCH_LIMITS.valuesPerFacetMax} values` });
      continue;
    }
    for (const value of values) {
      if (value.length > SEARCH_LIMITS.valueMax || CONTROL_CHARS.test(value)) {
        problems.push({ param: facet, message: `"${value.slice(0, 40)}" is not a valid value` });
      } else if (facet === "year" && !/^\d{4}$/.test(value)) {
        problems.push({ param: facet, message: `"${value}" is not a year` });
      } else if (facet === "featured" && !["true", "false"].includes(value.toLowerCase())) {
        problems.push({ param: facet, message: "must be true or false" });
      } else {
        filters[facet].push(facet === "featured" ? value.toLowerCase() : value);
      }
    }
  }

  const rawSort = params.get("sort");
  const sort = (rawSort === null || rawSort === "" ? "relevance" : rawSort) as SearchSort;
  if (!SEARCH_SORTS.includes(sort))
    problems.push({ param: "sort", message: `must be one of ${SEARCH_SORTS.join(", ")}` });

  const limit = parsePositiveInt(params.get("limit"), defaultLimit);
  if (limit === undefined || limit < 1 || limit > maxLimit)
    problems.push({ param: "limit", message: `must be a whole number from 1 to ${maxLimit}` });

  const page = parsePositiveInt(params.get("page"), 1);
  const maxPage = Math.max(1, Math.ceil(SEARCH_LIMITS.maxTotalHits / (limit && limit > 0 ? limit : defaultLimit)));
  if (page === undefined || page < 1 || page > maxPage)
    problems.push({ param: "page", message: `must be a whole number from 1 to ${maxPage}` });

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, query: { q, filters, sort, page: page!, limit: limit! } };
}

/** The URL query for a search; defaults are left out so URLs stay short. */
export function searchQueryToParams(query: Partial<SearchQuery>, defaultLimit: number = SEARCH_LIMITS.defaultLimit) {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  for (const facet of SEARCH_FACETS) for (const value of query.filters?.[facet] ?? []) params.append(facet, value);
  if (query.sort && query.sort !== "relevance") params.set("sort", query.sort);
  if (query.limit && query.limit !== defaultLimit) params.set("limit", String(query.limit));
  if (query.page && query.page > 1) params.set("page", String(query.page));
  return params;
}

export function hasActiveFilters(filters: SearchFilters): boolean {
  return SEARCH_FACETS.some((facet) => filters[facet].length > 0);
}

/** The same search with one filter value added or removed (and back on page 1). */
export function toggleFilter(query: SearchQuery, facet: SearchFacet, value: string): SearchQuery {
  const current = query.filters[facet];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...query, filters: { ...query.filters, [facet]: next }, page: 1 };
}
