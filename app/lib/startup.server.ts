import http from "node:http";
import type { ServerBuild } from "@remix-run/node";
import { migrateToLatest } from "../../db/migrator";
import { createSearchClient, pingSearch } from "../../search/client";
import { EmbeddedSearchError, startEmbeddedSearch } from "../../search/embedded";
import { describeMeiliError } from "../../search/http-client";
import { ensureServerApiKey } from "../../search/keys";
import { closeDatabase, getDb, openCheckedDatabase } from "./db.server";
import { errorMessage } from "./error-message";
import { ConfigError, getEnv, type Env } from "./env.server";
import { answerStarting, createHttpApp } from "./http-server.server";
import { getLogger } from "./logger.server";
import { closeSearch, configureSearch, getSearch } from "./search.server";
import { startSearchSync } from "./search-sync.server";
import { StartupError } from "./startup-error.server";
import { prepareDemoContent, type DemoState } from "../services/demo-startup.server";
import { startMaintenance } from "../services/maintenance.server";
import { currentCatalogFacts } from "./catalog-snapshot.server";
import { loadFactMirror } from "./solution-fact-mirror.server";

export { StartupError };

export interface RunningPortal {
  url: string;
  server: http.Server;
  search: { url: string; embedded: boolean };
  database: { kind: "postgres" | "pglite"; location: string };
  migrationsApplied: string[];
  /** Demo content and accounts, for the start banner (issue 5). */
  demo: DemoState;
  stop(): Promise<void>;
}

export interface StartOptions {
  getBuild: () => ServerBuild | Promise<ServerBuild>;
  mode: "development" | "production" | "test";
  publicDir: string;
  /** Already bound by the caller (see bindHttpServer); otherwise startPortal binds first. Closed on failure. */
  server?: BoundServer;
}

/** The HTTP server, bound before any slow start-up step so a port in use is reported at once. */
export interface BoundServer {
  server: http.Server;
  /** Hands requests to the app from now on; until then every request is answered 503 "starting". */
  serve(handler: http.RequestListener): void;
  close(): Promise<void>;
}

type Cleanup = () => Promise<void> | void;

