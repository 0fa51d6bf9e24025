import type { Db } from "~/lib/db.server";

export function deleteBucketsBefore(db: Db, before: Date) {
  return db.deleteFrom("rateLimitBuckets").where("windowStart", "<", before).execute();
}
