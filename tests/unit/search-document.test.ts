import { describe, expect, it } from "vitest";
import { isSearchable, metricsAsText, toSearchDocument, type SolutionIndexRow } from "../../search/solutions-index";

function row(overrides: Partial<SolutionIndexRow> = {}): SolutionIndexRow {
  return {
    id: "3f0c1e7a-0000-4000-8000-000000000001",
    slug: "metro-clash-coordination",
    status: "published",
    visibility: "group",
    title: "Weekly clash coordination",
    summary: "Cleared 4,120 clashes.",
    bodyText: "Clash groups and owners.",
    sector: "transport",
    client: "Metro Co",
    project: "Line 5",
    year: 2023,
    disciplines: ["bim", "mep"],
    metrics: [{ label: "Clashes cleared", value: 4120, unit: "clashes", baseline: 0 }],
    languages: ["en"],
    reuseCount: 4,
    featured: true,
    publishedAt: new Date("2025-03-01T10:00:00.500Z"),
    updatedAt: new Date("2025-03-02T10:00:00Z"),
    revision: 5,
    liveRevision: 4,
    subsidiaryId: "3f0c1e7a-0000-4000-8000-0000000000aa",
    subsidiaryCode: "WUH",
    subsidiaryNameEn: "Wuhan Design Institute",
    subsidiaryNameZh: "武汉设计院",
    painPoints: [
      {
        slug: "late-design-clashes",
        nameEn: "Late discovery of design clashes",
        nameZh: "设计碰撞发现过晚",
        areaSlug: "design-coordination",
        areaNameEn: "Design coordination",
        areaNameZh: "设计协同",
      },
    ],
    technologies: ["Navisworks", "Revit"],
    authorIds: ["3f0c1e7a-0000-4000-8000-0000000000bb"],
    ...overrides,
  };
}

describe("toSearchDocument", () => {
  it("builds the document the index and its filters expect", () => {
    const doc = toSearchDocument(row());
    expect(doc).toMatchObject({
      id: "3f0c1e7a-0000-4000-8000-000000000001",
      slug: "metro-clash-coordination",
      painPointSlugs: ["late-design-clashes"],
      painPointAreaSlugs: ["design-coordination"],
      subsidiary: {
        id: "3f0c1e7a-0000-4000-8000-0000000000aa",
        code: "WUH",
        nameEn: "Wuhan Design Institute",
        nameZh: "武汉设计院",
      },
      subsidiaryId: "3f0c1e7a-0000-4000-8000-0000000000aa",
      technologies: ["Navisworks", "Revit"],
      metricsText: "Clashes cleared: 4120 clashes (from 0)",
      publishedAt: 1740823200,
      updatedAt: 1740909600,
      revision: 4,
      status: "published",
      visibility: "group",
      authorIds: ["3f0c1e7a-0000-4000-8000-0000000000bb"],
    });
    expect(doc.fingerprint).toMatch(/^[A-Za-z0-9_-]{27}$/);
  });

  it("is deterministic, and its fingerprint changes with any field (so search:check sees it)", () => {
    expect(toSearchDocument(row())).toEqual(toSearchDocument(row()));
    const before = toSearchDocument(row()).fingerprint;
    expect(toSearchDocument(row({ visibility: "subsidiary" })).fingerprint).not.toBe(before);
    expect(toSearchDocument(row({ reuseCount: 5 })).fingerprint).not.toBe(before);
  });

  it("uses the draft revision when nothing was published yet", () => {
    expect(toSearchDocument(row({ liveRevision: null, revision: 2 })).revision).toBe(2);
  });

  it("strips the characters reserved for highlight markers", () => {
    const doc = toSearchDocument(row({ title: "Evil \uE000title\uE001", bodyText: "x\uE000y" }));
    expect(doc.title).toBe("Evil title");
    expect(doc.bodyText).toBe("xy");
  });

  it("lists a pain point once when merged into one already tagged", () => {
    const painPoint = row().painPoints[0]!;
    expect(toSearchDocument(row({ painPoints: [painPoint, painPoint] })).painPointSlugs).toEqual([
      "late-design-clashes",
    ]);
  });

  it("caps very long bodies", () => {
    expect(toSearchDocument(row({ bodyText: "a".repeat(50_000) })).bodyText).toHaveLength(30_000);
  });
});

describe("isSearchable and metricsAsText", () => {
  it("index published write-ups only", () => {
    expect(["draft", "in_review", "published", "archived"].filter((status) => isSearchable({ status }))).toEqual([
      "published",
    ]);
  });

  it("writes metrics as text", () => {
    expect(
      metricsAsText([
        { label: "Review time", value: 5, unit: "days", baseline: 12 },
        { label: "Models", value: 420, unit: "models" },
      ]),
    ).toBe("Review time: 5 days (from 12); Models: 420 models");
  });
});
