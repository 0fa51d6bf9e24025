/**
 * The catalog's whole state lives in the URL. These helpers build links that add, remove or replace
 * one filter value while keeping the rest (and dropping the page and snapshot, which no longer apply).
 */
export type FilterKey = "painPoint" | "subsidiary" | "discipline" | "sector" | "technology" | "year";

export function toggleFilterHref(search: string, key: FilterKey, value: string): string {
  const params = new URLSearchParams(search);
  const values = params.getAll(key);
  params.delete(key);
  const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
  for (const v of next) params.append(key, v);
  params.delete("page");
  params.delete("asOf");
  const query = params.toString();
  return query ? `?${query}` : "?";
}

export function clearFiltersHref(search: string): string {
  const params = new URLSearchParams(search);
  const sort = params.get("sort");
  return sort ? `?sort=${encodeURIComponent(sort)}` : "?";
}

export function pageHref(search: string, page: number, asOf: string): string {
  const params = new URLSearchParams(search);
  params.set("page", String(page));
  params.set("asOf", asOf);
  return `?${params.toString()}`;
}
