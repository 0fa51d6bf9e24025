import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { searchSolutions, type SearchResult } from "~/services/search.server";
import { seedSynonyms } from "~/services/synonyms.server";
import { createSubsidiary, createUser } from "../factories/accounts";
import { createSearchSolution, createSearchTaxonomy, type SearchTaxonomy } from "../factories/search-solutions";
import { indexPendingChanges, prepareSearchIndex, searchQuery } from "../support/search";

/**
 * Typo, prefix, Chinese and synonym queries, facet counts against hand-computed values, and highlight
 * escaping, on a small corpus every test of this file shares.
 */
let taxonomy: SearchTaxonomy;
let admin: Awaited<ReturnType<typeof createUser>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const db = getDb();
  await prepareSearchIndex();
  taxonomy = await createSearchTaxonomy(db);
  const wuh = await createSubsidiary(db, { code: "WUH", nameEn: "Wuhan Design Institute", nameZh: "武汉设计院" });
  const sha = await createSubsidiary(db, { code: "SHA", nameEn: "Shanghai Design Institute", nameZh: "上海设计院" });
  admin = await createUser(db, { role: "admin", subsidiaryId: wuh.id });
  const p = taxonomy.painPoints;

  // Published a day apart, in this order, so "newest" has a defined answer.
  let day = 0;
  const make = async (key: string, input: Parameters<typeof createSearchSolution>[1]) => {
    const publishedAt = new Date(Date.UTC(2025, 0, 1 + day++));
    ids[key] = (await createSearchSolution(db, { publishedAt, ...input })).id;
  };
  await make("metro", {
    subsidiaryId: wuh.id,
    title: "Metro station clash detection with Navisworks",
    summary: "A weekly clash detection cycle that cleared 4,120 clashes before construction.",
    bodyText: "Clash groups, tolerances and owners were agreed with every discipline.",
    painPointIds: [p.clashes.id],
    technologies: ["Navisworks", "Revit"],
    disciplines: ["bim", "mep"],
    sector: "transport",
    year: 2023,
  });
  await make("pump", {
    subsidiaryId: sha.id,
    title: "Digital twin for pump stations",
    summary: "Predictive maintenance of pumps from vibration sensors.",
    bodyText: "The twin combines SCADA data with the as-built model.",
    painPointIds: [p.progress.id],
    technologies: ["Azure IoT"],
    disciplines: ["mep"],
    sector: "water",
    year: 2022,
  });
  await make("excavation", {
    subsidiaryId: wuh.id,
    title: "深基坑自动化监测平台",
    summary: "基坑施工期间的自动化监测与预警，传感器数据实时上传。",
    bodyText: "监测数据与三维模型关联，超过阈值时自动通知现场负责人。",
    painPointIds: [p.excavation.id, p.safety.id],
    technologies: ["IoT"],
    disciplines: ["geotechnical"],
    sector: "transport",
    year: 2023,
    languages: ["zh"],
  });
  await make("codeCheck", {
    subsidiaryId: sha.id,
    title: "Automated code checking for residential projects",
    summary: "Rule sets check models against the residential design code before submission.",
    painPointIds: [p.codeCheck.id],
    technologies: ["Solibri", "IFC"],
    disciplines: ["architecture"],
    sector: "residential",
    year: 2021,
  });
  await make("delivery", {
    subsidiaryId: sha.id,
    title: "建筑信息模型交付标准",
    summary: "统一的模型交付要求和校验流程。",
    painPointIds: [p.review.id],
    disciplines: ["architecture"],
    sector: "commercial",
    year: 2024,
    languages: ["zh"],
  });
  await make("drones", {
    subsidiaryId: wuh.id,
    title: "Site safety dashboard with drones",
    summary: "Weekly drone flights feed a safety and progress dashboard.",
    painPointIds: [p.safety.id, p.progress.id],
    technologies: ["DJI", "Power BI"],
    disciplines: ["construction-management"],
    sector: "commercial",
    year: 2024,
    featured: true,
    reuseCount: 12,
  });
  await make("markup", {
    subsidiaryId: sha.id,
    title: "Pipes <b>&</b> valves schedule",
    summary: 'Generates the "valves" schedule <script>alert(1)</script> from the model.',
    painPointIds: [p.review.id],
    sector: "industrial",
    year: 2020,
    reuseCount: 3,
  });
  await make("draft", {
    subsidiaryId: wuh.id,
    title: "Draft clash detection tool",
    status: "draft",
    painPointIds: [p.clashes.id],
  });
  await seedSynonyms(db);
  await indexPendingChanges();
});

function search(q: string, overrides: Parameters<typeof searchQuery>[0] = {}): Promise<SearchResult> {
  return searchSolutions(admin, searchQuery({ q, ...overrides }), { locale: "en" });
}

const idsOf = (result: SearchResult) => result.hits.map((h) => h.id);

