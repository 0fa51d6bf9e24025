import type { LooseT } from "~/lib/use-loose-t";
import type { SearchFacet } from "~/lib/search-params";

/**
 * Facet values are stored as keys (discipline and sector keys, "true"/"false"); pain points and
 * subsidiaries arrive already named by the server. Unknown keys show as they are.
 */
export function facetValueLabel(t: LooseT, facet: SearchFacet, value: string, serverLabel: string): string {
  if (facet === "discipline") return t(`solutions:disciplines.${value}`, { defaultValue: serverLabel });
  if (facet === "sector") return t(`solutions:sectors.${value}`, { defaultValue: serverLabel });
  if (facet === "featured") return value === "true" ? t("search:facets.featuredOnly") : serverLabel;
  return serverLabel;
}
