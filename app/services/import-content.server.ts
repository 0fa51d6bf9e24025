import { SolutionContentSchema, type SolutionContentInput } from "~/lib/schemas/solution";
import type { SolutionSnapshot } from "~/models/solution.server";
import { en } from "~/locales/en/index";
import { ServiceError, ValidationError } from "./errors";
import { ImportFileError, type ParsedImportFile } from "./import-file.server";
import { ImportReferenceError, type ResolvedReferences } from "./import-resolve.server";

/**
 * The editor's form input built from an imported file, checked with the same schema as an editor save
 * (the services then validate the body and references as they do for every save).
 *
 * What the import format cannot express is kept from the write-up's latest revision: contacts, and
 * the authors when the file names none that exist. Technologies keep their stored order when the set
 * is the same, because the export lists them alphabetically and re-importing an export must change
 * nothing.
 */
export function toContentInput(
  file: ParsedImportFile,
  refs: ResolvedReferences,
  context: { importerId: string; existing?: SolutionSnapshot },
): SolutionContentInput {
  const fm = file.frontMatter;
  const existing = context.existing;
  const raw = {
    title: fm.title,
    summary: fm.summary,
    painPointIds: refs.painPointIds,
    disciplines: refs.disciplines,
    technologies: keepStoredOrder(fm.technologies, existing?.technologies),
    sector: refs.sector,
    client: fm.client,
    project: fm.project,
    year: fm.year,
    visibility: fm.visibility,
    metrics: fm.metrics.map((m) => ({ label: m.label, value: m.value, unit: m.unit, baseline: m.baseline })),
    contacts: existing?.contacts.map((c) => ({ ...c, email: c.email || undefined })) ?? [],
    authorIds: refs.authorIds ?? existing?.authorIds ?? [context.importerId],
    body: JSON.stringify(file.body),
  };
  const checked = SolutionContentSchema.safeParse(raw);
  if (!checked.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of checked.error.issues) {
      const field = String(issue.path[0] ?? "");
      (fieldErrors[field] ??= []).push(issue.message);
    }
    throw new ValidationError(fieldErrors);
  }
  return checked.data;
}

function keepStoredOrder(technologies: readonly string[], stored: readonly string[] | undefined): string[] {
  if (!stored) return [...technologies];
  const key = (list: readonly string[]) =>
    [...new Set(list.map((t) => t.trim().replace(/\s+/g, " ").toLowerCase()))].sort().join("\u0000");
  return key(technologies) === key(stored) ? [...stored] : [...technologies];
}

// --- Reasons for the summary -----------------------------------------------------------------------

/** Service field names as the import format calls them. */
const FRONT_MATTER_KEY: Record<string, string> = {
  painPointIds: "painPoints",
  authorIds: "authors",
  subsidiaryId: "subsidiary",
};

/** One line saying why a file failed, naming the key (and value) where there is one. */
export function describeImportFailure(error: unknown): string {
  if (error instanceof ImportFileError) return error.reason;
  if (error instanceof ImportReferenceError) return error.message;
  if (error instanceof ValidationError) {
    const parts = Object.entries(error.fieldErrors).map(([field, keys]) => {
      const messages = keys.filter((k) => !k.startsWith("solutions:bodyErrors.")).map(translate);
      return `key "${FRONT_MATTER_KEY[field] ?? field}": ${[...new Set(messages)].join("; ")}`;
    });
    return parts.join("; ") || error.message;
  }
  if (error instanceof ServiceError) return error.message;
  return `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

/** "validation:tooLong" -> the English text; anything that is not a key passes through. */
function translate(key: string): string {
  const match = /^([a-z]+):([\w.]+)$/.exec(key);
  if (!match) return key;
  let value: unknown = (en as Record<string, unknown>)[match[1]!];
  for (const part of match[2]!.split(".")) value = (value as Record<string, unknown> | undefined)?.[part];
  return typeof value === "string" ? value.replace(/\{\{\s*\w+\s*\}\}/g, "…") : key;
}
