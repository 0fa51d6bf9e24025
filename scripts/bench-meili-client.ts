import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Meilisearch } from "meilisearch";
import { createSearchClient } from "../search/client";
import { startEmbeddedSearch } from "../search/embedded";
import { ensureServerApiKey } from "../search/keys";
import { runIfMain } from "./lib/cli";
import { percentile, round, timeMany } from "./lib/stats";

/**
 * `npm run bench:meili-client`: how long a ~10 KB Meilisearch response takes through the portal's
 * keep-alive node:http client versus the client's default (Node's built-in fetch). Uses MEILI_URL and
 * MEILI_API_KEY when set, else a throwaway bundled Meilisearch. Prints a Markdown table.
 */
export async function main(argv = process.argv.slice(2)): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { requests: { type: "string", default: "300" } } });
  const requests = Number(values.requests);

  let stop = async () => {};
  let url = process.env.MEILI_URL;
  let apiKey = process.env.MEILI_API_KEY;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sx-bench-meili-"));
    const server = await startEmbeddedSearch({ dataDir: dir });
    const master = createSearchClient({ url: server.url, apiKey: server.masterKey });
    apiKey = await ensureServerApiKey(master.client);
    master.close();
    url = server.url;
    stop = async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }

  const keepAlive = createSearchClient({ url, apiKey });
  const builtinFetch = new Meilisearch({ host: url, apiKey });
  const uid = `bench_client_${process.pid}`;
  try {
    await keepAlive.client.createIndex(uid, { primaryKey: "id" }).waitTask();
    const body = "Clash detection between structural and MEP models, 碰撞检查. ".repeat(185);
    await keepAlive.client
      .index(uid)
      .addDocuments([{ id: "doc", body }])
      .waitTask();
    const size = JSON.stringify(await keepAlive.client.index(uid).getDocument("doc")).length;

    const rows: string[] = [];
    for (const [name, client] of [
      ["keep-alive node:http (portal)", keepAlive.client],
      ["built-in fetch (client default)", builtinFetch],
    ] as const) {
      await timeMany(20, () => client.index(uid).getDocument("doc")); // warm up
      const samples = await timeMany(requests, () => client.index(uid).getDocument("doc"));
      rows.push(
        `| ${name} | ${requests} | ${round(percentile(samples, 50))} | ${round(percentile(samples, 95))} | ${round(percentile(samples, 99))} |`,
      );
    }
    console.log(`Response size: ${(size / 1024).toFixed(1)} KB\n`);
    console.log("| client | requests | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|");
    console.log(rows.join("\n"));
    await keepAlive.client.deleteIndex(uid).waitTask();
    return 0;
  } finally {
    keepAlive.close();
    await stop();
  }
}

runIfMain(import.meta, main);
