import { createCookie } from "@remix-run/node";
import {
  deleteSession,
  deleteUserSessions,
  findSessionWithUser,
  insertSession,
  refreshSession,
} from "~/models/session.server";
import { touchLastSeen } from "~/models/user.server";
import type { Role } from "~/policies/roles";
import { now } from "./clock.server";
import type { Db } from "./db.server";
import { generateSecretToken, parseSecretToken, secretMatches } from "./secret-token.server";

/**
 * Sessions in the design Lucia's author now documents instead of the deprecated `lucia` package
 * (docs/decisions/005-sessions.md): `<id>.<secret>` tokens, SHA-256 of the secret stored, constant-time
 * comparison, 30-day sliding expiry refreshed at most hourly, and an absolute cap.
 */
export const SESSION_IDLE_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_REFRESH_INTERVAL_MS = 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 90 * 24 * 60 * 60 * 1000;

export const sessionCookie = createCookie("sx_session", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
});

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  subsidiaryId: string;
  locale: "en" | "zh" | null;
}

export interface ValidSession {
  id: string;
  user: SessionUser;
  expiresAt: Date;
  /** Set when this request extended the session: the cookie must be sent again. */
  refreshed: boolean;
}

export async function createSession(
  db: Db,
  userId: string,
  meta: { userAgent?: string | null; ip?: string | null } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSecretToken();
  const createdAt = now();
  const absoluteExpiresAt = new Date(createdAt.getTime() + SESSION_ABSOLUTE_MS);
  const expiresAt = new Date(Math.min(createdAt.getTime() + SESSION_IDLE_MS, absoluteExpiresAt.getTime()));
  await insertSession(db, {
    id: token.id,
    userId,
    secretHash: token.secretHash,
    createdAt,
    expiresAt,
    absoluteExpiresAt,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
    ip: meta.ip?.slice(0, 64) ?? null,
  });
  return { token: token.token, expiresAt };
}

/**
 * Checks a presented token. A malformed, unknown, tampered or expired token, or one whose user is
 * deactivated, is simply "no session" (and the row is removed when it is known to be dead).
 */
export async function validateSessionToken(db: Db, presented: string | null | undefined): Promise<ValidSession | null> {
  const parsed = parseSecretToken(presented);
  if (!parsed) return null;
  const row = await findSessionWithUser(db, parsed.id);
  if (!row || !secretMatches(parsed.secret, row.secretHash)) return null;
  const at = now();
  if (at >= new Date(row.expiresAt) || at >= new Date(row.absoluteExpiresAt) || row.deactivatedAt) {
    await deleteSession(db, row.id);
    return null;
  }
  let expiresAt = new Date(row.expiresAt);
  let refreshed = false;
  if (at.getTime() - new Date(row.lastRefreshedAt).getTime() >= SESSION_REFRESH_INTERVAL_MS) {
    expiresAt = new Date(Math.min(at.getTime() + SESSION_IDLE_MS, new Date(row.absoluteExpiresAt).getTime()));
    await refreshSession(db, row.id, { expiresAt, lastRefreshedAt: at });
    await touchLastSeen(db, row.userId, at);
    refreshed = true;
  }
  return {
    id: row.id,
    expiresAt,
    refreshed,
    user: {
      id: row.userId,
      email: row.email,
      displayName: row.displayName,
      role: row.role,
      subsidiaryId: row.subsidiaryId,
      locale: row.locale,
    },
  };
}

export function invalidateSession(db: Db, sessionId: string) {
  return deleteSession(db, sessionId);
}

export function invalidateUserSessions(db: Db, userId: string, options: { except?: string } = {}) {
  return deleteUserSessions(db, userId, options);
}

/** The Set-Cookie value for a session; Secure whenever the site is served over https. */
export function serializeSessionCookie(token: string, expiresAt: Date, secure: boolean): Promise<string> {
  return sessionCookie.serialize(token, { expires: expiresAt, secure });
}

export function serializeClearedSessionCookie(secure: boolean): Promise<string> {
  return sessionCookie.serialize("", { maxAge: 0, expires: new Date(0), secure });
}

export async function readSessionToken(cookieHeader: string | null | undefined): Promise<string | null> {
  if (!cookieHeader) return null;
  try {
    const value: unknown = await sessionCookie.parse(cookieHeader);
    return typeof value === "string" && value ? value : null;
  } catch {
    return null;
  }
}
