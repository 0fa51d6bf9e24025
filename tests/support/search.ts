import { getDb } from "~/lib/db.server";
import type { SearchQuery } from "~/lib/search-params";
import { emptyFilters } from "~/lib/search-params";
import { prepareSolutionsIndex } from "~/lib/search-index.server";
import { createSearchWorker } from "~/lib/search-sync.server";

/** The test file's own solutions index (its prefix is unique), with the current settings. */
export async function prepareSearchIndex() {
  return prepareSolutionsIndex(getDb());
}

/** Runs the outbox worker until nothing is due: afterwards the index reflects every committed change. */
export async function indexPendingChanges(): Promise<number> {
  return createSearchWorker().drain();
}

export function searchQuery(
  overrides: Partial<Omit<SearchQuery, "filters">> & { filters?: Partial<SearchQuery["filters"]> } = {},
): SearchQuery {
  return {
    q: overrides.q ?? "",
    filters: { ...emptyFilters(), ...overrides.filters },
    sort: overrides.sort ?? "relevance",
    page: overrides.page ?? 1,
    limit: overrides.limit ?? 20,
  };
}
