import { spawn } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { solutionsIndexUid } from "~/lib/search-index.server";
import { createSearchWorker } from "~/lib/search-sync.server";
import { getSearch } from "~/lib/search.server";
import { compareIndexWithDatabase } from "../../search/check";
import { getOutboxBacklog } from "../../search/outbox";
import { createTeam } from "../factories/accounts";
import { createSolutionAs, createTaxonomy } from "../factories/solution-workflow";
import { indexPendingChanges, prepareSearchIndex } from "../support/search";

/**
 * The worker dies, or fails, after Meilisearch applied a batch but before its rows were marked done.
 * Nothing is lost (the rows are still pending and are claimed again once the lease runs out) and
 * nothing is duplicated (documents are replaced by id): afterwards `search:check` finds no difference
 * and the index holds exactly the published write-ups. Faults are real: a PostgreSQL trigger on the
 * marking step, and SIGKILL of a separate worker process.
 */
type Team = Awaited<ReturnType<typeof createTeam>>;
/** Long enough for Meilisearch's task on a busy machine; the tests then fast-forward past it. */
const LEASE_MS = 60_000;
let team: Team;
let painPointIds: string[];

beforeAll(async () => {
  const db = getDb();
  await prepareSearchIndex();
  team = await createTeam(db);
  painPointIds = [(await createTaxonomy(db)).painPoints[0]!.id];
  // Meilisearch's first indexing task (loading its segmenters) can take seconds; the short leases
  // below are for the tasks after it.
  await publishMany(1, "Warm-up");
  await indexPendingChanges();
});

afterEach(async () => {
  await sql`drop trigger if exists outbox_mark_fault on search_outbox`.execute(getDb());
  await indexPendingChanges();
});

async function publishMany(count: number, word: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const solution = await createSolutionAs(getDb(), team.member, {
      painPointIds,
      status: "published",
      lead: team.lead,
      overrides: { title: `${word} write-up ${i}` },
    });
    ids.push(solution.id);
  }
  return ids;
}

/** The outbox rows of these write-ups: pending or not, and how often they were claimed. */
async function outboxRows(ids: string[]) {
  return getDb()
    .selectFrom("searchOutbox")
    .select(["entityId", "attempts", "processedAt"])
    .where("entityId", "in", ids)
    .orderBy("entityId")
    .execute();
}

async function indexedIds(ids: string[]): Promise<string[]> {
  const { results } = await getSearch()
    .client.index(solutionsIndexUid())
    .getDocuments<{ id: string }>({ fields: ["id"], filter: `id IN [${ids.map((id) => `"${id}"`).join(", ")}]` });
  return results.map((d) => d.id).sort();
}

/** In step, and exactly one document per published write-up. */
async function expectInStep() {
  const comparison = await compareIndexWithDatabase({
    db: getDb(),
    client: getSearch().client,
    indexUid: solutionsIndexUid(),
  });
  expect(comparison).toMatchObject({ missing: [], extra: [], stale: [] });
  const published = await getDb()
    .selectFrom("solutions")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("status", "=", "published")
    .executeTakeFirstOrThrow();
  const stats = await getSearch().client.index(solutionsIndexUid()).getStats();
  expect(stats.numberOfDocuments).toBe(Number(published.n));
  expect(comparison.indexCount).toBe(Number(published.n));
  expect((await getOutboxBacklog(getDb())).backlog).toBe(0);
}

