import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { SynonymMap } from "./solutions-index";
import { expandSynonymGroups } from "./synonyms";

/** The curated synonym groups from PostgreSQL (the source of truth), as Meilisearch's synonym map. */
export async function loadSynonymMap(db: Kysely<Database>): Promise<SynonymMap> {
  const groups = await db.selectFrom("synonymGroups").select("terms").orderBy("createdAt").orderBy("id").execute();
  return expandSynonymGroups(groups.map((g) => g.terms));
}
