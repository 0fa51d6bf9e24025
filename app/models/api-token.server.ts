import type { Db } from "~/lib/db.server";

export function insertApiToken(
  db: Db,
  values: { id: string; userId: string; label: string; secretHash: Uint8Array; expiresAt: Date | null },
) {
  return db
    .insertInto("apiTokens")
    .values(values)
    .returning(["id", "label", "createdAt", "expiresAt"])
    .executeTakeFirstOrThrow();
}

export function findApiTokenWithUser(db: Db, id: string) {
  return db
    .selectFrom("apiTokens")
    .innerJoin("users", "users.id", "apiTokens.userId")
    .select([
      "apiTokens.id",
      "apiTokens.secretHash",
      "apiTokens.expiresAt",
      "apiTokens.revokedAt",
      "apiTokens.lastUsedAt",
      "users.id as userId",
      "users.email",
      "users.displayName",
      "users.role",
      "users.subsidiaryId",
      "users.locale",
      "users.deactivatedAt",
    ])
    .where("apiTokens.id", "=", id)
    .executeTakeFirst();
}

export function listUserApiTokens(db: Db, userId: string) {
  return db
    .selectFrom("apiTokens")
    .select(["id", "label", "createdAt", "expiresAt", "lastUsedAt", "revokedAt"])
    .where("userId", "=", userId)
    .orderBy("createdAt", "desc")
    .execute();
}

export function markApiTokenUsed(db: Db, id: string, at: Date) {
  return db.updateTable("apiTokens").set({ lastUsedAt: at }).where("id", "=", id).execute();
}

export function revokeApiToken(db: Db, id: string, userId: string, at: Date) {
  return db
    .updateTable("apiTokens")
    .set({ revokedAt: at })
    .where("id", "=", id)
    .where("userId", "=", userId)
    .where("revokedAt", "is", null)
    .returning("id")
    .executeTakeFirst();
}

export function revokeUserApiTokens(db: Db, userId: string, at: Date) {
  return db
    .updateTable("apiTokens")
    .set({ revokedAt: at })
    .where("userId", "=", userId)
    .where("revokedAt", "is", null)
    .execute();
}
