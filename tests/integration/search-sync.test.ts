import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "~/lib/db.server";
import {
  currentSolutionsIndexSettings,
  prepareSolutionsIndex,
  rebuildSolutionsIndex,
  solutionsIndexUid,
} from "~/lib/search-index.server";
import { createSearchWorker, startSearchSync } from "~/lib/search-sync.server";
import { getSearch } from "~/lib/search.server";
import { loader as healthz } from "~/routes/healthz";
import { getSolutionAccess } from "~/models/solution.server";
import { searchSolutions } from "~/services/search.server";
import { inSharedTransaction } from "~/services/shared-transaction.server";
import { archiveSolution, publishSolution, saveSolution } from "~/services/solutions.server";
import { createSynonymGroup } from "~/services/synonyms.server";
import { main as searchCheck } from "../../scripts/search-check";
import { main as searchReindex } from "../../scripts/search-reindex";
import { createPostgresDatabase } from "../../db/connection";
import { compareIndexWithDatabase, countDifferences } from "../../search/check";
import { claimOutboxEntries, getOutboxBacklog } from "../../search/outbox";
import { rebuildIndex } from "../../search/reindex";
import { MAX_TOTAL_HITS, solutionsIndexVersion } from "../../search/solutions-index";
import { createTeam } from "../factories/accounts";
import { contentInput, createSolutionAs } from "../factories/solution-workflow";
import { changeSearchSolution, createSearchSolution, createSearchTaxonomy } from "../factories/search-solutions";
import { indexPendingChanges, searchQuery } from "../support/search";

/**
 * The index follows PostgreSQL: start-up settings and versions, the outbox worker's guarantees
 * (nothing lost, nothing stale, several workers at once), the rebuild swap, and the health report.
 */
let team: Awaited<ReturnType<typeof createTeam>>;
let taxonomy: Awaited<ReturnType<typeof createSearchTaxonomy>>;

beforeAll(async () => {
  team = await createTeam(getDb());
  taxonomy = await createSearchTaxonomy(getDb());
});

afterEach(() => vi.restoreAllMocks());

async function differences() {
  return compareIndexWithDatabase({ db: getDb(), client: getSearch().client, indexUid: solutionsIndexUid() });
}

function publish(title: string) {
  return createSearchSolution(getDb(), {
    subsidiaryId: team.subsidiary.id,
    title,
    painPointIds: [taxonomy.painPoints.review.id],
  });
}

function captureConsole() {
  const lines: string[] = [];
  vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
  return lines;
}

