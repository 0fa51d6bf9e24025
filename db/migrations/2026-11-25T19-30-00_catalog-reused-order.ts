import { sql, type Kysely } from "kysely";

/**
 * "Most reused" orders by reuse count, then by the last update (what the catalog sorted by before reuse
 * was recorded, and still the order among write-ups reused equally often), then id. The index follows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists solutions_live_reused_idx`.execute(db);
  await sql`create index solutions_live_reused_idx on solutions (reuse_count desc, updated_at desc, id desc) where status = 'published'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists solutions_live_reused_idx`.execute(db);
  await sql`create index solutions_live_reused_idx on solutions (reuse_count desc, published_at desc, id desc) where status = 'published'`.execute(
    db,
  );
}
