import type { Db } from "~/lib/db.server";

/**
 * How a value people type or bookmark names a pain point, in one place for every filter (catalog page,
 * JSON API, search page and search API): its slug, a former slug (kept after a curator re-slugged it),
 * its exact English (any case) or Chinese name. A merged pain point, or a former slug of one, stands for
 * the pain point it was merged into: its write-ups were re-tagged there.
 */
export interface PainPointAliasRow {
  id: string;
  slug: string;
  nameEn: string;
  nameZh: string;
  mergedIntoId: string | null;
}

export interface FormerPainPointSlug {
  slug: string;
  painPointId: string;
}

export interface ResolvedPainPoint {
  /** The live pain point (never a merged one). */
  id: string;
  /** Its current slug. */
  slug: string;
}

export type PainPointLookup = (value: string) => ResolvedPainPoint | undefined;

/** Merges are flattened when they happen; the bound only guards against hand-edited data. */
const MAX_MERGE_HOPS = 10;

export function buildPainPointLookup(
  painPoints: readonly PainPointAliasRow[],
  formerSlugs: readonly FormerPainPointSlug[],
): PainPointLookup {
  const byId = new Map(painPoints.map((p) => [p.id, p]));
  const live = (id: string): ResolvedPainPoint | undefined => {
    let row = byId.get(id);
    for (let hop = 0; row?.mergedIntoId && hop < MAX_MERGE_HOPS; hop++) row = byId.get(row.mergedIntoId);
    return row && !row.mergedIntoId ? { id: row.id, slug: row.slug } : undefined;
  };
  const bySlug = new Map<string, string>();
  const byFormerSlug = new Map(formerSlugs.map((f) => [f.slug, f.painPointId]));
  const byNameEn = new Map<string, string>();
  const byNameZh = new Map<string, string>();
  // Live pain points last, so a name a merged one shared with a live one means the live one.
  const ordered = [...painPoints].sort((a, b) => Number(a.mergedIntoId === null) - Number(b.mergedIntoId === null));
  for (const p of ordered) {
    bySlug.set(p.slug, p.id);
    byNameEn.set(p.nameEn.toLowerCase(), p.id);
    byNameZh.set(p.nameZh, p.id);
  }
  return (value) => {
    const trimmed = value.trim();
    const lower = trimmed.toLowerCase();
    const id =
      bySlug.get(lower) ?? byFormerSlug.get(lower) ?? byNameEn.get(lower) ?? byNameZh.get(trimmed) ?? undefined;
    return id === undefined ? undefined : live(id);
  };
}

/** Every pain point (merged and retired included) and the former slugs among `values`, or all of them. */
export async function loadPainPointAliases(db: Db, values?: readonly string[]) {
  const wanted = values?.map((v) => v.trim().toLowerCase()).filter(Boolean);
  const [painPoints, formerSlugs] = await Promise.all([
    db.selectFrom("painPoints").select(["id", "slug", "nameEn", "nameZh", "mergedIntoId"]).execute(),
    wanted && wanted.length === 0
      ? Promise.resolve([])
      : (wanted
          ? db.selectFrom("painPointSlugs").select(["slug", "painPointId"]).where("slug", "in", wanted)
          : db.selectFrom("painPointSlugs").select(["slug", "painPointId"])
        ).execute(),
  ]);
  return { painPoints, formerSlugs };
}
