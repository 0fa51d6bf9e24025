import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Who featured a write-up as a best practice, and when (both null while it is not featured).
  await db.schema
    .alterTable("solutions")
    .addColumn("featured_at", "timestamptz")
    .addColumn("featured_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .execute();

  // A team records that it reuses a write-up in one of its projects. solutions.reuse_count is the
  // number of these rows, recomputed in the same transaction as every insert and delete.
  await db.schema
    .createTable("solution_reuses")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("solution_id", "uuid", (c) => c.notNull().references("solutions.id").onDelete("cascade"))
    // The reusing team: the recorder's subsidiary at the time of recording.
    .addColumn("subsidiary_id", "uuid", (c) => c.notNull().references("subsidiaries.id"))
    .addColumn("user_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("project", "text", (c) => c.notNull().check(sql`char_length(project) between 1 and 200`))
    .addColumn("note", "text", (c) => c.check(sql`note is null or char_length(note) <= 1000`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One record per write-up, reusing subsidiary and project, whatever the letter case.
  await sql`create unique index solution_reuses_project_key on solution_reuses (solution_id, subsidiary_id, lower(project))`.execute(
    db,
  );
  await db.schema
    .createIndex("solution_reuses_subsidiary_idx")
    .on("solution_reuses")
    .columns(["subsidiary_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("solution_reuses").execute();
  await db.schema.alterTable("solutions").dropColumn("featured_by").dropColumn("featured_at").execute();
}
