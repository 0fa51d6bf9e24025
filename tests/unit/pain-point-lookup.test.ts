import { describe, expect, it } from "vitest";
import { buildPainPointLookup } from "~/models/pain-point-lookup.server";

describe("buildPainPointLookup", () => {
  const rows = [
    {
      id: "a",
      slug: "late-design-clashes",
      nameEn: "Late discovery of design clashes",
      nameZh: "设计碰撞发现过晚",
      mergedIntoId: null,
    },
    { id: "b", slug: "old-clash-pain", nameEn: "Clashes found late", nameZh: "碰撞发现晚", mergedIntoId: "a" },
    // A merged pain point that shares its English name with a live one.
    { id: "c", slug: "rework-in-design", nameEn: "Rework", nameZh: "返工", mergedIntoId: "a" },
    { id: "d", slug: "rework-on-site", nameEn: "Rework", nameZh: "现场返工", mergedIntoId: null },
  ];
  const find = buildPainPointLookup(rows, [
    { slug: "design-clashes", painPointId: "a" },
    { slug: "older-merged", painPointId: "b" },
  ]);

  it("resolves slugs, former slugs and names to the live pain point and its current slug", () => {
    expect(find("late-design-clashes")).toEqual({ id: "a", slug: "late-design-clashes" });
    expect(find(" Late-Design-Clashes ")).toEqual({ id: "a", slug: "late-design-clashes" });
    expect(find("design-clashes")).toEqual({ id: "a", slug: "late-design-clashes" });
    expect(find("late discovery of DESIGN clashes")).toEqual({ id: "a", slug: "late-design-clashes" });
    expect(find("设计碰撞发现过晚")).toEqual({ id: "a", slug: "late-design-clashes" });
  });

  it("leads merged pain points (by slug, former slug or name) to their target", () => {
    expect(find("old-clash-pain")).toEqual({ id: "a", slug: "late-design-clashes" });
    expect(find("older-merged")).toEqual({ id: "a", slug: "late-design-clashes" });
    expect(find("碰撞发现晚")).toEqual({ id: "a", slug: "late-design-clashes" });
  });

  it("prefers the live pain point when a merged one had the same name; unknown values are undefined", () => {
    expect(find("rework")).toEqual({ id: "d", slug: "rework-on-site" });
    expect(find("rework-in-design")).toEqual({ id: "a", slug: "late-design-clashes" });
    expect(find("Rework")).toEqual({ id: "d", slug: "rework-on-site" });
    expect(find("no-such-pain")).toBeUndefined();
    expect(find("")).toBeUndefined();
  });
});
