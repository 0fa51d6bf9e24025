import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Former slugs of pain points a curator re-slugged: links and bookmarks to them keep answering with a
  // 301 to the current page. A merged pain point needs no row here: it keeps its own slug and
  // `merged_into_id` says where to send readers.
  await db.schema
    .createTable("pain_point_slugs")
    .addColumn("slug", "text", (c) => c.primaryKey())
    .addColumn("pain_point_id", "uuid", (c) => c.notNull().references("pain_points.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("pain_point_slugs_pain_point_idx")
    .on("pain_point_slugs")
    .column("pain_point_id")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pain_point_slugs").execute();
}
