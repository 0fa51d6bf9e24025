import { catalogVersion } from "~/lib/catalog-snapshot.server";
import type { Db } from "~/lib/db.server";
import { buildPainPointLookup, loadPainPointAliases, type PainPointLookup } from "./pain-point-lookup.server";

/**
 * Names for the values search facets count by (pain point slugs, subsidiary codes), in both languages,
 * and lookups from the names people type (the API accepts names) to those values. The taxonomy is
 * small and read on every search, so it is cached for a few seconds. An unknown value reloads it at once
 * when the data changed since the load (the outbox sequence moved: renaming a subsidiary or a pain point
 * queues its write-ups), otherwise at most once a second, so values typed by API clients cannot make
 * every request reload it.
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
  /** The catalog's resolver: slug, former slug, name; merged ones lead to their target. */
  findPainPoint: PainPointLookup;
}

const FRESH_MS = 10_000;
const RELOAD_ON_MISS_MS = 1_000;

let cache: { labels: SearchLabels; loadedAt: number; version: string; db: Db } | undefined;

async function loadLabels(db: Db): Promise<SearchLabels> {
  const [painPoints, subsidiaries, aliases] = await Promise.all([
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
    loadPainPointAliases(db),
  ]);
  return {
    painPoints: new Map(painPoints.map((p) => [p.slug, p])),
    subsidiaries: new Map(subsidiaries.map((s) => [s.code, s])),
    findPainPoint: buildPainPointLookup(aliases.painPoints, aliases.formerSlugs),
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
    ((needed.painPoints ?? []).some(
      (slug) => !cache!.labels.painPoints.has(slug) && !cache!.labels.findPainPoint(slug),
    ) ||
      (needed.subsidiaries ?? []).some((code) => !cache!.labels.subsidiaries.has(code)));
  const changed = missing && age <= RELOAD_ON_MISS_MS && (await catalogVersion(db)) !== cache!.version;
  if (age > FRESH_MS || (missing && age > RELOAD_ON_MISS_MS) || changed) {
    // The version first: a change committed while the labels load makes the next miss reload again.
    const loadedAt = Date.now();
    const version = await catalogVersion(db);
    cache = { labels: await loadLabels(db), loadedAt, version, db };
  }
  return cache!.labels;
}

/**
 * A pain point's current slug from its slug, a former slug or its exact English (any case) or Chinese
 * name; a merged pain point gives the one it was merged into. The same resolver as the catalog's.
 */
export function findPainPointSlug(labels: SearchLabels, value: string): string | undefined {
  return labels.findPainPoint(value)?.slug;
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
