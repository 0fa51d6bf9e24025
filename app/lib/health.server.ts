import { pingDatabase } from "../../db/connection";
import { getOutboxBacklog, type OutboxBacklog } from "../../search/outbox";
import { getDb } from "./db.server";
import { pingSearchServer } from "./search.server";

export interface ComponentHealth {
  ok: boolean;
  latencyMs: number | null;
  error?: string;
}

export interface HealthReport {
  status: "ok" | "degraded";
  database: ComponentHealth;
  search: ComponentHealth;
  /** Changes not yet in the search index; informational: it does not change the status. */
  searchOutbox: OutboxBacklog | { backlog: null; oldestAgeSeconds: null; error: string };
}

const CHECK_TIMEOUT_MS = 2_000;

async function check(probe: () => Promise<number>): Promise<ComponentHealth> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const latencyMs = await Promise.race([
      probe(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, latencyMs };
  } catch (error) {
    return { ok: false, latencyMs: null, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

async function checkOutbox(): Promise<HealthReport["searchOutbox"]> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      getOutboxBacklog(getDb()),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    return { backlog: null, oldestAgeSeconds: null, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export async function getHealth(): Promise<HealthReport> {
  const [database, search, searchOutbox] = await Promise.all([
    check(() => pingDatabase(getDb())),
    check(pingSearchServer),
    checkOutbox(),
  ]);
  return { status: database.ok && search.ok ? "ok" : "degraded", database, search, searchOutbox };
}