describe("start-up preparation", () => {
  it("creates the index once, then sends no settings when nothing changed", async () => {
    const db = getDb();
    const first = await prepareSolutionsIndex(db);
    expect(first.action).toBe("created");
    expect(await prepareSolutionsIndex(db)).toEqual({ action: "up-to-date", changedSettings: [] });

    // A curator's synonym group reaches Meilisearch through the outbox ...
    await createSynonymGroup(db, team.curator, "digital twin\n数字孪生\nvirtual replica");
    await indexPendingChanges();
    const synonyms = await getSearch().client.index(solutionsIndexUid()).getSynonyms();
    expect(synonyms["virtual replica"]).toEqual(["digital twin", "数字孪生"]);
    // ... so the next start-up finds the server already in step.
    expect(await prepareSolutionsIndex(db)).toEqual({ action: "up-to-date", changedSettings: [] });

    // A setting changed behind our back is put back, and only that one.
    await getSearch().client.index(solutionsIndexUid()).updateSortableAttributes(["year"]).waitTask();
    expect(await prepareSolutionsIndex(db)).toEqual({ action: "up-to-date", changedSettings: ["sortableAttributes"] });
  });

  it("rebuilds and swaps when the settings in code changed, never re-processing the live index in place", async () => {
    const db = getDb();
    for (let i = 0; i < 5; i++) await publish(`Version change survivor ${i}`);
    await indexPendingChanges();
    const client = getSearch().client;
    const live = client.index(solutionsIndexUid());
    // The index as the previous release left it: other settings, and their version in app_meta.
    const current = await currentSolutionsIndexSettings(db);
    const previous = { ...current, sortableAttributes: ["publishedAt"], pagination: { maxTotalHits: 500 } };
    await live.updateSettings(previous).waitTask();
    await db
      .updateTable("appMeta")
      .set({ value: JSON.stringify({ version: solutionsIndexVersion(previous), indexUid: solutionsIndexUid() }) })
      .where("key", "=", "search.solutionsIndex")
      .execute();
    const createdBefore = (await client.getIndex(solutionsIndexUid())).createdAt!;

    expect(await prepareSolutionsIndex(db)).toEqual({
      action: "rebuild-needed",
      from: solutionsIndexVersion(previous),
      to: solutionsIndexVersion(current),
    });
    // Nothing was sent to the live index: it keeps answering with its old settings until the swap.
    expect((await live.getSettings()).sortableAttributes).toEqual(["publishedAt"]);

    const sync = await startSearchSync();
    await sync.rebuilt;
    await sync.stop();
    expect(await prepareSolutionsIndex(db)).toEqual({ action: "up-to-date", changedSettings: [] });
    const settings = await live.getSettings();
    expect([...(settings.sortableAttributes ?? [])].sort()).toEqual(["publishedAt", "reuseCount", "year"]);
    expect(settings.pagination).toEqual({ maxTotalHits: MAX_TOTAL_HITS });
    // A fresh index now carries the name.
    expect((await client.getIndex(solutionsIndexUid())).createdAt!.getTime()).toBeGreaterThan(createdBefore.getTime());
    expect(countDifferences(await differences())).toBe(0);
  });

  it("rebuilds once after an upgrade from a plain-number version", async () => {
    const db = getDb();
    await db
      .updateTable("appMeta")
      .set({ value: JSON.stringify({ version: 1, indexUid: solutionsIndexUid() }) })
      .where("key", "=", "search.solutionsIndex")
      .execute();
    expect(await prepareSolutionsIndex(db)).toMatchObject({ action: "rebuild-needed", from: "1" });
    await rebuildSolutionsIndex(db);
    expect(await prepareSolutionsIndex(db)).toEqual({ action: "up-to-date", changedSettings: [] });
  });
});

