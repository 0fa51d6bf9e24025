import { now } from "~/lib/clock.server";
import type { Db } from "~/lib/db.server";
import { burnPasswordCheck, findPasswordProblem, hashPassword, verifyPassword } from "~/lib/password.server";
import { createSession, invalidateSession, invalidateUserSessions, type SessionUser } from "~/lib/session.server";
import { writeAuditLog } from "~/models/audit-log.server";
import { getPasswordHash, getUserCredentials, normalizeEmail, touchLastSeen, updateUser } from "~/models/user.server";
import { endAllAccess } from "./access.server";
import { ServiceError, TooManyRequestsError, ValidationError } from "./errors";
import { accountKey, clearAccountFailures, ipKey, recordSignInFailure, retryAfterSeconds } from "./throttle.server";

export interface SignInInput {
  email: string;
  password: string;
  ip: string;
  userAgent?: string | null;
}

export const INVALID_CREDENTIALS = "invalid_credentials";

/**
 * Checks throttling first (so a blocked account cannot be probed), then the password. An unknown
 * email and a wrong password fail the same way and take the same time.
 */
export async function signIn(db: Db, input: SignInInput) {
  const email = normalizeEmail(input.email);
  const wait = await retryAfterSeconds(db, [accountKey(email), ipKey(input.ip)]);
  if (wait > 0) throw new TooManyRequestsError(wait);

  const user = await getUserCredentials(db, email);
  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await burnPasswordCheck(input.password);
  if (!user || !valid) {
    await recordSignInFailure(db, email, input.ip);
    throw new ServiceError(401, INVALID_CREDENTIALS, "Wrong email or password.");
  }
  if (user.deactivatedAt) {
    throw new ServiceError(
      403,
      "deactivated",
      "This account has been deactivated. Ask your subsidiary lead or an administrator.",
    );
  }
  await clearAccountFailures(db, email);
  const session = await createSession(db, user.id, { ip: input.ip, userAgent: input.userAgent });
  await touchLastSeen(db, user.id, now());
  return { ...session, userId: user.id, locale: user.locale };
}

export function signOut(db: Db, sessionId: string) {
  return invalidateSession(db, sessionId);
}

/** Ends the user's other sessions (or all of them), e.g. after losing a laptop. */
export function signOutEverywhere(db: Db, userId: string, options: { keepSessionId?: string } = {}) {
  return invalidateUserSessions(db, userId, { except: options.keepSessionId });
}

/**
 * A new password ends every session and API token; the browser that made the change gets a fresh
 * session so its user stays signed in there.
 */
export async function changePassword(
  db: Db,
  actor: SessionUser,
  input: { currentPassword: string; newPassword: string },
  meta: { ip?: string | null; userAgent?: string | null } = {},
) {
  const stored = await getPasswordHash(db, actor.id);
  if (!stored || !(await verifyPassword(stored, input.currentPassword))) {
    throw new ValidationError({ currentPassword: ["auth:errors.wrongCurrentPassword"] });
  }
  const problem = findPasswordProblem(input.newPassword, { email: actor.email });
  if (problem) throw new ValidationError({ newPassword: [`auth:password.${problem}`] });
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction().execute(async (tx) => {
    await updateUser(tx, actor.id, { passwordHash });
    await endAllAccess(tx, actor.id);
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "user.password_changed",
      targetType: "user",
      targetId: actor.id,
      subsidiaryId: actor.subsidiaryId,
    });
    return createSession(tx, actor.id, meta);
  });
}

export async function updateProfile(
  db: Db,
  actor: SessionUser,
  input: { displayName: string; locale: "en" | "zh" | null },
) {
  await updateUser(db, actor.id, { displayName: input.displayName, locale: input.locale });
}
