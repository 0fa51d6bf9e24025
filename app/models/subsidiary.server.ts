import { sql } from "kysely";
import type { Db } from "~/lib/db.server";

export const subsidiaryColumns = [
  "id",
  "code",
  "nameEn",
  "nameZh",
  "isHeadquarters",
  "archivedAt",
  "createdAt",
] as const;

export function listSubsidiaries(db: Db, options: { includeArchived?: boolean } = {}) {
  let query = db.selectFrom("subsidiaries").select(subsidiaryColumns).orderBy("isHeadquarters", "desc").orderBy("code");
  if (!options.includeArchived) query = query.where("archivedAt", "is", null);
  return query.execute();
}

export function getSubsidiaryById(db: Db, id: string) {
  return db.selectFrom("subsidiaries").select(subsidiaryColumns).where("id", "=", id).executeTakeFirst();
}

/** Finds a subsidiary by its code or its exact English or Chinese name (case-insensitive). */
export function findSubsidiary(db: Db, codeOrName: string) {
  const value = codeOrName.trim();
  return db
    .selectFrom("subsidiaries")
    .select(subsidiaryColumns)
    .where((eb) =>
      eb.or([
        eb("code", "=", value.toUpperCase()),
        eb(sql`lower(name_en)`, "=", value.toLowerCase()),
        eb("nameZh", "=", value),
      ]),
    )
    .executeTakeFirst();
}

export function insertSubsidiary(
  db: Db,
  values: { code: string; nameEn: string; nameZh: string; isHeadquarters: boolean },
) {
  return db.insertInto("subsidiaries").values(values).returning(subsidiaryColumns).executeTakeFirstOrThrow();
}

export function updateSubsidiary(
  db: Db,
  id: string,
  values: Partial<{ code: string; nameEn: string; nameZh: string; isHeadquarters: boolean; archivedAt: Date | null }>,
) {
  return db
    .updateTable("subsidiaries")
    .set({ ...values, updatedAt: sql`now()` })
    .where("id", "=", id)
    .returning(subsidiaryColumns)
    .executeTakeFirst();
}

/**
 * Ids of this subsidiary's published write-ups (their search documents carry its code and names),
 * locked until the transaction ends: a publish racing with a rename waits, then is counted here.
 */
export async function lockPublishedSolutionIdsOfSubsidiary(db: Db, subsidiaryId: string): Promise<string[]> {
  // Lock every write-up of the subsidiary, then keep the published ones: a draft being published right
  // now is seen in its new state once its transaction commits.
  const rows = await db
    .selectFrom("solutions")
    .select(["id", "status"])
    .where("subsidiaryId", "=", subsidiaryId)
    .orderBy("id")
    .forShare()
    .execute();
  return rows.filter((r) => r.status === "published").map((r) => r.id);
}
