import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/lib/safe-redirect";

describe("safeRedirect", () => {
  it.each([
    ["/solutions?q=bim#top", "/solutions?q=bim#top"],
    ["/", "/"],
    ["/a/b/../c", "/a/c"],
  ])("keeps the same-site path %s", (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });

  it.each([
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "javascript:alert(1)",
    "http:/evil.example",
    "evil.example",
    "",
    `/${"a".repeat(3000)}`,
    42,
    null,
    undefined,
  ])("falls back for %j", (input) => {
    expect(safeRedirect(input, "/home")).toBe("/home");
  });
});
