import crypto from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { createSession } from "~/lib/session.server";
import {
  FACT_CHANGE_RETENTION_MS,
  runMaintenance,
  startMaintenance,
  RATE_LIMIT_BUCKET_RETENTION_MS,
} from "~/services/maintenance.server";
import { purgeStaleThrottleRows } from "~/services/throttle.server";
import { createUser } from "../factories/accounts";

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

async function sessionIds(userId: string) {
  const rows = await getDb().selectFrom("sessions").select("id").where("userId", "=", userId).execute();
  return rows.map((r) => r.id).sort();
}

/** A session of `userId` whose expiry dates are set by hand. */
async function sessionExpiring(userId: string, expiresAt: Date, absoluteExpiresAt: Date) {
  const { token } = await createSession(getDb(), userId);
  const id = token.split(".")[0]!;
  await getDb().updateTable("sessions").set({ expiresAt, absoluteExpiresAt }).where("id", "=", id).execute();
  return id;
}

async function throttleRow(values: { updatedAt: Date; blockedUntil: Date | null }) {
  const key = `test:${crypto.randomBytes(4).toString("hex")}`;
  await getDb()
    .insertInto("authThrottle")
    .values({ key, failures: 3, windowStartedAt: values.updatedAt, ...values })
    .execute();
  return key;
}

async function throttleKeys(keys: string[]) {
  const rows = await getDb().selectFrom("authThrottle").select("key").where("key", "in", keys).execute();
  return rows.map((r) => r.key).sort();
}

async function bucket(windowStart: Date) {
  const key = `test:${crypto.randomBytes(4).toString("hex")}`;
  await getDb().insertInto("rateLimitBuckets").values({ key, windowStart, count: 1 }).execute();
  return key;
}

