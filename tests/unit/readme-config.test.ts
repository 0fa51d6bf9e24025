import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_VARIABLES } from "~/lib/env.server";

const README = fs.readFileSync(path.join(import.meta.dirname, "../../README.md"), "utf8");

/** The first column of the README's configuration table: | `NAME` | default | meaning |. */
function readmeVariables(): string[] {
  const section = README.split(/^## /m).find((part) => part.startsWith("Configuration\n"));
  expect(section, "README has a ## Configuration section").toBeDefined();
  return [...section!.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((match) => match[1]!);
}

describe("README configuration table", () => {
  it("lists every variable the environment schema reads, once", () => {
    const rows = readmeVariables();
    expect(rows.length).toBeGreaterThan(10);
    expect(new Set(rows).size).toBe(rows.length);
    expect(ENV_VARIABLES.filter((name) => !rows.includes(name))).toEqual([]);
  });

  it("lists nothing the schema does not read", () => {
    expect(readmeVariables().filter((name) => !(ENV_VARIABLES as string[]).includes(name))).toEqual([]);
  });
});
