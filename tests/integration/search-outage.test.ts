import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "~/lib/db.server";
import { solutionsIndexUid } from "~/lib/search-index.server";
import { createSearchWorker } from "~/lib/search-sync.server";
import { closeSearch, configureSearch, getSearch } from "~/lib/search.server";
import { searchSolutions } from "~/services/search.server";
import { main as searchCheck } from "../../scripts/search-check";
import { compareIndexWithDatabase, countDifferences } from "../../search/check";
import { createSearchClient } from "../../search/client";
import { findFreePort, startEmbeddedSearch, type EmbeddedSearch } from "../../search/embedded";
import { ensureServerApiKey } from "../../search/keys";
import { getOutboxBacklog } from "../../search/outbox";
import type { OutboxWorker } from "../../search/outbox-worker";
import { createTeam } from "../factories/accounts";
import { changeSearchSolution, createSearchSolution, createSearchTaxonomy } from "../factories/search-solutions";
import { prepareSearchIndex, searchQuery } from "../support/search";

/**
 * Meilisearch goes away while people keep publishing, archiving and changing visibility; the portal
 * keeps answering searches from PostgreSQL, and once Meilisearch is back the outbox worker catches up
 * by itself: within 30 seconds `search:check` finds no difference. This file runs its own throwaway
 * Meilisearch so it can stop it without disturbing the other test files.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sx-meili-outage-"));
let port: number;
let server: EmbeddedSearch;
let worker: OutboxWorker;

async function startServer(): Promise<void> {
  server = await startEmbeddedSearch({ dataDir, port });
  const master = createSearchClient({ url: server.url, apiKey: server.masterKey });
  const apiKey = await ensureServerApiKey(master.client).finally(() => master.close());
  configureSearch({ url: server.url, apiKey });
}

async function differences(): Promise<number> {
  return countDifferences(
    await compareIndexWithDatabase({ db: getDb(), client: getSearch().client, indexUid: solutionsIndexUid() }),
  );
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await condition().catch(() => false)) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

beforeAll(async () => {
  port = await findFreePort();
  await startServer();
  await prepareSearchIndex();
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  closeSearch();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("Meilisearch stopped during 50 publishes, 10 archives and 5 visibility changes", () => {
  it("answers from PostgreSQL meanwhile and is back in step within 30 s of Meilisearch's return", async () => {
    const db = getDb();
    const team = await createTeam(db);
    const taxonomy = await createSearchTaxonomy(db);
    const existing = [];
    for (let i = 0; i < 20; i++) {
      existing.push(
        await createSearchSolution(db, {
          subsidiaryId: team.subsidiary.id,
          title: `Existing write-up ${i}`,
          painPointIds: [taxonomy.painPoints.clashes.id],
        }),
      );
    }
    worker = createSearchWorker({ pollIntervalMs: 50 });
    worker.start();
    await waitFor(async () => (await getOutboxBacklog(db)).backlog === 0 && (await differences()) === 0, 30_000);

    await server.stop();
    for (let i = 0; i < 50; i++) {
      await createSearchSolution(db, {
        subsidiaryId: team.subsidiary.id,
        title: `Published while search was down ${i}`,
        summary: "Pangolin inspection routine.",
        painPointIds: [taxonomy.painPoints.safety.id],
      });
    }
    for (const doc of existing.slice(0, 10)) await changeSearchSolution(db, doc.id, { status: "archived" });
    for (const doc of existing.slice(10, 15)) await changeSearchSolution(db, doc.id, { visibility: "subsidiary" });

    // The worker has tried and failed, recorded why, and keeps the changes.
    await waitFor(async () => {
      const failed = await db
        .selectFrom("searchOutbox")
        .select("id")
        .where("processedAt", "is", null)
        .where("lastError", "is not", null)
        .executeTakeFirst();
      return failed !== undefined;
    }, 10_000);
    expect((await getOutboxBacklog(db)).backlog).toBeGreaterThanOrEqual(65);

    // Searching still works, from PostgreSQL, with the permission rule and a notice.
    const outsider = (await createTeam(db)).member;
    const fallback = await searchSolutions(team.member, searchQuery({ q: "pangolin", limit: 100 }), { locale: "en" });
    expect(fallback.degraded).toBe(true);
    expect(fallback.total).toBe(50);
    const outsiderView = await searchSolutions(outsider, searchQuery({ q: "existing", limit: 100 }), { locale: "en" });
    expect(outsiderView.degraded).toBe(true);
    // 20 existing, 10 archived, 5 made confidential: an outsider sees the other 5.
    expect(outsiderView.total).toBe(5);

    await startServer();
    const tookMs = await waitFor(async () => (await differences()) === 0, 30_000);
    expect(tookMs).toBeLessThan(30_000);

    // And the command line agrees.
    const output: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((line: string) => void output.push(line));
    try {
      expect(await searchCheck(["--json"])).toBe(0);
    } finally {
      log.mockRestore();
    }
    const report = JSON.parse(output.at(-1)!) as { differences: number; databaseCount: number; indexCount: number };
    expect(report).toMatchObject({ differences: 0, databaseCount: 60, indexCount: 60 });

    const recovered = await searchSolutions(team.member, searchQuery({ q: "pangolin" }), { locale: "en" });
    expect(recovered.degraded).toBe(false);
    expect(recovered.total).toBe(50);
  }, 120_000);
});
