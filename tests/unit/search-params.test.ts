import { describe, expect, it } from "vitest";
import { emptyFilters, parseSearchQuery, searchQueryToParams, toggleFilter } from "~/lib/search-params";

const parse = (query: string) => parseSearchQuery(new URLSearchParams(query));

describe("parseSearchQuery", () => {
  it("has defaults for an empty query", () => {
    expect(parse("")).toEqual({
      ok: true,
      query: { q: "", filters: emptyFilters(), sort: "relevance", page: 1, limit: 20 },
    });
  });

  it("reads repeated facet values, trims, dedupes and normalises whitespace", () => {
    const result = parse(
      "q=%20%20clash%0Adetection%20&painPoint=a&painPoint=b&painPoint=a&subsidiary=WUH&year=2023&featured=TRUE&technology=Revit%2C%20Dynamo&sort=newest&page=2&limit=50",
    );
    expect(result).toEqual({
      ok: true,
      query: {
        q: "clash detection",
        filters: {
          ...emptyFilters(),
          painPoint: ["a", "b"],
          subsidiary: ["WUH"],
          year: ["2023"],
          featured: ["true"],
          technology: ["Revit, Dynamo"],
        },
        sort: "newest",
        page: 2,
        limit: 50,
      },
    });
  });

  it("ignores parameters it does not know", () => {
    expect(parse("utm_source=mail&q=x").ok).toBe(true);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=ten", "limit"],
    ["page=0", "page"],
    ["page=51", "page"],
    ["page=-1", "page"],
    ["sort=random", "sort"],
    ["year=23", "year"],
    ["featured=yes", "featured"],
    [`q=${"q".repeat(201)}`, "q"],
    ["q=a%00b", "q"],
    [`technology=${"t".repeat(101)}`, "technology"],
    ["sector=a%07", "sector"],
    [Array.from({ length: 21 }, (_, i) => `painPoint=p${i}`).join("&"), "painPoint"],
  ])("refuses %s", (query, param) => {
    const result = parse(query);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.param)).toContain(param);
  });

  it("allows deeper pages with smaller limits, up to the 1,000-hit window", () => {
    expect(parse("limit=10&page=100").ok).toBe(true);
    expect(parse("limit=10&page=101").ok).toBe(false);
  });
});

describe("searchQueryToParams and toggleFilter", () => {
  it("round-trip through the URL, leaving defaults out", () => {
    const parsed = parse("q=bim&painPoint=a&painPoint=b&sort=reused&page=3");
    if (!parsed.ok) throw new Error("expected ok");
    const params = searchQueryToParams(parsed.query);
    expect(params.toString()).toBe("q=bim&painPoint=a&painPoint=b&sort=reused&page=3");
    expect(parseSearchQuery(params)).toEqual(parsed);
    expect(searchQueryToParams({ q: "", sort: "relevance", page: 1, limit: 20 }).toString()).toBe("");
  });

  it("adds or removes one value and goes back to page 1", () => {
    const parsed = parse("painPoint=a&page=4");
    if (!parsed.ok) throw new Error("expected ok");
    expect(toggleFilter(parsed.query, "painPoint", "a")).toMatchObject({ filters: { painPoint: [] }, page: 1 });
    expect(toggleFilter(parsed.query, "painPoint", "b").filters.painPoint).toEqual(["a", "b"]);
  });
});
