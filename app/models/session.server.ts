import type { Db } from "~/lib/db.server";

export function insertSession(
  db: Db,
  values: {
    id: string;
    userId: string;
    secretHash: Uint8Array;
    expiresAt: Date;
    absoluteExpiresAt: Date;
    createdAt: Date;
    userAgent: string | null;
    ip: string | null;
  },
) {
  return db
    .insertInto("sessions")
    .values({ ...values, lastRefreshedAt: values.createdAt })
    .execute();
}

/** The session and the facts about its user that every request needs. */
export function findSessionWithUser(db: Db, id: string) {
  return db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.userId")
    .select([
      "sessions.id",
      "sessions.secretHash",
      "sessions.createdAt",
      "sessions.lastRefreshedAt",
      "sessions.expiresAt",
      "sessions.absoluteExpiresAt",
      "users.id as userId",
      "users.email",
      "users.displayName",
      "users.role",
      "users.subsidiaryId",
      "users.locale",
      "users.deactivatedAt",
    ])
    .where("sessions.id", "=", id)
    .executeTakeFirst();
}

export function refreshSession(db: Db, id: string, values: { expiresAt: Date; lastRefreshedAt: Date }) {
  return db.updateTable("sessions").set(values).where("id", "=", id).execute();
}

export function deleteSession(db: Db, id: string) {
  return db.deleteFrom("sessions").where("id", "=", id).execute();
}

export function deleteUserSessions(db: Db, userId: string, options: { except?: string } = {}) {
  let query = db.deleteFrom("sessions").where("userId", "=", userId);
  if (options.except) query = query.where("id", "!=", options.except);
  return query.execute();
}

export function listUserSessions(db: Db, userId: string) {
  return db
    .selectFrom("sessions")
    .select(["id", "createdAt", "lastRefreshedAt", "expiresAt", "userAgent", "ip"])
    .where("userId", "=", userId)
    .orderBy("lastRefreshedAt", "desc")
    .execute();
}

export function deleteExpiredSessions(db: Db, at: Date) {
  return db
    .deleteFrom("sessions")
    .where((eb) => eb.or([eb("expiresAt", "<", at), eb("absoluteExpiresAt", "<", at)]))
    .execute();
}
