import { now } from "~/lib/clock.server";
import type { Db } from "~/lib/db.server";
import { errorMessage } from "~/lib/error-message";
import { deleteBucketsBefore } from "~/models/rate-limit.server";
import { deleteExpiredSessions } from "~/models/session.server";
import { deleteSolutionFactChangesBefore } from "~/models/solution-fact-changes.server";
import { purgeStaleThrottleRows } from "./throttle.server";

/** How often the portal purges, and how long API rate-limit buckets (one-minute windows) are kept. */
export const MAINTENANCE_INTERVAL_MS = 60 * 60_000;
export const RATE_LIMIT_BUCKET_RETENTION_MS = 60 * 60_000;
/** A day: far longer than the hour after which an in-memory copy of the facts must catch up. */
export const FACT_CHANGE_RETENTION_MS = 24 * 60 * 60_000;

export interface MaintenanceReport {
  sessions: number;
  throttleRows: number;
  rateLimitBuckets: number;
  factChanges: number;
}

/**
 * Deletes expired sessions, stale sign-in throttle rows, old API rate-limit buckets and old records of
 * permission-fact changes.
 */
export async function runMaintenance(db: Db, at: Date = now()): Promise<MaintenanceReport> {
  const [sessions] = await deleteExpiredSessions(db, at);
  const throttleRows = await purgeStaleThrottleRows(db, at);
  const [buckets] = await deleteBucketsBefore(db, new Date(at.getTime() - RATE_LIMIT_BUCKET_RETENTION_MS));
  const factChanges = await deleteSolutionFactChangesBefore(db, new Date(at.getTime() - FACT_CHANGE_RETENTION_MS));
  return {
    sessions: Number(sessions?.numDeletedRows ?? 0),
    throttleRows,
    rateLimitBuckets: Number(buckets?.numDeletedRows ?? 0),
    factChanges,
  };
}

export interface MaintenanceJob {
  /** Runs once now (unless a run is in flight, which it joins); for tests and the first run. */
  runNow(): Promise<MaintenanceReport | null>;
  /** Clears the timer and waits for a run in flight. */
  stop(): Promise<void>;
}

interface MaintenanceLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Runs `runMaintenance` every `intervalMs` while the portal runs (first run right after start-up). A
 * failed run is logged and retried at the next tick; it never stops the portal. Several instances may
 * run it at once: each purge is a single idempotent DELETE.
 */
export function startMaintenance(options: { db: () => Db; log: MaintenanceLog; intervalMs?: number }): MaintenanceJob {
  const intervalMs = options.intervalMs ?? MAINTENANCE_INTERVAL_MS;
  let running: Promise<MaintenanceReport | null> | undefined;
  let stopped = false;

  const runNow = () => {
    if (stopped) return Promise.resolve(null);
    running ??= Promise.resolve()
      .then(() => runMaintenance(options.db()))
      .then(
        (report) => {
          if (report.sessions + report.throttleRows + report.rateLimitBuckets > 0)
            options.log.info({ ...report }, "maintenance: purged expired rows");
          return report;
        },
        (error: unknown) => {
          options.log.error({ err: errorMessage(error) }, "maintenance run failed; retrying at the next interval");
          return null;
        },
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const timer = setInterval(() => void runNow(), intervalMs);
  timer.unref();
  const first = setTimeout(() => void runNow(), 0);
  first.unref();

  return {
    runNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      await running;
    },
  };
}