/** Opens the database, migrates, connects (or launches) Meilisearch, and serves HTTP. */
export async function startPortal(options: StartOptions): Promise<RunningPortal> {
  const env = getEnv();
  const log = getLogger();
  const cleanups: Cleanup[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        log.warn({ err: error }, "error during shutdown");
      }
    }
    cleanups.length = 0;
  };

  // Binding comes first: a port in use (or a bad HOST) ends start-up before the database is opened,
  // migrated and seeded or Meilisearch is launched, so it fails fast and leaves no child behind.
  const bound = options.server ?? (await bindHttpServer(env));
  const { server } = bound;

  try {
    const database = await openCheckedDatabase();
    cleanups.push(closeDatabase);
    const migrationsApplied = await migrateToLatest(database.db);
    for (const name of migrationsApplied) log.info({ migration: name }, "migration applied");

    // DEMO=true and an empty database: load the demo content (issue 5).
    const demo = await prepareDemoContent(database.db, { enabled: env.DEMO });

    const search = await startSearch(env);
    cleanups.push(search.stop);

    // Search index settings and the outbox worker that keeps the index in step (issue 6).
    const searchSync = await startSearchSync();
    cleanups.push(searchSync.stop);

    // Hourly purge of expired sessions, stale sign-in throttle rows and old API rate-limit buckets.
    const maintenance = startMaintenance({ db: getDb, log: log.child({ component: "maintenance" }) });
    cleanups.push(maintenance.stop);

    // Catalog counts come from every published write-up's facts held in memory: load them now rather
    // than on the first visitor's request (a second or so at 100,000 write-ups).
    currentCatalogFacts(getDb()).catch((error: unknown) =>
      log.warn({ err: error }, "could not preload the catalog's facts; the first catalog request will"),
    );

    // Searches re-check their hits against an exact in-memory copy of the permission facts (decision
    // 012); until it is loaded they ask PostgreSQL.
    loadFactMirror(getDb()).catch((error: unknown) =>
      log.warn({ err: error }, "could not preload the permission facts; searches re-check in PostgreSQL"),
    );

    bound.serve(createHttpApp({ getBuild: options.getBuild, mode: options.mode, publicDir: options.publicDir }));
    server.closeIdleConnections?.();

    let stopping: Promise<void> | undefined;
    return {
      url: `http://${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${(server.address() as { port: number }).port}`,
      server,
      search: { url: search.url, embedded: search.embedded },
      database: { kind: database.kind, location: database.location },
      migrationsApplied,
      demo,
      stop() {
        stopping ??= (async () => {
          // Stop taking requests and let those in flight finish before the database and search go.
          const closed = new Promise<void>((resolve) => server.close(() => resolve()));
          server.closeIdleConnections?.();
          setTimeout(() => server.closeAllConnections?.(), 3_000).unref();
          await closed;
          await cleanup();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await cleanup();
    await bound.close();
    throw error;
  }
}

async function startSearch(env: Env): Promise<{ url: string; embedded: boolean; stop: Cleanup }> {
  const log = getLogger();
  if (env.MEILI_URL) {
    try {
      await pingSearch(env.MEILI_URL, 5_000);
    } catch (error) {
      throw new ConfigError("MEILI_URL", `Meilisearch at ${env.MEILI_URL} is unreachable: ${errorMessage(error)}`);
    }
    configureSearch({ url: env.MEILI_URL, apiKey: env.MEILI_API_KEY });
    try {
      await getSearch().client.getIndexes({ limit: 1 });
    } catch (error) {
      closeSearch();
      const { status } = describeMeiliError(error);
      if (status === 401 || status === 403) {
        throw new ConfigError(
          "MEILI_API_KEY",
          `was refused by ${env.MEILI_URL} (HTTP ${status}): give a key with index, document, settings and search rights`,
        );
      }
      throw new ConfigError(
        "MEILI_URL",
        `Meilisearch at ${env.MEILI_URL} failed a test request: ${errorMessage(error)}`,
      );
    }
    return { url: env.MEILI_URL, embedded: false, stop: closeSearch };
  }

  let embedded;
  try {
    embedded = await startEmbeddedSearch({
      dataDir: env.DATA_DIR,
      binaryPath: env.MEILI_BINARY,
      onLog: (line) => log.debug({ component: "meilisearch" }, line),
    });
  } catch (error) {
    // The message starts with the setting to change (DATA_DIR, MEILI_BINARY or MEILI_URL).
    if (error instanceof EmbeddedSearchError) throw new StartupError(error.message);
    throw error;
  }
  try {
    const master = createSearchClient({ url: embedded.url, apiKey: embedded.masterKey });
    const apiKey = await ensureServerApiKey(master.client).finally(() => master.close());
    configureSearch({ url: embedded.url, apiKey });
  } catch (error) {
    await embedded.stop();
    throw new StartupError(`Meilisearch started but refused to create the server API key: ${errorMessage(error)}`);
  }
  return {
    url: embedded.url,
    embedded: true,
    stop: async () => {
      closeSearch();
      await embedded.stop();
    },
  };
}

/**
 * Binds HOST:PORT, turning the ways that fails into one line naming the setting. Requests that arrive
 * before the portal is ready get 503 "starting" (with Retry-After), /healthz included.
 */
export async function bindHttpServer(env: Env = getEnv()): Promise<BoundServer> {
  let handler: http.RequestListener = answerStarting;
  const server = http.createServer((req, res) => handler(req, res));
  // Slow clients may not hold a connection forever.
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE")
        reject(new ConfigError("PORT", `${env.PORT} is already in use on ${env.HOST}: stop what uses it or set PORT`));
      else if (error.code === "EACCES")
        reject(new ConfigError("PORT", `${env.PORT} needs privileges on ${env.HOST}: use a port above 1023`));
      else if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND")
        reject(new ConfigError("HOST", `${env.HOST} is not an address of this machine`));
      else reject(error);
    });
    server.listen(env.PORT, env.HOST, () => resolve());
  });
  let closing: Promise<void> | undefined;
  return {
    server,
    serve(next) {
      handler = next;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
      return closing;
    },
  };
}
