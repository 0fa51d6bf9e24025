import type { Db } from "~/lib/db.server";

export function getPainPointsByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("painPoints")
    .select(["id", "slug", "nameEn", "nameZh", "retiredAt", "mergedIntoId"])
    .where("id", "in", [...ids])
    .execute();
}

/** The whole taxonomy in display order, for pickers and browsing. */
export async function listTaxonomy(db: Db, options: { includeRetired?: boolean } = {}) {
  const [areas, painPoints] = await Promise.all([
    db
      .selectFrom("painPointAreas")
      .select(["id", "slug", "nameEn", "nameZh", "descriptionEn", "descriptionZh", "position"])
      .orderBy("position")
      .orderBy("nameEn")
      .execute(),
    (() => {
      let query = db
        .selectFrom("painPoints")
        .select(["id", "areaId", "slug", "nameEn", "nameZh", "descriptionEn", "descriptionZh", "position", "retiredAt"])
        .where("mergedIntoId", "is", null);
      if (!options.includeRetired) query = query.where("retiredAt", "is", null);
      return query.orderBy("position").orderBy("nameEn").execute();
    })(),
  ]);
  return areas.map((area) => ({ ...area, painPoints: painPoints.filter((p) => p.areaId === area.id) }));
}

export type TaxonomyArea = Awaited<ReturnType<typeof listTaxonomy>>[number];
