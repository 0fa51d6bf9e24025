import { sql, type Kysely } from "kysely";

/**
 * The catalog filters and counts by pain point, technology, discipline, sector, year and subsidiary over
 * every visible published write-up. Copies of the tag lists on the solutions row (kept in step by
 * triggers, whoever writes the join tables) let one scan of `solutions` answer all of that without
 * joins, and GIN indexes make a filter on any of them cheap.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table solutions
    add column pain_point_ids uuid[] not null default '{}',
    add column technology_keys text[] not null default '{}'`.execute(db);

  await sql`create function solutions_sync_pain_point_ids() returns trigger language plpgsql as $$
    declare target uuid := coalesce(new.solution_id, old.solution_id);
    begin
      update solutions set pain_point_ids = array(
        select pain_point_id from solution_pain_points where solution_id = target order by position, pain_point_id
      ) where id = target;
      if tg_op = 'UPDATE' and old.solution_id <> new.solution_id then
        update solutions set pain_point_ids = array(
          select pain_point_id from solution_pain_points where solution_id = old.solution_id order by position, pain_point_id
        ) where id = old.solution_id;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger solution_pain_points_sync after insert or update or delete on solution_pain_points
    for each row execute function solutions_sync_pain_point_ids()`.execute(db);

  await sql`create function solutions_sync_technology_keys() returns trigger language plpgsql as $$
    declare target uuid := coalesce(new.solution_id, old.solution_id);
    begin
      update solutions set technology_keys = array(
        select lower(t.name) from solution_technologies st join technologies t on t.id = st.technology_id
        where st.solution_id = target order by 1
      ) where id = target;
      return null;
    end $$`.execute(db);
  await sql`create trigger solution_technologies_sync after insert or update or delete on solution_technologies
    for each row execute function solutions_sync_technology_keys()`.execute(db);

  await sql`update solutions s set
    pain_point_ids = array(select pain_point_id from solution_pain_points p where p.solution_id = s.id order by position, pain_point_id),
    technology_keys = array(select lower(t.name) from solution_technologies st join technologies t on t.id = st.technology_id where st.solution_id = s.id order by 1)`.execute(
    db,
  );

  await sql`create index solutions_pain_point_ids_idx on solutions using gin (pain_point_ids)`.execute(db);
  await sql`create index solutions_technology_keys_idx on solutions using gin (technology_keys)`.execute(db);
  await sql`create index solutions_disciplines_idx on solutions using gin (disciplines)`.execute(db);
  await sql`create index solutions_live_newest_idx on solutions (published_at desc, id desc) where status = 'published'`.execute(
    db,
  );
  await sql`create index solutions_live_updated_idx on solutions (updated_at desc, id desc) where status = 'published'`.execute(
    db,
  );
  await sql`create index solutions_live_reused_idx on solutions (reuse_count desc, published_at desc, id desc) where status = 'published'`.execute(
    db,
  );
  await sql`create index solutions_live_title_idx on solutions (lower(title), id) where status = 'published'`.execute(
    db,
  );
  await sql`create index solutions_sector_year_idx on solutions (sector, year) where status = 'published'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    "solutions_sector_year_idx",
    "solutions_live_title_idx",
    "solutions_live_reused_idx",
    "solutions_live_updated_idx",
    "solutions_live_newest_idx",
    "solutions_disciplines_idx",
    "solutions_technology_keys_idx",
    "solutions_pain_point_ids_idx",
  ]) {
    await sql`drop index if exists ${sql.ref(index)}`.execute(db);
  }
  await sql`drop trigger if exists solution_technologies_sync on solution_technologies`.execute(db);
  await sql`drop function if exists solutions_sync_technology_keys()`.execute(db);
  await sql`drop trigger if exists solution_pain_points_sync on solution_pain_points`.execute(db);
  await sql`drop function if exists solutions_sync_pain_point_ids()`.execute(db);
  await sql`alter table solutions drop column technology_keys, drop column pain_point_ids`.execute(db);
}
