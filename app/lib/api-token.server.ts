import { findApiTokenCountingRequest, insertApiToken, markApiTokenUsed } from "~/models/api-token.server";
import { now } from "./clock.server";
import { getEnv } from "./env.server";
import type { Db } from "./db.server";
import { generateSecretToken, parseSecretToken, secretMatches } from "./secret-token.server";
import type { SessionUser } from "./session.server";

/** Personal API tokens: `sx_<id>.<secret>`, shown once, stored hashed, same design as sessions. */
export const API_TOKEN_PREFIX = "sx_";
const LAST_USED_PRECISION_MS = 60_000;

export async function issueApiToken(db: Db, userId: string, label: string, expiresAt: Date | null) {
  const token = generateSecretToken(API_TOKEN_PREFIX);
  const row = await insertApiToken(db, { id: token.id, userId, label, secretHash: token.secretHash, expiresAt });
  return { ...row, token: token.token };
}

export interface ApiTokenAuth {
  tokenId: string;
  user: SessionUser;
  /** Seconds to wait: this request is over the token's per-minute budget (0: within it). */
  rateLimitedFor: number;
}

/**
 * A malformed, unknown, tampered, revoked or expired token, or a deactivated user: null (a 401).
 * Otherwise the token's user, with this request counted against the token's per-minute budget.
 */
export async function validateApiToken(db: Db, presented: string | null | undefined): Promise<ApiTokenAuth | null> {
  const parsed = parseSecretToken(presented, API_TOKEN_PREFIX);
  if (!parsed) return null;
  const at = now();
  const windowStart = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
  const row = await findApiTokenCountingRequest(db, parsed.id, windowStart);
  if (!row || !secretMatches(parsed.secret, row.secretHash)) return null;
  if (row.revokedAt || row.deactivatedAt || (row.expiresAt && at >= new Date(row.expiresAt))) return null;
  if (!row.lastUsedAt || at.getTime() - new Date(row.lastUsedAt).getTime() > LAST_USED_PRECISION_MS) {
    await markApiTokenUsed(db, row.id, at);
  }
  const overBudget = row.requestCount > getEnv().API_RATE_LIMIT_PER_MINUTE;
  return {
    tokenId: row.id,
    user: {
      id: row.userId,
      email: row.email,
      displayName: row.displayName,
      role: row.role,
      subsidiaryId: row.subsidiaryId,
      locale: row.locale,
    },
    rateLimitedFor: overBudget ? Math.max(1, Math.ceil((windowStart.getTime() + 60_000 - at.getTime()) / 1000)) : 0,
  };
}

export function bearerToken(authorization: string | null | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "");
  return match?.[1] ?? null;
}
