import type { Kysely } from "kysely";
import type { Meilisearch, Settings, Task } from "meilisearch";
import type { Database } from "../db/schema";
import { outboxFence, replayOutboxSince } from "./outbox";
import { applyIndexSettings, ensureIndex } from "./settings-sync";
import { countSearchableSolutions, loadSearchableSolutionRows } from "./solution-rows";
import { toSearchDocument } from "./solutions-index";
import { waitForSuccess } from "./tasks";

export interface RebuildProgress {
  /** Documents Meilisearch has applied to the new index. */
  indexed: number;
  /** Published write-ups counted when the rebuild started. */
  total: number;
}

export interface RebuildOptions {
  db: Kysely<Database>;
  client: Meilisearch;
  /** The live index (with prefix); the new one is built beside it and swapped in. */
  indexUid: string;
  settings: Settings;
  batchSize?: number;
  onProgress?: (progress: RebuildProgress) => void;
  /** Called once the new index is complete, just before the swap (tests commit changes there). */
  beforeSwap?: () => Promise<void>;
}

export interface RebuildResult {
  documents: number;
  durationMs: number;
  /** Changes made during the rebuild, enqueued again so the swapped-in index catches up. */
  replayed: number;
}

/** Meilisearch merges consecutive document tasks; a few in flight keep it busy while we read the next page. */
const MAX_TASKS_IN_FLIGHT = 4;

/**
 * Rebuilds the index from PostgreSQL into a fresh index with the current settings, then swaps it with
 * the live one in one atomic Meilisearch task, so searches see the complete old index until the
 * complete new one replaces it. Changes committed meanwhile went to the old index through the outbox;
 * after the swap every entity whose outbox row was processed since the rebuild began (or is still
 * pending) is enqueued again, so the worker brings the new index up to date (see `replayOutboxSince`).
 */
export async function rebuildIndex(options: RebuildOptions): Promise<RebuildResult> {
  const started = performance.now();
  const { db, client } = options;
  const batchSize = options.batchSize ?? 1_000;
  const fence = await outboxFence(db);
  const total = await countSearchableSolutions(db);
  const freshUid = `${options.indexUid}__rebuild_${Date.now().toString(36)}`;
  let indexed = 0;

  try {
    await applyIndexSettings(client, freshUid, options.settings);
    const fresh = client.index(freshUid);
    const inFlight: Promise<{ task: Task; count: number }>[] = [];
    const settleOldest = async () => {
      const { count } = await inFlight.shift()!;
      indexed += count;
      options.onProgress?.({ indexed, total });
    };

    let afterId: string | undefined;
    for (;;) {
      const rows = await loadSearchableSolutionRows(db, { afterId, limit: batchSize });
      if (rows.length === 0) break;
      afterId = rows.at(-1)!.id;
      const documents = rows.map(toSearchDocument);
      const pending = waitForSuccess(fresh.addDocuments(documents, { primaryKey: "id" }), 10 * 60_000).then((task) => ({
        task,
        count: documents.length,
      }));
      // Keep a rejection from surfacing as unhandled before we get to await it.
      pending.catch(() => {});
      inFlight.push(pending);
      if (inFlight.length >= MAX_TASKS_IN_FLIGHT) await settleOldest();
    }
    while (inFlight.length > 0) await settleOldest();
    options.onProgress?.({ indexed, total: Math.max(total, indexed) });
    await options.beforeSwap?.();

    // A swap needs both indexes; on a first build the live one may not exist yet.
    await ensureIndex(client, options.indexUid);
    await waitForSuccess(client.swapIndexes([{ indexes: [options.indexUid, freshUid], rename: false }]));
  } catch (error) {
    await client
      .deleteIndex(freshUid)
      .waitTask()
      .catch(() => {});
    throw error;
  }
  // Before anything else can fail: the new index is live and must catch up.
  const replayed = await replayOutboxSince(db, fence);
  // After the swap `freshUid` names the old index.
  await waitForSuccess(client.deleteIndex(freshUid));
  return { documents: indexed, durationMs: performance.now() - started, replayed };
}
