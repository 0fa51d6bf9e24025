/**
 * The fixed vocabularies and limits of a write-up, shared by forms, validation, import and display.
 * Keys are stable identifiers stored in the database; labels are looked up in the `solutions` i18n
 * namespace (`disciplines.<key>`, `sectors.<key>`).
 */
export const DISCIPLINES = [
  "architecture",
  "structural",
  "mep",
  "bim",
  "urban-planning",
  "construction-management",
  "civil",
  "geotechnical",
  "landscape",
  "fire-engineering",
] as const;
export type Discipline = (typeof DISCIPLINES)[number];

export const SECTORS = [
  "transport",
  "healthcare",
  "education",
  "commercial",
  "residential",
  "industrial",
  "water",
  "energy",
  "public",
] as const;
export type Sector = (typeof SECTORS)[number];

/** English names as they appear in imported Markdown, mapped to keys. */
export const DISCIPLINE_NAMES: Record<string, Discipline> = {
  architecture: "architecture",
  structural: "structural",
  mep: "mep",
  bim: "bim",
  "urban planning": "urban-planning",
  "construction management": "construction-management",
  civil: "civil",
  geotechnical: "geotechnical",
  landscape: "landscape",
  "fire engineering": "fire-engineering",
};

export const SOLUTION_LIMITS = {
  titleMax: 200,
  summaryMax: 600,
  painPointsMin: 1,
  painPointsMax: 5,
  technologiesMax: 20,
  technologyMax: 60,
  metricsMax: 12,
  contactsMax: 12,
  authorsMax: 10,
  textFieldMax: 200,
  yearMin: 1990,
  yearMax: 2100,
  reviewCommentMax: 2000,
} as const;

/** The fields that history and the conflict view compare, in display order. */
export const COMPARED_FIELDS = [
  "title",
  "summary",
  "painPoints",
  "disciplines",
  "technologies",
  "sector",
  "client",
  "project",
  "year",
  "visibility",
  "metrics",
  "contacts",
  "authorIds",
] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** The i18n key of each compared field's label (the form's own labels). */
export const COMPARED_FIELD_LABELS: Record<ComparedField, `solutions:fields.${string}`> = {
  title: "solutions:fields.title",
  summary: "solutions:fields.summary",
  painPoints: "solutions:fields.painPoints",
  disciplines: "solutions:fields.disciplines",
  technologies: "solutions:fields.technologies",
  sector: "solutions:fields.sector",
  client: "solutions:fields.client",
  project: "solutions:fields.project",
  year: "solutions:fields.year",
  visibility: "solutions:fields.visibility",
  metrics: "solutions:fields.metrics",
  contacts: "solutions:fields.contacts",
  authorIds: "solutions:fields.authors",
};

export function toDiscipline(value: string): Discipline | undefined {
  const key = value.trim().toLowerCase();
  if ((DISCIPLINES as readonly string[]).includes(key)) return key as Discipline;
  return DISCIPLINE_NAMES[key];
}

export function toSector(value: string): Sector | undefined {
  const key = value.trim().toLowerCase();
  return (SECTORS as readonly string[]).includes(key) ? (key as Sector) : undefined;
}

/** Tags are trimmed, inner whitespace collapsed; uniqueness is case-insensitive. */
export function normalizeTechnology(value: string): string {
  return value.trim().replace(/\s+/g, " ").slice(0, SOLUTION_LIMITS.technologyMax);
}

export function uniqueTechnologies(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of values) {
    const name = normalizeTechnology(raw);
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push(name);
  }
  return out;
}

/**
 * The tag input's "add": `raw` may hold several tags separated by commas (typed or pasted). Each is
 * normalised; one already present in any case is skipped (the first spelling stays), and no more than
 * the limit are kept.
 */
export function addTechnologies(current: readonly string[], raw: string): string[] {
  return uniqueTechnologies([...current, ...raw.split(",")]).slice(
    0,
    Math.max(current.length, SOLUTION_LIMITS.technologiesMax),
  );
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/g;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/** The languages a text is written in, for search: "zh" when it has a fair share of Chinese. */
export function detectLanguages(text: string): ("en" | "zh")[] {
  const cjk = text.match(CJK)?.length ?? 0;
  const latin = text.match(LATIN_WORD)?.length ?? 0;
  const languages: ("en" | "zh")[] = [];
  if (cjk >= 20 || (cjk > 0 && cjk >= latin)) languages.push("zh");
  if (latin >= 20 || (latin > 0 && latin > cjk / 2)) languages.push("en");
  return languages.length ? languages : ["en"];
}
