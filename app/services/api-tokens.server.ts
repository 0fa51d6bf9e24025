import { issueApiToken } from "~/lib/api-token.server";
import { now } from "~/lib/clock.server";
import type { Db } from "~/lib/db.server";
import type { SessionUser } from "~/lib/session.server";
import { listUserApiTokens, revokeApiToken } from "~/models/api-token.server";
import { writeAuditLog } from "~/models/audit-log.server";
import { NotFoundError } from "./errors";

export const MAX_TOKEN_DAYS = 365;

export async function createApiToken(
  db: Db,
  actor: SessionUser,
  input: { label: string; expiresInDays: number | null },
) {
  const expiresAt = input.expiresInDays ? new Date(now().getTime() + input.expiresInDays * 86_400_000) : null;
  return db.transaction().execute(async (tx) => {
    const token = await issueApiToken(tx, actor.id, input.label, expiresAt);
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "api_token.created",
      targetType: "api_token",
      targetId: token.id,
      subsidiaryId: actor.subsidiaryId,
      details: { label: input.label, expiresAt },
    });
    return token;
  });
}

export function listApiTokens(db: Db, actor: SessionUser) {
  return listUserApiTokens(db, actor.id);
}

export async function revokeOwnApiToken(db: Db, actor: SessionUser, tokenId: string) {
  await db.transaction().execute(async (tx) => {
    const revoked = await revokeApiToken(tx, tokenId, actor.id, now());
    if (!revoked) throw new NotFoundError("No such token.");
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "api_token.revoked",
      targetType: "api_token",
      targetId: tokenId,
      subsidiaryId: actor.subsidiaryId,
    });
  });
}
