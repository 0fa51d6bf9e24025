import { sql, type RawBuilder } from "kysely";

/**
 * Marks a raw statement for preparing: write it as sql`${prepared("name")} select ...`. On PostgreSQL
 * the statement is then parsed and planned once per connection (db/connection.ts); PGlite ignores the
 * mark, a comment. Only for the few fixed statements every request runs: each name must always go with
 * the same text, and every prepared statement stays in each connection's memory.
 */
export function prepared(name: string): RawBuilder<unknown> {
  if (!/^[a-z][\w-]*$/.test(name)) throw new Error(`not a statement name: ${name}`);
  return sql.raw(`/* prepared:${name} */`);
}

const MARK = /^\/\* prepared:([a-z][\w-]*) \*\//;

/** The name a statement was marked with, if any. */
export function preparedStatementName(text: string): string | undefined {
  return MARK.exec(text)?.[1];
}
