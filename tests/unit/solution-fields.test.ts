import { describe, expect, it } from "vitest";
import { createI18n } from "~/lib/i18n";
import { addTechnologies, COMPARED_FIELDS, COMPARED_FIELD_LABELS, SOLUTION_LIMITS } from "~/lib/solution-fields";

describe("compared fields", () => {
  it("each have a label in English and Chinese, never the raw key", () => {
    for (const locale of ["en", "zh"] as const) {
      const t = createI18n(locale).t as unknown as (key: string) => string;
      const labels = COMPARED_FIELDS.map((field) => t(COMPARED_FIELD_LABELS[field]));
      expect(labels.filter((label, i) => !label || label.includes("fields.") || label === COMPARED_FIELDS[i])).toEqual(
        [],
      );
      expect(new Set(labels).size).toBe(COMPARED_FIELDS.length);
    }
    expect(createI18n("zh").t("solutions:fields.authors")).not.toBe(createI18n("en").t("solutions:fields.authors"));
  });
});

describe("addTechnologies (the tag input)", () => {
  it("trims, collapses spaces, splits on commas and skips tags already there in any case", () => {
    expect(addTechnologies([], "  Revit  ")).toEqual(["Revit"]);
    expect(addTechnologies(["Revit"], "revit")).toEqual(["Revit"]);
    expect(addTechnologies(["Revit"], "Navisworks,  Python ,, REVIT,python")).toEqual([
      "Revit",
      "Navisworks",
      "Python",
    ]);
    expect(addTechnologies(["Revit"], "Building   Information\tModelling")).toEqual([
      "Revit",
      "Building Information Modelling",
    ]);
    expect(addTechnologies(["Revit"], "   ")).toEqual(["Revit"]);
  });

  it("cuts overlong tags and keeps no more than the limit", () => {
    expect(addTechnologies([], "x".repeat(100))[0]).toHaveLength(SOLUTION_LIMITS.technologyMax);
    const many = Array.from({ length: 30 }, (_, i) => `Tool ${i}`).join(",");
    expect(addTechnologies([], many)).toHaveLength(SOLUTION_LIMITS.technologiesMax);
    expect(addTechnologies(addTechnologies([], many), "One more")).toHaveLength(SOLUTION_LIMITS.technologiesMax);
  });
});
