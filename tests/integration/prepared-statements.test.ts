import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createPostgresDatabase } from "../../db/connection";
import { preparedStatementName } from "../../db/prepared";
import { getDb, prepared } from "~/lib/db.server";

/** Statements every request runs are prepared once per connection (db/connection.ts, db/prepared.ts). */
describe("prepared statements", () => {
  it("sends a marked statement as a named, prepared one, and others as before", async () => {
    await getDb()
      .transaction()
      .execute(async (tx) => {
        // One transaction: one connection, whose prepared statements the view lists.
        for (let i = 0; i < 3; i++) {
          const { rows } = await sql<{ n: number }>`${prepared("test-marked")} select ${i}::int + 1 as n`.execute(tx);
          expect(rows).toEqual([{ n: i + 1 }]);
        }
        await sql`select 'not marked'`.execute(tx);
        const { rows } = await sql<{ name: string; statement: string }>`
          select name, statement from pg_prepared_statements`.execute(tx);
        const marked = rows.filter((r) => r.name === "test-marked");
        expect(marked).toHaveLength(1);
        expect(marked[0]!.statement).toContain("select $1::int + 1 as n");
        expect(rows.some((r) => r.statement.includes("not marked"))).toBe(false);
      });
  });

  it("prepares nothing when turned off (DATABASE_PREPARED_STATEMENTS=false, for poolers)", async () => {
    const handle = createPostgresDatabase(process.env.DATABASE_URL!, 1, { prepare: false });
    try {
      await sql`${prepared("test-unprepared")} select 1 as one`.execute(handle.db);
      const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(handle.db);
      expect(rows).toEqual([]);
    } finally {
      await handle.close();
    }
  });

  it("reads the mark only at the start of a statement, and refuses names that are not names", () => {
    expect(preparedStatementName("/* prepared:api-token-check */ select 1")).toBe("api-token-check");
    expect(preparedStatementName("select 1 /* prepared:x */")).toBeUndefined();
    expect(preparedStatementName("/* prepared: */ select 1")).toBeUndefined();
    expect(() => prepared("no spaces")).toThrow(/not a statement name/);
    expect(() => prepared("x */ drop table users; /*")).toThrow(/not a statement name/);
  });
});
