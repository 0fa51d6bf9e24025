import { Migrator, NO_MIGRATIONS, sql, type Kysely, type MigrationResult } from "kysely";
import { migrations } from "./migrations/index";

export class MigrationError extends Error {
  override name = "MigrationError";
  constructor(
    readonly migrationName: string,
    readonly original: unknown,
  ) {
    super(`migration ${migrationName} failed: ${original instanceof Error ? original.message : String(original)}`);
  }
}

async function createMigrator(db: Kysely<any>): Promise<Migrator> {
  const plain = db.withoutPlugins();
  // Kysely looks for its bookkeeping tables in every schema but queries them unqualified; naming the
  // schema in use (search_path may point elsewhere than public) keeps the two in agreement.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(plain);
  return new Migrator({
    // Migrations name snake_case tables themselves; run them without the camelCase plugin.
    db: plain,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: rows[0]?.schema ?? "public",
  });
}

function check(results: MigrationResult[] | undefined, error: unknown): MigrationResult[] {
  if (error) {
    const failed = results?.find((r) => r.status === "Error");
    throw new MigrationError(failed?.migrationName ?? "(setup)", error);
  }
  return results ?? [];
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { results, error } = await (await createMigrator(db)).migrateToLatest();
  return check(results, error).map((r) => r.migrationName);
}

/** Reverts the latest migration (or all of them); returns the names reverted. */
export async function migrateDown(db: Kysely<any>, options: { all?: boolean } = {}): Promise<string[]> {
  const migrator = await createMigrator(db);
  const { results, error } = options.all ? await migrator.migrateTo(NO_MIGRATIONS) : await migrator.migrateDown();
  return check(results, error).map((r) => r.migrationName);
}

export async function listPendingMigrations(db: Kysely<any>): Promise<string[]> {
  const all = await (await createMigrator(db)).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
