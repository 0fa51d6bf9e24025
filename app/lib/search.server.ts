import { createSearchClient, type SearchClient, type SearchConnection } from "../../search/client";
import { getEnv } from "./env.server";
import { clearSingleton, setSingleton, singleton } from "./singleton.server";

export type { SearchClient } from "../../search/client";

const KEY = "search";

/** Start-up calls this after launching the embedded Meilisearch; otherwise MEILI_URL is used. */
export function configureSearch(connection: SearchConnection): SearchClient {
  const client = createSearchClient(connection);
  setSingleton(KEY, client);
  return client;
}

export function getSearch(): SearchClient {
  return singleton(KEY, () => {
    const env = getEnv();
    if (!env.MEILI_URL) throw new Error("search is not configured: start-up launches Meilisearch or MEILI_URL is set");
    return createSearchClient({ url: env.MEILI_URL, apiKey: env.MEILI_API_KEY });
  });
}

/** Index names carry MEILI_INDEX_PREFIX so several portals (or test runs) can share one server. */
export function indexName(base: string): string {
  return `${getEnv().MEILI_INDEX_PREFIX}${base}`;
}

export function closeSearch(): void {
  const store = globalThis as unknown as { __solutionsExchange?: Map<string, unknown> };
  const client = store.__solutionsExchange?.get(KEY) as SearchClient | undefined;
  client?.close();
  clearSingleton(KEY);
}

/** Round-trips GET /health through the shared keep-alive client; returns milliseconds. */
export async function pingSearchServer(): Promise<number> {
  const started = performance.now();
  const health = await getSearch().client.health();
  if (health.status !== "available") throw new Error("Meilisearch is not available");
  return Math.round((performance.now() - started) * 100) / 100;
}
