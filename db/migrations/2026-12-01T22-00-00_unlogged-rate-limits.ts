import { sql, type Kysely } from "kysely";

/**
 * Every API request adds one to its token's per-minute counter. The counters are worth nothing after a
 * crash (PostgreSQL empties unlogged tables then: everyone starts a fresh minute), so they skip the
 * write-ahead log and a request no longer waits for a WAL flush.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table rate_limit_buckets set unlogged`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table rate_limit_buckets set logged`.execute(db);
}
