import type { EnqueuedTaskPromise, Meilisearch, Task, TaskStatus } from "meilisearch";
import { succeededOrThrow } from "./tasks";

/**
 * Waits for many Meilisearch tasks with one poll. The client's `waitTask` polls each task on its own:
 * with the outbox worker's 24 batches in flight at a 10 ms interval that is some 2,400 requests a
 * second, whose CPU Meilisearch's indexing needs on a 2-core machine. Here one `GET /tasks?uids=...`
 * per interval answers for every task waited on, however many there are.
 */
export interface TaskWatcher {
  /** The task once Meilisearch has applied it; throws if it failed, was canceled, or took too long. */
  waitForSuccess(enqueued: EnqueuedTaskPromise, timeoutMs: number): Promise<Task>;
  /** How many tasks are being waited for (for tests). */
  readonly pending: number;
}

export class TaskWaitTimeoutError extends Error {
  override name = "TaskWaitTimeoutError";
  constructor(
    readonly taskUid: number,
    timeoutMs: number,
  ) {
    super(`Meilisearch task ${taskUid} was not processed within ${timeoutMs} ms`);
  }
}

const FINISHED: TaskStatus[] = ["succeeded", "failed", "canceled"];

interface Waiter {
  deadline: number;
  timeoutMs: number;
  resolve(task: Task): void;
  reject(error: unknown): void;
}

export function createTaskWatcher(client: () => Meilisearch, options: { intervalMs?: number } = {}): TaskWatcher {
  const intervalMs = options.intervalMs ?? 10;
  const waiters = new Map<number, Waiter[]>();
  let polling = false;

  function settle(uid: number, outcome: (waiter: Waiter) => void) {
    for (const waiter of waiters.get(uid) ?? []) outcome(waiter);
    waiters.delete(uid);
  }

  async function poll(): Promise<void> {
    polling = true;
    try {
      while (waiters.size > 0) {
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
        const uids = [...waiters.keys()];
        let finished: Task[];
        try {
          finished = (await client().tasks.getTasks({ uids, statuses: FINISHED, limit: uids.length })).results;
        } catch (error) {
          // Meilisearch cannot be asked: every waiter fails as its own `waitTask` would have.
          for (const uid of uids) settle(uid, (w) => w.reject(error));
          continue;
        }
        for (const task of finished) {
          settle(task.uid, (w) => {
            try {
              w.resolve(succeededOrThrow(task));
            } catch (error) {
              w.reject(error);
            }
          });
        }
        const now = Date.now();
        for (const [uid, list] of waiters) {
          const late = list.filter((w) => w.deadline <= now);
          if (late.length === 0) continue;
          for (const w of late) w.reject(new TaskWaitTimeoutError(uid, w.timeoutMs));
          const onTime = list.filter((w) => w.deadline > now);
          if (onTime.length > 0) waiters.set(uid, onTime);
          else waiters.delete(uid);
        }
      }
    } finally {
      polling = false;
    }
  }

  return {
    async waitForSuccess(enqueued, timeoutMs) {
      const { taskUid } = await enqueued;
      return new Promise<Task>((resolve, reject) => {
        const list = waiters.get(taskUid) ?? [];
        list.push({ deadline: Date.now() + timeoutMs, timeoutMs, resolve, reject });
        waiters.set(taskUid, list);
        if (!polling) void poll();
      });
    },
    get pending() {
      return waiters.size;
    },
  };
}
