import crypto from "node:crypto";
import type { Settings } from "meilisearch";
import { settingsFingerprint } from "./settings-sync";

/**
 * The search index of published write-ups: its name, its settings and how a database row becomes a
 * document. Callers pass the full index name (with MEILI_INDEX_PREFIX) in; nothing here reads config.
 */
export const SOLUTIONS_INDEX_BASE_NAME = "solutions";

/**
 * Bump when the document shape changes (a field added, renamed or computed differently in
 * `toSearchDocument`). Settings need no bump: see `solutionsIndexVersion`.
 */
export const SOLUTIONS_DOCUMENT_VERSION = 1;

/** Facet name (as in URLs and the API) -> document attribute. */
export const SOLUTION_FACET_ATTRIBUTES = {
  painPoint: "painPointSlugs",
  subsidiary: "subsidiary.code",
  discipline: "disciplines",
  sector: "sector",
  technology: "technologies",
  year: "year",
  featured: "featured",
} as const;

export type SolutionFacet = keyof typeof SOLUTION_FACET_ATTRIBUTES;
export const SOLUTION_FACETS = Object.keys(SOLUTION_FACET_ATTRIBUTES) as SolutionFacet[];

/** The attributes permission filters use; the policy's Condition fields map onto these names. */
export const PERMISSION_ATTRIBUTES = ["subsidiaryId", "visibility", "status", "authorIds"] as const;

/** The taxonomy has ~50 pain points; technologies and disciplines are free tags and grow faster. */
export const MAX_VALUES_PER_FACET = 500;
/** Nobody pages past 1,000 results; a lower cap keeps deep pagination cheap. */
export const MAX_TOTAL_HITS = 1000;

/** Meilisearch's synonym map: a term -> the terms it also matches. */
export type SynonymMap = Record<string, string[]>;

/** Everything we set on the index. Start-up compares these with the server and updates only what differs. */
export function solutionsIndexSettings(synonyms: SynonymMap): Settings {
  return {
    // In order of importance: a match in the title beats one in a pain point name, and so on.
    searchableAttributes: [
      "title",
      "painPoints.nameEn",
      "painPoints.nameZh",
      "summary",
      "technologies",
      "bodyText",
      "subsidiary.nameEn",
      "subsidiary.nameZh",
      "subsidiary.code",
      "client",
      "project",
      "disciplines",
      "sector",
      "metricsText",
      "year",
    ],
    filterableAttributes: [
      ...Object.values(SOLUTION_FACET_ATTRIBUTES),
      "painPointAreaSlugs",
      "languages",
      "id",
      ...PERMISSION_ATTRIBUTES,
    ],
    sortableAttributes: ["publishedAt", "reuseCount", "year"],
    rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness"],
    displayedAttributes: ["*"],
    faceting: { maxValuesPerFacet: MAX_VALUES_PER_FACET, sortFacetValuesBy: { "*": "count" } },
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    // A typo in a subsidiary code or a year names a different one: match those exactly. Four-letter
    // words ("clsh", "pupm") already get one typo: short domain words are common in queries.
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 },
      disableOnAttributes: ["subsidiary.code", "year"],
      disableOnNumbers: true,
    },
    // Fields known to be Chinese are segmented as Chinese; titles and summaries may be either language,
    // and naming both keeps short Chinese strings from being taken for Japanese (queries are detected
    // among these locales too). The long body is left to detection: localizing it cost ~40% more query
    // time (cropping re-tokenizes it per locale) for the same hits in our benchmark.
    localizedAttributes: [
      { attributePatterns: ["*Zh"], locales: ["cmn"] },
      { attributePatterns: ["title", "summary", "client", "project"], locales: ["cmn", "eng"] },
    ],
    synonyms,
    // Our facet lists filter in the browser; Meilisearch's facet-search index would only slow every write.
    facetSearch: false,
  };
}

/**
 * The index version: the document version plus a hash of the settings (synonyms excluded). Any change
 * to the settings in code gives a new version, so start-up rebuilds the index into a fresh one and
 * swaps it in (see search/reindex.ts) instead of re-processing the live index in place.
 */
export function solutionsIndexVersion(settings: Settings = solutionsIndexSettings({})): string {
  return `${SOLUTIONS_DOCUMENT_VERSION}.${settingsFingerprint(settings)}`;
}

export interface SolutionIndexPainPoint {
  slug: string;
  nameEn: string;
  nameZh: string;
  areaSlug: string;
  areaNameEn: string;
  areaNameZh: string;
}

