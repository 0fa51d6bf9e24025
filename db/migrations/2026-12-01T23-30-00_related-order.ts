import { sql, type Kysely } from "kysely";

/**
 * Related write-ups walk live write-ups most reused first, then newest (then id), keeping those that
 * share the pain points asked for: this index is that order, so the walk stops after a few rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index solutions_live_related_idx on solutions (reuse_count desc, published_at desc nulls last, id desc) where status = 'published'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists solutions_live_related_idx`.execute(db);
}
