import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Curated synonym groups ("BIM", "building information modelling", "建筑信息模型"): every term in a
  // group means the others. PostgreSQL is the source of truth; the outbox worker pushes them to Meilisearch.
  await db.schema
    .createTable("synonym_groups")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("terms", sql`text[]`, (c) => c.notNull().check(sql`cardinality(terms) between 2 and 20`))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // The outbox worker never claims a row while another row of the same entity is in flight (leased or
  // backing off), so it looks up pending rows by entity.
  await db.schema
    .createIndex("search_outbox_pending_entity_idx")
    .on("search_outbox")
    .columns(["entity_type", "entity_id"])
    .where(sql.ref("processed_at"), "is", null)
    .execute();
  // Processed rows are pruned by age.
  await db.schema
    .createIndex("search_outbox_processed_idx")
    .on("search_outbox")
    .column("processed_at")
    .where(sql.ref("processed_at"), "is not", null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("search_outbox_processed_idx").execute();
  await db.schema.dropIndex("search_outbox_pending_entity_idx").execute();
  await db.schema.dropTable("synonym_groups").execute();
}
