import type { Db } from "~/lib/db.server";

export function getThrottleRows(db: Db, keys: string[]) {
  return db
    .selectFrom("authThrottle")
    .select(["key", "failures", "windowStartedAt", "blockedUntil", "updatedAt"])
    .where("key", "in", keys)
    .execute();
}

/** Locks the row (creating it first) so concurrent failures from several instances add up correctly. */
export async function lockThrottleRow(db: Db, key: string, at: Date) {
  await db
    .insertInto("authThrottle")
    .values({ key, failures: 0, windowStartedAt: at, updatedAt: at })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  return db
    .selectFrom("authThrottle")
    .select(["key", "failures", "windowStartedAt", "blockedUntil", "updatedAt"])
    .where("key", "=", key)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export function saveThrottleRow(
  db: Db,
  key: string,
  values: { failures: number; windowStartedAt: Date; blockedUntil: Date | null; updatedAt: Date },
) {
  return db.updateTable("authThrottle").set(values).where("key", "=", key).execute();
}

export function deleteThrottleRow(db: Db, key: string) {
  return db.deleteFrom("authThrottle").where("key", "=", key).execute();
}

/** Rows nobody has failed on since `updatedBefore` and that block nothing any more. */
export async function deleteStaleThrottleRows(db: Db, options: { updatedBefore: Date; at: Date }): Promise<number> {
  const result = await db
    .deleteFrom("authThrottle")
    .where("updatedAt", "<", options.updatedBefore)
    .where((eb) => eb.or([eb("blockedUntil", "is", null), eb("blockedUntil", "<=", options.at)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
