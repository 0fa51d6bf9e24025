import path from "node:path";
import type { Kysely, Transaction } from "kysely";
import { createDatabase, createPostgresDatabase, pingDatabase, type DatabaseHandle } from "../../db/connection";
import { acquireDataDirLock, DataDirLockedError, type DirLock } from "../../db/embedded-lock";
import type { Database } from "../../db/schema";
import { errorMessage } from "./error-message";
import { ConfigError, getEnv, redactUrl } from "./env.server";
import { clearSingleton, setSingleton, singleton } from "./singleton.server";
import { StartupError } from "./startup-error.server";

export type * from "../../db/schema";
export { prepared } from "../../db/prepared";
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

interface OpenDatabase {
  handle: DatabaseHandle;
  lock?: DirLock;
}

const KEY = "database";

function current(): OpenDatabase | undefined {
  return singleton<{ value?: OpenDatabase }>(KEY, () => ({})).value;
}

/** Where the embedded database lives. */
export function embeddedDatabaseDir(): string {
  return path.join(getEnv().DATA_DIR, "pglite");
}

/**
 * Opens the configured database once per process: PostgreSQL when DATABASE_URL is set, otherwise the
 * embedded PGlite under DATA_DIR, guarded by a lock so a second process can't open it.
 */
/** The PostgreSQL at DATABASE_URL, with the pool size and statement preparing the environment sets. */
function openPostgres(url: string): DatabaseHandle {
  const env = getEnv();
  return createPostgresDatabase(url, env.DATABASE_POOL_SIZE, { prepare: env.DATABASE_PREPARED_STATEMENTS });
}

export async function openDatabase(): Promise<Db> {
  const existing = current();
  if (existing) return existing.handle.db;
  const env = getEnv();
  let opened: OpenDatabase;
  if (env.DATABASE_URL) {
    opened = { handle: openPostgres(env.DATABASE_URL) };
  } else {
    const lock = acquireDataDirLock(env.DATA_DIR);
    try {
      opened = { handle: await createDatabase({ kind: "pglite", dataDir: embeddedDatabaseDir() }), lock };
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  singleton<{ value?: OpenDatabase }>(KEY, () => ({})).value = opened;
  return opened.handle.db;
}

/**
 * The open database. With DATABASE_URL it opens on first use (a pg pool connects lazily), which is how
 * tests and extra app instances get it; the embedded database must be opened at start-up.
 */
export function getDb(): Db {
  const existing = current();
  if (existing) return existing.handle.db;
  const env = getEnv();
  if (!env.DATABASE_URL) throw new Error("the embedded database is not open: openDatabase() runs at start-up");
  const handle = openPostgres(env.DATABASE_URL);
  setSingleton(KEY, { value: { handle } });
  return handle.db;
}

export function databaseKind(): DatabaseHandle["kind"] {
  return current()?.handle.kind ?? (getEnv().DATABASE_URL ? "postgres" : "pglite");
}

export async function closeDatabase(): Promise<void> {
  const open = current();
  if (!open) return;
  clearSingleton(KEY);
  try {
    await open.handle.close();
  } finally {
    open.lock?.release();
  }
}

/**
 * Opens the database and proves it answers, turning every way that can fail into one line that names
 * what to change: the portal and every CLI command start with this.
 */
export async function openCheckedDatabase(): Promise<{ db: Db; kind: DatabaseHandle["kind"]; location: string }> {
  const env = getEnv();
  if (env.DATABASE_URL) {
    const db = await openDatabase();
    try {
      await pingDatabase(db);
    } catch (error) {
      await closeDatabase();
      throw new ConfigError("DATABASE_URL", `cannot connect to ${redactUrl(env.DATABASE_URL)}: ${errorMessage(error)}`);
    }
    return { db, kind: "postgres", location: redactUrl(env.DATABASE_URL) };
  }
  const dir = path.resolve(embeddedDatabaseDir());
  try {
    const db = await openDatabase();
    await pingDatabase(db);
    return { db, kind: "pglite", location: dir };
  } catch (error) {
    await closeDatabase().catch(() => {});
    if (error instanceof DataDirLockedError) throw new StartupError(error.message);
    throw new StartupError(
      `DATA_DIR: the embedded database in ${dir} could not be opened (${errorMessage(error)}); move that folder away to start afresh, or set DATABASE_URL`,
    );
  }
}
