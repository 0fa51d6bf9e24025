import { diffWords } from "diff";
import type { Db } from "~/lib/db.server";
import { createI18n, type Locale } from "~/lib/i18n";
import type { SolutionContentInput } from "~/lib/schemas/solution";
import type { SessionUser } from "~/lib/session.server";
import { COMPARED_FIELDS, uniqueTechnologies, type ComparedField } from "~/lib/solution-fields";
import { getPainPointsByIds } from "~/models/pain-point.server";
import {
  countRevisions,
  getAuthorNames,
  getRevision,
  listRevisions,
  listTransitions,
  type SolutionAccess,
  type SolutionSnapshot,
} from "~/models/solution.server";
import { can } from "~/policies/policy";
import { renderRichTextToHtml } from "~/lib/rich-text/render.server";
import { validateRichText } from "~/lib/rich-text/validate.server";
import { NotFoundError, type ConflictError } from "./errors";
import { requireReadableSolution } from "./solutions.server";

/**
 * The highest revision this reader may see. Revisions above the live one of a published write-up are
 * edits nobody has approved yet: only those who may edit or review it see them. A write-up that was
 * never published has no live revision; whoever may read it reads its latest revision anyway.
 */
function lastVisibleRevision(actor: SessionUser, solution: SolutionAccess): number {
  if (solution.liveRevision === null || can(actor, "solution.readPending", solution)) return solution.revision;
  return solution.liveRevision;
}

/** How many revisions this reader may see (the reading page's "N revisions"): pending edits don't count. */
export function countVisibleRevisions(db: Db, actor: SessionUser, solution: SolutionAccess): Promise<number> {
  return countRevisions(db, solution.id, { upTo: lastVisibleRevision(actor, solution) });
}

/** History is shown only to people who may read the write-up, and only as far as they may see it. */
export async function getSolutionHistory(db: Db, actor: SessionUser, id: string) {
  const solution = await requireReadableSolution(db, actor, id);
  const upTo = lastVisibleRevision(actor, solution);
  const [revisions, transitions] = await Promise.all([
    listRevisions(db, id, { upTo }),
    listTransitions(db, id, { upTo }),
  ]);
  return { solution, latestRevision: upTo, revisions, transitions };
}

async function requireVisibleRevision(db: Db, actor: SessionUser, solution: SolutionAccess, revision: number) {
  const row = revision <= lastVisibleRevision(actor, solution) ? await getRevision(db, solution.id, revision) : null;
  if (!row) throw new NotFoundError("No such revision.");
  return row;
}

export async function getRevisionForReading(db: Db, actor: SessionUser, id: string, revision: number) {
  const solution = await requireReadableSolution(db, actor, id);
  return requireVisibleRevision(db, actor, solution, revision);
}

/** The fields of a snapshot that field comparisons look at (everything but the body). */
export type SnapshotFields = Omit<SolutionSnapshot, "body">;

export interface FieldChange {
  field: ComparedField;
  before: string;
  after: string;
}

/** `t` for keys computed at run time (the typed `t` only takes literal keys). */
type Translate = (key: string, options?: Record<string, unknown>) => string;

const translators = new Map<Locale, Translate>();
function translator(locale: Locale): Translate {
  let t = translators.get(locale);
  if (!t) {
    t = createI18n(locale).getFixedT(locale, "solutions") as unknown as Translate;
    translators.set(locale, t);
  }
  return t;
}

interface Names {
  painPoints: Map<string, string>;
  authors: Map<string, string>;
  t: Translate;
}

/** One field of a snapshot as a reader sees it: names instead of ids, labels in their language. */
function describe(snapshot: SnapshotFields, field: ComparedField, names: Names): string {
  const { t } = names;
  switch (field) {
    case "painPoints":
      return snapshot.painPointIds.map((id) => names.painPoints.get(id) ?? id).join(", ");
    case "metrics":
      return snapshot.metrics
        .map(
          (m) =>
            `${m.label}: ${m.value}${m.unit ? ` ${m.unit}` : ""}${m.baseline != null ? ` (${t("read.baseline", { value: m.baseline })})` : ""}`,
        )
        .join("; ");
    case "contacts":
      return snapshot.contacts.map((c) => [c.name, c.role, c.email].filter(Boolean).join(", ")).join("; ");
    case "authorIds":
      return snapshot.authorIds.map((id) => names.authors.get(id) ?? id).join(", ");
    case "disciplines":
      return snapshot.disciplines.map((d) => t(`disciplines.${d}`, { defaultValue: d })).join(", ");
    case "technologies":
      return snapshot.technologies.join(", ");
    case "sector":
      return snapshot.sector ? t(`sectors.${snapshot.sector}`, { defaultValue: snapshot.sector }) : "";
    case "visibility":
      return t(snapshot.visibility === "subsidiary" ? "fields.visibilitySubsidiary" : "fields.visibilityGroup");
    default:
      return snapshot[field] == null ? "" : String(snapshot[field]);
  }
}

