import { now } from "~/lib/clock.server";
import type { Db } from "~/lib/db.server";
import { revokeUserApiTokens } from "~/models/api-token.server";
import { deleteUserSessions } from "~/models/session.server";

/**
 * Ends every way a user is signed in: all sessions and all API tokens. Runs inside the transaction of
 * the change that requires it (password, role or subsidiary change, deactivation).
 */
export async function endAllAccess(db: Db, userId: string): Promise<void> {
  await deleteUserSessions(db, userId);
  await revokeUserApiTokens(db, userId, now());
}
