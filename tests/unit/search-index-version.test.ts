import { describe, expect, it } from "vitest";
import { settingsFingerprint } from "../../search/settings-sync";
import {
  SOLUTIONS_DOCUMENT_VERSION,
  solutionsIndexSettings,
  solutionsIndexVersion,
} from "../../search/solutions-index";

/**
 * The index version is derived from the settings, so changing a setting in code can never be applied
 * in place by mistake: start-up sees a new version and rebuilds into a fresh index instead.
 */
describe("solutionsIndexVersion", () => {
  const settings = solutionsIndexSettings({});

  it("is the document version plus a hash of the settings", () => {
    expect(solutionsIndexVersion()).toMatch(new RegExp(`^${SOLUTIONS_DOCUMENT_VERSION}\\.[A-Za-z0-9_-]{16}$`));
    expect(solutionsIndexVersion()).toBe(solutionsIndexVersion(settings));
  });

  it("ignores synonyms: curators' data is pushed on its own, without a rebuild", () => {
    const withSynonyms = solutionsIndexSettings({ bim: ["building information modelling", "建筑信息模型"] });
    expect(solutionsIndexVersion(withSynonyms)).toBe(solutionsIndexVersion());
  });

  it("ignores key order and the order of set-like arrays", () => {
    const reordered = Object.fromEntries(Object.entries(settings).reverse());
    reordered.filterableAttributes = [...(settings.filterableAttributes ?? [])].reverse();
    reordered.sortableAttributes = [...(settings.sortableAttributes ?? [])].reverse();
    expect(solutionsIndexVersion(reordered)).toBe(solutionsIndexVersion());
  });

  it("changes with any setting", () => {
    const variants = [
      { ...settings, sortableAttributes: ["publishedAt"] },
      { ...settings, searchableAttributes: [...(settings.searchableAttributes ?? [])].reverse() },
      { ...settings, rankingRules: ["words", "typo", "proximity", "attribute", "exactness", "sort"] },
      { ...settings, pagination: { maxTotalHits: 2000 } },
      { ...settings, typoTolerance: { ...settings.typoTolerance, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } } },
      { ...settings, localizedAttributes: [{ attributePatterns: ["*Zh"], locales: ["cmn" as const] }] },
      { ...settings, facetSearch: true },
    ];
    const versions = new Set([solutionsIndexVersion(), ...variants.map((v) => solutionsIndexVersion(v))]);
    expect(versions.size).toBe(variants.length + 1);
  });

  it("hashes searchable attributes in order (their order is their importance)", () => {
    const a = settingsFingerprint({ searchableAttributes: ["title", "summary"] });
    expect(settingsFingerprint({ searchableAttributes: ["summary", "title"] })).not.toBe(a);
    expect(settingsFingerprint({ searchableAttributes: ["title", "summary"], synonyms: { a: ["b"] } })).toBe(a);
  });
});
