import { now } from "~/lib/clock.server";
import type { Db } from "~/lib/db.server";
import {
  deleteStaleThrottleRows,
  deleteThrottleRow,
  getThrottleRows,
  lockThrottleRow,
  saveThrottleRow,
} from "~/models/auth-throttle.server";

/**
 * Sign-in throttling, stored in PostgreSQL so it holds across app instances:
 * - per account: after 5 failures, exponential back-off (30 s, 60 s, 2 min, ... capped at 1 h);
 *   a successful sign-in resets it; failures older than a day are forgotten;
 * - per IP: 10 failures within 10 minutes block that IP for 10 minutes.
 * The account key is the normalised email whether or not such a user exists, so throttling itself
 * reveals nothing about which emails have accounts.
 */
export const ACCOUNT_FREE_FAILURES = 5;
const ACCOUNT_BASE_DELAY_MS = 30_000;
const ACCOUNT_MAX_DELAY_MS = 60 * 60_000;
const ACCOUNT_MEMORY_MS = 24 * 60 * 60_000;
export const IP_MAX_FAILURES = 10;
export const IP_WINDOW_MS = 10 * 60_000;
export const IP_BLOCK_MS = 10 * 60_000;

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;

/** Seconds until every given key may try again, or 0 when none is blocked. */
export async function retryAfterSeconds(db: Db, keys: string[]): Promise<number> {
  const at = now().getTime();
  const rows = await getThrottleRows(db, keys);
  const until = Math.max(0, ...rows.map((r) => (r.blockedUntil ? new Date(r.blockedUntil).getTime() : 0)));
  return until > at ? Math.ceil((until - at) / 1000) : 0;
}

export async function recordSignInFailure(db: Db, email: string, ip: string): Promise<void> {
  const at = now();
  await db.transaction().execute(async (tx) => {
    const account = await lockThrottleRow(tx, accountKey(email), at);
    const stale = at.getTime() - new Date(account.updatedAt).getTime() > ACCOUNT_MEMORY_MS;
    const failures = (stale ? 0 : account.failures) + 1;
    const over = failures - ACCOUNT_FREE_FAILURES;
    const delay = over >= 0 ? Math.min(ACCOUNT_BASE_DELAY_MS * 2 ** over, ACCOUNT_MAX_DELAY_MS) : 0;
    await saveThrottleRow(tx, account.key, {
      failures,
      windowStartedAt: stale ? at : new Date(account.windowStartedAt),
      blockedUntil: delay ? new Date(at.getTime() + delay) : null,
      updatedAt: at,
    });

    const byIp = await lockThrottleRow(tx, ipKey(ip), at);
    const windowExpired = at.getTime() - new Date(byIp.windowStartedAt).getTime() > IP_WINDOW_MS;
    const ipFailures = (windowExpired ? 0 : byIp.failures) + 1;
    const blocked = ipFailures >= IP_MAX_FAILURES;
    await saveThrottleRow(tx, byIp.key, {
      failures: blocked ? 0 : ipFailures,
      windowStartedAt: windowExpired || blocked ? at : new Date(byIp.windowStartedAt),
      blockedUntil: blocked ? new Date(at.getTime() + IP_BLOCK_MS) : byIp.blockedUntil,
      updatedAt: at,
    });
  });
}

export function clearAccountFailures(db: Db, email: string) {
  return deleteThrottleRow(db, accountKey(email));
}

/**
 * Housekeeping: forgets rows that no longer influence anything. An account's failures are forgotten
 * after a day anyway, and an IP's window is ten minutes, so a row untouched for a day that blocks nothing
 * (any more) can go. Returns how many rows were deleted.
 */
export function purgeStaleThrottleRows(db: Db, at: Date = now()): Promise<number> {
  return deleteStaleThrottleRows(db, { updatedBefore: new Date(at.getTime() - ACCOUNT_MEMORY_MS), at });
}
