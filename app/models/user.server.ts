import { sql } from "kysely";
import type { Db, Role } from "~/lib/db.server";
import type { UserScope } from "~/policies/user-visibility";

/** What pages may show about a user: never the password hash. */
export const userColumns = [
  "id",
  "email",
  "displayName",
  "subsidiaryId",
  "role",
  "locale",
  "deactivatedAt",
  "createdAt",
  "lastSeenAt",
] as const;

/** The same columns, qualified, for queries that join other tables. */
const qualifiedUserColumns = [
  "users.id",
  "users.email",
  "users.displayName",
  "users.subsidiaryId",
  "users.role",
  "users.locale",
  "users.deactivatedAt",
  "users.createdAt",
  "users.lastSeenAt",
] as const;

export type UserRow = Awaited<ReturnType<typeof getUserById>> & object;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function getUserById(db: Db, id: string) {
  return db.selectFrom("users").select(userColumns).where("id", "=", id).executeTakeFirst();
}

export function getUserByEmail(db: Db, email: string) {
  return db
    .selectFrom("users")
    .select(userColumns)
    .where(sql`lower(email)`, "=", normalizeEmail(email))
    .executeTakeFirst();
}

/** Only for checking a password at sign-in. */
export function getUserCredentials(db: Db, email: string) {
  return db
    .selectFrom("users")
    .select([...userColumns, "passwordHash"])
    .where(sql`lower(email)`, "=", normalizeEmail(email))
    .executeTakeFirst();
}

export function getPasswordHash(db: Db, userId: string) {
  return db
    .selectFrom("users")
    .select("passwordHash")
    .where("id", "=", userId)
    .executeTakeFirst()
    .then((row) => row?.passwordHash ?? null);
}

export function insertUser(
  db: Db,
  values: {
    email: string;
    displayName: string;
    subsidiaryId: string;
    role: Role;
    passwordHash: string | null;
    locale?: "en" | "zh" | null;
  },
) {
  return db
    .insertInto("users")
    .values({ ...values, email: normalizeEmail(values.email) })
    .returning(userColumns)
    .executeTakeFirstOrThrow();
}

export function updateUser(
  db: Db,
  id: string,
  values: Partial<{
    displayName: string;
    subsidiaryId: string;
    role: Role;
    locale: "en" | "zh" | null;
    passwordHash: string;
    deactivatedAt: Date | null;
  }>,
) {
  return db
    .updateTable("users")
    .set({ ...values, updatedAt: sql`now()` })
    .where("id", "=", id)
    .returning("id")
    .executeTakeFirst();
}

export function touchLastSeen(db: Db, id: string, at: Date) {
  return db.updateTable("users").set({ lastSeenAt: at }).where("id", "=", id).execute();
}

export interface UserListFilter {
  /** Who the asking user may see (`viewableUsers` in app/policies): the list never goes beyond it. */
  scope: UserScope;
  subsidiaryId?: string;
  query?: string;
  role?: Role;
  status?: "active" | "deactivated";
  limit: number;
  offset: number;
}

export async function listUsers(db: Db, filter: UserListFilter) {
  let query = db
    .selectFrom("users")
    .innerJoin("subsidiaries", "subsidiaries.id", "users.subsidiaryId")
    .select([...qualifiedUserColumns, "subsidiaries.code as subsidiaryCode"]);
  const { scope } = filter;
  if (scope.subsidiaryIds !== "all") {
    const subsidiaryIds = [...scope.subsidiaryIds];
    const userIds = [...scope.userIds];
    query = query.where((eb) =>
      eb.or([
        ...(subsidiaryIds.length ? [eb("users.subsidiaryId", "in", subsidiaryIds)] : []),
        ...(userIds.length ? [eb("users.id", "in", userIds)] : []),
      ]),
    );
  }
  if (filter.subsidiaryId) query = query.where("users.subsidiaryId", "=", filter.subsidiaryId);
  if (filter.role) query = query.where("users.role", "=", filter.role);
  if (filter.status === "active") query = query.where("users.deactivatedAt", "is", null);
  if (filter.status === "deactivated") query = query.where("users.deactivatedAt", "is not", null);
  if (filter.query) {
    const pattern = `%${filter.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb("users.email", "ilike", pattern), eb("users.displayName", "ilike", pattern)]),
    );
  }
  const [rows, total] = await Promise.all([
    query.orderBy("users.displayName").orderBy("users.id").limit(filter.limit).offset(filter.offset).execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.count)),
  ]);
  return { rows, total };
}
