import { describe, expect, it, vi } from "vitest";
import { getSearch, indexName } from "~/lib/search.server";
import { createSearchClient } from "../../search/client";
import { createTaskWatcher, TaskWaitTimeoutError } from "../../search/task-watcher";
import { SearchTaskFailedError } from "../../search/tasks";

describe("task watcher (one poll for many Meilisearch tasks)", () => {
  it("waits for 30 tasks at once with one poll per interval, each resolved with its own task", async () => {
    const { client } = getSearch();
    const uid = indexName("watcher_many");
    await client.createIndex(uid, { primaryKey: "id" }).waitTask();
    const getTasks = vi.spyOn(client.tasks, "getTasks");
    const watcher = createTaskWatcher(() => client, { intervalMs: 10 });

    const started = performance.now();
    const tasks = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        watcher.waitForSuccess(client.index(uid).addDocuments([{ id: `d${i}`, n: i }]), 30_000),
      ),
    );

    expect(tasks.every((t) => t.status === "succeeded")).toBe(true);
    expect(new Set(tasks.map((t) => t.uid)).size).toBe(30);
    // One poll per interval, whatever the number of tasks (polling each task would be up to 30 per interval).
    const intervals = (performance.now() - started) / 10;
    expect(getTasks.mock.calls.length).toBeGreaterThan(0);
    expect(getTasks.mock.calls.length).toBeLessThanOrEqual(Math.ceil(intervals) + 1);
    expect(Math.max(...getTasks.mock.calls.map(([query]) => (query?.uids as number[]).length))).toBeGreaterThan(1);
    expect((await client.index(uid).getStats()).numberOfDocuments).toBe(30);
    expect(watcher.pending).toBe(0);
    getTasks.mockRestore();
  });

  it("rejects a task Meilisearch could not apply, and still resolves the others", async () => {
    const { client } = getSearch();
    const uid = indexName("watcher_failed");
    await client.createIndex(uid, { primaryKey: "id" }).waitTask();
    const watcher = createTaskWatcher(() => client);

    const [bad, good] = await Promise.allSettled([
      // A document without its primary key fails in Meilisearch, after it was accepted.
      watcher.waitForSuccess(client.index(uid).addDocuments([{ title: "no id" }]), 30_000),
      watcher.waitForSuccess(client.index(uid).addDocuments([{ id: "ok" }]), 30_000),
    ]);

    expect(bad.status).toBe("rejected");
    expect((bad as PromiseRejectedResult).reason).toBeInstanceOf(SearchTaskFailedError);
    expect((bad as PromiseRejectedResult).reason.code).toBe("missing_document_id");
    expect(good.status === "fulfilled" && good.value.status).toBe("succeeded");
  });

  it("gives up on a task after its timeout", async () => {
    const { client } = getSearch();
    const uid = indexName("watcher_timeout");
    await client.createIndex(uid, { primaryKey: "id" }).waitTask();
    const watcher = createTaskWatcher(() => client);
    // A task that cannot finish before the first poll, 10 ms on: 5,000 documents.
    const documents = Array.from({ length: 5_000 }, (_, i) => ({
      id: `d${i}`,
      text: "数字孪生 digital twin ".repeat(20),
    }));

    const error = await watcher.waitForSuccess(client.index(uid).addDocuments(documents), 1).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TaskWaitTimeoutError);
    expect(watcher.pending).toBe(0);
  });

  it("fails every waiting task when Meilisearch cannot be asked", async () => {
    const { client } = getSearch();
    const uid = indexName("watcher_unreachable");
    await client.createIndex(uid, { primaryKey: "id" }).waitTask();
    // The write goes to the real server; the polls go to a port where nothing listens.
    const unreachable = createSearchClient({ url: "http://127.0.0.1:9", apiKey: "x" }, { timeoutMs: 1_000 });
    const watcher = createTaskWatcher(() => unreachable.client);

    const results = await Promise.allSettled([
      watcher.waitForSuccess(client.index(uid).addDocuments([{ id: "a" }]), 30_000),
      watcher.waitForSuccess(client.index(uid).addDocuments([{ id: "b" }]), 30_000),
    ]);
    unreachable.close();

    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(watcher.pending).toBe(0);
  });
});
