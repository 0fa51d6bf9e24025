import { UNSAFE_ErrorResponseImpl as ErrorResponseImpl } from "@remix-run/router";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { StaticRouter } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { SEARCH_FAILED_CODE, SearchErrorPage } from "~/components/search-page/search-error";
import { createI18n, type Locale } from "~/lib/i18n";
import en from "~/locales/en/search.json";
import zh from "~/locales/zh/search.json";

/** What /search shows when its loader failed (see the loader's 500 in app/routes/search.tsx). */
function render(error: unknown, locale: Locale = "en") {
  return renderToString(
    <StaticRouter location="/search">
      <I18nextProvider i18n={createI18n(locale)}>
        <SearchErrorPage error={error} requestId="req-9" />
      </I18nextProvider>
    </StaticRouter>,
  );
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");

describe("the /search error page", () => {
  it("says in the reader's language that search could not run with their rights", () => {
    const failed = new ErrorResponseImpl(500, "", { code: SEARCH_FAILED_CODE, message: "Search failed." });
    const english = render(failed);
    expect(english).toContain(escape(en.failed.title));
    expect(english).toContain(escape(en.failed.body));
    expect(english).toContain("req-9");
    expect(english).not.toContain("Something went wrong");
    const chinese = render(failed, "zh");
    expect(chinese).toContain(zh.failed.title);
    expect(chinese).toContain(zh.failed.body);
  });

  it("shows other failures like the rest of the site", () => {
    const badRequest = render(new ErrorResponseImpl(400, "Bad Request", "page: must be a whole number"));
    expect(badRequest).toContain("Request failed (400)");
    expect(badRequest).toContain("page: must be a whole number");
    expect(render(new ErrorResponseImpl(500, "", { code: "other" }))).toContain("Something went wrong");
    expect(render(new Error("boom"))).toContain("Something went wrong");
    expect(render(new Error("boom"))).not.toContain("boom");
  });
});
