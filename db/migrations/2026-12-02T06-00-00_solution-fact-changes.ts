import { sql, type Kysely } from "kysely";

/**
 * Which write-ups' permission facts (status, visibility, subsidiary, authors) changed, by the changing
 * transaction's id. A reader holding a copy of the facts taken under snapshot S knows its copy is
 * exact when no row here belongs to a transaction S did not see (`pg_visible_in_snapshot`), and which
 * write-ups to read again otherwise. Triggers write the rows, so no code path (nor a change made by
 * hand in psql) can forget to. Transaction ids, not a sequence: a transaction that took a number early
 * and commits late would slip behind a sequence's high-water mark. A truncate writes the nil id:
 * "read everything again". The facts are those `PERMISSION_FACT_COLUMNS` reads
 * (app/models/solution-permission-facts.server.ts); the triggers must follow any change to that list.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table solution_fact_changes (
      xid xid8 not null default pg_current_xact_id(),
      solution_id uuid not null,
      changed_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index solution_fact_changes_xid_idx on solution_fact_changes (xid)`.execute(db);
  await sql`create index solution_fact_changes_changed_at_idx on solution_fact_changes (changed_at)`.execute(db);

  await sql`
    create function note_solution_fact_change() returns trigger language plpgsql as $$
    begin
      if tg_op = 'TRUNCATE' then
        insert into solution_fact_changes (solution_id) values ('00000000-0000-0000-0000-000000000000');
      elsif tg_table_name = 'solutions' then
        insert into solution_fact_changes (solution_id)
        values (case when tg_op = 'DELETE' then old.id else new.id end);
      elsif tg_op = 'DELETE' then
        insert into solution_fact_changes (solution_id) values (old.solution_id);
      else
        insert into solution_fact_changes (solution_id) values (new.solution_id);
        if tg_op = 'UPDATE' and old.solution_id is distinct from new.solution_id then
          insert into solution_fact_changes (solution_id) values (old.solution_id);
        end if;
      end if;
      return null;
    end
    $$`.execute(db);

  await sql`
    create trigger solutions_fact_change_row after insert or delete on solutions
    for each row execute function note_solution_fact_change()`.execute(db);
  await sql`
    create trigger solutions_fact_change_update after update of status, visibility, subsidiary_id on solutions
    for each row when (
      old.status is distinct from new.status or old.visibility is distinct from new.visibility
      or old.subsidiary_id is distinct from new.subsidiary_id or old.id is distinct from new.id
    ) execute function note_solution_fact_change()`.execute(db);
  await sql`
    create trigger solution_authors_fact_change after insert or update or delete on solution_authors
    for each row execute function note_solution_fact_change()`.execute(db);
  await sql`
    create trigger solutions_fact_change_truncate after truncate on solutions
    for each statement execute function note_solution_fact_change()`.execute(db);
  await sql`
    create trigger solution_authors_fact_change_truncate after truncate on solution_authors
    for each statement execute function note_solution_fact_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger solution_authors_fact_change_truncate on solution_authors`.execute(db);
  await sql`drop trigger solutions_fact_change_truncate on solutions`.execute(db);
  await sql`drop trigger solution_authors_fact_change on solution_authors`.execute(db);
  await sql`drop trigger solutions_fact_change_update on solutions`.execute(db);
  await sql`drop trigger solutions_fact_change_row on solutions`.execute(db);
  await sql`drop function note_solution_fact_change()`.execute(db);
  await sql`drop table solution_fact_changes`.execute(db);
}
