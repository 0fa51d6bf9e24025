import type { Kysely } from "kysely";
import type { EnqueuedTaskPromise, Meilisearch } from "meilisearch";
import type { Database } from "../db/schema";
import { describeMeiliError } from "./http-client";
import {
  claimOutboxEntries,
  hasDueOutboxEntries,
  markOutboxFailed,
  markOutboxProcessed,
  pruneProcessedOutbox,
  releaseOutboxBackoff,
  type OutboxEntry,
} from "./outbox";
import { loadSolutionIndexRows } from "./solution-rows";
import { isSearchable, toSearchDocument } from "./solutions-index";
import { loadSynonymMap } from "./synonym-rows";
import { pushSynonyms } from "./synonyms";
import { createTaskWatcher } from "./task-watcher";
import { SearchTaskFailedError } from "./tasks";

/** What the outbox rows name. Services write "solution" rows; synonym edits write one "synonyms" row. */
export const OUTBOX_ENTITY = { solution: "solution", synonyms: "synonyms" } as const;

export interface OutboxWorkerLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface OutboxWorkerOptions {
  /** Both are asked on every batch, so a reopened database or reconfigured client is picked up. */
  db: () => Kysely<Database>;
  client: () => Meilisearch;
  /** The live solutions index (with prefix). */
  indexUid: string;
  batchSize?: number;
  /**
   * Batches in flight at once. Meilisearch merges document tasks that queue up, so concurrent batches
   * index a large backlog nearly as fast as one big upload; claims never overlap on an entity. 12 (up
   * from 6) took `bench:search` at 100,000 write-ups from 342 to 400 write-ups/s (raw upload: ~505/s),
   * for about 130 MB more peak memory while the backlog lasts. On a slower machine 12 gave 284/s against
   * 433/s raw (0.66x) and 24 gave 323/s against 437/s (0.74x), in two runs half an hour apart, for a
   * peak RSS of 823 MB instead of 638 MB while the backlog lasted.
   */
  concurrency?: number;
  /** How often an idle worker looks for new rows: a publish is searchable within about this long. */
  pollIntervalMs?: number;
  /** How long a claimed row stays ours; must outlast one batch including Meilisearch's task. */
  leaseMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** While Meilisearch is failing, how often to check whether it is back. */
  healthCheckIntervalMs?: number;
  /** Processed rows older than this are deleted. */
  keepProcessedMs?: number;
  /**
   * Makes sure the index exists with its settings. Called before the first batch and after every
   * outage: Meilisearch would otherwise create a missing index on the first write, without settings.
   */
  ensureIndex?: () => Promise<unknown>;
  log?: OutboxWorkerLog;
}

export interface OutboxWorker {
  start(): void;
  /** Finishes the batch in hand (its rows are marked) and stops. */
  stop(): Promise<void>;
  /** Look for work now rather than at the next poll. */
  wake(): void;
  /** Processes one batch; returns how many rows it claimed. For tests and scripts. */
  drainOnce(): Promise<number>;
  /** Processes batches until nothing is due. */
  drain(): Promise<number>;
  readonly running: boolean;
}

const silentLog: OutboxWorkerLog = { info() {}, warn() {}, error() {} };

