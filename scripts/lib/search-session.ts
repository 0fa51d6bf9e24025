import fs from "node:fs";
import path from "node:path";
import type { Meilisearch } from "meilisearch";
import { getEnv } from "../../app/lib/env.server";
import { closeSearch, configureSearch, getSearch } from "../../app/lib/search.server";
import { createSearchClient } from "../../search/client";
import { EmbeddedSearchError, startEmbeddedSearch } from "../../search/embedded";
import { ensureServerApiKey } from "../../search/keys";
import { CliError } from "./cli";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The embedded Meilisearch keeps its data in DATA_DIR and only one process may run it. If a portal is
 * running it (its pid file names a live process), a CLI command must not start a second one (the
 * launcher would stop the portal's as a leftover): it refuses instead.
 */
function refuseIfPortalRunsSearch(dataDir: string): void {
  const file = path.join(dataDir, "meili.pid");
  if (!fs.existsSync(file)) return;
  const pid = Number.parseInt(fs.readFileSync(file, "utf8"), 10);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    throw new CliError(
      `the portal's embedded Meilisearch is running (pid ${pid}) on DATA_DIR ${path.resolve(dataDir)}: stop the portal first, or set MEILI_URL`,
    );
  }
}

/**
 * Gives a CLI command the configured Meilisearch: the one in MEILI_URL (or the connection this
 * process already configured, as in tests), else the embedded one, started for the command and
 * stopped afterwards. With the embedded database and search, run these while the portal is stopped.
 */
export async function withSearch<T>(work: (client: Meilisearch) => Promise<T>): Promise<T> {
  const env = getEnv();
  if (env.MEILI_URL) return work(getSearch().client);

  refuseIfPortalRunsSearch(env.DATA_DIR);
  let embedded;
  try {
    embedded = await startEmbeddedSearch({ dataDir: env.DATA_DIR, binaryPath: env.MEILI_BINARY });
  } catch (error) {
    if (error instanceof EmbeddedSearchError) throw new CliError(error.message);
    throw error;
  }
  try {
    const master = createSearchClient({ url: embedded.url, apiKey: embedded.masterKey });
    const apiKey = await ensureServerApiKey(master.client).finally(() => master.close());
    return await work(configureSearch({ url: embedded.url, apiKey }).client);
  } finally {
    closeSearch();
    await embedded.stop();
  }
}
