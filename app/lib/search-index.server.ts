import { sql } from "kysely";
import type { Settings } from "meilisearch";
import { enqueueOutboxEntries } from "../../search/outbox";
import { OUTBOX_ENTITY } from "../../search/outbox-worker";
import { rebuildIndex, type RebuildProgress, type RebuildResult } from "../../search/reindex";
import { applyIndexSettings, indexExists } from "../../search/settings-sync";
import { SOLUTIONS_INDEX_BASE_NAME, solutionsIndexSettings, solutionsIndexVersion } from "../../search/solutions-index";
import { loadSynonymMap } from "../../search/synonym-rows";
import type { Db } from "./db.server";
import { getSearch, indexName } from "./search.server";

/**
 * The app's view of the solutions index: its full name, its settings (synonyms come from PostgreSQL)
 * and the version recorded in `app_meta` (the document version plus a hash of the settings), which
 * decides at start-up whether the index must be rebuilt.
 */
export { OUTBOX_ENTITY };

export function solutionsIndexUid(): string {
  return indexName(SOLUTIONS_INDEX_BASE_NAME);
}

export async function currentSolutionsIndexSettings(db: Db): Promise<Settings> {
  return solutionsIndexSettings(await loadSynonymMap(db));
}

const META_KEY = "search.solutionsIndex";

interface IndexMeta {
  version: string;
  indexUid: string;
}

async function readIndexMeta(db: Db): Promise<IndexMeta | undefined> {
  const row = await db.selectFrom("appMeta").select("value").where("key", "=", META_KEY).executeTakeFirst();
  const value = row?.value as { version?: unknown; indexUid?: unknown } | undefined;
  // Versions were plain numbers before they included the settings hash; those simply differ.
  const version = typeof value?.version === "number" ? String(value.version) : value?.version;
  return typeof version === "string" && typeof value?.indexUid === "string"
    ? { version, indexUid: value.indexUid }
    : undefined;
}

async function writeIndexMeta(db: Db, meta: IndexMeta): Promise<void> {
  const value = JSON.stringify(meta);
  await db
    .insertInto("appMeta")
    .values({ key: META_KEY, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updatedAt: sql`now()` }))
    .execute();
}

export type PrepareResult =
  | { action: "created"; enqueued: number }
  | { action: "rebuild-needed"; from: string | null; to: string }
  | { action: "up-to-date"; changedSettings: string[] };

/**
 * Start-up, step one. A missing index is created with the current settings and filled through the
 * outbox (the worker indexes it within seconds). An index built for another version (other settings
 * in code, or another document version) must be rebuilt: the caller runs `rebuildSolutionsIndex`,
 * which keeps the old one answering meanwhile. Otherwise only settings that differ from the server's
 * are sent: normally none, or the synonyms, or a setting someone changed on the server by hand.
 */
export async function prepareSolutionsIndex(db: Db): Promise<PrepareResult> {
  const { client } = getSearch();
  const uid = solutionsIndexUid();
  const meta = await readIndexMeta(db);
  const settings = await currentSolutionsIndexSettings(db);
  const version = solutionsIndexVersion(settings);
  if (!(await indexExists(client, uid))) {
    await applyIndexSettings(client, uid, settings);
    const ids = await db.selectFrom("solutions").select("id").where("status", "=", "published").execute();
    await enqueueOutboxEntries(
      db,
      ids.map((r) => ({ entityType: OUTBOX_ENTITY.solution, entityId: r.id })),
    );
    await writeIndexMeta(db, { version, indexUid: uid });
    return { action: "created", enqueued: ids.length };
  }
  if (!meta || meta.version !== version || meta.indexUid !== uid) {
    return { action: "rebuild-needed", from: meta?.version ?? null, to: version };
  }
  return { action: "up-to-date", changedSettings: await applyIndexSettings(client, uid, settings) };
}

/** Rebuilds into a fresh index and swaps it in (see search/reindex.ts), then records the version. */
export async function rebuildSolutionsIndex(
  db: Db,
  options: { onProgress?: (progress: RebuildProgress) => void; batchSize?: number } = {},
): Promise<RebuildResult> {
  const uid = solutionsIndexUid();
  const settings = await currentSolutionsIndexSettings(db);
  const result = await rebuildIndex({
    db,
    client: getSearch().client,
    indexUid: uid,
    settings,
    batchSize: options.batchSize,
    onProgress: options.onProgress,
  });
  await writeIndexMeta(db, { version: solutionsIndexVersion(settings), indexUid: uid });
  return result;
}
