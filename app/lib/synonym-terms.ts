/** Limits and parsing of a synonym group's terms, shared by the curator page and the service. */
export const SYNONYM_LIMITS = { termsMin: 2, termsMax: 20, termMax: 100 } as const;

/** Terms typed one per line or separated by commas (also the Chinese ，and 、); duplicates dropped. */
export function parseSynonymTerms(raw: string): string[] {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const part of raw.split(/[\n,，、;；]+/)) {
    const term = part.normalize("NFKC").trim().replace(/\s+/g, " ");
    if (!term || seen.has(term.toLowerCase())) continue;
    seen.add(term.toLowerCase());
    terms.push(term);
  }
  return terms;
}
