import { compileCondition, type Condition } from "~/policies/condition";
import type { CatalogFact } from "./catalog-facts.server";
import {
  FACET_DIMENSIONS,
  type AreaMembers,
  type CatalogFilters,
  type FacetCounts,
  type FacetDimension,
} from "./catalog.server";

export interface CountOptions {
  /** The reader's visibility rule. */
  visible: Condition;
  /** Who co-authors which write-up, for the rule's users (its "or anything they co-author" part). */
  coAuthors: ReadonlyMap<string, readonly string[]>;
  filters: CatalogFilters;
  /** Only write-ups published by then (milliseconds since the epoch). */
  asOf: number;
  areas: readonly AreaMembers[];
}

/** Values of one facet, numbered in order of first sight, so counts are arrays indexed by number. */
class Dictionary<T> {
  readonly values: T[] = [];
  private readonly codes = new Map<T, number>();

  code(value: T): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }

  find(value: T): number | undefined {
    return this.codes.get(value);
  }

  value(code: number): T {
    return this.values[code]!;
  }
}

/** A published write-up as counted: permission fields as they are, facet values as dictionary codes. */
interface Row {
  id: string;
  status: "published";
  visibility: string;
  subsidiaryId: string;
  authorIds: readonly string[];
  publishedAt: number;
  subsidiary: number;
  /** -1: none. */
  sector: number;
  /** -1: none. */
  year: number;
  disciplines: number[];
  painPoints: number[];
  technologies: number[];
}

type Codes = Record<FacetDimension, Dictionary<string>>;

function hasAny(codes: readonly number[], wanted: Uint8Array): boolean {
  for (const code of codes) if (wanted[code] === 1) return true;
  return false;
}

/**
 * The facts of every published write-up, encoded for counting (see catalog-snapshot.server.ts): at
 * 100,000 write-ups a count of the total and every facet takes milliseconds, where PostgreSQL took
 * hundreds scanning the solutions table.
 */
export class CatalogFactTable {
  private readonly rows = new Map<string, Row>();
  private readonly dictionaries: Codes = Object.fromEntries(
    FACET_DIMENSIONS.map((d) => [d, new Dictionary<string>()]),
  ) as Codes;
  private readonly visibilities = new Dictionary<string>();

  get size(): number {
    return this.rows.size;
  }

  put(fact: CatalogFact): void {
    const d = this.dictionaries;
    const subsidiary = d.subsidiary.code(fact.subsidiaryId);
    this.rows.set(fact.id, {
      id: fact.id,
      status: fact.status,
      // The dictionaries' copies: one string per value, not one per write-up (memory at 100,000 rows).
      visibility: this.visibilities.value(this.visibilities.code(fact.visibility)),
      subsidiaryId: d.subsidiary.value(subsidiary),
      authorIds: fact.authorIds,
      publishedAt: fact.publishedAt,
      subsidiary,
      sector: fact.sector === null ? -1 : d.sector.code(fact.sector),
      year: fact.year === null ? -1 : d.year.code(String(fact.year)),
      disciplines: fact.disciplines.map((v) => d.discipline.code(v)),
      painPoints: [...new Set(fact.painPointIds)].map((v) => d.painPoint.code(v)),
      technologies: [...new Set(fact.technologyKeys)].map((v) => d.technology.code(v)),
    });
  }

  delete(id: string): void {
    this.rows.delete(id);
  }

  /** Of each active filter, which codes it accepts (values never seen match nothing). */
  private wanted(filters: CatalogFilters) {
    const accept = (dimension: FacetDimension, values: readonly (string | number)[]) => {
      if (values.length === 0) return null;
      const dictionary = this.dictionaries[dimension];
      const set = new Uint8Array(dictionary.values.length);
      for (const value of values) {
        const code = dictionary.find(String(value));
        if (code !== undefined) set[code] = 1;
      }
      return set;
    };
    return {
      painPoint: accept("painPoint", filters.painPoint),
      subsidiary: accept("subsidiary", filters.subsidiary),
      discipline: accept("discipline", filters.discipline),
      sector: accept("sector", filters.sector),
      technology: accept("technology", filters.technology),
      year: accept("year", filters.year),
    };
  }

