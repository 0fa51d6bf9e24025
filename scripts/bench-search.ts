import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import pg from "pg";
import { issueApiToken } from "../app/lib/api-token.server";
import { searchQueryToParams, type SearchQuery } from "../app/lib/search-params";
import { buildSolutionSearchPlan } from "../app/lib/solution-search-request.server";
import { conditionToSql } from "../app/models/solution-visibility.server";
import { conditionToMeiliFilter } from "../app/policies/condition";
import { listableSolutions } from "../app/policies/solution-visibility";
import { seedSynonyms } from "../app/services/synonyms.server";
import { createPostgresDatabase } from "../db/connection";
import { migrateToLatest } from "../db/migrator";
import { createSearchClient } from "../search/client";
import { findFreePort, startEmbeddedSearch } from "../search/embedded";
import { ensureServerApiKey } from "../search/keys";
import { getOutboxBacklog } from "../search/outbox";
import { applyIndexSettings } from "../search/settings-sync";
import { loadSearchableSolutionRows } from "../search/solution-rows";
import { SOLUTIONS_INDEX_BASE_NAME, solutionsIndexSettings, toSearchDocument } from "../search/solutions-index";
import { loadSynonymMap } from "../search/synonym-rows";
import { waitForSuccess } from "../search/tasks";
import { CliError, runIfMain } from "./lib/cli";
import { peakRssMb, startPortalProcess } from "./lib/portal-process";
import {
  generateWriteUp,
  insertReferenceData,
  insertWriteUps,
  loadVocabulary,
  seededRandom,
} from "./lib/search-bench-corpus";
import { addFullTextIndex, searchWithPostgres } from "./lib/search-bench-postgres";
import { startForwardingProxy } from "./lib/forwarding-proxy";
import { interleavedOrder } from "./lib/interleave";
import { buildQuerySet, type BenchQuery, type QueryKind } from "./lib/search-bench-queries";
import { percentile, round } from "./lib/stats";

const USAGE =
  "usage: npm run bench:search [-- --docs N] [-- --queries Q] [-- --rounds R] [-- --latency-samples L] [-- --seed S] [-- --keep]";
const ROOT = path.resolve(import.meta.dirname, "..");

/** Every sample of one system, by query kind. */
type Samples = Record<QueryKind | "all", number[]>;
const emptySamples = (): Samples => ({ all: [], plain: [], typo: [], prefix: [], chinese: [], filtered: [] });

function stats(values: number[]) {
  return {
    n: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
  };
}

function adminUrl(database?: string): string {
  const url = new URL(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  if (database) url.pathname = `/${database}`;
  return url.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** GET and POST with a keep-alive agent (as a browser or API client would reuse its connection). */
function createHttpClient() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const send = (
    method: "GET" | "POST",
    url: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const request = http.request(url, { method, agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        response.on("error", reject);
      });
      request.on("error", reject);
      request.end(body);
    });
  return {
    get: (url: string, headers: Record<string, string>) => send("GET", url, headers),
    post: (url: string, body: string) =>
      send(
        "POST",
        url,
        { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) },
        body,
      ),
    close: () => agent.destroy(),
  };
}

async function time<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

function log(line: string) {
  console.error(`[bench] ${line}`);
}

/**
 * `npm run bench:search`: builds a throwaway PostgreSQL database and Meilisearch, loads a synthetic
 * corpus through the portal's own outbox path, and compares the portal's /api/v1/search (over HTTP,
 * with a real API token), raw Meilisearch (the same multi-search the portal sends) and a PostgreSQL
 * full-text baseline on one rotating query set, interleaved so that each system runs right after each of
 * the others equally often (scripts/lib/interleave.ts). Prints a Markdown table; writes JSON to bench-results/.
 */
