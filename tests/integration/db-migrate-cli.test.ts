import { spawn } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it, vi } from "vitest";
import { closeDatabase } from "~/lib/db.server";
import { resetEnvForTests } from "~/lib/env.server";
import { migrations } from "../../db/migrations/index";
import { main } from "../../scripts/db-migrate";
import { CliError } from "../../scripts/lib/cli";
import { createSchema, dropSchema, withSearchPath } from "../setup/test-database";

const ROOT = path.join(import.meta.dirname, "../..");
const NAMES = Object.keys(migrations).sort();
const FIRST = NAMES[0]!;
const LAST = NAMES.at(-1)!;

const databaseUrl = inject("databaseUrl");
const schemas: string[] = [];

/** A fresh, empty schema of the run's database, and a DATABASE_URL that uses it. */
async function freshSchema(): Promise<string> {
  const schema = `m_${crypto.randomBytes(4).toString("hex")}`;
  await createSchema(databaseUrl, schema);
  schemas.push(schema);
  return withSearchPath(databaseUrl, schema);
}

afterAll(async () => {
  for (const schema of schemas) await dropSchema(databaseUrl, schema);
});

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

async function tables(url: string): Promise<string[]> {
  const rows = await query<{ name: string }>(
    url,
    "select table_name as name from information_schema.tables where table_schema = current_schema() order by 1",
  );
  return rows.map((r) => r.name);
}

describe("npm run db:migrate (the real command, in its own process)", () => {
  it("exits 1 with one line naming the failing migration and its error, and applies nothing", async () => {
    const url = await freshSchema();
    // The first migration creates app_meta: a table already in the way makes it fail.
    await query(url, "create table app_meta (key text)");
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/db-migrate.ts"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toEqual([`Error: migration ${FIRST} failed: relation "app_meta" already exists`]);
    // Kysely runs the pending migrations in one transaction: none of them stayed.
    const left = (await tables(url)).filter((name) => !name.startsWith("kysely_"));
    expect(left).toEqual(["app_meta"]);
  }, 60_000);
});

describe("db:migrate's main(): --status, apply, --down, --down --all", () => {
  let output: string[];
  let original: string | undefined;

  beforeAll(async () => {
    original = process.env.DATABASE_URL;
    await closeDatabase();
    process.env.DATABASE_URL = await freshSchema();
    resetEnvForTests();
  });
  afterAll(async () => {
    await closeDatabase();
    process.env.DATABASE_URL = original;
    resetEnvForTests();
  });
  beforeEach(() => {
    output = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => void output.push(line));
  });
  afterEach(() => vi.restoreAllMocks());

  it("walks a fresh database up, one down, all down and up again", async () => {
    const url = process.env.DATABASE_URL!;
    expect(await main(["--status"])).toBe(0);
    expect(output).toEqual([`pending: ${NAMES.join(", ")}`]);

    expect(await main([])).toBe(0);
    expect(output.at(-1)).toBe(NAMES.map((name) => `applied ${name}`).join("\n"));
    expect(await tables(url)).toContain("search_outbox");

    expect(await main(["--status"])).toBe(0);
    expect(output.at(-1)).toBe("up to date");
    expect(await main([])).toBe(0);
    expect(output.at(-1)).toBe("already up to date");

    expect(await main(["--down"])).toBe(0);
    expect(output.at(-1)).toBe(`reverted ${LAST}`);
    expect(await main(["--status"])).toBe(0);
    expect(output.at(-1)).toBe(`pending: ${LAST}`);

    expect(await main(["--down", "--all"])).toBe(0);
    expect(output.at(-1)).toBe(
      [...NAMES]
        .slice(0, -1)
        .reverse()
        .map((name) => `reverted ${name}`)
        .join("\n"),
    );
    expect((await tables(url)).filter((name) => !name.startsWith("kysely_"))).toEqual([]);
    expect(await main(["--down"])).toBe(0);
    expect(output.at(-1)).toBe("nothing to revert");

    expect(await main([])).toBe(0);
    expect(output.at(-1)).toBe(NAMES.map((name) => `applied ${name}`).join("\n"));
  }, 120_000);

  it("refuses unknown options with the usage", async () => {
    await expect(main(["--sideways"])).rejects.toThrow(CliError);
    await expect(main(["--sideways"])).rejects.toThrow(/usage: npm run db:migrate \[-- --down \[--all\] \| --status\]/);
  });
});
