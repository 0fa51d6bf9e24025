import { CamelCasePlugin, Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient } from "kysely";
import pg from "pg";
import { preparedStatementName } from "./prepared";
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
export function createPostgresDatabase(
  url: string,
  poolSize: number,
  options: { prepare?: boolean } = {},
): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: pgTypes,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: options.prepare === false ? pool : new PreparingPool(pool) }),
    plugins: [camelCase],
  });
  return { db, kind: "postgres", close: () => db.destroy() };
}

/**
 * The pg pool as Kysely sees it, except that statements marked with `prepared()` (db/prepared.ts)
 * are sent as named statements: PostgreSQL parses and plans them once per connection instead of on
 * every call, which is most of what the few queries every request runs cost it. Off with
 * DATABASE_PREPARED_STATEMENTS=false, for a connection pooler that cannot keep prepared statements
 * (PgBouncer in transaction mode before 1.21).
 */
class PreparingPool implements PostgresPool {
  readonly #pool: pg.Pool;
  readonly #clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.#pool.connect();
    let wrapped = this.#clients.get(client);
    if (!wrapped) {
      const query = (text: string, values: readonly unknown[]) => {
        const name = preparedStatementName(text);
        return name ? client.query({ name, text, values: [...values] }) : client.query(text, [...values]);
      };
      // Kysely only calls query(sql, parameters): it is given no cursor class, so it never streams.
      wrapped = {
        query: query as unknown as PostgresPoolClient["query"],
        release: (destroy?: boolean) => client.release(destroy),
      };
      // Kysely keeps one connection object per client it is handed: hand it the same one each time.
      this.#clients.set(client, wrapped);
    }
    return wrapped;
  }

  end(): Promise<void> {
    return this.#pool.end();
  }
}

/** Round-trips a trivial query; returns the latency in milliseconds. */
export async function pingDatabase(db: Kysely<Database>): Promise<number> {
  const started = performance.now();
  await sql`select 1`.execute(db);
  return Math.round((performance.now() - started) * 100) / 100;
}