/** The clock moves past the workers' leases, as it would LEASE_MS later. */
async function expireLeases() {
  await getDb()
    .updateTable("searchOutbox")
    .set({ availableAt: sql`now()` })
    .where("processedAt", "is", null)
    .where("lastError", "is", null)
    .execute();
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: () => string): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("marking a batch done fails after Meilisearch applied it", () => {
  it("keeps the rows pending, sends them again after the lease and marks them then", async () => {
    const ids = await publishMany(5, "Pika");
    // The first attempt to mark rows done fails (a sequence is not rolled back with the statement).
    const db = getDb();
    await sql`create sequence if not exists outbox_mark_failures`.execute(db);
    await sql`
      create or replace function outbox_mark_fault() returns trigger language plpgsql as $$
      begin
        if nextval('outbox_mark_failures') = 1 then
          raise exception 'simulated failure after the documents were sent';
        end if;
        return new;
      end $$`.execute(db);
    await sql`
      create trigger outbox_mark_fault before update of processed_at on search_outbox
      for each row when (old.processed_at is null and new.processed_at is not null)
      execute function outbox_mark_fault()`.execute(db);

    // The lease must outlast Meilisearch's task (the worker waits for it at most 80% of the lease).
    const worker = createSearchWorker({ leaseMs: LEASE_MS });
    await expect(worker.drainOnce()).rejects.toThrow(/simulated failure/);
    // Meilisearch has the documents; the rows are not marked, so the change is not lost.
    expect(await indexedIds(ids)).toEqual([...ids].sort());
    expect((await outboxRows(ids)).map((r) => [r.attempts, r.processedAt])).toEqual(ids.map(() => [1, null]));
    // Nobody takes them while the lease lasts ...
    expect(await worker.drain()).toBe(0);

    // ... then they are sent again and marked.
    await expireLeases();
    expect(await worker.drain()).toBe(5);
    const rows = await outboxRows(ids);
    expect(rows.map((r) => r.attempts)).toEqual([2, 2, 2, 2, 2]);
    expect(rows.every((r) => r.processedAt !== null)).toBe(true);
    await expectInStep();
  }, 60_000);
});

describe("the worker process is killed between sending a batch and marking it", () => {
  it("loses nothing and duplicates nothing", async () => {
    const ids = await publishMany(5, "Dhole");
    const db = getDb();
    const applicationName = `killed-outbox-worker-${crypto.randomBytes(3).toString("hex")}`;
    // The killed worker's marking statement stalls, so the kill lands exactly between send and mark.
    await sql`
      create or replace function outbox_mark_fault() returns trigger language plpgsql as $$
      begin
        if current_setting('application_name') = ${sql.lit(applicationName)} then
          perform pg_sleep(60);
        end if;
        return new;
      end $$`.execute(db);
    await sql`
      create trigger outbox_mark_fault before update of processed_at on search_outbox
      for each row when (old.processed_at is null and new.processed_at is not null)
      execute function outbox_mark_fault()`.execute(db);

    const url = new URL(process.env.DATABASE_URL!);
    url.searchParams.set("application_name", applicationName);
    // PostgreSQL notices the dead client within 100 ms (as it would a crashed portal's connection).
    url.searchParams.set("options", `${url.searchParams.get("options") ?? ""} -c client_connection_check_interval=100`);
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "../support/outbox-worker-process.ts")],
      {
        env: { ...process.env, DATABASE_URL: url.toString(), OUTBOX_LEASE_MS: String(LEASE_MS) },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );

    try {
      const stalled = async () => {
        if (child.exitCode !== null) throw new Error(`the worker process exited early: ${output}`);
        const { rows } = await sql<{ pid: number }>`
          select pid from pg_stat_activity
          where application_name = ${applicationName} and wait_event = 'PgSleep'`.execute(db);
        return rows[0];
      };
      await waitFor(stalled, 30_000, () => `the worker process to reach the marking step (output: ${output})`);
      // Meilisearch applied the batch before the worker began marking it.
      expect(await indexedIds(ids)).toEqual([...ids].sort());
    } finally {
      child.kill("SIGKILL");
    }
    expect(await exited).toBe("SIGKILL");
    await waitFor(
      async () => {
        const { rows } = await sql`select 1 from pg_stat_activity where application_name = ${applicationName}`.execute(
          db,
        );
        return rows.length === 0 ? true : undefined;
      },
      10_000,
      () => "PostgreSQL to end the killed worker's connections",
    );
    await sql`drop trigger outbox_mark_fault on search_outbox`.execute(db);

    // The rows are still pending (claimed once); nobody takes them until the lease runs out, then
    // another worker does.
    expect((await outboxRows(ids)).map((r) => [r.attempts, r.processedAt])).toEqual(ids.map(() => [1, null]));
    expect(await createSearchWorker().drain()).toBe(0);
    await expireLeases();
    expect(await createSearchWorker().drain()).toBe(5);
    expect((await outboxRows(ids)).map((r) => r.attempts)).toEqual([2, 2, 2, 2, 2]);
    await expectInStep();
  }, 90_000);
});
