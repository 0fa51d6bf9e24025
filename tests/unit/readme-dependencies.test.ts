import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.join(import.meta.dirname, "../..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Record<
  string,
  Record<string, string> | undefined
>;

function dependencySection(): string {
  const section = README.split(/^## /m).find((part) => part.startsWith("Why each dependency\n"));
  expect(section, 'README has a "## Why each dependency" section').toBeDefined();
  return section!;
}

/** Package names written in backticks in that section. */
function mentioned(): Set<string> {
  return new Set([...dependencySection().matchAll(/`(@?[a-z0-9][\w.-]*(?:\/[\w.-]+)?)`/g)].map((m) => m[1]!));
}

const declared = ["dependencies", "devDependencies", "optionalDependencies"].flatMap((field) =>
  Object.keys(pkg[field] ?? {}),
);

describe('README "Why each dependency"', () => {
  it("names every package in package.json", () => {
    expect(declared.length).toBeGreaterThan(20);
    const names = mentioned();
    expect(declared.filter((name) => !names.has(name))).toEqual([]);
  });

  it("names no package that package.json does not declare", () => {
    const packageLike = [...mentioned()].filter((name) => name.startsWith("@") || /^[a-z][a-z0-9-]*$/.test(name));
    expect(packageLike.filter((name) => !declared.includes(name))).toEqual([]);
  });
});
