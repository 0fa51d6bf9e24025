import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/lib/safe-redirect";

describe("safeRedirect", () => {
  it.each([
    ["/solutions?q=bim#top", "/solutions?q=bim#top"],
    ["/", "/"],
    ["/a/b/../c", "/a/c"],
    ["/a/./b", "/a/b"],
    ["/solutions/%E6%95%B0%E5%AD%97%E5%8C%96", "/solutions/%E6%95%B0%E5%AD%97%E5%8C%96"],
    ["/search?q=a%2Fb", "/search?q=a%2Fb"],
    ["/search?next=//evil.example", "/search?next=//evil.example"],
  ])("keeps the same-site path %s", (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });

  it.each([
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "\t//evil.example",
    "/ /evil.example/\u0000",
    "javascript:alert(1)",
    "http:/evil.example",
    "https:evil.example",
    "https:/evil.example",
    "evil.example",
    // Dot segments that normalise into a protocol-relative URL.
    "/.//evil.example",
    "/a/..//evil.example",
    "/..//evil.example",
    "/a/b/../..//evil.example",
    "/%2e//evil.example",
    "/%2e%2e//evil.example",
    "/ok/%2E%2E//evil.example",
    // Backslash variants after normalisation.
    "/./\\evil.example",
    "/a/..\\/evil.example",
    // Percent-encoded slashes and backslashes that decode into "//" or "/\".
    "/%2F%2Fevil.example",
    "/%2f/evil.example",
    "/%5C%5Cevil.example",
    "/%5Cevil.example",
    "/.%2F%2Fevil.example",
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%E0%A4%A", // malformed escape
    "",
    `/${"a".repeat(3000)}`,
    42,
    null,
    undefined,
    ["/"],
  ])("falls back for %j", (input) => {
    expect(safeRedirect(input, "/home")).toBe("/home");
  });

  it("never returns anything a browser would resolve off-site", () => {
    const tricky = [
      "/.//x",
      "/a/..//x",
      "/%2F/x",
      "/\\x",
      "/./%5C/x",
      "/.%2e//x",
      "/%2e./x/..//y",
      "/a/%2e%2e/%2e%2e//x",
    ];
    for (const input of tricky) {
      const result = safeRedirect(input, "/fallback");
      expect(new URL(result, "https://portal.example").origin, input).toBe("https://portal.example");
      expect(result.startsWith("//") || result.startsWith("/\\"), input).toBe(false);
    }
  });
});
