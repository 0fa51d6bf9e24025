import { CamelCasePlugin, Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

export type DatabaseConfig = { kind: "postgres"; url: string; poolSize: number } | { kind: "pglite"; dataDir: string };

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseConfig["kind"];
  close(): Promise<void>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Counts and bigserial ids come back from PostgreSQL as strings (they may exceed 2^53). Our ids and
 * counts never will, so both drivers parse them as numbers here, in one place.
 */
function toNumber(value: string): number {
  return Number(value);
}

const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8_OID || oid === NUMERIC_OID) return toNumber;
    return pg.types.getTypeParser(oid, format as "text");
  },
} as pg.CustomTypesConfig;

export const camelCase = new CamelCasePlugin();

/** The one factory for a database connection, for the portal, the scripts and the tests. */
export async function createDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.kind === "postgres") return createPostgresDatabase(config.url, config.poolSize);
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("kysely-pglite-dialect"),
  ]);
  const client = await PGlite.create(config.dataDir, {
    parsers: { [INT8_OID]: toNumber, [NUMERIC_OID]: toNumber },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client), plugins: [camelCase] });
  return {
    db,
    kind: "pglite",
    close: async () => {
      await db.destroy();
      if (!client.closed) await client.close();
    },
  };
}

/** A pg pool opens connections lazily, so this needs no await (request handlers rely on that). */
export function createPostgresDatabase(url: string, poolSize: number): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: pgTypes,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [camelCase] });
  return { db, kind: "postgres", close: () => db.destroy() };
}

/** Round-trips a trivial query; returns the latency in milliseconds. */
export async function pingDatabase(db: Kysely<Database>): Promise<number> {
  const started = performance.now();
  await sql`select 1`.execute(db);
  return Math.round((performance.now() - started) * 100) / 100;
}
