import type { Db } from "~/lib/db.server";

/**
 * Records that the search documents of these write-ups must be refreshed. Always called inside the
 * transaction of the change itself, so a committed change can never miss its index update; the outbox
 * worker reads the row's current state later, so duplicates are harmless.
 */
export async function enqueueSolutionIndexing(db: Db, solutionIds: readonly string[]): Promise<void> {
  const unique = [...new Set(solutionIds)];
  if (unique.length === 0) return;
  await db
    .insertInto("searchOutbox")
    .values(unique.map((id) => ({ entityType: "solution", entityId: id })))
    .execute();
}
