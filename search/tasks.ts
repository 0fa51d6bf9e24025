import type { EnqueuedTaskPromise, Task } from "meilisearch";

/** Meilisearch accepted a write but could not apply it (bad document, bad setting...). */
export class SearchTaskFailedError extends Error {
  override name = "SearchTaskFailedError";
  constructor(
    readonly task: Task,
    readonly code: string | undefined,
  ) {
    super(`Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${task.error?.message ?? "no detail"}`);
  }
}

/**
 * Waits for a write to be applied. The client's `waitTask` resolves with failed tasks too; every
 * write of ours must either succeed or throw, so callers never mark work done that was not done.
 */
export async function waitForSuccess(enqueued: EnqueuedTaskPromise, timeoutMs = 30_000): Promise<Task> {
  return succeededOrThrow(await enqueued.waitTask({ timeout: timeoutMs, interval: 10 }));
}

/** A finished task, if it succeeded; SearchTaskFailedError if it failed or was canceled. */
export function succeededOrThrow(task: Task): Task {
  if (task.status !== "succeeded") throw new SearchTaskFailedError(task, task.error?.code);
  return task;
}
