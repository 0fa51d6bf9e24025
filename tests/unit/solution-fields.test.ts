import { describe, expect, it } from "vitest";
import { createI18n } from "~/lib/i18n";
import { COMPARED_FIELDS, COMPARED_FIELD_LABELS } from "~/lib/solution-fields";

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
