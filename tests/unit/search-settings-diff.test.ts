import { describe, expect, it } from "vitest";
import { diffSettings } from "../../search/settings-sync";
import { solutionsIndexSettings } from "../../search/solutions-index";

/** What Meilisearch 1.21 answers for GET /settings after our settings were applied (defaults filled in). */
function serverView(settings: ReturnType<typeof solutionsIndexSettings>) {
  return {
    ...settings,
    // Meilisearch sorts sortable attributes and returns every default it fills in.
    sortableAttributes: [...(settings.sortableAttributes ?? [])].sort(),
    filterableAttributes: [...(settings.filterableAttributes ?? [])].reverse(),
    typoTolerance: { ...settings.typoTolerance, disableOnWords: [] },
    localizedAttributes: [...(settings.localizedAttributes ?? [])].reverse(),
    stopWords: [],
    distinctAttribute: null,
    proximityPrecision: "byWord" as const,
    facetSearch: settings.facetSearch ?? true,
    prefixSearch: "indexingTime" as const,
  };
}

describe("diffSettings", () => {
  const desired = solutionsIndexSettings({ bim: ["building information modelling"] });

  it("finds nothing to send when the server has our settings, whatever order it lists sets in", () => {
    expect(diffSettings(serverView(desired), desired)).toEqual([]);
  });

  it("names only the settings that differ", () => {
    const current = serverView(desired);
    current.searchableAttributes = ["summary", "title"];
    current.pagination = { maxTotalHits: 1000 * 10 };
    expect(diffSettings(current, desired)).toEqual(["searchableAttributes", "pagination"]);
  });

  it("treats the order of searchable attributes as meaningful", () => {
    const current = serverView(desired);
    current.searchableAttributes = [...(desired.searchableAttributes ?? [])].reverse();
    expect(diffSettings(current, desired)).toEqual(["searchableAttributes"]);
  });

  it("compares synonyms exactly: a removed group must go from the server too", () => {
    const current = serverView(desired);
    current.synonyms = { bim: ["building information modelling"], tbm: ["盾构机"] };
    expect(diffSettings(current, desired)).toEqual(["synonyms"]);
    current.synonyms = { bim: ["building information modelling"] };
    expect(diffSettings(current, desired)).toEqual([]);
  });

  it("notices a changed nested value", () => {
    const current = serverView(desired);
    current.typoTolerance = { ...current.typoTolerance, disableOnAttributes: ["year"] };
    expect(diffSettings(current, desired)).toEqual(["typoTolerance"]);
  });

  it("sends everything to an index that has nothing set", () => {
    expect(diffSettings({}, desired)).toEqual(Object.keys(desired));
  });
});