/** The fields that differ between two versions, described for a reader in `locale`. */
export async function describeFieldChanges(
  db: Db,
  before: SnapshotFields,
  after: SnapshotFields,
  locale: Locale,
): Promise<FieldChange[]> {
  const [painPoints, authors] = await Promise.all([
    getPainPointsByIds(db, [...new Set([...before.painPointIds, ...after.painPointIds])]),
    getAuthorNames(db, [...before.authorIds, ...after.authorIds]),
  ]);
  const names: Names = {
    painPoints: new Map(painPoints.map((p) => [p.id, locale === "zh" ? p.nameZh : p.nameEn])),
    authors,
    t: translator(locale),
  };
  return COMPARED_FIELDS.map((field) => ({
    field,
    before: describe(before, field, names),
    after: describe(after, field, names),
  })).filter((f) => f.before !== f.after);
}

/** Field changes and a word diff of the body text between two revisions. */
export async function compareRevisions(
  db: Db,
  actor: SessionUser,
  id: string,
  from: number,
  to: number,
  locale: Locale = "en",
) {
  const solution = await requireReadableSolution(db, actor, id);
  const [a, b] = await Promise.all([
    requireVisibleRevision(db, actor, solution, from),
    requireVisibleRevision(db, actor, solution, to),
  ]);
  const fields = await describeFieldChanges(db, a.snapshot, b.snapshot, locale);
  const text = diffWords(a.bodyText, b.bodyText).map((part) => ({
    value: part.value,
    change: part.added ? ("added" as const) : part.removed ? ("removed" as const) : ("same" as const),
  }));
  return { from: a, to: b, fields, text };
}

/** The form's fields in the shape of a snapshot, normalised as saving would store them. */
function inputFields(input: SolutionContentInput): SnapshotFields {
  return {
    title: input.title,
    summary: input.summary,
    sector: input.sector ?? null,
    client: input.client ?? null,
    project: input.project ?? null,
    year: input.year ?? null,
    disciplines: [...new Set(input.disciplines)],
    metrics: input.metrics.map((m) => ({ label: m.label, value: m.value, unit: m.unit, baseline: m.baseline ?? null })),
    contacts: input.contacts.map((c) => ({ name: c.name, role: c.role, email: c.email ?? "" })),
    visibility: input.visibility,
    painPointIds: [...new Set(input.painPointIds)],
    technologies: uniqueTechnologies(input.technologies),
    authorIds: [...new Set(input.authorIds)],
  };
}

/**
 * What the editor's conflict view shows after a refused save: the author's unsaved version and the
 * one saved meanwhile, both rendered, and the fields that differ (from theirs to mine, like the text).
 */
export async function describeConflict(
  db: Db,
  id: string,
  input: SolutionContentInput,
  baseRevision: number,
  error: ConflictError,
  locale: Locale,
) {
  const current = Number(error.details?.currentRevision);
  const theirs = Number.isInteger(current) ? await getRevision(db, id, current) : undefined;
  const mine = validateRichText(input.body);
  return {
    mine: {
      html: mine.ok ? renderRichTextToHtml(mine.state) : "",
      text: mine.ok ? mine.text : "",
      revision: baseRevision,
    },
    theirs: {
      html: theirs?.bodyHtml ?? "",
      text: theirs?.bodyText ?? "",
      revision: current,
      savedBy: String(error.details?.savedBy ?? "—"),
      savedAt: theirs ? new Date(theirs.createdAt).toISOString() : "",
    },
    fields: theirs ? await describeFieldChanges(db, theirs.snapshot, inputFields(input), locale) : [],
  };
}