  /**
   * The total and every facet count in one pass: the total counts write-ups passing every filter; each
   * facet counts, per option, those passing every filter except its own (so choosing a subsidiary
   * updates the pain points' counts, not the subsidiaries'). Areas count write-ups, not tags: one
   * carrying two pain points of an area counts once, like its pain points ignoring the pain-point filter.
   */
  count(options: CountOptions): { total: number; facets: FacetCounts } {
    const d = this.dictionaries;
    const visible = compileCondition<Row>(options.visible, (row) => options.coAuthors.get(row.id) ?? row.authorIds);
    const w = this.wanted(options.filters);
    const tests: [FacetDimension, (row: Row) => boolean][] = [];
    if (w.painPoint) tests.push(["painPoint", (r) => hasAny(r.painPoints, w.painPoint!)]);
    if (w.subsidiary) tests.push(["subsidiary", (r) => w.subsidiary![r.subsidiary] === 1]);
    if (w.discipline) tests.push(["discipline", (r) => hasAny(r.disciplines, w.discipline!)]);
    if (w.sector) tests.push(["sector", (r) => r.sector >= 0 && w.sector![r.sector] === 1]);
    if (w.technology) tests.push(["technology", (r) => hasAny(r.technologies, w.technology!)]);
    if (w.year) tests.push(["year", (r) => r.year >= 0 && w.year![r.year] === 1]);

    const counts = Object.fromEntries(
      FACET_DIMENSIONS.map((dim) => [dim, new Int32Array(d[dim].values.length)]),
    ) as Record<FacetDimension, Int32Array>;
    // Areas by pain-point code, and which write-up each area last counted (to count it once per area).
    const areaOf = new Int32Array(d.painPoint.values.length).fill(-1);
    options.areas.forEach((area, index) => {
      for (const id of area.painPointIds) {
        const code = d.painPoint.find(id);
        if (code !== undefined) areaOf[code] = index;
      }
    });
    const areaCounts = new Int32Array(options.areas.length);
    const areaLastRow = new Int32Array(options.areas.length).fill(-1);

    let rowNumber = 0;
    const countPainPoints = (row: Row) => {
      rowNumber += 1;
      for (const code of row.painPoints) {
        counts.painPoint[code]! += 1;
        const area = areaOf[code]!;
        if (area >= 0 && areaLastRow[area] !== rowNumber) {
          areaLastRow[area] = rowNumber;
          areaCounts[area]! += 1;
        }
      }
    };
    const countOne = (dimension: FacetDimension, row: Row) => {
      switch (dimension) {
        case "painPoint":
          return countPainPoints(row);
        case "subsidiary":
          counts.subsidiary[row.subsidiary]! += 1;
          return;
        case "discipline":
          for (const code of row.disciplines) counts.discipline[code]! += 1;
          return;
        case "sector":
          if (row.sector >= 0) counts.sector[row.sector]! += 1;
          return;
        case "technology":
          for (const code of row.technologies) counts.technology[code]! += 1;
          return;
        case "year":
          if (row.year >= 0) counts.year[row.year]! += 1;
          return;
      }
    };

    let total = 0;
    for (const row of this.rows.values()) {
      if (row.publishedAt > options.asOf || !visible(row)) continue;
      let failed: FacetDimension | null = null;
      let misses = 0;
      for (const [dimension, test] of tests) {
        if (test(row)) continue;
        failed = dimension;
        if (++misses > 1) break;
      }
      if (misses === 0) {
        total += 1;
        for (const dimension of FACET_DIMENSIONS) countOne(dimension, row);
      } else if (misses === 1) {
        countOne(failed!, row);
      }
    }

    const toMap = (dimension: FacetDimension) => {
      const map = new Map<string, number>();
      counts[dimension].forEach((n, code) => {
        if (n > 0) map.set(d[dimension].values[code]!, n);
      });
      return map;
    };
    const facets = Object.fromEntries(FACET_DIMENSIONS.map((dim) => [dim, toMap(dim)])) as FacetCounts;
    facets.area = new Map();
    areaCounts.forEach((n, index) => {
      if (n > 0) facets.area.set(options.areas[index]!.id, n);
    });
    return { total, facets };
  }
}
