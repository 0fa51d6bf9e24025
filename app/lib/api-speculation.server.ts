import crypto from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import type { RequestAuth } from "./request-context.server";
import type { SessionUser } from "./session.server";

/**
 * Work an API read starts while its token is still being checked, as the user the same token
 * belonged to at its last check (decision 012). The check's answer always decides: the work is used
 * only when the checked user is exactly the presumed one, and thrown away otherwise (unknown,
 * revoked or over-budget token, changed role or subsidiary). So the answer is the one the request would
 * have got without it, only sooner: the token check's round trip to PostgreSQL overlaps the work.
 *
 * A route opts in by exporting `speculate`, which must be free of side effects: it may run for a
 * request that is then refused.
 */
export type Speculate = (args: { url: URL; user: SessionUser }) => Promise<unknown> | undefined;

export interface Speculation {
  user: SessionUser;
  result: Promise<unknown>;
}

interface Presumed {
  user: SessionUser;
  /** Until then (ms), no work is started early: the token was over its budget at its last check. */
  limitedUntil: number;
  seenAt: number;
}

const MAX_TOKENS = 2_000;
const FORGET_AFTER_MS = 10 * 60_000;

// Keyed by a hash of the whole token, not its id: only someone holding the secret starts work early.
const presumed = new Map<string, Presumed>();

function keyOf(token: string): string {
  return crypto.createHash("sha256").update(token).digest("base64url");
}

/** Records what the token check said, for the token's next request. */
export function rememberApiTokenCheck(token: string, auth: RequestAuth, at = Date.now()): void {
  const key = keyOf(token);
  presumed.delete(key);
  if (!auth.user || auth.via !== "token") return;
  presumed.set(key, { user: auth.user, limitedUntil: at + auth.rateLimitedFor * 1000, seenAt: at });
  // Oldest first in a Map: drop the least recently checked tokens beyond the cap.
  for (const oldest of presumed.keys()) {
    if (presumed.size <= MAX_TOKENS) break;
    presumed.delete(oldest);
  }
}

function presumedUser(token: string, at: number): SessionUser | undefined {
  const entry = presumed.get(keyOf(token));
  if (!entry || at - entry.seenAt > FORGET_AFTER_MS || at < entry.limitedUntil) return undefined;
  return entry.user;
}

/** Starts the route's early work when the token was good at its last check; never throws. */
export function startSpeculation(
  speculate: Speculate | undefined,
  url: URL,
  token: string | null,
  at = Date.now(),
): Speculation | undefined {
  if (!speculate || !token) return undefined;
  const user = presumedUser(token, at);
  if (!user) return undefined;
  try {
    const result = speculate({ url, user });
    if (!result) return undefined;
    // Failures are the loader's to find again the ordinary way; never an unhandled rejection.
    result.catch(() => undefined);
    return { user, result };
  } catch {
    return undefined;
  }
}

function sameUser(a: SessionUser, b: SessionUser): boolean {
  return (
    a.id === b.id &&
    a.role === b.role &&
    a.subsidiaryId === b.subsidiaryId &&
    a.locale === b.locale &&
    a.email === b.email &&
    a.displayName === b.displayName
  );
}

/**
 * The early work's result when it ran as exactly this (checked) user and succeeded; undefined means
 * the loader does the work itself.
 */
export async function takeSpeculation<T>(context: AppLoadContext, user: SessionUser): Promise<T | undefined> {
  const speculation = context.speculation;
  if (!speculation || !sameUser(speculation.user, user)) return undefined;
  try {
    return (await speculation.result) as T;
  } catch {
    return undefined;
  }
}
