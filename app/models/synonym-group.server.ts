import { sql } from "kysely";
import type { Db } from "~/lib/db.server";
import { OUTBOX_ENTITY } from "~/lib/search-index.server";

/** Curated synonym groups (table `synonym_groups`). */
export function listSynonymGroups(db: Db) {
  return db
    .selectFrom("synonymGroups")
    .select(["id", "terms", "createdAt", "updatedAt"])
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
}

export function getSynonymGroup(db: Db, id: string) {
  return db.selectFrom("synonymGroups").select(["id", "terms"]).where("id", "=", id).executeTakeFirst();
}

export function insertSynonymGroups(db: Db, groups: readonly string[][], createdBy: string | null) {
  if (groups.length === 0) return Promise.resolve([]);
  return db
    .insertInto("synonymGroups")
    .values(groups.map((terms) => ({ terms, createdBy })))
    .returning(["id", "terms"])
    .execute();
}

export function updateSynonymGroupTerms(db: Db, id: string, terms: string[]) {
  return db
    .updateTable("synonymGroups")
    .set({ terms, updatedAt: sql`now()` })
    .where("id", "=", id)
    .returning(["id", "terms"])
    .executeTakeFirst();
}

export function deleteSynonymGroupById(db: Db, id: string) {
  return db.deleteFrom("synonymGroups").where("id", "=", id).returning(["id", "terms"]).executeTakeFirst();
}

/** Asks the outbox worker to push the synonym map to Meilisearch; call inside the change's transaction. */
export async function enqueueSynonymSync(db: Db): Promise<void> {
  await db.insertInto("searchOutbox").values({ entityType: OUTBOX_ENTITY.synonyms, entityId: "all" }).execute();
}
