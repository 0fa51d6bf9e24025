import { sql } from "kysely";
import type { Db } from "~/lib/db.server";
import { normalizeEmail, userColumns } from "./user.server";

/** Active users with one of these emails (any case); unknown and deactivated ones are simply absent. */
export function listActiveUsersByEmails(db: Db, emails: readonly string[]) {
  if (emails.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("users")
    .select(userColumns)
    .where(sql<string>`lower(email)`, "in", emails.map(normalizeEmail))
    .where("deactivatedAt", "is", null)
    .execute();
}

/** The longest-standing active admin: who imports act as when nobody is named. */
export function findFirstAdmin(db: Db) {
  return db
    .selectFrom("users")
    .select(userColumns)
    .where("role", "=", "admin")
    .where("deactivatedAt", "is", null)
    .orderBy("createdAt")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
}

/** Users with these emails and their password hashes, to tell whether demo accounts are still demo accounts. */
export function listCredentialsByEmails(db: Db, emails: readonly string[]) {
  if (emails.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("users")
    .innerJoin("subsidiaries", "subsidiaries.id", "users.subsidiaryId")
    .select([
      "users.email",
      "users.displayName",
      "users.role",
      "users.passwordHash",
      "subsidiaries.code as subsidiaryCode",
    ])
    .where(sql<string>`lower(users.email)`, "in", emails.map(normalizeEmail))
    .where("users.deactivatedAt", "is", null)
    .execute();
}
