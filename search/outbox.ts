import { sql, type Kysely } from "kysely";
import { prepared } from "../db/prepared";
import type { Database } from "../db/schema";

/**
 * The queries behind the search outbox (rows are written by `enqueueSolutionIndexing` in the same
 * transaction as each change). A row is pending until `processed_at` is set. A pending row whose
 * `available_at` lies in the future is either *leased* (a worker is on it; `last_error` is null) or
 * *backing off* after a failure (`last_error` says why).
 */
export interface OutboxEntry {
  id: number;
  entityType: string;
  entityId: string;
  attempts: number;
}

/** Serialises claiming across app instances, so two workers never work on the same write-up at once. */
const CLAIM_LOCK_KEY = 7_316_042_113;

/**
 * Claims up to `limit` due rows by leasing them for `leaseMs`, in one short transaction: nothing is held
 * open while Meilisearch works (PGlite has a single connection). A worker that dies keeps its lease
 * until it runs out; then the rows are due again, so nothing is lost.
 *
 * Rows of an entity that already has a row in flight are left alone: otherwise a slow worker could
 * write an older state of a write-up after a faster one wrote the newer state.
 *
 * That exclusion is a `not in` over the entities in flight, which PostgreSQL runs as one hash lookup
 * per row whatever its statistics say. The `not exists` it replaced was planned from statistics, and
 * statistics taken while the outbox was nearly empty (before a burst of 30,000 rows, say, with no
 * analyze since) made it a nested loop scanning the whole table once per due row: one claim ran for
 * more than 12 minutes. The hash is only chosen if the planner thinks the set fits in memory, so the
 * claim allows more (`work_mem`; only what the in-flight set really needs is used).
 */
export async function claimOutboxEntries(
  db: Kysely<Database>,
  options: { limit: number; leaseMs: number },
): Promise<OutboxEntry[]> {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${CLAIM_LOCK_KEY})`.execute(tx);
    await sql`set local work_mem = '64MB'`.execute(tx);
    const { rows } = await sql<{ id: number; entity_type: string; entity_id: string; attempts: number }>`
      update search_outbox as o
      set available_at = now() + ${options.leaseMs} * interval '1 millisecond',
          attempts = o.attempts + 1,
          last_error = null
      where o.id in (
        select c.id from search_outbox as c
        where c.processed_at is null
          and c.available_at <= now()
          and (c.entity_type, c.entity_id) not in (
            select busy.entity_type, busy.entity_id from search_outbox as busy
            where busy.processed_at is null and busy.available_at > now()
          )
        order by c.id
        limit ${options.limit}
        for update skip locked
      )
      returning o.id, o.entity_type, o.entity_id, o.attempts`.execute(tx.withoutPlugins());
    return rows
      .map((r) => ({ id: Number(r.id), entityType: r.entity_type, entityId: r.entity_id, attempts: r.attempts }))
      .sort((a, b) => a.id - b.id);
  });
}

export async function markOutboxProcessed(db: Kysely<Database>, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable("searchOutbox")
    .set({ processedAt: sql`now()`, lastError: null })
    .where("id", "in", [...ids])
    .execute();
}

/**
 * Puts failed rows back with exponential back-off (base * 2^(attempts-1), capped, ±25% jitter so
 * several instances do not retry in lockstep) and the reason.
 */
export async function markOutboxFailed(
  db: Kysely<Database>,
  ids: readonly number[],
  error: string,
  backoff: { baseMs: number; maxMs: number },
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable("searchOutbox")
    .set({
      lastError: error.slice(0, 2_000),
      availableAt: sql`now() + least(${backoff.maxMs}::float8, ${backoff.baseMs}::float8 * power(2, greatest(attempts - 1, 0)))
        * (0.75 + random() * 0.5) * interval '1 millisecond'`,
    })
    .where("id", "in", [...ids])
    .execute();
}

/** When Meilisearch is back, rows still backing off need not wait out their delay. Leases are left alone. */
export async function releaseOutboxBackoff(db: Kysely<Database>): Promise<number> {
  const result = await db
    .updateTable("searchOutbox")
    .set({ availableAt: sql`now()` })
    .where("processedAt", "is", null)
    .where("lastError", "is not", null)
    .where("availableAt", ">", sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Whether any row is due now: a cheap check (partial index) before claiming. */
export async function hasDueOutboxEntries(db: Kysely<Database>): Promise<boolean> {
  // Every worker asks this every 50 ms while idle: a fixed, prepared statement.
  const { rows } = await sql<{ id: number }>`${prepared("outbox-has-due")}
    select id from search_outbox where processed_at is null and available_at <= now() limit 1`.execute(db);
  return rows.length > 0;
}

export interface OutboxBacklog {
  backlog: number;
  oldestAgeSeconds: number | null;
}

/** Pending rows and the age of the oldest: for /healthz and the tests. */
export async function getOutboxBacklog(db: Kysely<Database>): Promise<OutboxBacklog> {
  const row = await db
    .selectFrom("searchOutbox")
    .select((eb) => [
      eb.fn.countAll<number>().as("backlog"),
      sql<number | null>`extract(epoch from now() - min(created_at))::float8`.as("oldestAgeSeconds"),
    ])
    .where("processedAt", "is", null)
    .executeTakeFirstOrThrow();
  const age = row.oldestAgeSeconds === null ? null : Math.max(0, Math.round(Number(row.oldestAgeSeconds)));
  return { backlog: Number(row.backlog), oldestAgeSeconds: age };
}

/** Processed rows are kept a while for troubleshooting, then deleted a batch at a time. */
export async function pruneProcessedOutbox(db: Kysely<Database>, olderThanMs: number, limit = 5_000): Promise<number> {
  const result = await sql`
    delete from search_outbox where id in (
      select id from search_outbox
      where processed_at is not null and processed_at < now() - ${olderThanMs} * interval '1 millisecond'
      limit ${limit})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Adds outbox rows (outside a change's own transaction: rebuilds and bulk loads use this). */
export async function enqueueOutboxEntries(
  db: Kysely<Database>,
  entries: readonly { entityType: string; entityId: string }[],
): Promise<void> {
  for (let i = 0; i < entries.length; i += 1_000) {
    await db
      .insertInto("searchOutbox")
      .values(entries.slice(i, i + 1_000).map((e) => ({ entityType: e.entityType, entityId: e.entityId })))
      .execute();
  }
}

/** Where a rebuild starts, by PostgreSQL's clock (see `replayOutboxSince`). */
export interface OutboxFence {
  at: Date;
}

export async function outboxFence(db: Kysely<Database>): Promise<OutboxFence> {
  const { rows } = await sql<{ at: Date }>`select now() as at`.execute(db);
  return { at: new Date(rows[0]!.at) };
}

/**
 * Enqueues again every entity whose outbox row was processed since `fence`, or is not processed yet
 * (search/reindex.ts calls it after the swap). Those are the changes that may have reached the old
 * index instead of the new one. A row's id or creation time would not do: a transaction takes its id
 * (and its `now()`) when it starts writing, but may commit after the rebuild has read the write-up,
 * so "every row after the highest id at the start" misses it. A row processed before the rebuild
 * began belongs to a change committed before then, which the rebuild read from PostgreSQL itself.
 */
export async function replayOutboxSince(db: Kysely<Database>, fence: OutboxFence): Promise<number> {
  const result = await sql`
    insert into search_outbox (entity_type, entity_id)
    select distinct entity_type, entity_id from search_outbox
    where processed_at is null or processed_at >= ${fence.at}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
