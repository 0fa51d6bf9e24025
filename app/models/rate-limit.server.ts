import { sql } from "kysely";
import type { Db } from "~/lib/db.server";

/** Adds one to the counter for `key` in the window starting at `windowStart`; returns the new count. */
export async function incrementBucket(db: Db, key: string, windowStart: Date): Promise<number> {
  const row = await db
    .insertInto("rateLimitBuckets")
    .values({ key, windowStart, count: 1 })
    .onConflict((oc) => oc.columns(["key", "windowStart"]).doUpdateSet({ count: sql`rate_limit_buckets.count + 1` }))
    .returning("count")
    .executeTakeFirstOrThrow();
  return row.count;
}

export function deleteBucketsBefore(db: Db, before: Date) {
  return db.deleteFrom("rateLimitBuckets").where("windowStart", "<", before).execute();
}
