import { sql } from "kysely";
import type { Db } from "~/lib/db.server";

/** Kysely's migration bookkeeping and app_meta (the search index version) survive a reset. */
const KEPT_TABLES = new Set(["kysely_migration", "kysely_migration_lock", "app_meta"]);

/** Empties every data table of the current schema; the schema and migrations stay. */
export async function truncateDataTables(db: Db): Promise<string[]> {
  const { rows } = await sql<{ tablename: string }>`
    select tablename from pg_tables where schemaname = current_schema() order by tablename`.execute(db);
  const tables = rows.map((r) => r.tablename).filter((name) => !KEPT_TABLES.has(name));
  if (tables.length === 0) return [];
  await sql`truncate table ${sql.join(tables.map((t) => sql.table(t)))} restart identity cascade`.execute(db);
  return tables;
}

/** How much a database already holds, to refuse seeding over real data. */
export async function countCoreRows(db: Db) {
  const count = (table: "users" | "subsidiaries" | "solutions" | "painPoints") =>
    db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow()
      .then((row) => Number(row.n));
  return {
    users: await count("users"),
    subsidiaries: await count("subsidiaries"),
    solutions: await count("solutions"),
    painPoints: await count("painPoints"),
  };
}

/** Serialises seeding across processes (two portals starting on one empty database). */
export async function lockForSeeding(db: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(${DEMO_SEED_LOCK})`.execute(db);
}

const DEMO_SEED_LOCK = 7_200_405_001;
