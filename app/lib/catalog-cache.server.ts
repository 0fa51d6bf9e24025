import { sql } from "kysely";
import type { Db } from "./db.server";
import { singleton } from "./singleton.server";

/**
 * Catalog counts (the total and every facet count) cost a scan of every visible write-up; the items
 * themselves are an indexed top-20. Counts depend only on the reader's visibility rule, the filters and
 * the data, and every change to published write-ups writes a search outbox row in its transaction —
 * so the outbox sequence's value is a version of the catalog: a cached answer is reused only while that
 * version is unchanged, and is therefore never stale. Per app instance, bounded in size.
 */
const MAX_ENTRIES = 500;

interface Cache {
  entries: Map<string, unknown>;
  hits: number;
  misses: number;
}

function cache(): Cache {
  return singleton<Cache>("catalogCountsCache", () => ({ entries: new Map(), hits: 0, misses: 0 }));
}

export async function catalogVersion(db: Db): Promise<string> {
  const { rows } = await sql<{ lastValue: string | number; isCalled: boolean }>`
    select last_value, is_called from search_outbox_id_seq`.execute(db);
  const row = rows[0];
  return row ? `${row.lastValue}:${row.isCalled}` : "none";
}

export async function withCatalogCache<T>(db: Db, key: string, compute: () => Promise<T>): Promise<T> {
  const store = cache();
  const fullKey = `${await catalogVersion(db)}|${key}`;
  if (store.entries.has(fullKey)) {
    store.hits += 1;
    const value = store.entries.get(fullKey) as T;
    // Refresh its place: the map's insertion order doubles as least-recently-used order.
    store.entries.delete(fullKey);
    store.entries.set(fullKey, value);
    return value;
  }
  store.misses += 1;
  const value = await compute();
  store.entries.set(fullKey, value);
  if (store.entries.size > MAX_ENTRIES) store.entries.delete(store.entries.keys().next().value!);
  return value;
}

export function catalogCacheStats() {
  const store = cache();
  return { entries: store.entries.size, hits: store.hits, misses: store.misses };
}

export function clearCatalogCache(): void {
  cache().entries.clear();
}
