import { describe, expect, it } from "vitest";
import { CatalogFactTable, type CountOptions } from "~/models/catalog-counts.server";
import type { CatalogFact } from "~/models/catalog-facts.server";
import type { CatalogFilters } from "~/models/catalog.server";
import { listableSolutions } from "~/policies/solution-visibility";

/**
 * The catalog's in-memory counts on hand-built facts (the integration tests check them against
 * PostgreSQL through the catalog service):
 *   w1 A group      p1,p2 (area X)     bim   transport 2023 revit
 *   w2 A group      p2, p3 (X, Y)      mep   -         2024 revit, navisworks
 *   w3 A subsidiary p3 (Y)             bim   water     -    python
 *   w4 B group      p1 (X)             bim   water     2024 -
 *   w5 B group      p3 (Y)             civil energy    2024 revit   published later than the others
 */
const T0 = Date.UTC(2025, 0, 1);
const fact = (id: string, o: Partial<CatalogFact>): CatalogFact => ({
  id,
  status: "published",
  authorIds: [],
  visibility: "group",
  subsidiaryId: "A",
  publishedAt: T0,
  sector: null,
  year: null,
  disciplines: [],
  painPointIds: [],
  technologyKeys: [],
  ...o,
});

function table() {
  const t = new CatalogFactTable();
  t.put(
    fact("w1", {
      painPointIds: ["p1", "p2"],
      disciplines: ["bim"],
      sector: "transport",
      year: 2023,
      technologyKeys: ["revit"],
    }),
  );
  t.put(
    fact("w2", {
      painPointIds: ["p2", "p3"],
      disciplines: ["mep"],
      year: 2024,
      technologyKeys: ["revit", "navisworks"],
    }),
  );
  t.put(
    fact("w3", {
      visibility: "subsidiary",
      painPointIds: ["p3"],
      disciplines: ["bim"],
      sector: "water",
      technologyKeys: ["python"],
    }),
  );
  t.put(fact("w4", { subsidiaryId: "B", painPointIds: ["p1"], disciplines: ["bim"], sector: "water", year: 2024 }));
  t.put(
    fact("w5", {
      subsidiaryId: "B",
      painPointIds: ["p3"],
      disciplines: ["civil"],
      sector: "energy",
      year: 2024,
      technologyKeys: ["revit"],
      publishedAt: T0 + 1000,
    }),
  );
  return t;
}

const NO_FILTERS: CatalogFilters = {
  painPoint: [],
  subsidiary: [],
  discipline: [],
  sector: [],
  technology: [],
  year: [],
};
const AREAS = [
  { id: "X", painPointIds: ["p1", "p2"] },
  { id: "Y", painPointIds: ["p3"] },
];
const memberOfB = { id: "u-b", role: "member" as const, subsidiaryId: "B" };

function options(o: Partial<CountOptions> = {}): CountOptions {
  return {
    visible: listableSolutions(memberOfB),
    coAuthors: new Map(),
    filters: NO_FILTERS,
    asOf: T0 + 10_000,
    areas: AREAS,
    ...o,
  };
}

const entries = (map: Map<string, number>) => Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));

describe("the catalog's in-memory counts", () => {
  it("count what the reader may list, every facet and each area once per write-up", () => {
    const { total, facets } = table().count(options());
    // w3 is confidential to A: a member of B neither lists nor counts it.
    expect(total).toBe(4);
    expect(entries(facets.painPoint)).toEqual({ p1: 2, p2: 2, p3: 2 });
    // w1 carries two pain points of area X and counts once there.
    expect(entries(facets.area)).toEqual({ X: 3, Y: 2 });
    expect(entries(facets.subsidiary)).toEqual({ A: 2, B: 2 });
    expect(entries(facets.discipline)).toEqual({ bim: 2, civil: 1, mep: 1 });
    expect(entries(facets.sector)).toEqual({ energy: 1, transport: 1, water: 1 });
    expect(entries(facets.year)).toEqual({ "2023": 1, "2024": 3 });
    expect(entries(facets.technology)).toEqual({ navisworks: 1, revit: 3 });
  });

  it("count each facet given the other filters, not its own", () => {
    const { total, facets } = table().count(options({ filters: { ...NO_FILTERS, subsidiary: ["B"], year: [2024] } }));
    expect(total).toBe(2);
    // Subsidiaries given year 2024: w2 (A), w4 and w5 (B).
    expect(entries(facets.subsidiary)).toEqual({ A: 1, B: 2 });
    // Years given subsidiary B: w4 and w5.
    expect(entries(facets.year)).toEqual({ "2024": 2 });
    // Other facets given both: w4 and w5.
    expect(entries(facets.painPoint)).toEqual({ p1: 1, p3: 1 });
    expect(entries(facets.sector)).toEqual({ energy: 1, water: 1 });
  });

  it("match nothing for a value no write-up carries, and no write-up without a value for a filter on it", () => {
    expect(table().count(options({ filters: { ...NO_FILTERS, technology: ["unheard-of"] } })).total).toBe(0);
    // w2 has no sector: a sector filter never lets it through.
    const bySector = table().count(options({ filters: { ...NO_FILTERS, sector: ["transport", "water", "energy"] } }));
    expect(bySector.total).toBe(3);
    expect(entries(bySector.facets.year)).toEqual({ "2023": 1, "2024": 2 });
  });

  it("leave out write-ups published after the snapshot time (asOf)", () => {
    expect(table().count(options({ asOf: T0 })).total).toBe(3);
  });

  it("let co-authors count a confidential write-up, and only them", () => {
    const coAuthor = { id: "u-co", role: "member" as const, subsidiaryId: "B" };
    const visible = listableSolutions(coAuthor);
    expect(table().count(options({ visible })).total).toBe(4);
    expect(table().count(options({ visible, coAuthors: new Map([["w3", ["u-co"]]]) })).total).toBe(5);
    expect(table().count(options({ visible, coAuthors: new Map([["w3", ["someone-else"]]]) })).total).toBe(4);
  });

  it("count a write-up again after it changes, and no longer after it is removed", () => {
    const t = table();
    t.put(fact("w4", { subsidiaryId: "B", visibility: "subsidiary", painPointIds: ["p2"] }));
    t.delete("w5");
    const curator = { id: "u-cur", role: "curator" as const, subsidiaryId: "HQ" };
    const { total, facets } = t.count(options({ visible: listableSolutions(curator) }));
    expect(total).toBe(4);
    expect(entries(facets.painPoint)).toEqual({ p1: 1, p2: 3, p3: 2 });
    expect(entries(facets.subsidiary)).toEqual({ A: 3, B: 1 });
    // A member of B still sees w4 (their own subsidiary's), no longer w5.
    expect(t.count(options()).total).toBe(3);
  });
});
