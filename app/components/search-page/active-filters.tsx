import { Link } from "@remix-run/react";
import { SEARCH_FACETS, type SearchFacet, type SearchQuery } from "~/lib/search-params";
import { useLooseT } from "~/lib/use-loose-t";
import { facetValueLabel } from "./facet-label";
import { hrefToggling, hrefWithoutFilters } from "./search-links";

export interface ActiveFilter {
  facet: SearchFacet;
  value: string;
  label: string;
}

/** Every ticked value, named as its facet lists it. */
export function activeFilters(
  query: SearchQuery,
  facets: Record<SearchFacet, { value: string; label: string }[]>,
): ActiveFilter[] {
  return SEARCH_FACETS.flatMap((facet) =>
    query.filters[facet].map((value) => ({
      facet,
      value,
      label: facets[facet].find((f) => f.value === value)?.label ?? value,
    })),
  );
}

/** Removable chips for the active filters: plain links, so they work without JavaScript. */
export function ActiveFilterChips({ query, filters }: { query: SearchQuery; filters: ActiveFilter[] }) {
  const t = useLooseT();
  if (filters.length === 0) return null;
  return (
    <nav className="filter-chips" aria-label={t("search:active.heading")}>
      <ul>
        {filters.map((f) => {
          const label = `${t(`search:facets.${f.facet}`)}: ${facetValueLabel(t, f.facet, f.value, f.label)}`;
          return (
            <li key={`${f.facet}:${f.value}`}>
              <Link
                className="filter-chip"
                to={hrefToggling(query, f.facet, f.value)}
                preventScrollReset
                aria-label={t("search:active.remove", { label })}
              >
                {label} <span aria-hidden="true">×</span>
              </Link>
            </li>
          );
        })}
        {filters.length > 1 ? (
          <li>
            <Link className="filter-chips__clear" to={hrefWithoutFilters(query)} preventScrollReset>
              {t("search:active.clearAll")}
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
