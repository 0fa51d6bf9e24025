import type { Meilisearch } from "meilisearch";
import type { SynonymMap } from "./solutions-index";
import { waitForSuccess } from "./tasks";

/**
 * Curators think in groups ("BIM = building information modelling = 建筑信息模型"); Meilisearch wants a
 * map from each term to the terms it also matches. Every term of a group maps to all the others; a term
 * in two groups maps to the union. Keys and values are lower-cased and trimmed (Meilisearch matches
 * case-insensitively anyway, and a stable form makes the settings comparison exact).
 */
export function expandSynonymGroups(groups: readonly (readonly string[])[]): SynonymMap {
  const map = new Map<string, Set<string>>();
  for (const group of groups) {
    const terms = [...new Set(group.map(normalizeSynonymTerm).filter(Boolean))];
    for (const term of terms) {
      const others = map.get(term) ?? new Set<string>();
      for (const other of terms) if (other !== term) others.add(other);
      map.set(term, others);
    }
  }
  return Object.fromEntries(
    [...map.entries()]
      .filter(([, others]) => others.size > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([term, others]) => [term, [...others].sort()]),
  );
}

export function normalizeSynonymTerm(term: string): string {
  return term.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

export async function pushSynonyms(client: Meilisearch, uid: string, synonyms: SynonymMap): Promise<void> {
  await waitForSuccess(client.index(uid).updateSynonyms(synonyms), 5 * 60_000);
}
