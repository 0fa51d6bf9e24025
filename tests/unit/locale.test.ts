import { describe, expect, it } from "vitest";
import { detectLocale, localeCookie, localeFromAcceptLanguage } from "~/lib/locale.server";

function request(headers: Record<string, string>) {
  return new Request("http://localhost/", { headers });
}

describe("locale detection", () => {
  it.each([
    ["zh-CN,zh;q=0.9,en;q=0.8", "zh"],
    ["en-US,en;q=0.9", "en"],
    ["fr-FR,zh-TW;q=0.5", "zh"],
    ["de-DE", undefined],
    ["", undefined],
  ])("maps Accept-Language %j to %s", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });

  it("prefers the saved choice, then the cookie, then Accept-Language", async () => {
    const cookie = await localeCookie.serialize("zh");
    expect(await detectLocale(request({ Cookie: cookie, "Accept-Language": "en" }), "en")).toBe("en");
    expect(await detectLocale(request({ Cookie: cookie, "Accept-Language": "en" }))).toBe("zh");
    expect(await detectLocale(request({ "Accept-Language": "zh-CN" }))).toBe("zh");
    expect(await detectLocale(request({}))).toBe("en");
  });

  it("ignores a cookie with an unknown language", async () => {
    const cookie = await localeCookie.serialize("fr");
    expect(await detectLocale(request({ Cookie: cookie, "Accept-Language": "zh" }))).toBe("zh");
  });
});
