import type { Db } from "~/lib/db.server";

/**
 * Names for the values search facets count by (pain point slugs, subsidiary codes), in both languages,
 * and lookups from the names people type (the API accepts names) to those values. The taxonomy is
 * small and read on every search, so it is cached for a few seconds; an unknown value reloads at once
 * (at most once a second), so a pain point created a moment ago is named correctly.
 */
export interface PainPointLabel {
  slug: string;
  nameEn: string;
  nameZh: string;
  areaSlug: string;
  areaNameEn: string;
  areaNameZh: string;
  areaPosition: number;
  position: number;
}

export interface SubsidiaryLabel {
  id: string;
  code: string;
  nameEn: string;
  nameZh: string;
}

export interface SearchLabels {
  painPoints: Map<string, PainPointLabel>;
  subsidiaries: Map<string, SubsidiaryLabel>;
}

const FRESH_MS = 10_000;
const RELOAD_ON_MISS_MS = 1_000;

let cache: { labels: SearchLabels; loadedAt: number; db: Db } | undefined;

async function loadLabels(db: Db): Promise<SearchLabels> {
  const [painPoints, subsidiaries] = await Promise.all([
    db
      .selectFrom("painPoints as p")
      .innerJoin("painPointAreas as a", "a.id", "p.areaId")
      .select([
        "p.slug",
        "p.nameEn",
        "p.nameZh",
        "p.position",
        "a.slug as areaSlug",
        "a.nameEn as areaNameEn",
        "a.nameZh as areaNameZh",
        "a.position as areaPosition",
      ])
      .execute(),
    db.selectFrom("subsidiaries").select(["id", "code", "nameEn", "nameZh"]).execute(),
  ]);
  return {
    painPoints: new Map(painPoints.map((p) => [p.slug, p])),
    subsidiaries: new Map(subsidiaries.map((s) => [s.code, s])),
  };
}

/** The labels, reloaded when older than a few seconds or when `needed` names a value we do not know. */
export async function getSearchLabels(
  db: Db,
  needed: { painPoints?: readonly string[]; subsidiaries?: readonly string[] } = {},
): Promise<SearchLabels> {
  const age = cache && cache.db === db ? Date.now() - cache.loadedAt : Infinity;
  const missing =
    cache !== undefined &&
    ((needed.painPoints ?? []).some((slug) => !cache!.labels.painPoints.has(slug)) ||
      (needed.subsidiaries ?? []).some((code) => !cache!.labels.subsidiaries.has(code)));
  if (age > FRESH_MS || (missing && age > RELOAD_ON_MISS_MS)) {
    cache = { labels: await loadLabels(db), loadedAt: Date.now(), db };
  }
  return cache!.labels;
}

/** A pain point by slug, or by its exact English (any case) or Chinese name. */
export function findPainPointSlug(labels: SearchLabels, value: string): string | undefined {
  if (labels.painPoints.has(value)) return value;
  const lower = value.toLowerCase();
  for (const p of labels.painPoints.values()) {
    if (p.nameEn.toLowerCase() === lower || p.nameZh === value || p.slug === lower) return p.slug;
  }
  return undefined;
}

/** A subsidiary by code (any case), or by its exact English (any case) or Chinese name. */
export function findSubsidiaryCode(labels: SearchLabels, value: string): string | undefined {
  const upper = value.toUpperCase();
  if (labels.subsidiaries.has(upper)) return upper;
  const lower = value.toLowerCase();
  for (const s of labels.subsidiaries.values()) {
    if (s.nameEn.toLowerCase() === lower || s.nameZh === value) return s.code;
  }
  return undefined;
}

/** Pain points whose name contains one of these words (for "closest pain points" on empty results). */
export async function findPainPointsByWords(db: Db, words: readonly string[], limit = 5): Promise<string[]> {
  const usable = words.filter((w) => w.length >= 2).slice(0, 5);
  if (usable.length === 0) return [];
  const rows = await db
    .selectFrom("painPoints")
    .select("slug")
    .where("mergedIntoId", "is", null)
    .where("retiredAt", "is", null)
    .where((eb) =>
      eb.or(
        usable.flatMap((word) => {
          const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
          return [eb("nameEn", "ilike", pattern), eb("nameZh", "ilike", pattern)];
        }),
      ),
    )
    .orderBy("position")
    .limit(limit)
    .execute();
  return rows.map((r) => r.slug);
}
