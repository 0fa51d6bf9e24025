import { sql } from "kysely";
import { prepared, type Db } from "~/lib/db.server";
import { AUTH_USER_COLUMNS, type AuthUserColumns } from "./auth-user.server";

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
export interface SessionWithUserRow extends AuthUserColumns {
  id: string;
  secretHash: Uint8Array;
  createdAt: Date;
  lastRefreshedAt: Date;
  expiresAt: Date;
  absoluteExpiresAt: Date;
}

/** Every signed-in page request runs this: a fixed, prepared statement. */
export async function findSessionWithUser(db: Db, id: string): Promise<SessionWithUserRow | undefined> {
  const { rows } = await sql<SessionWithUserRow>`${prepared("session-with-user")}
    select s.id, s.secret_hash, s.created_at, s.last_refreshed_at, s.expires_at, s.absolute_expires_at,
      ${AUTH_USER_COLUMNS}
    from sessions s join users u on u.id = s.user_id
    where s.id = ${id}`.execute(db);
  return rows[0];
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
