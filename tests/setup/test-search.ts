import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createSearchClient } from "../../search/client";
import { startEmbeddedSearch, type EmbeddedSearch } from "../../search/embedded";
import { ensureServerApiKey } from "../../search/keys";

export interface TestSearchServer {
  url: string;
  apiKey: string;
  masterKey: string;
  stop(): Promise<void>;
}

/**
 * A real Meilisearch for the test run: MEILI_URL/MEILI_API_KEY from the environment when given
 * (TEST_MEILI_URL, TEST_MEILI_MASTER_KEY), else the bundled binary in a temporary directory.
 */
export async function startTestSearch(): Promise<TestSearchServer> {
  if (process.env.TEST_MEILI_URL && process.env.TEST_MEILI_MASTER_KEY) {
    const master = createSearchClient({ url: process.env.TEST_MEILI_URL, apiKey: process.env.TEST_MEILI_MASTER_KEY });
    const apiKey = await ensureServerApiKey(master.client);
    master.close();
    return {
      url: process.env.TEST_MEILI_URL,
      apiKey,
      masterKey: process.env.TEST_MEILI_MASTER_KEY,
      stop: async () => {},
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sx-meili-"));
  let server: EmbeddedSearch;
  try {
    server = await startEmbeddedSearch({ dataDir: dir });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const master = createSearchClient({ url: server.url, apiKey: server.masterKey });
  const apiKey = await ensureServerApiKey(master.client);
  master.close();
  return {
    url: server.url,
    apiKey,
    masterKey: server.masterKey,
    async stop() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
