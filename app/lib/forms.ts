import type { z } from "zod";

/**
 * Parses a submitted form with the zod schema that also describes the form in the browser. Problems
 * come back per field as i18n keys ("validation:required", or the key a schema names in its message),
 * so the page shows them in the reader's language. Values are kept to refill the form, except
 * passwords and other secrets.
 */
export type FormResult<T> =
  { ok: true; data: T } | { ok: false; fieldErrors: Record<string, string[]>; values: Record<string, string> };

const SECRET_FIELD = /password|token|secret/i;

export function formValues(form: FormData | URLSearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && !SECRET_FIELD.test(key) && value.length <= 10_000) values[key] = value;
  }
  return values;
}

function issueKey(issue: z.core.$ZodIssue): string {
  if (typeof issue.message === "string" && /^[a-z]+:[\w.]+$/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      return "validation:required";
    case "too_small":
      return issue.origin === "string" && issue.minimum === 1 ? "validation:required" : "validation:tooShort";
    case "too_big":
      return "validation:tooLong";
    case "invalid_format":
      return issue.format === "email" ? "validation:email" : "validation:invalid";
    case "invalid_value":
      return "validation:choice";
    default:
      return "validation:invalid";
  }
}

/** Turns FormData into a plain object: repeated fields become arrays when the schema expects them. */
export function formToObject(form: FormData | URLSearchParams, arrayFields: readonly string[] = []) {
  const object: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    object[key] = arrayFields.includes(key) ? all : all[0];
  }
  return object;
}

export function parseForm<S extends z.ZodType>(
  schema: S,
  form: FormData | URLSearchParams,
  options: { arrayFields?: readonly string[] } = {},
): FormResult<z.infer<S>> {
  return parseValues(schema, formToObject(form, options.arrayFields), formValues(form));
}

/**
 * Like parseForm for input already shaped into an object (repeated rows, lists). Errors in nested
 * rows are reported on the list ("metrics") and, more precisely, on "metrics.2.value".
 */
export function parseValues<S extends z.ZodType>(
  schema: S,
  input: unknown,
  values: Record<string, string> = {},
): FormResult<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "_form";
    const key = issueKey(issue);
    const list = (fieldErrors[field] ??= []);
    if (!list.includes(key)) list.push(key);
    if (issue.path.length > 1) (fieldErrors[issue.path.join(".")] ??= []).push(key);
  }
  return { ok: false, fieldErrors, values };
}

/** Trims, turns empty into undefined: what "optional text field" means in a form. */
export function emptyToUndefined(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}
