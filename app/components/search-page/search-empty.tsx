import { Link } from "@remix-run/react";
import type { SearchFacet, SearchQuery } from "~/lib/search-params";
import { useLooseT } from "~/lib/use-loose-t";
import type { ActiveFilter } from "./active-filters";
import { facetValueLabel } from "./facet-label";
import { hrefForPainPoint, hrefToggling } from "./search-links";

/**
 * Nothing matched: offer the way out. Each active filter with the number of results its removal
 * would give, and the pain points closest to what was typed.
 */
export function SearchEmpty({
  query,
  filters,
  totalWithout,
  closestPainPoints,
}: {
  query: SearchQuery;
  filters: ActiveFilter[];
  totalWithout: Partial<Record<SearchFacet, number>>;
  closestPainPoints: { value: string; label: string; count: number }[];
}) {
  const t = useLooseT();
  const started = query.q !== "" || filters.length > 0;
  return (
    <div className="search-empty stack">
      <h2>{started ? t("search:empty.title") : t("search:title")}</h2>
      {!started ? <p>{t("search:empty.start")}</p> : null}
      {filters.length > 0 ? (
        <div>
          <p>{t("search:empty.removeFilter")}</p>
          <ul className="chip-list">
            {filters.map((f) => {
              const label = `${t(`search:facets.${f.facet}`)}: ${facetValueLabel(t, f.facet, f.value, f.label)}`;
              const count = totalWithout[f.facet];
              return (
                <li key={`${f.facet}:${f.value}`}>
                  <Link className="filter-chip" to={hrefToggling(query, f.facet, f.value)}>
                    {count ? t("search:empty.withoutFilter", { label, count }) : label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      {closestPainPoints.length > 0 ? (
        <div>
          <p>{t("search:empty.closestPainPoints")}</p>
          <ul className="chip-list">
            {closestPainPoints.map((p) => (
              <li key={p.value}>
                <Link className="chip" to={hrefForPainPoint(p.value)}>
                  {p.label}
                  {p.count > 0 ? ` (${p.count})` : ""}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {query.q ? <p className="muted">{t("search:empty.checkSpelling")}</p> : null}
    </div>
  );
}