/** One write-up with everything its document needs, as loaded by `loadSolutionIndexRows` (one query). */
export interface SolutionIndexRow {
  id: string;
  slug: string;
  status: string;
  visibility: string;
  title: string;
  summary: string;
  bodyText: string;
  sector: string | null;
  client: string | null;
  project: string | null;
  year: number | null;
  disciplines: string[];
  metrics: { label: string; value: number; unit: string; baseline?: number | null }[];
  languages: string[];
  reuseCount: number;
  featured: boolean;
  publishedAt: Date | null;
  updatedAt: Date;
  revision: number;
  liveRevision: number | null;
  subsidiaryId: string;
  subsidiaryCode: string;
  subsidiaryNameEn: string;
  subsidiaryNameZh: string;
  painPoints: SolutionIndexPainPoint[];
  technologies: string[];
  authorIds: string[];
}

export interface SolutionSearchDocument {
  id: string;
  slug: string;
  title: string;
  summary: string;
  bodyText: string;
  painPoints: SolutionIndexPainPoint[];
  painPointSlugs: string[];
  painPointAreaSlugs: string[];
  subsidiary: { id: string; code: string; nameEn: string; nameZh: string };
  disciplines: string[];
  technologies: string[];
  sector: string | null;
  client: string | null;
  project: string | null;
  year: number | null;
  metricsText: string;
  subsidiaryId: string;
  visibility: string;
  status: string;
  authorIds: string[];
  reuseCount: number;
  featured: boolean;
  /** Epoch seconds. */
  publishedAt: number | null;
  /** Epoch seconds. */
  updatedAt: number;
  languages: string[];
  /** The live revision, so `search:check` can spot a document left behind by an edit. */
  revision: number;
  /** A hash of every other field: `search:check` also spots changes that do not bump the revision. */
  fingerprint: string;
}

/** Only published write-ups are searchable; everything else is removed from the index. */
export function isSearchable(row: Pick<SolutionIndexRow, "status">): boolean {
  return row.status === "published";
}

/** Meilisearch keeps positions up to 65,535 words per attribute; the tail of a very long body adds nothing. */
const MAX_BODY_CHARS = 30_000;

/**
 * Private-use characters are our highlight placeholders (see app/services/search.server.ts): text may
 * never contain them, or it could open a <mark> of its own.
 */
const PLACEHOLDER_CHARS = /[\uE000-\uF8FF]/g;

function clean(text: string | null): string {
  return (text ?? "").replace(PLACEHOLDER_CHARS, "");
}

function cleanOrNull(text: string | null): string | null {
  return text === null ? null : clean(text);
}

function epochSeconds(date: Date | null): number | null {
  return date === null ? null : Math.floor(date.getTime() / 1000);
}

export function metricsAsText(metrics: SolutionIndexRow["metrics"]): string {
  return metrics
    .map((m) => {
      const from = m.baseline === null || m.baseline === undefined ? "" : ` (from ${m.baseline})`;
      return `${m.label}: ${m.value} ${m.unit}${from}`.trim();
    })
    .join("; ");
}

export function fingerprintOf(document: Omit<SolutionSearchDocument, "fingerprint">): string {
  return crypto.createHash("sha1").update(JSON.stringify(document)).digest("base64url");
}

/** The search document for a write-up. Pure: the same row always gives the same document. */
export function toSearchDocument(row: SolutionIndexRow): SolutionSearchDocument {
  // Tagged with a pain point and with one merged into it: list it once.
  const uniquePainPoints = [...new Map(row.painPoints.map((p) => [p.slug, p])).values()];
  const painPoints = uniquePainPoints.map((p) => ({
    slug: p.slug,
    nameEn: clean(p.nameEn),
    nameZh: clean(p.nameZh),
    areaSlug: p.areaSlug,
    areaNameEn: clean(p.areaNameEn),
    areaNameZh: clean(p.areaNameZh),
  }));
  const document: Omit<SolutionSearchDocument, "fingerprint"> = {
    id: row.id,
    slug: row.slug,
    title: clean(row.title),
    summary: clean(row.summary),
    bodyText: clean(row.bodyText).slice(0, MAX_BODY_CHARS),
    painPoints,
    painPointSlugs: painPoints.map((p) => p.slug),
    painPointAreaSlugs: [...new Set(painPoints.map((p) => p.areaSlug))],
    subsidiary: {
      id: row.subsidiaryId,
      code: row.subsidiaryCode,
      nameEn: clean(row.subsidiaryNameEn),
      nameZh: clean(row.subsidiaryNameZh),
    },
    disciplines: row.disciplines.map(clean),
    technologies: row.technologies.map(clean),
    sector: cleanOrNull(row.sector),
    client: cleanOrNull(row.client),
    project: cleanOrNull(row.project),
    year: row.year,
    metricsText: clean(metricsAsText(row.metrics)),
    subsidiaryId: row.subsidiaryId,
    visibility: row.visibility,
    status: row.status,
    authorIds: row.authorIds,
    reuseCount: row.reuseCount,
    featured: row.featured,
    publishedAt: epochSeconds(row.publishedAt),
    updatedAt: epochSeconds(row.updatedAt)!,
    languages: row.languages,
    revision: row.liveRevision ?? row.revision,
  };
  return { ...document, fingerprint: fingerprintOf(document) };
}