describe("search relevance", () => {
  it("tolerates a typo", async () => {
    expect(idsOf(await search("predictve maintenance"))).toEqual([ids.pump]);
    expect(idsOf(await search("navisworsk"))[0]).toBe(ids.metro);
  });

  it("matches prefixes of the last word", async () => {
    expect(idsOf(await search("pump stat"))).toEqual([ids.pump]);
    expect(idsOf(await search("Navis"))).toEqual([ids.metro]);
  });

  it("segments Chinese queries and text", async () => {
    expect(idsOf(await search("深基坑"))).toEqual([ids.excavation]);
    expect(idsOf(await search("监测"))).toEqual([ids.excavation]);
    expect(idsOf(await search("施工现场安全"))).toContain(ids.excavation);
  });

  it("expands curated synonyms across languages", async () => {
    expect(idsOf(await search("BIM"))).toContain(ids.delivery);
    expect(idsOf(await search("collision check"))).toContain(ids.metro);
    expect(idsOf(await search("碰撞检查"))).toContain(ids.metro);
    expect(idsOf(await search("数字孪生"))).toContain(ids.pump);
  });

  it("finds only published write-ups", async () => {
    const result = await search("clash detection");
    expect(idsOf(result)).toContain(ids.metro);
    expect(idsOf(result)).not.toContain(ids.draft);
  });

  it("escapes highlighted text except our <mark> tags", async () => {
    const [hit] = (await search("valves")).hits;
    expect(hit?.highlights.title).toBe("Pipes &lt;b&gt;&amp;&lt;/b&gt; <mark>valves</mark> schedule");
    expect(hit?.highlights.snippet).toContain("&quot;<mark>valves</mark>&quot; schedule &lt;script&gt;");
    expect(hit?.highlights.snippet).not.toContain("<script>");
  });

  it("sorts by newest and by most reused", async () => {
    expect(idsOf(await search("", { sort: "reused" })).slice(0, 2)).toEqual([ids.drones, ids.markup]);
    expect(idsOf(await search("", { sort: "newest" }))[0]).toBe(ids.markup);
  });
});

describe("facets", () => {
  const counts = (result: SearchResult, facet: keyof SearchResult["facets"]) =>
    Object.fromEntries(result.facets[facet].map((f) => [f.value, f.count]));

  it("count every published write-up by facet value", async () => {
    const result = await search("");
    expect(result.total).toBe(7);
    expect(counts(result, "subsidiary")).toEqual({ WUH: 3, SHA: 4 });
    expect(counts(result, "painPoint")).toEqual({
      "late-design-clashes": 1,
      "unclear-site-progress": 2,
      "excavation-risk": 1,
      "site-safety-incidents": 2,
      "manual-code-checks": 1,
      "slow-design-review": 2,
    });
    expect(counts(result, "sector")).toEqual({ transport: 2, water: 1, residential: 1, commercial: 2, industrial: 1 });
    expect(counts(result, "year")).toEqual({ "2020": 1, "2021": 1, "2022": 1, "2023": 2, "2024": 2 });
    expect(counts(result, "featured")).toEqual({ true: 1, false: 6 });
    expect(counts(result, "discipline")).toMatchObject({ mep: 2, architecture: 2, bim: 1 });
  });

  it("group pain points by area with names in the reader's language", async () => {
    const result = await searchSolutions(admin, searchQuery(), { locale: "zh" });
    expect(result.painPointGroups.map((g) => g.label)).toEqual(["设计协同", "现场施工"]);
    expect(result.painPointGroups[1]?.values.map((v) => v.label)).toContain("深基坑风险");
  });

  it("OR values within a facet, AND across facets, and count each facet against the other filters", async () => {
    const result = await search("", {
      filters: { painPoint: ["late-design-clashes", "site-safety-incidents"], subsidiary: ["WUH"] },
    });
    // WUH write-ups tagged with clashes or safety: metro, excavation, drones.
    expect(new Set(idsOf(result))).toEqual(new Set([ids.metro, ids.excavation, ids.drones]));
    // Subsidiary counts ignore the subsidiary filter but apply the pain point filter:
    // clashes or safety -> metro (WUH), excavation (WUH), drones (WUH).
    expect(counts(result, "subsidiary")).toEqual({ WUH: 3 });
    // Pain point counts ignore the pain point filter but apply WUH.
    expect(counts(result, "painPoint")).toEqual({
      "late-design-clashes": 1,
      "excavation-risk": 1,
      "site-safety-incidents": 2,
      "unclear-site-progress": 1,
    });
    // Facets without an active value count the final result set.
    expect(counts(result, "sector")).toEqual({ transport: 2, commercial: 1 });
    expect(result.facets.subsidiary.find((f) => f.value === "WUH")?.selected).toBe(true);
    expect(result.totalWithout).toEqual({ painPoint: 3, subsidiary: 3 });
  });

  it("keeps a ticked value listed with zero and suggests the closest pain points when nothing matches", async () => {
    const result = await search("drones", { filters: { sector: ["water"] } });
    expect(result.total).toBe(0);
    expect(result.facets.sector).toContainEqual({ value: "water", label: "water", count: 0, selected: true });
    expect(result.totalWithout.sector).toBe(1);
    expect(result.closestPainPoints.map((p) => p.value).sort()).toEqual([
      "site-safety-incidents",
      "unclear-site-progress",
    ]);
  });
});