async function bucketKeys(keys: string[]) {
  const rows = await getDb().selectFrom("rateLimitBuckets").select("key").where("key", "in", keys).execute();
  return rows.map((r) => r.key).sort();
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

describe("runMaintenance", () => {
  it("deletes sessions past their idle or absolute expiry and keeps live ones", async () => {
    const user = await createUser(getDb());
    const at = new Date();
    const live = await sessionExpiring(user.id, new Date(at.getTime() + DAY), new Date(at.getTime() + 30 * DAY));
    await sessionExpiring(user.id, new Date(at.getTime() - 1000), new Date(at.getTime() + 30 * DAY));
    await sessionExpiring(user.id, new Date(at.getTime() + DAY), new Date(at.getTime() - 1000));
    const report = await runMaintenance(getDb(), at);
    expect(report.sessions).toBeGreaterThanOrEqual(2);
    expect(await sessionIds(user.id)).toEqual([live]);
  });

  it("deletes throttle rows untouched for a day that block nothing, keeps recent and still-blocking ones", async () => {
    const at = new Date();
    const stale = await throttleRow({ updatedAt: new Date(at.getTime() - DAY - 1000), blockedUntil: null });
    const staleExpiredBlock = await throttleRow({
      updatedAt: new Date(at.getTime() - 2 * DAY),
      blockedUntil: new Date(at.getTime() - DAY),
    });
    const recent = await throttleRow({ updatedAt: new Date(at.getTime() - DAY + 60_000), blockedUntil: null });
    const stillBlocking = await throttleRow({
      updatedAt: new Date(at.getTime() - 2 * DAY),
      blockedUntil: new Date(at.getTime() + HOUR),
    });
    const all = [stale, staleExpiredBlock, recent, stillBlocking];
    expect(await purgeStaleThrottleRows(getDb(), at)).toBeGreaterThanOrEqual(2);
    expect(await throttleKeys(all)).toEqual([recent, stillBlocking].sort());
    // A second run finds nothing more of these.
    await runMaintenance(getDb(), at);
    expect(await throttleKeys(all)).toEqual([recent, stillBlocking].sort());
  });

  it("deletes API rate-limit buckets older than the retention and keeps the current ones", async () => {
    const at = new Date();
    const old = await bucket(new Date(at.getTime() - RATE_LIMIT_BUCKET_RETENTION_MS - 60_000));
    const current = await bucket(new Date(Math.floor(at.getTime() / 60_000) * 60_000));
    const report = await runMaintenance(getDb(), at);
    expect(report.rateLimitBuckets).toBeGreaterThanOrEqual(1);
    expect(await bucketKeys([old, current])).toEqual([current]);
  });

  it("deletes records of permission-fact changes older than a day and keeps newer ones", async () => {
    const at = new Date();
    const [old, recent] = [crypto.randomUUID(), crypto.randomUUID()];
    await sql`insert into solution_fact_changes (solution_id, changed_at) values
      (${old}::uuid, ${new Date(at.getTime() - FACT_CHANGE_RETENTION_MS - 60_000)}),
      (${recent}::uuid, ${new Date(at.getTime() - FACT_CHANGE_RETENTION_MS + 60_000)})`.execute(getDb());
    const report = await runMaintenance(getDb(), at);
    expect(report.factChanges).toBeGreaterThanOrEqual(1);
    const { rows } = await sql<{ solutionId: string }>`
      select solution_id from solution_fact_changes where solution_id in (${old}::uuid, ${recent}::uuid)`.execute(
      getDb(),
    );
    expect(rows.map((r) => r.solutionId)).toEqual([recent]);
  });

  it("reports zero when there is nothing to purge", async () => {
    const at = new Date();
    await runMaintenance(getDb(), at);
    expect(await runMaintenance(getDb(), at)).toEqual({
      sessions: 0,
      throttleRows: 0,
      rateLimitBuckets: 0,
      factChanges: 0,
    });
  });
});

describe("startMaintenance", () => {
  function captureLog() {
    const lines: { level: string; details: object; message: string }[] = [];
    return {
      lines,
      info: (details: object, message: string) => lines.push({ level: "info", details, message }),
      error: (details: object, message: string) => lines.push({ level: "error", details, message }),
    };
  }

  it("purges right after start and then every interval, and stops for good", async () => {
    const log = captureLog();
    const first = await bucket(new Date(Date.now() - 2 * RATE_LIMIT_BUCKET_RETENTION_MS));
    const job = startMaintenance({ db: getDb, log, intervalMs: 50 });
    try {
      expect(await waitFor(async () => (await bucketKeys([first])).length === 0)).toBe(true);
      const second = await bucket(new Date(Date.now() - 2 * RATE_LIMIT_BUCKET_RETENTION_MS));
      expect(await waitFor(async () => (await bucketKeys([second])).length === 0)).toBe(true);
      expect(log.lines.some((l) => l.level === "info" && l.message.includes("purged"))).toBe(true);
    } finally {
      await job.stop();
    }
    const afterStop = await bucket(new Date(Date.now() - 2 * RATE_LIMIT_BUCKET_RETENTION_MS));
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await bucketKeys([afterStop])).toEqual([afterStop]);
    expect(await job.runNow()).toBeNull();
    await getDb().deleteFrom("rateLimitBuckets").where("key", "=", afterStop).execute();
  });

  it("logs a failed run and carries on at the next interval", async () => {
    const log = captureLog();
    let broken = true;
    const job = startMaintenance({
      db: () => {
        if (broken) throw new Error("database unreachable");
        return getDb();
      },
      log,
      intervalMs: 50,
    });
    try {
      expect(await waitFor(async () => log.lines.some((l) => l.level === "error"))).toBe(true);
      expect(log.lines.find((l) => l.level === "error")).toMatchObject({
        details: { err: "database unreachable" },
      });
      broken = false;
      const stale = await bucket(new Date(Date.now() - 2 * RATE_LIMIT_BUCKET_RETENTION_MS));
      expect(await waitFor(async () => (await bucketKeys([stale])).length === 0)).toBe(true);
    } finally {
      await job.stop();
    }
  });
});
