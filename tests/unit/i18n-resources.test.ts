import { describe, expect, it } from "vitest";
import { createI18n, resources, SUPPORTED_LOCALES } from "~/lib/i18n";

function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

function interpolations(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]!).sort();
}

describe("translation resources", () => {
  const namespaces = Object.keys(resources.en) as (keyof typeof resources.en)[];

  it.each(namespaces)("namespace %s has the same keys in every language", (ns) => {
    const english = keysOf(resources.en[ns]).sort();
    for (const locale of SUPPORTED_LOCALES) {
      const other = keysOf(resources[locale][ns]).sort();
      expect({ locale, missing: english.filter((k) => !other.includes(k)) }).toEqual({ locale, missing: [] });
      expect({ locale, extra: other.filter((k) => !english.includes(k)) }).toEqual({ locale, extra: [] });
    }
  });

  it.each(namespaces)("namespace %s uses the same placeholders in every language", (ns) => {
    const instance = createI18n("en");
    for (const key of keysOf(resources.en[ns])) {
      const en = instance.getResource("en", ns, key) as string;
      const zh = instance.getResource("zh", ns, key) as string;
      expect({ key, placeholders: interpolations(zh) }).toEqual({ key, placeholders: interpolations(en) });
    }
  });

  it("has no empty translations", () => {
    for (const locale of SUPPORTED_LOCALES) {
      for (const ns of namespaces) {
        const instance = createI18n(locale);
        for (const key of keysOf(resources[locale][ns])) {
          expect({ locale, key, empty: (instance.getResource(locale, ns, key) as string).trim() === "" }).toEqual({
            locale,
            key,
            empty: false,
          });
        }
      }
    }
  });

  it("translates into Chinese", () => {
    expect(createI18n("zh").t("appName")).toBe("方案共享平台");
    expect(createI18n("en").t("appName")).toBe("Solutions Exchange");
  });
});
