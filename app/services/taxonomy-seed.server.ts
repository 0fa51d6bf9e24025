import demoTaxonomy from "../../scripts/demo-content/taxonomy.json";
import type { Db } from "~/lib/db.server";
import { insertAreaIfMissing, insertPainPointIfMissing } from "~/models/pain-point-insert.server";

/** A pain point as the taxonomy file describes it (scripts/demo-content/taxonomy.json). */
export interface TaxonomySeedPainPoint {
  slug: string;
  nameEn: string;
  nameZh: string;
  descriptionEn: string;
  descriptionZh: string;
}

export interface TaxonomySeedArea extends TaxonomySeedPainPoint {
  painPoints: TaxonomySeedPainPoint[];
}

/**
 * Creates the areas and pain points of a taxonomy file, in file order. Idempotent by slug: an area or
 * pain point whose slug exists is left exactly as it is (curators may have renamed, moved, merged or
 * retired it since), so re-running never undoes their work.
 */
export async function seedTaxonomy(
  db: Db,
  areas: readonly TaxonomySeedArea[] = demoTaxonomy,
): Promise<{ areasCreated: number; painPointsCreated: number }> {
  let areasCreated = 0;
  let painPointsCreated = 0;
  for (const [areaIndex, area] of areas.entries()) {
    const { id: areaId, created } = await insertAreaIfMissing(db, {
      ...withoutChildren(area),
      position: areaIndex + 1,
    });
    if (created) areasCreated++;
    for (const [index, painPoint] of area.painPoints.entries()) {
      if (await insertPainPointIfMissing(db, { ...painPoint, areaId, position: index + 1 })) painPointsCreated++;
    }
  }
  return { areasCreated, painPointsCreated };
}

function withoutChildren(area: TaxonomySeedArea): TaxonomySeedPainPoint {
  const { painPoints: _children, ...rest } = area;
  return rest;
}
