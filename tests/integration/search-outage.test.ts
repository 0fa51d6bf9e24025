import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "~/lib/db.server";
import { solutionsIndexUid } from "~/lib/search-index.server";
import { createSearchWorker } from "~/lib/search-sync.server";
import { closeSearch, configureSearch, getSearch } from "~/lib/search.server";
import type { SolutionContentInput } from "~/lib/schemas/solution";
import { getSolutionAccess } from "~/models/solution.server";
import { searchSolutions } from "~/services/search.server";
import { archiveSolution, publishSolution, saveSolution, submitForReview } from "~/services/solutions.server";
import { main as searchCheck } from "../../scripts/search-check";
import { compareIndexWithDatabase, countDifferences } from "../../search/check";
import { createSearchClient } from "../../search/client";
import { findFreePort, startEmbeddedSearch, type EmbeddedSearch } from "../../search/embedded";
import { ensureServerApiKey } from "../../search/keys";
import { getOutboxBacklog } from "../../search/outbox";
import type { OutboxWorker } from "../../search/outbox-worker";
import { createTeam } from "../factories/accounts";
import { contentInput, createSolutionAs, createTaxonomy } from "../factories/solution-workflow";
import { prepareSearchIndex, searchQuery } from "../support/search";

/**
 * Meilisearch goes away while people keep publishing, archiving and changing visibility (through the
 * same services the pages use, which write the outbox rows in their own transactions); the portal
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
    const outsider = (await createTeam(db)).member;
    const painPointIds = [(await createTaxonomy(db)).painPoints[0]!.id];
    // Every change goes through the services the pages use, which write the outbox rows.
    const write = (title: string, status: "in_review" | "published", overrides: Partial<SolutionContentInput> = {}) =>
      createSolutionAs(db, team.member, { painPointIds, status, lead: team.lead, overrides: { title, ...overrides } });
    const existing: Awaited<ReturnType<typeof write>>[] = [];
    for (let i = 0; i < 20; i++) {
      // 15 for the whole group, 5 for the subsidiary only.
      existing.push(
        await write(`Existing write-up ${i}`, "published", { visibility: i < 15 ? "group" : "subsidiary" }),
      );
    }
    // Drafts waiting for review do not touch the index; they are published while Meilisearch is down.
    const waiting = [];
    for (let i = 0; i < 50; i++) {
      waiting.push(
        await write(`Published while search was down ${i}`, "in_review", { summary: "Pangolin inspection routine." }),
      );
    }
    worker = createSearchWorker({ pollIntervalMs: 50 });
    worker.start();
    await waitFor(async () => (await getOutboxBacklog(db)).backlog === 0 && (await differences()) === 0, 30_000);

    await server.stop();
    for (const solution of waiting) await publishSolution(db, team.lead, solution.id);
    for (const solution of existing.slice(0, 10)) await archiveSolution(db, team.lead, solution.id);
    // Three made confidential (at once, by saving) and two opened to the group (saved, reviewed, published).
    const changeVisibility = async (solution: { id: string }, visibility: "group" | "subsidiary") => {
      const current = (await getSolutionAccess(db, solution.id))!;
      await saveSolution(
        db,
        team.member,
        solution.id,
        current.revision,
        contentInput({ authorIds: [team.member.id], painPointIds, title: current.title, visibility }),
      );
    };
    for (const solution of existing.slice(10, 13)) await changeVisibility(solution, "subsidiary");
    for (const solution of existing.slice(15, 17)) {
      await changeVisibility(solution, "group");
      await submitForReview(db, team.member, solution.id);
      await publishSolution(db, team.lead, solution.id);
    }

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
    const fallback = await searchSolutions(team.member, searchQuery({ q: "pangolin", limit: 100 }), { locale: "en" });
    expect(fallback.degraded).toBe(true);
    expect(fallback.total).toBe(50);
    const outsiderView = await searchSolutions(outsider, searchQuery({ q: "existing", limit: 100 }), { locale: "en" });
    expect(outsiderView.degraded).toBe(true);
    // Of the 20 existing: 10 archived, 3 made confidential, 3 still confidential, 2 opened: 4 for outsiders.
    expect(outsiderView.hits.map((h) => h.title).sort()).toEqual([13, 14, 15, 16].map((i) => `Existing write-up ${i}`));

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
    const outsiderRecovered = await searchSolutions(outsider, searchQuery({ q: "existing", limit: 100 }), {
      locale: "en",
    });
    expect(outsiderRecovered.degraded).toBe(false);
    expect(outsiderRecovered.hits.map((h) => h.title).sort()).toEqual(
      [13, 14, 15, 16].map((i) => `Existing write-up ${i}`),
    );
  }, 240_000);
});
