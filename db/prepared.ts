import { sql, type RawBuilder } from "kysely";

/** A statement name, and the leading comment that carries it. */
const NAME = "[a-z][\\w-]*";
const IS_NAME = new RegExp(`^${NAME}$`);
const MARK = new RegExp(`^/\\* prepared:(${NAME}) \\*/`);

/**
 * Marks a raw statement for preparing: write it as sql`${prepared("name")} select ...`. On PostgreSQL
 * the statement is then parsed and planned once per connection (db/connection.ts); PGlite ignores the
 * mark, a comment. Only for the few fixed statements every request runs: each name must always go with
 * the same text, and every prepared statement stays in each connection's memory.
 */
export function prepared(name: string): RawBuilder<unknown> {
  if (!IS_NAME.test(name)) throw new Error(`not a statement name: ${name}`);
  return sql.raw(`/* prepared:${name} */`);
}

/** The name a statement was marked with, if any. */
export function preparedStatementName(text: string): string | undefined {
  return MARK.exec(text)?.[1];
}
