import { z } from "zod";
import { emptyToUndefined } from "../forms";
import { DISCIPLINES, SECTORS, SOLUTION_LIMITS as L } from "../solution-fields";

/**
 * The write-up form: structured fields plus the editor's state, validated the same way for the
 * editor's autosave, the explicit buttons, and (field by field) the Markdown import.
 */
const optionalText = z.preprocess(emptyToUndefined, z.string().max(L.textFieldMax, "validation:tooLong").optional());

const metric = z.object({
  label: z.string().trim().min(1, "validation:required").max(100, "validation:tooLong"),
  value: z.coerce.number("validation:number").refine(Number.isFinite, "validation:number"),
  unit: z.string().trim().max(30, "validation:tooLong"),
  baseline: z.preprocess(emptyToUndefined, z.coerce.number("validation:number").optional()),
});

const contact = z.object({
  name: z.string().trim().min(1, "validation:required").max(100, "validation:tooLong"),
  role: z.string().trim().max(100, "validation:tooLong"),
  email: z.preprocess(emptyToUndefined, z.email("validation:email").max(254, "validation:tooLong").optional()),
});

export const SolutionContentSchema = z.object({
  title: z.string().trim().min(1, "validation:required").max(L.titleMax, "validation:tooLong"),
  summary: z.string().trim().max(L.summaryMax, "validation:tooLong"),
  // Drafts may have none yet; submitting and publishing require at least one (assertReadyForReview).
  painPointIds: z
    .array(z.uuid("solutions:errors.unknownPainPoint"))
    .max(L.painPointsMax, "solutions:errors.painPointsCount"),
  disciplines: z.array(z.enum(DISCIPLINES, "validation:choice")).max(DISCIPLINES.length),
  technologies: z
    .array(z.string().trim().max(L.technologyMax, "validation:tooLong"))
    .max(L.technologiesMax, "solutions:errors.tooManyTechnologies"),
  sector: z.preprocess(emptyToUndefined, z.enum(SECTORS, "validation:choice").optional()),
  client: optionalText,
  project: optionalText,
  year: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number("validation:number")
      .int("validation:number")
      .min(L.yearMin, "validation:tooSmall")
      .max(L.yearMax, "validation:tooBig")
      .optional(),
  ),
  visibility: z.enum(["group", "subsidiary"], "validation:choice"),
  metrics: z.array(metric).max(L.metricsMax, "validation:tooLong"),
  contacts: z.array(contact).max(L.contactsMax, "validation:tooLong"),
  authorIds: z
    .array(z.uuid("validation:choice"))
    .min(1, "solutions:errors.authorsRequired")
    .max(L.authorsMax, "validation:tooLong"),
  body: z.string().min(1, "validation:required"),
});

export type SolutionContentInput = z.infer<typeof SolutionContentSchema>;

/** Repeated form fields (metricLabel[i] ...) folded into lists of objects; empty rows dropped. */
export function readSolutionForm(form: FormData): Record<string, unknown> {
  const all = (name: string) => form.getAll(name).map((v) => (typeof v === "string" ? v : ""));
  const rows = <K extends string>(prefix: string, keys: readonly K[]) => {
    const columns = keys.map((k) => all(`${prefix}${k[0]!.toUpperCase()}${k.slice(1)}`));
    const length = Math.max(0, ...columns.map((c) => c.length));
    const out: Record<K, string>[] = [];
    for (let i = 0; i < length; i++) {
      const row = Object.fromEntries(keys.map((k, j) => [k, (columns[j]![i] ?? "").trim()])) as Record<K, string>;
      if (Object.values(row).some((v) => v !== "")) out.push(row);
    }
    return out;
  };
  return {
    title: form.get("title") ?? "",
    summary: form.get("summary") ?? "",
    painPointIds: all("painPointIds").filter(Boolean),
    disciplines: all("disciplines").filter(Boolean),
    technologies: all("technologies")
      .flatMap((v) => v.split(","))
      .map((v) => v.trim())
      .filter(Boolean),
    sector: form.get("sector") ?? "",
    client: form.get("client") ?? "",
    project: form.get("project") ?? "",
    year: form.get("year") ?? "",
    visibility: form.get("visibility") ?? "group",
    metrics: rows("metric", ["label", "value", "unit", "baseline"] as const),
    contacts: rows("contact", ["name", "role", "email"] as const),
    authorIds: all("authorIds").filter(Boolean),
    body: form.get("body") ?? "",
  };
}

export const ReviewCommentSchema = z.object({
  comment: z.string().trim().max(L.reviewCommentMax, "validation:tooLong"),
});

export const NewSolutionSchema = z.object({
  title: z.string().trim().min(1, "validation:required").max(L.titleMax, "validation:tooLong"),
  subsidiaryId: z.uuid("validation:choice"),
});
