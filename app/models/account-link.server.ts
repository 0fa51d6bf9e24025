import { sql } from "kysely";
import type { AccountLinkKind, Db, Role } from "~/lib/db.server";
import type { UserScope } from "~/policies/user-visibility";

export function insertAccountLink(
  db: Db,
  values: {
    id: string;
    kind: AccountLinkKind;
    secretHash: Uint8Array;
    email: string;
    userId: string | null;
    subsidiaryId: string | null;
    role: Role | null;
    createdBy: string | null;
    expiresAt: Date;
  },
) {
  return db.insertInto("accountLinks").values(values).returning(["id", "expiresAt"]).executeTakeFirstOrThrow();
}

/** Locks the link so two people using the same link at once cannot both succeed. */
export function findAccountLinkForUpdate(db: Db, id: string) {
  return db
    .selectFrom("accountLinks")
    .select([
      "id",
      "kind",
      "secretHash",
      "email",
      "userId",
      "subsidiaryId",
      "role",
      "createdBy",
      "expiresAt",
      "usedAt",
      "revokedAt",
    ])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export function findAccountLink(db: Db, id: string) {
  return db
    .selectFrom("accountLinks")
    .leftJoin("subsidiaries", "subsidiaries.id", "accountLinks.subsidiaryId")
    .select([
      "accountLinks.id",
      "accountLinks.kind",
      "accountLinks.secretHash",
      "accountLinks.email",
      "accountLinks.role",
      "accountLinks.expiresAt",
      "accountLinks.usedAt",
      "accountLinks.revokedAt",
      "subsidiaries.nameEn as subsidiaryNameEn",
      "subsidiaries.nameZh as subsidiaryNameZh",
    ])
    .where("accountLinks.id", "=", id)
    .executeTakeFirst();
}

export function markAccountLinkUsed(db: Db, id: string, at: Date) {
  return db.updateTable("accountLinks").set({ usedAt: at }).where("id", "=", id).execute();
}

/** Earlier unused links of the same kind for the same email stop working when a new one is issued. */
export function revokeOpenAccountLinks(db: Db, kind: AccountLinkKind, email: string, at: Date) {
  return db
    .updateTable("accountLinks")
    .set({ revokedAt: at })
    .where("kind", "=", kind)
    .where(sql`lower(email)`, "=", email.toLowerCase())
    .where("usedAt", "is", null)
    .where("revokedAt", "is", null)
    .execute();
}

/** Open invitations into the subsidiaries of `scope` (see isInvitationInScope in app/policies). */
export function listOpenInvitations(db: Db, scope: UserScope, at: Date) {
  let query = db
    .selectFrom("accountLinks")
    .innerJoin("subsidiaries", "subsidiaries.id", "accountLinks.subsidiaryId")
    .leftJoin("users as inviter", "inviter.id", "accountLinks.createdBy")
    .select([
      "accountLinks.id",
      "accountLinks.email",
      "accountLinks.role",
      "accountLinks.createdAt",
      "accountLinks.expiresAt",
      "subsidiaries.code as subsidiaryCode",
      "inviter.displayName as inviterName",
    ])
    .where("accountLinks.kind", "=", "invitation")
    .where("accountLinks.usedAt", "is", null)
    .where("accountLinks.revokedAt", "is", null)
    .where("accountLinks.expiresAt", ">", at);
  if (scope.subsidiaryIds !== "all") {
    const subsidiaryIds = [...scope.subsidiaryIds];
    if (subsidiaryIds.length === 0) return Promise.resolve([]);
    query = query.where("accountLinks.subsidiaryId", "in", subsidiaryIds);
  }
  return query.orderBy("accountLinks.createdAt", "desc").execute();
}
