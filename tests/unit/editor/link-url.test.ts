import { describe, expect, it } from "vitest";
import { isValidLinkUrl, readLinkUrl } from "~/components/editor/link-url";

describe("readLinkUrl", () => {
  it.each([
    ["https://example.com/a?b=c#d", "https://example.com/a?b=c#d"],
    ["  http://intranet.example.cn  ", "http://intranet.example.cn"],
    ["mailto:li.wei@example.cn", "mailto:li.wei@example.cn"],
    ["example.com", "https://example.com"],
    ["docs.example.com/bim/guide.pdf", "https://docs.example.com/bim/guide.pdf"],
    ["li.wei@example.cn", "mailto:li.wei@example.cn"],
  ])("accepts %j as %j", (input, url) => {
    expect(readLinkUrl(input)).toEqual({ ok: true, url });
  });

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,x",
    "/relative/path",
    "ftp://example.com/file",
    "tel:+861234",
    "https://exa mple.com",
    "not a url",
  ])("refuses %j", (input) => {
    expect(readLinkUrl(input)).toEqual({ ok: false, reason: "invalid" });
  });

  it("tells an empty field apart from a wrong address", () => {
    expect(readLinkUrl("   ")).toEqual({ ok: false, reason: "empty" });
  });
});

describe("isValidLinkUrl (LinkPlugin's validateUrl)", () => {
  it("allows only absolute http, https and mailto URLs, without guessing", () => {
    expect(isValidLinkUrl("https://example.com")).toBe(true);
    expect(isValidLinkUrl("mailto:a@example.com")).toBe(true);
    expect(isValidLinkUrl("example.com")).toBe(false);
    expect(isValidLinkUrl("javascript:alert(1)")).toBe(false);
  });
});
