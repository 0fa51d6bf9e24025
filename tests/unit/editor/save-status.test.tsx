import type { ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { SaveStatus } from "~/components/editor/save-status";
import { createI18n, type Locale } from "~/lib/i18n";

function render(element: ReactElement, locale: Locale = "en"): string {
  return renderToString(<I18nextProvider i18n={createI18n(locale)}>{element}</I18nextProvider>);
}

/** 14:02 today in the test machine's time zone, which is the zone the component formats in. */
const TWO_PM = new Date(2026, 10, 3, 14, 2).toISOString();

describe("SaveStatus", () => {
  it("is a polite live region that is present, and empty, when idle", () => {
    const html = render(<SaveStatus state="idle" />);
    expect(html).toContain('role="status"');
    expect(html).toContain('aria-live="polite"');
    expect(html.replace(/<[^>]+>/g, "")).toBe("");
  });

  it.each([
    ["saving", {}, "Saving…", "正在保存…"],
    ["saved", { savedAt: TWO_PM }, "Saved at 14:02", "已于 14:02 保存"],
    ["saved", {}, "Saved", "已保存"],
    ["conflict", {}, "Not saved: conflict", "未保存：存在冲突"],
    [
      "error",
      { message: "the server is not responding" },
      "Not saved: the server is not responding",
      "未保存：the server is not responding",
    ],
    ["error", {}, "Not saved", "未保存"],
  ] as const)("shows %s %j in English and Chinese", (state, props, english, chinese) => {
    const text = (locale: Locale) => render(<SaveStatus state={state} {...props} />, locale).replace(/<[^>]+>/g, "");
    expect(text("en")).toBe(english);
    expect(text("zh")).toBe(chinese);
  });
});
