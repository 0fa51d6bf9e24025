import { emptyFilters, type SearchFilters } from "../../app/lib/search-params";
import type { Vocabulary } from "./search-bench-corpus";

/**
 * The benchmark's rotating query set: plain words, one-typo words (with the correct spelling kept to
 * measure recall), prefixes, Chinese, and queries with one or two filters. Every query asks for all
 * facets, as the search page does.
 */
export type QueryKind = "plain" | "typo" | "prefix" | "chinese" | "filtered";

export interface BenchQuery {
  kind: QueryKind;
  q: string;
  filters: SearchFilters;
  /** For typo queries: the same query spelled correctly. */
  correct?: string;
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** One substitution, never in the first letter (people rarely get that wrong). */
export function withOneTypo(word: string, random: () => number): string {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const at = 1 + Math.floor(random() * (word.length - 1));
  let replacement = word[at]!;
  while (replacement.toLowerCase() === word[at]!.toLowerCase()) replacement = pick(random, letters.split(""));
  return word.slice(0, at) + replacement + word.slice(at + 1);
}

export function buildQuerySet(vocabulary: Vocabulary, random: () => number, size: number): BenchQuery[] {
  const words = vocabulary.englishTitleWords.map((w) => w.toLowerCase()).filter((w) => /^[a-z]+$/.test(w));
  const longWords = words.filter((w) => w.length >= 6);
  const chinese = [
    ...vocabulary.painPoints.map((p) => p.nameZh.slice(0, 4)),
    ...vocabulary.chineseTitlePhrases.map((p) => p.slice(0, 4)),
  ].filter((p) => p.length >= 2);
  const kinds: QueryKind[] = ["plain", "typo", "prefix", "chinese", "filtered"];
  const queries: BenchQuery[] = [];
  for (let i = 0; i < size; i++) {
    const kind = kinds[i % kinds.length]!;
    const filters = emptyFilters();
    if (kind === "plain") {
      queries.push({ kind, q: `${pick(random, words)} ${pick(random, words)}`, filters });
    } else if (kind === "typo") {
      const word = pick(random, longWords);
      queries.push({ kind, q: withOneTypo(word, random), correct: word, filters });
    } else if (kind === "prefix") {
      const word = pick(random, longWords);
      queries.push({ kind, q: word.slice(0, 3 + Math.floor(random() * 3)), filters });
    } else if (kind === "chinese") {
      queries.push({ kind, q: pick(random, chinese), filters });
    } else {
      filters.painPoint = [pick(random, vocabulary.painPoints).slug];
      if (random() < 0.5) filters.subsidiary = [pick(random, vocabulary.subsidiaries).code];
      else filters.sector = [pick(random, vocabulary.sectors)];
      queries.push({ kind, q: random() < 0.5 ? "" : pick(random, words), filters });
    }
  }
  return queries;
}
