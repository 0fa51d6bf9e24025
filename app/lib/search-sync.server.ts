import { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from "../../search/outbox-worker";
import { getDb } from "./db.server";
import { errorMessage } from "./error-message";
import { getLogger } from "./logger.server";
import { prepareSolutionsIndex, rebuildSolutionsIndex, solutionsIndexUid } from "./search-index.server";
import { getSearch } from "./search.server";
import { StartupError } from "./startup-error.server";

/**
 * Keeps Meilisearch in step with PostgreSQL while the portal runs: prepares the index at start-up
 * (settings, version) and runs the outbox worker until shutdown.
 */
export function createSearchWorker(
  overrides: Partial<Omit<OutboxWorkerOptions, "db" | "client" | "indexUid">> = {},
): OutboxWorker {
  const log = getLogger().child({ component: "search-sync" });
  return createOutboxWorker({
    db: getDb,
    client: () => getSearch().client,
    indexUid: solutionsIndexUid(),
    ensureIndex: () => prepareSolutionsIndex(getDb()),
    log: {
      info: (details, message) => log.info(details, message),
      warn: (details, message) => log.warn(details, message),
      error: (details, message) => log.error(details, message),
    },
    ...overrides,
  });
}

export interface RunningSearchSync {
  worker: OutboxWorker;
  /** Settles when a start-up rebuild (if one was needed) has finished. */
  rebuilt: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Start-up: make the index match the code (creating it, or rebuilding it when its version changed),
 * then start the worker. A rebuild runs in the background: the old index keeps answering searches
 * until the new one is swapped in.
 */
export async function startSearchSync(): Promise<RunningSearchSync> {
  const log = getLogger().child({ component: "search-sync" });
  const db = getDb();
  let prepared;
  try {
    prepared = await prepareSolutionsIndex(db);
  } catch (error) {
    throw new StartupError(`could not prepare the search index: ${errorMessage(error)}`);
  }
  if (prepared.action === "created") log.info({ enqueued: prepared.enqueued }, "search index created");
  if (prepared.action === "up-to-date" && prepared.changedSettings.length > 0)
    log.info({ settings: prepared.changedSettings }, "search index settings updated");

  const worker = createSearchWorker();
  worker.start();

  let rebuilt: Promise<void> = Promise.resolve();
  if (prepared.action === "rebuild-needed") {
    log.info({ from: prepared.from, to: prepared.to }, "search index version changed: rebuilding in the background");
    let lastLogged = 0;
    rebuilt = rebuildSolutionsIndex(db, {
      onProgress: ({ indexed, total }) => {
        if (Date.now() - lastLogged < 5_000) return;
        lastLogged = Date.now();
        log.info({ indexed, total }, "search index rebuild progress");
      },
    }).then(
      (result) => log.info({ documents: result.documents, ms: Math.round(result.durationMs) }, "search index rebuilt"),
      (error: unknown) =>
        log.error({ err: errorMessage(error) }, "search index rebuild failed; run npm run search:reindex"),
    );
  }

  return {
    worker,
    rebuilt,
    async stop() {
      await worker.stop();
      await rebuilt;
    },
  };
}
