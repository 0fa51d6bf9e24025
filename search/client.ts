import { Meilisearch } from "meilisearch";
import { createKeepAliveHttpClient } from "./http-client";

export interface SearchConnection {
  url: string;
  apiKey?: string;
}

export interface SearchClient {
  client: Meilisearch;
  url: string;
  close(): void;
}

export function createSearchClient(connection: SearchConnection, options: { timeoutMs?: number } = {}): SearchClient {
  const httpClient = createKeepAliveHttpClient({ timeoutMs: options.timeoutMs ?? 10_000 });
  const client = new Meilisearch({
    host: connection.url,
    apiKey: connection.apiKey,
    httpClient,
    defaultWaitOptions: { timeout: 30_000, interval: 25 },
  });
  return { client, url: connection.url, close: () => httpClient.destroy() };
}

/** GET /health without a key; returns the latency in milliseconds or throws. */
export async function pingSearch(url: string, timeoutMs = 2_000): Promise<number> {
  const started = performance.now();
  const http = createKeepAliveHttpClient({ maxSockets: 1 });
  try {
    const body = (await http(new URL("/health", url), { signal: AbortSignal.timeout(timeoutMs) })) as
      { status?: string } | undefined;
    if (body?.status !== "available") throw new Error(`Meilisearch at ${url} is not available`);
  } finally {
    http.destroy();
  }
  return Math.round((performance.now() - started) * 100) / 100;
}
