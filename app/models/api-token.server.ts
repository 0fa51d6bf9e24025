import { sql } from "kysely";
import { prepared, type Db } from "~/lib/db.server";
import { AUTH_USER_COLUMNS, type AuthUserColumns } from "./auth-user.server";

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

export interface ApiTokenRow extends AuthUserColumns {
  id: string;
  secretHash: Uint8Array;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  /** This request's number in the token's rate-limit window (counted here). */
  requestCount: number;
}

/**
 * The token with its user, counting this request in the token's window of `rate_limit_buckets` in the
 * same statement: every API request pays for this, so it is one round trip. An unknown id counts
 * nothing; the caller still checks the secret, expiry and revocation.
 */
export async function findApiTokenCountingRequest(
  db: Db,
  id: string,
  windowStart: Date,
): Promise<ApiTokenRow | undefined> {
  const { rows } = await sql<ApiTokenRow>`${prepared("api-token-check")}
    with token as (
      select t.id, t.secret_hash, t.expires_at, t.revoked_at, t.last_used_at, ${AUTH_USER_COLUMNS}
      from api_tokens t join users u on u.id = t.user_id
      where t.id = ${id}
    ), counted as (
      insert into rate_limit_buckets (key, window_start, count)
      select ${`api:${id}`}, ${windowStart}, 1 from token
      on conflict (key, window_start) do update set count = rate_limit_buckets.count + 1
      returning count
    )
    select token.*, (select count from counted) as request_count from token`.execute(db);
  return rows[0];
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