describe("the outbox worker", () => {
  it("loses nothing when a worker dies holding a batch, and duplicates nothing", async () => {
    const docs = [];
    for (let i = 0; i < 12; i++) docs.push(await publish(`Lease test ${i}`));
    // A worker claims the batch and dies before indexing it.
    const abandoned = await claimOutboxEntries(getDb(), { limit: 100, leaseMs: 400 });
    expect(abandoned.map((e) => e.entityId)).toEqual(expect.arrayContaining(docs.map((d) => d.id)));

    // Until the lease runs out nobody else touches those rows ...
    expect(await createSearchWorker().drain()).toBe(0);
    expect((await differences()).missing).toEqual(expect.arrayContaining(docs.map((d) => d.id)));
    // ... then the next worker picks them up.
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await createSearchWorker().drain()).toBeGreaterThanOrEqual(12);

    const comparison = await differences();
    expect(countDifferences(comparison)).toBe(0);
    const stats = await getSearch().client.index(solutionsIndexUid()).getStats();
    expect(stats.numberOfDocuments).toBe(comparison.databaseCount);
    expect((await getOutboxBacklog(getDb())).backlog).toBe(0);
  });

  it("ends in step when two workers drain while write-ups keep changing", async () => {
    const db = getDb();
    const workers = [
      createSearchWorker({ pollIntervalMs: 20, batchSize: 5 }),
      createSearchWorker({ pollIntervalMs: 20, batchSize: 5 }),
    ];
    for (const worker of workers) worker.start();
    try {
      // Through the services: publish, edit and publish again, archive, make confidential.
      const painPointIds = [taxonomy.painPoints.review.id];
      const docs = [];
      for (let i = 0; i < 15; i++) {
        docs.push(
          await createSolutionAs(db, team.member, {
            painPointIds,
            status: "published",
            lead: team.lead,
            overrides: { title: `Busy write-up ${i}` },
          }),
        );
      }
      const save = async (id: string, title: string, visibility: "group" | "subsidiary" = "group") => {
        const current = (await getSolutionAccess(db, id))!;
        await saveSolution(
          db,
          team.member,
          id,
          current.revision,
          contentInput({ authorIds: [team.member.id], painPointIds, title, visibility }),
        );
      };
      for (const [i, doc] of docs.entries()) {
        await save(doc.id, `Busy write-up ${i} (edited)`);
        await publishSolution(db, team.lead, doc.id);
        if (i % 3 === 0) await archiveSolution(db, team.lead, doc.id);
        if (i % 3 === 1) await save(doc.id, `Busy write-up ${i} (edited)`, "subsidiary");
      }
      const started = Date.now();
      while ((await getOutboxBacklog(db)).backlog > 0 && Date.now() - started < 30_000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    expect(countDifferences(await differences())).toBe(0);
  });
});

describe("npm run search:reindex", () => {
  it("swaps in a rebuilt index while searches keep returning full pages", async () => {
    for (let i = 0; i < 60; i++) await publish(`Swap subject ${i}`);
    await indexPendingChanges();
    const expected = (await differences()).databaseCount;

    // Searches come from "another app instance": its own connection pool, which the command's
    // shutdown does not close.
    const instance = createPostgresDatabase(process.env.DATABASE_URL!, 2);
    let searching = true;
    const totals: number[] = [];
    const searches = (async () => {
      while (searching) {
        const result = await searchSolutions(team.admin, searchQuery({ limit: 10 }), { locale: "en", db: instance.db });
        totals.push(result.degraded ? -1 : result.total);
        if (result.hits.length === 0) totals.push(0);
      }
    })();
    const lines = captureConsole();
    try {
      expect(await searchReindex(["--batch-size", "25"], { isTTY: false })).toBe(0);
    } finally {
      searching = false;
      await searches;
      await instance.close();
    }
    expect(totals.length).toBeGreaterThan(3);
    expect(new Set(totals)).toEqual(new Set([expected]));
    expect(lines.at(-1)).toMatch(new RegExp(`rebuilt ${solutionsIndexUid()}: ${expected} documents in`));
    expect(lines.some((l) => /^indexed \d+\/\d+ \(\d+ docs\/s\)$/.test(l))).toBe(true);

    // The temporary index is gone; the live one has the current settings.
    const { results } = await getSearch().client.getIndexes({ limit: 1000 });
    expect(results.map((r) => r.uid).filter((uid) => uid.startsWith(solutionsIndexUid()))).toEqual([
      solutionsIndexUid(),
    ]);
    // (The command closed the database it opened; getDb() opens it again.)
    expect(await prepareSolutionsIndex(getDb())).toEqual({ action: "up-to-date", changedSettings: [] });
  });
});

describe("a rebuild while write-ups keep changing", () => {
  it("ends in step, including a change whose transaction took its outbox row before the rebuild began", async () => {
    const db = getDb();
    const painPointIds = [taxonomy.painPoints.review.id];
    const make = (title: string) =>
      createSolutionAs(db, team.member, { painPointIds, status: "published", lead: team.lead, overrides: { title } });
    const late = await make("Ibex archived by a slow transaction");
    const tightened = await make("Ibex made confidential during the rebuild");
    await indexPendingChanges();

    // A transaction archives `late` and writes its outbox row, then stays open ...
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const held = inSharedTransaction(db, async (tx) => {
      await archiveSolution(tx, team.lead, late.id);
      wrote();
      await gate;
    });
    await written;
    // ... while later changes commit with higher outbox ids, so the highest id at the start of the
    // rebuild is above the open transaction's.
    const publishedBefore = await make("Ibex published just before the rebuild");

    const result = await rebuildIndex({
      db,
      client: getSearch().client,
      indexUid: solutionsIndexUid(),
      settings: await currentSolutionsIndexSettings(db),
      batchSize: 50,
      beforeSwap: async () => {
        // The rebuild has read `late` as published. Now its archive commits, a visibility change
        // commits, and the worker sends both to the old index, which is about to be swapped out.
        release();
        await held;
        const current = (await getSolutionAccess(db, tightened.id))!;
        await saveSolution(
          db,
          team.member,
          tightened.id,
          current.revision,
          contentInput({ authorIds: [team.member.id], painPointIds, title: tightened.title, visibility: "subsidiary" }),
        );
        expect(await indexPendingChanges()).toBeGreaterThanOrEqual(3);
      },
    });
    await indexPendingChanges();
    expect(await differences()).toMatchObject({ missing: [], extra: [], stale: [] });
    expect(result.replayed).toBeGreaterThanOrEqual(3);
    const index = getSearch().client.index(solutionsIndexUid());
    const ids = (await index.getDocuments({ fields: ["id"], limit: 1000 })).results.map((d) => d.id);
    expect(ids).not.toContain(late.id);
    expect(ids).toContain(publishedBefore.id);
    expect((await index.getDocument(tightened.id)).visibility).toBe("subsidiary");
  }, 60_000);
});

describe("npm run search:check", () => {
  it("reports missing, extra and stale documents and exits 1, then 0 once the worker caught up", async () => {
    const db = getDb();
    await indexPendingChanges();
    const stale = await publish("Indexed, then made confidential");
    await indexPendingChanges();
    const missing = await publish("Not indexed yet");
    await changeSearchSolution(db, stale.id, { visibility: "subsidiary" });
    // A document whose write-up was deleted behind the outbox's back.
    await getSearch()
      .client.index(solutionsIndexUid())
      .addDocuments([{ id: "00000000-0000-4000-8000-000000000000" }])
      .waitTask();
    await createSearchSolution(db, { subsidiaryId: team.subsidiary.id, title: "Draft", status: "draft" });

    let lines = captureConsole();
    expect(await searchCheck(["--json"])).toBe(1);
    const report = JSON.parse(lines.at(-1)!);
    expect(report.missing).toEqual([missing.id]);
    expect(report.stale).toEqual([stale.id]);
    expect(report.extra).toEqual(["00000000-0000-4000-8000-000000000000"]);
    expect(report.outbox.backlog).toBeGreaterThan(0);

    await indexPendingChanges();
    await getSearch()
      .client.index(solutionsIndexUid())
      .deleteDocument("00000000-0000-4000-8000-000000000000")
      .waitTask();
    vi.restoreAllMocks();
    lines = captureConsole();
    expect(await searchCheck([])).toBe(0);
    expect(lines.join("\n")).toMatch(/in step: no differences\noutbox: empty/);
  });
});

describe("GET /healthz", () => {
  it("reports the outbox backlog and the age of its oldest row", async () => {
    await indexPendingChanges();
    let body = (await (await healthz()).json()) as {
      searchOutbox: { backlog: number; oldestAgeSeconds: number | null };
    };
    expect(body.searchOutbox).toEqual({ backlog: 0, oldestAgeSeconds: null });

    await publish("Waiting in the outbox");
    await getDb()
      .updateTable("searchOutbox")
      .set({ createdAt: new Date(Date.now() - 90_000) })
      .where("processedAt", "is", null)
      .execute();
    const response = await healthz();
    expect(response.status).toBe(200);
    body = (await response.json()) as typeof body;
    expect(body.searchOutbox.backlog).toBe(1);
    expect(body.searchOutbox.oldestAgeSeconds).toBeGreaterThanOrEqual(89);
    await indexPendingChanges();
  });
});
