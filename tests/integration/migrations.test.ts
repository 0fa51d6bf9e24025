import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { createDatabase } from "../../db/connection";
import { migrateDown, migrateToLatest } from "../../db/migrator";
import { migrations } from "../../db/migrations/index";

const migrationNames = Object.keys(migrations).sort();

async function tableNames(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
    order by 1`.execute(db);
  return rows.map((r) => r.name);
}

describe("migrations", () => {
  it("have ISO-timestamped names", () => {
    for (const name of migrationNames) expect(name).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}_[a-z0-9-]+$/);
  });

  it("run up, all the way down and up again on embedded PGlite", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sx-pglite-"));
    const handle = await createDatabase({ kind: "pglite", dataDir: dir });
    try {
      expect(await migrateToLatest(handle.db)).toEqual(migrationNames);
      const tables = await tableNames(handle.db);
      expect(tables).toContain("search_outbox");
      expect(await migrateDown(handle.db, { all: true })).toEqual([...migrationNames].reverse());
      expect(await tableNames(handle.db)).toEqual([]);
      expect(await migrateToLatest(handle.db)).toEqual(migrationNames);
      expect(await tableNames(handle.db)).toEqual(tables);
      expect(await migrateToLatest(handle.db)).toEqual([]);
    } finally {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("revert one at a time on PostgreSQL and come back", async () => {
    const db = getDb();
    const before = await tableNames(db);
    const last = migrationNames.at(-1)!;
    expect(await migrateDown(db)).toEqual([last]);
    expect(await migrateToLatest(db)).toEqual([last]);
    expect(await tableNames(db)).toEqual(before);
  });

  it("return counts and bigint ids as numbers on both drivers", async () => {
    const db = getDb();
    const row = await db
      .insertInto("searchOutbox")
      .values({ entityType: "test", entityId: "1" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(typeof row.id).toBe("number");
    const { count } = await db
      .selectFrom("searchOutbox")
      .select((eb) => eb.fn.countAll().as("count"))
      .executeTakeFirstOrThrow();
    expect(count).toBe(1);
  });
});
