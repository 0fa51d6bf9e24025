import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { claimOutboxEntries } from "../../search/outbox";

/**
 * Claiming after a burst: the outbox's statistics were taken while it was nearly empty (autovacuum
 * has not analyzed it since, or is off), then 32,400 rows arrive at once. The claim used to be planned
 * from those statistics as a nested loop that scanned the whole table once per due row; it ran for
 * minutes, so this file would hit the test timeout. Its assertions are about which rows are claimed.
 */
const LEASED = 2_400;
const FREE = 27_600;

async function idsOf(entityPrefix: string, limit: number): Promise<number[]> {
  const { rows } = await sql<{ id: string }>`
    select id from search_outbox where entity_id like ${`${entityPrefix}%`} and processed_at is null
    order by id limit ${limit}`.execute(getDb());
  return rows.map((r) => Number(r.id));
}

describe("claiming from a burst of outbox rows", () => {
  it("skips every entity in flight and takes the oldest due rows, with stale and with fresh statistics", async () => {
    const db = getDb();
    await sql`
      insert into search_outbox (entity_type, entity_id, processed_at)
      select 'solution', 'done-' || g, now() from generate_series(1, 50) g`.execute(db);
    await sql`analyze search_outbox`.execute(db);

    // Entities b* each have a row in flight (leased by a worker) and a newer due row; a* only due rows.
    await sql`
      insert into search_outbox (entity_type, entity_id)
      select 'solution', 'b-' || g from generate_series(1, ${LEASED}) g`.execute(db);
    const { rows: leased } = await sql<{ id: string }>`
      update search_outbox set available_at = now() + interval '10 minutes'
      where entity_id like 'b-%' returning id`.execute(db);
    expect(leased).toHaveLength(LEASED);
    await sql`
      insert into search_outbox (entity_type, entity_id)
      select 'solution', 'b-' || g from generate_series(1, ${LEASED}) g`.execute(db);
    await sql`
      insert into search_outbox (entity_type, entity_id)
      select 'solution', 'a-' || g from generate_series(1, ${FREE}) g`.execute(db);

    const expectedFirst = await idsOf("a-", 100);
    const first = await claimOutboxEntries(db, { limit: 100, leaseMs: 600_000 });
    expect(first.map((e) => e.id)).toEqual(expectedFirst);
    expect(first.every((e) => e.entityId.startsWith("a-") && e.attempts === 1)).toBe(true);

    await sql`analyze search_outbox`.execute(db);
    const expectedSecond = (await idsOf("a-", 200)).slice(100);
    const second = await claimOutboxEntries(db, { limit: 100, leaseMs: 600_000 });
    expect(second.map((e) => e.id)).toEqual(expectedSecond);
  });
});
