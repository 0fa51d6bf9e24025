import { describe, expect, expectTypeOf, it } from "vitest";
import { emptyFilters, type SearchQuery } from "~/lib/search-params";
import {
  buildSolutionSearchPlan,
  facetFilter,
  quoteFilterValue,
  RETRIEVED_ATTRIBUTES,
  type RetrievedSolution,
} from "~/lib/solution-search-request.server";
import { parseSynonymTerms } from "~/lib/synonym-terms";
import { expandSynonymGroups } from "../../search/synonyms";

function query(overrides: Partial<SearchQuery> = {}): SearchQuery {
  return { q: "clash", filters: emptyFilters(), sort: "relevance", page: 1, limit: 20, ...overrides };
}

describe("filter values", () => {
  it("are quoted with backslashes and quotes escaped", () => {
    expect(quoteFilterValue('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
    expect(quoteFilterValue("给排水 & Water")).toBe('"给排水 & Water"');
  });

  it("combine within a facet with IN, and featured as a boolean", () => {
    expect(facetFilter("painPoint", ["a", 'b"]) OR status = "draft'])).toBe(
      'painPointSlugs IN ["a", "b\\"]) OR status = \\"draft"]',
    );
    expect(facetFilter("subsidiary", ["WUH"])).toBe('subsidiary.code IN ["WUH"]');
    expect(facetFilter("featured", ["true"])).toBe("featured = true");
    expect(facetFilter("featured", ["true", "false"])).toBeUndefined();
    expect(facetFilter("year", [])).toBeUndefined();
  });
});

describe("buildSolutionSearchPlan", () => {
  it("types a hit with exactly the attributes it asks for, nested ones by their path", () => {
    // Checked by the type checker (npm test runs it first); the runtime half checks the list itself.
    expectTypeOf<RetrievedSolution>().toEqualTypeOf<{
      id: string;
      slug: string;
      title: string;
      summary: string;
      painPointSlugs: string[];
      subsidiary: { code: string };
      year: number | null;
      reuseCount: number;
      featured: boolean;
      publishedAt: number | null;
    }>();
    const plan = buildSolutionSearchPlan({ indexUid: "solutions", query: query(), permissionFilter: undefined });
    expect(plan.queries[0]!.attributesToRetrieve).toEqual([...RETRIEVED_ATTRIBUTES]);
    expect(RETRIEVED_ATTRIBUTES).toContain("subsidiary.code");
  });

  const permission = '(status = "published") AND (visibility = "group")';

  it("asks for hits and every facet in one query when no facet is active", () => {
    const plan = buildSolutionSearchPlan({ indexUid: "solutions", query: query(), permissionFilter: permission });
    expect(plan.disjunctiveFacets).toEqual([]);
    expect(plan.queries).toHaveLength(1);
    expect(plan.queries[0]).toMatchObject({
      indexUid: "solutions",
      q: "clash",
      filter: [permission],
      page: 1,
      hitsPerPage: 20,
      facets: ["painPointSlugs", "subsidiary.code", "disciplines", "sector", "technologies", "year", "featured"],
    });
    expect(plan.queries[0]).not.toHaveProperty("sort");
  });

  it("adds one query per active facet without its own filter, each still permission-filtered", () => {
    const plan = buildSolutionSearchPlan({
      indexUid: "solutions",
      query: query({
        filters: { ...emptyFilters(), painPoint: ["a", "b"], year: ["2023"] },
        sort: "reused",
        page: 2,
      }),
      permissionFilter: permission,
    });
    expect(plan.disjunctiveFacets).toEqual(["painPoint", "year"]);
    const [main, painPoint, year] = plan.queries;
    expect(main).toMatchObject({
      filter: [permission, 'painPointSlugs IN ["a", "b"]', 'year IN ["2023"]'],
      facets: ["subsidiary.code", "disciplines", "sector", "technologies", "featured"],
      sort: ["reuseCount:desc", "publishedAt:desc"],
      page: 2,
    });
    expect(painPoint).toMatchObject({
      filter: [permission, 'year IN ["2023"]'],
      facets: ["painPointSlugs"],
      hitsPerPage: 0,
    });
    expect(year).toMatchObject({
      filter: [permission, 'painPointSlugs IN ["a", "b"]'],
      facets: ["year"],
      hitsPerPage: 0,
    });
  });

  it("leaves the permission filter out only when the rule allows everything", () => {
    const plan = buildSolutionSearchPlan({ indexUid: "s", query: query(), permissionFilter: undefined });
    expect(plan.queries[0]?.filter).toEqual([]);
  });
});

describe("synonyms", () => {
  it("expand groups into a symmetric, lower-cased map, merging a term that is in two groups", () => {
    expect(
      expandSynonymGroups([["BIM", "Building Information Modelling", "建筑信息模型"], ["bim", "4D BIM"], ["solo"]]),
    ).toEqual({
      "4d bim": ["bim"],
      bim: ["4d bim", "building information modelling", "建筑信息模型"],
      "building information modelling": ["bim", "建筑信息模型"],
      建筑信息模型: ["bim", "building information modelling"],
    });
  });

  it("are typed one per line or comma-separated, in either language", () => {
    expect(parseSynonymTerms(" clash detection \n碰撞检查，碰撞检测、Clash Detection,, collision  check")).toEqual([
      "clash detection",
      "碰撞检查",
      "碰撞检测",
      "collision check",
    ]);
  });
});
