import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // The pain-point taxonomy: area -> pain point, both named in English and Chinese.
  await db.schema
    .createTable("pain_point_areas")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("name_zh", "text", (c) => c.notNull())
    .addColumn("description_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("description_zh", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("pain_points")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("area_id", "uuid", (c) => c.notNull().references("pain_point_areas.id"))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("name_zh", "text", (c) => c.notNull())
    .addColumn("description_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("description_zh", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("retired_at", "timestamptz")
    // A merged pain point stays as a row so its slug keeps redirecting to the one it was merged into.
    .addColumn("merged_into_id", "uuid", (c) => c.references("pain_points.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("pain_points_area_idx").on("pain_points").columns(["area_id", "position"]).execute();

  await db.schema
    .createTable("technologies")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Tags are unique case-insensitively: "Revit" and "revit" are one technology.
  await sql`create unique index technologies_name_key on technologies (lower(name))`.execute(db);

  /**
   * A write-up. Its content columns hold what readers see: the live (published) version once there is
   * one, otherwise the latest draft. `revision` is the latest revision number and the optimistic lock;
   * the editor works on the snapshot with that number in solution_revisions.
   */
  await db.schema
    .createTable("solutions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("subsidiary_id", "uuid", (c) => c.notNull().references("subsidiaries.id"))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('draft', 'in_review', 'published', 'archived')`),
    )
    .addColumn("visibility", "text", (c) => c.notNull().check(sql`visibility in ('group', 'subsidiary')`))
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("live_revision", "integer")
    // Edits to a published write-up that are not live yet: being drafted or waiting for review.
    .addColumn("pending_change", "text", (c) => c.check(sql`pending_change in ('draft', 'in_review')`))
    .addColumn("review_comment", "text")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("body", "jsonb", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("body_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("sector", "text")
    .addColumn("client", "text")
    .addColumn("project", "text")
    .addColumn("year", "integer")
    .addColumn("disciplines", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("metrics", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("contacts", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("languages", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("reuse_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("featured", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("published_at", "timestamptz")
    .addColumn("archived_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("solutions_subsidiary_idx")
    .on("solutions")
    .columns(["subsidiary_id", "status"])
    .execute();
  await db.schema.createIndex("solutions_published_idx").on("solutions").columns(["status", "published_at"]).execute();

  // Every slug a write-up has had: renamed write-ups keep answering on old slugs (with a 301).
  await db.schema
    .createTable("solution_slugs")
    .addColumn("slug", "text", (c) => c.primaryKey())
    .addColumn("solution_id", "uuid", (c) => c.notNull().references("solutions.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("solution_authors")
    .addColumn("solution_id", "uuid", (c) => c.notNull().references("solutions.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("solution_authors_pkey", ["solution_id", "user_id"])
    .execute();
  await db.schema.createIndex("solution_authors_user_idx").on("solution_authors").column("user_id").execute();

  await db.schema
    .createTable("solution_pain_points")
    .addColumn("solution_id", "uuid", (c) => c.notNull().references("solutions.id").onDelete("cascade"))
    .addColumn("pain_point_id", "uuid", (c) => c.notNull().references("pain_points.id"))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("solution_pain_points_pkey", ["solution_id", "pain_point_id"])
    .execute();
  await db.schema
    .createIndex("solution_pain_points_pain_point_idx")
    .on("solution_pain_points")
    .columns(["pain_point_id", "solution_id"])
    .execute();

  await db.schema
    .createTable("solution_technologies")
    .addColumn("solution_id", "uuid", (c) => c.notNull().references("solutions.id").onDelete("cascade"))
    .addColumn("technology_id", "uuid", (c) => c.notNull().references("technologies.id"))
    .addPrimaryKeyConstraint("solution_technologies_pkey", ["solution_id", "technology_id"])
    .execute();
  await db.schema
    .createIndex("solution_technologies_technology_idx")
    .on("solution_technologies")
    .columns(["technology_id", "solution_id"])
    .execute();

  // Immutable snapshots: one per content change, never updated.
  await db.schema
    .createTable("solution_revisions")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("solution_id", "uuid", (c) => c.notNull().references("solutions.id").onDelete("cascade"))
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("note", "text")
    .addColumn("snapshot", "jsonb", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("body_text", "text", (c) => c.notNull())
    .addUniqueConstraint("solution_revisions_solution_revision_key", ["solution_id", "revision"])
    .execute();

  // Every workflow transition: who, when, from, to, comment.
  await db.schema
    .createTable("solution_transitions")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("solution_id", "uuid", (c) => c.notNull().references("solutions.id").onDelete("cascade"))
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("actor_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("from_status", "text", (c) => c.notNull())
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("comment", "text")
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("solution_transitions_solution_idx")
    .on("solution_transitions")
    .columns(["solution_id", "at"])
    .execute();

  // Uploaded images, stored in PostgreSQL (see app/lib/image-store.server.ts for the interface).
  await db.schema
    .createTable("images")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("solution_id", "uuid", (c) => c.notNull().references("solutions.id").onDelete("cascade"))
    .addColumn("uploaded_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("byte_size", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("width", "integer")
    .addColumn("height", "integer")
    .addColumn("data", "bytea", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("images_solution_idx").on("images").column("solution_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "images",
    "solution_transitions",
    "solution_revisions",
    "solution_technologies",
    "solution_pain_points",
    "solution_authors",
    "solution_slugs",
    "solutions",
    "technologies",
    "pain_points",
    "pain_point_areas",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