/**
 * Drains `search_outbox` into Meilisearch. For each batch it reads the *current* rows from
 * PostgreSQL (so a retry writes the latest truth, never a stale one), upserts published write-ups by
 * id and deletes the rest, waits for Meilisearch to apply the task, and only then marks the rows
 * processed. Killing the process mid-batch loses nothing (the lease runs out and the rows are claimed
 * again) and duplicates nothing (documents are replaced by id).
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const settings = {
    batchSize: options.batchSize ?? 1_000,
    concurrency: options.concurrency ?? 24,
    pollIntervalMs: options.pollIntervalMs ?? 50,
    leaseMs: options.leaseMs ?? 120_000,
    backoffBaseMs: options.backoffBaseMs ?? 500,
    backoffMaxMs: options.backoffMaxMs ?? 30_000,
    healthCheckIntervalMs: options.healthCheckIntervalMs ?? 1_000,
    keepProcessedMs: options.keepProcessedMs ?? 7 * 24 * 60 * 60_000,
  };
  const log = options.log ?? silentLog;
  /** Waiting for Meilisearch must end before our lease does (another worker may claim the rows then). */
  const waitBudget = (claimedAt: number) => Math.max(1_000, claimedAt + settings.leaseMs * 0.8 - Date.now());

  let running = false;
  let loop: Promise<void> | undefined;
  const sleepers = new Set<() => void>();
  let failing = false;
  let lastHealthCheck = 0;
  let lastPrune = 0;
  let indexChecked = false;
  let ensuringIndex: Promise<unknown> | undefined;

  const tasks = createTaskWatcher(options.client);

  /**
   * Sends the current state of these write-ups: upserts for the searchable ones, deletes for the rest.
   * Both are sent before waiting; Meilisearch applies one index's tasks in order. A function of its
   * own so that the documents can be collected while the batch waits for Meilisearch.
   */
  async function sendSolutions(ids: string[]): Promise<EnqueuedTaskPromise[]> {
    const index = options.client().index(options.indexUid);
    const rows = await loadSolutionIndexRows(options.db(), ids);
    const documents = rows.filter(isSearchable).map(toSearchDocument);
    const indexed = new Set(documents.map((d) => d.id));
    const removed = ids.filter((id) => !indexed.has(id));
    return [
      ...(documents.length > 0 ? [index.addDocuments(documents, { primaryKey: "id" })] : []),
      ...(removed.length > 0 ? [index.deleteDocuments(removed)] : []),
    ];
  }

  async function indexSolutions(ids: string[], claimedAt: number): Promise<void> {
    // Each must succeed.
    for (const task of await sendSolutions(ids)) await tasks.waitForSuccess(task, waitBudget(claimedAt));
  }

  async function syncSynonyms(): Promise<void> {
    await pushSynonyms(options.client(), options.indexUid, await loadSynonymMap(options.db()));
  }

  async function processEntries(entries: OutboxEntry[], claimedAt: number): Promise<void> {
    const solutionIds = [
      ...new Set(entries.filter((e) => e.entityType === OUTBOX_ENTITY.solution).map((e) => e.entityId)),
    ];
    if (solutionIds.length > 0) await indexSolutions(solutionIds, claimedAt);
    if (entries.some((e) => e.entityType === OUTBOX_ENTITY.synonyms)) await syncSynonyms();
  }

  /** Rows of unknown types would otherwise come back forever; they are marked with a reason instead. */
  function isKnown(entry: OutboxEntry): boolean {
    return entry.entityType === OUTBOX_ENTITY.solution || entry.entityType === OUTBOX_ENTITY.synonyms;
  }

  async function fail(entries: OutboxEntry[], error: unknown): Promise<void> {
    const { message, status, code } = describeMeiliError(error);
    const reason = code ? `${code}: ${message}` : message;
    await markOutboxFailed(
      options.db(),
      entries.map((e) => e.id),
      reason,
      { baseMs: settings.backoffBaseMs, maxMs: settings.backoffMaxMs },
    );
    // One line when trouble starts, not one per batch while it lasts.
    if (!failing) log.warn({ rows: entries.length, status, err: reason }, "search outbox batch failed; will retry");
  }

  interface ClaimedBatch {
    entries: OutboxEntry[];
    claimedAt: number;
  }

  /** Makes sure the index is ready (once, and after outages), then leases the next due rows. */
  async function claimBatch(): Promise<ClaimedBatch | undefined> {
    if (!indexChecked && options.ensureIndex) {
      try {
        // Concurrent callers share one check.
        ensuringIndex ??= options.ensureIndex().finally(() => (ensuringIndex = undefined));
        await ensuringIndex;
      } catch (error) {
        if (!failing) log.warn({ err: describeMeiliError(error).message }, "search index not ready; will retry");
        failing = true;
        return undefined;
      }
      indexChecked = true;
    }
    const claimedAt = Date.now();
    const entries = await claimOutboxEntries(options.db(), { limit: settings.batchSize, leaseMs: settings.leaseMs });
    return entries.length === 0 ? undefined : { entries, claimedAt };
  }

  /** Indexes one claimed batch and marks its rows done, or puts them back to retry. */
  async function processBatch({ entries, claimedAt }: ClaimedBatch): Promise<void> {
    const unknown = entries.filter((e) => !isKnown(e));
    if (unknown.length > 0) {
      log.error({ types: [...new Set(unknown.map((e) => e.entityType))] }, "unknown search outbox entity type");
      await markOutboxFailed(
        options.db(),
        unknown.map((e) => e.id),
        "unknown entity type",
        { baseMs: settings.backoffMaxMs, maxMs: settings.backoffMaxMs },
      );
    }
    const known = entries.filter(isKnown);
    try {
      await processEntries(known, claimedAt);
    } catch (error) {
      // A document Meilisearch refuses must not hold up the others: retry the batch one entity at a time.
      if (error instanceof SearchTaskFailedError && known.length > 1) return processOneByOne(known, claimedAt);
      await fail(known, error);
      // Meilisearch answered but refused a document: it is up, the row just backs off. Anything else
      // (refused connection, timeout, 5xx) means it is unavailable: wait for its health check.
      if (!(error instanceof SearchTaskFailedError)) {
        failing = true;
        indexChecked = false;
      }
      return;
    }
    await markOutboxProcessed(
      options.db(),
      known.map((e) => e.id),
    );
    if (failing) {
      failing = false;
      // Meilisearch is back: rows still backing off go now rather than after their delay.
      await releaseOutboxBackoff(options.db());
      log.info({}, "search outbox: Meilisearch answers again");
    }
  }

  async function drainOnce(): Promise<number> {
    const batch = await claimBatch();
    if (!batch) return 0;
    await processBatch(batch);
    return batch.entries.length;
  }

  async function processOneByOne(entries: OutboxEntry[], claimedAt: number): Promise<void> {
    const byEntity = new Map<string, OutboxEntry[]>();
    for (const entry of entries) {
      const key = `${entry.entityType}:${entry.entityId}`;
      byEntity.set(key, [...(byEntity.get(key) ?? []), entry]);
    }
    for (const group of byEntity.values()) {
      try {
        await processEntries(group, claimedAt);
        await markOutboxProcessed(
          options.db(),
          group.map((e) => e.id),
        );
      } catch (error) {
        await fail(group, error);
        if (!(error instanceof SearchTaskFailedError)) failing = true;
      }
    }
  }

  async function drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await drainOnce();
      total += claimed;
      if (claimed === 0) return total;
    }
  }

  /** While failing, ask Meilisearch every second whether it is back, and release the backed-off rows. */
  async function checkRecovery(): Promise<void> {
    if (!failing || Date.now() - lastHealthCheck < settings.healthCheckIntervalMs) return;
    lastHealthCheck = Date.now();
    try {
      await options.client().health();
    } catch {
      return;
    }
    failing = false;
    const released = await releaseOutboxBackoff(options.db());
    if (released > 0) log.info({ released }, "search outbox: Meilisearch is back; retrying now");
  }

  async function maybePrune(): Promise<void> {
    if (Date.now() - lastPrune < 10 * 60_000) return;
    lastPrune = Date.now();
    await pruneProcessedOutbox(options.db(), settings.keepProcessedMs);
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      }
      sleepers.add(done);
    });
  }

  const wakeAll = () => {
    for (const wake of [...sleepers]) wake();
  };

  /** Recovery checks and pruning. */
  async function houseKeep(): Promise<void> {
    await checkRecovery();
    await maybePrune();
  }

  /**
   * One dispatcher: it polls for due rows and keeps up to `concurrency` batches in flight, claiming the
   * next batch as soon as there is room, so Meilisearch always has work queued during a large backlog.
   */
  async function run(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (running) {
      try {
        await houseKeep();
        // While Meilisearch is failing, changes wait (untouched) until it answers its health check.
        if (!failing && inFlight.size < settings.concurrency && (await hasDueOutboxEntries(options.db()))) {
          const batch = await claimBatch();
          if (batch) {
            const job: Promise<void> = processBatch(batch)
              .catch((error: unknown) =>
                log.error({ err: error instanceof Error ? error.message : String(error) }, "search outbox batch error"),
              )
              .finally(() => {
                inFlight.delete(job);
                wakeAll();
              });
            inFlight.add(job);
            continue;
          }
        }
      } catch (error) {
        // The database itself failed (or was closed): try again after a pause.
        log.error({ err: error instanceof Error ? error.message : String(error) }, "search outbox worker error");
        if (running) await sleep(Math.min(settings.backoffMaxMs, 1_000));
        continue;
      }
      // Until the next poll, or until a batch finishes and makes room.
      if (running) await sleep(settings.pollIntervalMs);
    }
    await Promise.allSettled([...inFlight]);
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wakeAll();
      await loop;
      loop = undefined;
    },
    wake() {
      wakeAll();
    },
    drainOnce,
    drain,
    get running() {
      return running;
    },
  };
}
