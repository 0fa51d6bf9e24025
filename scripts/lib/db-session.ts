import { closeDatabase, openCheckedDatabase, type Db } from "../../app/lib/db.server";
import { migrateToLatest } from "../../db/migrator";

/** Opens the configured database (migrated to the latest version) for one CLI command. */
export async function withDatabase<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const { db } = await openCheckedDatabase();
  try {
    await migrateToLatest(db);
    return await work(db);
  } finally {
    await closeDatabase();
  }
}