export async function main(argv = process.argv.slice(2)): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        docs: { type: "string", default: "10000" },
        queries: { type: "string", default: "250" },
        rounds: { type: "string", default: "2" },
        "latency-samples": { type: "string", default: "40" },
        seed: { type: "string", default: "42" },
        keep: { type: "boolean", default: false },
      },
      strict: true,
    }));
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`);
  }
  const docs = Number(values.docs);
  const querySize = Number(values.queries);
  const rounds = Number(values.rounds);
  const latencySamples = Number(values["latency-samples"]);
  const seed = Number(values.seed);
  if (![docs, querySize, rounds, latencySamples, seed].every((n) => Number.isInteger(n) && n >= 1))
    throw new CliError(`every option must be a positive whole number\n${USAGE}`);
  if (querySize < 200) throw new CliError("--queries must be at least 200");

  const started = new Date();
  const databaseName = `sx_bench_${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "sx-bench-search-"));
  const cleanups: (() => Promise<unknown> | unknown)[] = [() => fs.rmSync(tempDir, { recursive: true, force: true })];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await Promise.resolve(step()).catch(() => {});
  };
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);

  try {
    // --- Throwaway database and Meilisearch -------------------------------------------------------
    await adminQuery(`create database "${databaseName}"`);
    cleanups.push(() => adminQuery(`drop database if exists "${databaseName}" with (force)`));
    const databaseUrl = adminUrl(databaseName);
    const handle = createPostgresDatabase(databaseUrl, 8);
    cleanups.push(() => handle.close());
    const db = handle.db;
    await migrateToLatest(db);
    await addFullTextIndex(db);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    cleanups.push(() => pool.end());

    const meili = await startEmbeddedSearch({ dataDir: path.join(tempDir, "meili") });
    cleanups.push(() => meili.stop());
    const master = createSearchClient({ url: meili.url, apiKey: meili.masterKey });
    const apiKey = await ensureServerApiKey(master.client).finally(() => master.close());
    const search = createSearchClient({ url: meili.url, apiKey });
    cleanups.push(() => search.close());
    const prefix = `bench${process.pid}_`;
    const indexUid = `${prefix}${SOLUTIONS_INDEX_BASE_NAME}`;

    // --- Reference data, people, token ------------------------------------------------------------
    const vocabulary = loadVocabulary();
    const ids = await insertReferenceData(db, vocabulary);
    const readerSubsidiary = ids.subsidiaries.get("WUH")!;
    const users = await db
      .insertInto("users")
      .values([
        { email: "reader@bench.test", displayName: "Bench reader", subsidiaryId: readerSubsidiary, role: "member" },
        { email: "author@bench.test", displayName: "Bench author", subsidiaryId: readerSubsidiary, role: "lead" },
      ])
      .returning(["id", "role", "subsidiaryId"])
      .execute();
    const reader = users[0]!;
    const author = users[1]!;
    const token = (await issueApiToken(db, reader.id, "bench", null)).token;
    await seedSynonyms(db);
    const permission = conditionToMeiliFilter(listableSolutions(reader));
    if (permission.match !== "filter") throw new Error("expected a filtering permission rule for a member");
    const condition = listableSolutions(reader);

    // --- The portal, as its own process -------------------------------------------------------------
    const port = await findFreePort();
    log(`starting the portal on port ${port} (builds first if the build is stale)`);
    const portal = await startPortalProcess({
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: "10",
      MEILI_URL: meili.url,
      MEILI_API_KEY: apiKey,
      MEILI_INDEX_PREFIX: prefix,
      DATA_DIR: path.join(tempDir, "portal"),
      DEMO: "false",
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
      API_RATE_LIMIT_PER_MINUTE: "1000000",
    });
    cleanups.push(() => portal.stop());
    if (values.keep) {
      fs.writeFileSync(
        path.join(tempDir, "bench-env.json"),
        JSON.stringify({ databaseUrl, meiliUrl: meili.url, apiKey, prefix, token, portalUrl: portal.url }),
      );
    }

    // --- Corpus through the outbox ----------------------------------------------------------------
    const random = seededRandom(seed);
    const held = new Date(Date.now() + 24 * 3600_000);
    log(`inserting ${docs} write-ups (their outbox rows held back)`);
    for (let n = 0; n < docs; n += 500) {
      const batch = Array.from({ length: Math.min(500, docs - n) }, (_, i) =>
        generateWriteUp(vocabulary, random, n + i),
      );
      await insertWriteUps(db, ids, batch, { authorId: author.id, firstNumber: n, holdOutboxUntil: held });
      if ((n / 500) % 20 === 19) log(`  inserted ${n + batch.length}`);
    }
    await pool.query("analyze");
    log("releasing the outbox: the portal's worker indexes everything");
    const outboxStarted = performance.now();
    await db.updateTable("searchOutbox").set({ availableAt: new Date() }).where("processedAt", "is", null).execute();
    let lastLog = performance.now();
    for (;;) {
      const { backlog } = await getOutboxBacklog(db);
      if (backlog === 0) break;
      if (performance.now() - lastLog > 10_000) {
        log(`  outbox backlog ${backlog}`);
        lastLog = performance.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const outboxSeconds = (performance.now() - outboxStarted) / 1000;
    const stats0 = await search.client.index(indexUid).getStats();
    log(`outbox path: ${stats0.numberOfDocuments} documents in ${outboxSeconds.toFixed(1)} s`);
    // Autovacuum is off on some machines (this benchmark's, for one): without it the drained outbox
    // keeps every dead row and stale statistics, which no running PostgreSQL has. Measure the steady
    // state autovacuum would give.
    await pool.query("vacuum analyze");

    log("raw addDocuments of the same documents into a second index");
    const documents = [];
    for (let afterId: string | undefined; ;) {
      const rows = await loadSearchableSolutionRows(db, { afterId, limit: 2_000 });
      if (rows.length === 0) break;
      afterId = rows.at(-1)!.id;
      documents.push(...rows.map(toSearchDocument));
    }
    const rawUid = `${prefix}raw`;
    await applyIndexSettings(search.client, rawUid, solutionsIndexSettings(await loadSynonymMap(db)));
    const rawStarted = performance.now();
    // Uploaded one after another (each resolves once enqueued), then waited for: Meilisearch merges
    // the queued tasks. Uploading all at once only makes it drop connections.
    const tasks = [];
    for (let i = 0; i < documents.length; i += 1_000) {
      const enqueued = search.client.index(rawUid).addDocuments(documents.slice(i, i + 1_000), { primaryKey: "id" });
      await enqueued;
      tasks.push(enqueued);
    }
    for (const task of tasks) await waitForSuccess(task, 60 * 60_000);
    const rawSeconds = (performance.now() - rawStarted) / 1000;
    documents.length = 0;
    await waitForSuccess(search.client.deleteIndex(rawUid));
    log(`raw: ${docs} documents in ${rawSeconds.toFixed(1)} s`);

    // --- Publish to searchable ----------------------------------------------------------------------
    log(`publish-to-searchable latency, ${latencySamples} samples`);
    const publishLatencies: number[] = [];
    for (let i = 0; i < latencySamples; i++) {
      const marker = `zqxmarker${i}x${crypto.randomBytes(3).toString("hex")}`;
      const writeUp = { ...generateWriteUp(vocabulary, random, docs + i), title: `${marker} published now` };
      await insertWriteUps(db, ids, [writeUp], { authorId: author.id, firstNumber: docs + i });
      const committed = performance.now();
      for (;;) {
        const result = await search.client.index(indexUid).search(marker, { limit: 1, attributesToRetrieve: ["id"] });
        if (result.hits.length > 0) break;
        if (performance.now() - committed > 30_000) throw new Error(`write-up ${marker} not searchable after 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      publishLatencies.push(performance.now() - committed);
      await new Promise((resolve) => setTimeout(resolve, 50 + random() * 150));
    }

    // --- Queries, interleaved -------------------------------------------------------------------------
    const queries = buildQuerySet(vocabulary, random, querySize);
    const httpClient = createHttpClient();
    cleanups.push(() => httpClient.close());
    const toSearchQuery = (q: BenchQuery, text = q.q): SearchQuery => ({
      q: text,
      filters: q.filters,
      sort: "relevance",
      page: 1,
      limit: 10,
    });
    // The multi-search the portal sends for a query, which raw Meilisearch and the forwarder get too.
    const planOf = (q: BenchQuery, text?: string) =>
      buildSolutionSearchPlan({ indexUid, query: toSearchQuery(q, text), permissionFilter: permission.filter });
    const systems = {
      portal: async (q: BenchQuery, text?: string) => {
        const params = searchQueryToParams(toSearchQuery(q, text), 20);
        const response = await httpClient.get(`${portal.url}/api/v1/search?${params}`, {
          Authorization: `Bearer ${token}`,
        });
        if (response.status !== 200)
          throw new Error(`portal answered ${response.status}: ${response.body.slice(0, 300)}`);
        return (JSON.parse(response.body) as { hits: { slug: string }[] }).hits.map((h) => h.slug);
      },
      meilisearch: async (q: BenchQuery, text?: string) => {
        const response = await search.client.multiSearch({ queries: planOf(q, text).queries });
        return (response.results[0]!.hits as { id: string; slug: string }[]).map((h) => h.slug);
      },
      postgres: async (q: BenchQuery, text?: string) => {
        const result = await searchWithPostgres(pool, db, condition, text ?? q.q, q.filters);
        return result.ids;
      },
    };
    type System = keyof typeof systems;
    const order: System[] = ["portal", "meilisearch", "postgres"];
    log(`warming up, then ${rounds} rounds of ${queries.length} queries on each system, interleaved`);
    for (const q of queries.slice(0, 30)) for (const system of order) await systems[system](q);

    const samples: Record<System, Samples> = {
      portal: emptySamples(),
      meilisearch: emptySamples(),
      postgres: emptySamples(),
    };
    // The floor under any API call: HTTP, Express, token check and rate limit, Remix, for a route
    // that does almost nothing (GET /api/v1/me), sampled between the searches.
    const floor: number[] = [];
    // The same searches split by what ran just before: the PostgreSQL query or the other system.
    const afterPostgres = { portal: [] as number[], meilisearch: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      for (const [i, q] of queries.entries()) {
        let previous: System | undefined;
        for (const system of interleavedOrder<System>(i + round, "postgres", ["portal", "meilisearch"])) {
          const { ms } = await time(() => systems[system](q));
          samples[system].all.push(ms);
          samples[system][q.kind].push(ms);
          if (previous === "postgres" && system !== "postgres") afterPostgres[system].push(ms);
          previous = system;
        }
        if (i % 5 === 0) {
          const { ms } = await time(() =>
            httpClient.get(`${portal.url}/api/v1/me`, { Authorization: `Bearer ${token}` }),
          );
          floor.push(ms);
        }
      }
    }

    // --- The floor under any portal -----------------------------------------------------------------
    // A process that only forwards the same multi-search (scripts/lib/forwarding-proxy.ts), against raw
    // Meilisearch, with the PostgreSQL queries between them as above: what the extra hop alone costs.
    log(`the floor: a bare forwarding process against raw Meilisearch, ${queries.length} queries, interleaved`);
    const proxy = await startForwardingProxy({ url: meili.url, apiKey });
    cleanups.push(() => proxy.stop());
    const floorSystems = {
      forwarded: async (q: BenchQuery) => {
        const response = await httpClient.post(proxy.url, JSON.stringify({ queries: planOf(q).queries }));
        if (response.status !== 200)
          throw new Error(`the forwarding proxy answered ${response.status}: ${response.body.slice(0, 300)}`);
        const answer = JSON.parse(response.body) as { results: { hits: { slug: string }[] }[] };
        return answer.results[0]!.hits.map((h) => h.slug);
      },
      meilisearch: systems.meilisearch,
      postgres: systems.postgres,
    };
    type FloorSystem = keyof typeof floorSystems;
    for (const q of queries.slice(0, 30)) await floorSystems.forwarded(q);
    const floorSamples = { forwarded: [] as number[], meilisearch: [] as number[] };
    for (const [i, q] of queries.entries()) {
      for (const system of interleavedOrder<FloorSystem>(i, "postgres", ["forwarded", "meilisearch"])) {
        const { ms } = await time(() => floorSystems[system](q));
        if (system !== "postgres") floorSamples[system].push(ms);
      }
    }
    const forwardingFloor = {
      forwarded: stats(floorSamples.forwarded),
      meilisearch: stats(floorSamples.meilisearch),
      ratio50: round(percentile(floorSamples.forwarded, 50) / percentile(floorSamples.meilisearch, 50), 2),
    };
    await proxy.stop();

    // --- One-typo recall@10 ------------------------------------------------------------------------
    // Relevant: the write-ups the reader may see that contain the correctly spelled word (word start,
    // any case) in title, summary or body. Recall@10 = relevant write-ups in an engine's top 10 for the
    // misspelled query / min(10, all relevant write-ups). Both engines are judged on the same truth.
    const recall: Record<"meilisearch" | "postgres", number[]> = { meilisearch: [], postgres: [] };
    for (const q of queries.filter((x) => x.kind === "typo")) {
      const pattern = `\\m${q.correct!.replace(/[^a-z0-9]/gi, "")}`;
      const relevantTotal = await db
        .selectFrom("solutions")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where((eb) => conditionToSql(eb, condition))
        .where(sql<boolean>`(title ~* ${pattern} or summary ~* ${pattern} or body_text ~* ${pattern})`)
        .executeTakeFirstOrThrow();
      const total = Number(relevantTotal.n);
      if (total === 0) continue;
      for (const engine of ["meilisearch", "postgres"] as const) {
        const top = await systems[engine](q);
        if (top.length === 0) {
          recall[engine].push(0);
          continue;
        }
        const relevant = await db
          .selectFrom("solutions")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where(engine === "meilisearch" ? "slug" : "id", "in", top)
          .where(sql<boolean>`(title ~* ${pattern} or summary ~* ${pattern} or body_text ~* ${pattern})`)
          .executeTakeFirstOrThrow();
        recall[engine].push(Number(relevant.n) / Math.min(10, total));
      }
    }
    const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN);

    // --- Report ----------------------------------------------------------------------------------------
    const portalRss = peakRssMb(portal.pid);
    const meiliRss = peakRssMb(meili.pid);
    const result = {
      startedAt: started.toISOString(),
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model,
        memoryGb: round(os.totalmem() / 2 ** 30, 1),
        load: os.loadavg().map((l) => round(l, 2)),
      },
      docs,
      queries: queries.length,
      rounds,
      latencyMs: {
        portal: Object.fromEntries(Object.entries(samples.portal).map(([k, v]) => [k, stats(v)])),
        meilisearch: Object.fromEntries(Object.entries(samples.meilisearch).map(([k, v]) => [k, stats(v)])),
        postgres: Object.fromEntries(Object.entries(samples.postgres).map(([k, v]) => [k, stats(v)])),
      },
      latencyMsAfterPostgres: { portal: stats(afterPostgres.portal), meilisearch: stats(afterPostgres.meilisearch) },
      oneTypoRecallAt10: {
        meilisearch: round(mean(recall.meilisearch), 3),
        postgres: round(mean(recall.postgres), 3),
        queries: recall.meilisearch.length,
      },
      indexing: {
        outboxSeconds: round(outboxSeconds, 1),
        outboxDocsPerSecond: round(docs / outboxSeconds, 0),
        rawSeconds: round(rawSeconds, 1),
        rawDocsPerSecond: round(docs / rawSeconds, 0),
        ratio: round(rawSeconds / outboxSeconds, 2),
      },
      publishToSearchableMs: stats(publishLatencies),
      apiFloorMs: stats(floor),
      forwardingFloor,
      peakRssMb: { portal: portalRss, meilisearch: meiliRss },
    };
    const p = (system: System) => stats(samples[system].all);
    const ratio50 = round(p("portal").p50 / p("meilisearch").p50, 2);
    const ratio95 = round(p("portal").p95 / p("meilisearch").p95, 2);
    const meiliVsPg95 = round(p("meilisearch").p95 / p("postgres").p95, 2);
    const targets = [
      ["portal p50 ≤ 1.3× Meilisearch p50", `${ratio50}×`, ratio50 <= 1.3],
      ["portal p95 ≤ 1.5× Meilisearch p95", `${ratio95}×`, ratio95 <= 1.5],
      ["portal p95 ≤ 75 ms", `${p("portal").p95} ms`, p("portal").p95 <= 75],
      ["Meilisearch p95 ≤ 0.5× PostgreSQL p95", `${meiliVsPg95}×`, meiliVsPg95 <= 0.5],
      [
        "one-typo recall@10 ≥ 0.9",
        `${result.oneTypoRecallAt10.meilisearch}`,
        result.oneTypoRecallAt10.meilisearch >= 0.9,
      ],
      [
        "publish-to-searchable p95 ≤ 1 s",
        `${result.publishToSearchableMs.p95} ms`,
        result.publishToSearchableMs.p95 <= 1000,
      ],
      ["outbox throughput ≥ 0.7× raw", `${result.indexing.ratio}×`, result.indexing.ratio >= 0.7],
    ] as const;

    const lines = [
      `### Search benchmark: ${docs} write-ups, ${queries.length} queries × ${rounds} rounds (${result.machine.cpus} cores, load ${result.machine.load.join("/")})`,
      "",
      "| system | p50 ms | p95 ms | p99 ms | plain p50 | typo p50 | prefix p50 | Chinese p50 | filtered p50 |",
      "|---|---|---|---|---|---|---|---|---|",
      ...order.map((system) => {
        const s = result.latencyMs[system] as Record<string, ReturnType<typeof stats>>;
        return `| ${system === "portal" ? "portal /api/v1/search (HTTP)" : system === "meilisearch" ? "Meilisearch (same multi-search)" : "PostgreSQL FTS baseline"} | ${s.all!.p50} | ${s.all!.p95} | ${s.all!.p99} | ${s.plain!.p50} | ${s.typo!.p50} | ${s.prefix!.p50} | ${s.chinese!.p50} | ${s.filtered!.p50} |`;
      }),
      "",
      "| measure | value |",
      "|---|---|",
      `| one-typo recall@10, Meilisearch / PostgreSQL | ${result.oneTypoRecallAt10.meilisearch} / ${result.oneTypoRecallAt10.postgres} (${result.oneTypoRecallAt10.queries} queries) |`,
      `| indexing through the outbox | ${result.indexing.outboxDocsPerSecond} docs/s (${result.indexing.outboxSeconds} s) |`,
      `| raw addDocuments, same documents | ${result.indexing.rawDocsPerSecond} docs/s (${result.indexing.rawSeconds} s) |`,
      `| publish-to-searchable p50 / p95 | ${result.publishToSearchableMs.p50} / ${result.publishToSearchableMs.p95} ms |`,
      `| p50 right after a PostgreSQL query, portal / Meilisearch | ${result.latencyMsAfterPostgres.portal.p50} / ${result.latencyMsAfterPostgres.meilisearch.p50} ms |`,
      `| API floor: GET /api/v1/me p50 / p95 (HTTP, token check, Remix) | ${result.apiFloorMs.p50} / ${result.apiFloorMs.p95} ms |`,
      `| floor: a bare process forwarding the same multi-search vs raw Meilisearch, p50 (own phase) | ${forwardingFloor.forwarded.p50} vs ${forwardingFloor.meilisearch.p50} ms = ${forwardingFloor.ratio50}× |`,
      `| peak RSS portal / Meilisearch | ${portalRss ?? "?"} / ${meiliRss ?? "?"} MB |`,
      "",
      "| target | measured | met |",
      "|---|---|---|",
      ...targets.map(([name, value, met]) => `| ${name} | ${value} | ${met ? "yes" : "no"} |`),
    ];
    console.log(lines.join("\n"));
    const outDir = path.join(ROOT, "bench-results");
    fs.mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, `search-${docs}-${started.toISOString().replace(/[:.]/g, "-")}.json`);
    fs.writeFileSync(
      file,
      `${JSON.stringify({ ...result, targets: targets.map(([name, value, met]) => ({ name, value, met })) }, null, 2)}\n`,
    );
    log(`wrote ${path.relative(process.cwd(), file)}`);
    return 0;
  } finally {
    process.removeListener("SIGINT", onSignal);
    if (values.keep) {
      log(`--keep: left running for inspection; stop with Ctrl-C (database ${databaseName}, ${tempDir})`);
      await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
    }
    await cleanup();
  }
}

runIfMain(import.meta, main);
