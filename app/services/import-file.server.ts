import type { SerializedEditorState } from "lexical";
import { parseDocument } from "yaml";
import { z } from "zod";
import { MarkdownImportError, markdownToRichText, MAX_MARKDOWN_LENGTH } from "~/lib/rich-text/markdown.server";
import { SOLUTION_LIMITS as L } from "~/lib/solution-fields";
import { slugFromTitle } from "./solutions.server";

/**
 * One Markdown file of the import format (docs: README "Import and export"; the export writes the same
 * format): YAML front matter between `---` lines, then the Markdown body. Parsing is pure: names are
 * resolved to database rows later (import-resolve.server.ts).
 */

/** A file the import cannot use; `reason` names the key and the value. */
export class ImportFileError extends Error {
  override name = "ImportFileError";
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** Bigger files are refused before decoding: 1 MB of Markdown is at most ~3 MB of UTF-8 (Chinese). */
export const MAX_IMPORT_FILE_BYTES = 4 * MAX_MARKDOWN_LENGTH;

/** Paths under /solutions/ that are pages, not write-ups (the same list as slug generation uses). */
const RESERVED_SLUGS = new Set(["new", "mine", "import", "export", "search"]);
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const requiredText = (max: number) =>
  z.string("must be text").trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);
const optionalText = (max: number) => requiredText(max).optional();

const MetricSchema = z.strictObject({
  label: requiredText(100),
  value: z.number("must be a number"),
  unit: z.string("must be text").trim().max(30, "must be at most 30 characters").default(""),
  baseline: z.number("must be a number").optional(),
});

export const ImportFrontMatterSchema = z.strictObject({
  title: requiredText(L.titleMax),
  slug: z
    .string("must be text")
    .max(80, "must be at most 80 characters")
    .regex(SLUG, "must be lowercase letters, digits and single dashes")
    .refine((slug) => !RESERVED_SLUGS.has(slug), "is reserved for a page of the portal")
    .optional(),
  summary: requiredText(L.summaryMax),
  subsidiary: requiredText(200),
  painPoints: z
    .array(requiredText(200), "must be a list")
    .min(L.painPointsMin, `must list ${L.painPointsMin} to ${L.painPointsMax} pain points`)
    .max(L.painPointsMax, `must list ${L.painPointsMin} to ${L.painPointsMax} pain points`),
  disciplines: z.array(requiredText(100), "must be a list").max(20, "has too many entries").default([]),
  technologies: z
    .array(requiredText(L.technologyMax), "must be a list")
    .max(L.technologiesMax, `may list at most ${L.technologiesMax} technologies`)
    .default([]),
  sector: optionalText(100),
  client: optionalText(L.textFieldMax),
  project: optionalText(L.textFieldMax),
  year: z
    .number("must be a whole number")
    .int("must be a whole number")
    .min(L.yearMin, `must be between ${L.yearMin} and ${L.yearMax}`)
    .max(L.yearMax, `must be between ${L.yearMin} and ${L.yearMax}`)
    .optional(),
  visibility: z.enum(["group", "subsidiary"], 'must be "group" or "subsidiary"').default("group"),
  status: z.enum(["draft", "published"], 'must be "draft" or "published"').default("published"),
  authors: z
    .array(requiredText(254), "must be a list of emails")
    .max(L.authorsMax, `may list at most ${L.authorsMax} authors`)
    .optional(),
  metrics: z
    .array(MetricSchema, "must be a list of {label, value, unit}")
    .max(L.metricsMax, `may list at most ${L.metricsMax} metrics`)
    .default([]),
  // Written by the demo content (the language the write-up is in); informative only.
  language: z.enum(["en", "zh"], 'must be "en" or "zh"').optional(),
});

export type ImportFrontMatter = z.infer<typeof ImportFrontMatterSchema>;

export interface ParsedImportFile {
  /** The file's name as given (a relative path for folder imports). */
  file: string;
  frontMatter: ImportFrontMatter;
  /** From the front matter, or derived from the title like the portal derives it. */
  slug: string;
  /** The Markdown body as a Lexical document (validated later, like an editor save). */
  body: SerializedEditorState;
}

/** Reads one file; throws ImportFileError naming what is wrong. */
export function parseImportFile(name: string, bytes: Uint8Array): ParsedImportFile {
  const fail = (reason: string): never => {
    throw new ImportFileError(name, reason);
  };
  if (bytes.byteLength > MAX_IMPORT_FILE_BYTES) {
    fail(
      `the file is ${formatBytes(bytes.byteLength)}; write-ups are limited to ${formatBytes(MAX_MARKDOWN_LENGTH)} of Markdown`,
    );
  }
  let text: string;
  try {
    // fatal: a Latin-1 or GBK file must be refused, not silently turned into replacement characters.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fail(`the file is not valid UTF-8 text (save it as UTF-8 and import it again)`);
  }
  const parts = splitFrontMatter(text);
  if (!parts) return fail(`the file must start with YAML front matter between two "---" lines`);

  const raw = parseYaml(parts.frontMatter, fail);
  const checked = ImportFrontMatterSchema.safeParse(dropNulls(raw));
  if (!checked.success) return fail(describeIssues(checked.error, raw));
  const frontMatter = checked.data;

  if (parts.body.length > MAX_MARKDOWN_LENGTH) {
    fail(
      `the Markdown body is ${formatBytes(parts.body.length)}; write-ups are limited to ${formatBytes(MAX_MARKDOWN_LENGTH)}`,
    );
  }
  let body: SerializedEditorState;
  try {
    body = markdownToRichText(parts.body);
  } catch (error) {
    if (error instanceof MarkdownImportError) return fail(`body: ${error.message}`);
    throw error;
  }
  const slug = frontMatter.slug ?? slugFromTitle(frontMatter.title);
  if (RESERVED_SLUGS.has(slug)) fail(`the slug "${slug}" derived from the title is reserved: add a "slug" key`);
  return { file: name, frontMatter, slug, body };
}

/** `---\n<yaml>\n---\n<body>`, with CRLF line ends accepted. */
function splitFrontMatter(text: string): { frontMatter: string; body: string } | undefined {
  const normalized = text.replace(/\r\n?/g, "\n");
  const match = /^---[ \t]*\n(?:([\s\S]*?)\n)?---[ \t]*(?:\n|$)([\s\S]*)$/.exec(normalized);
  if (!match) return undefined;
  return { frontMatter: match[1] ?? "", body: match[2]!.replace(/^\n+/, "") };
}

function parseYaml(source: string, fail: (reason: string) => never): Record<string, unknown> {
  const document = parseDocument(source, { prettyErrors: true, uniqueKeys: true });
  const first = document.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line;
    fail(
      `the front matter is not valid YAML${line ? ` (line ${line + 1} of the file)` : ""}: ${firstLine(first.message)}`,
    );
  }
  const value: unknown = document.toJS({ maxAliasCount: 50 });
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return fail("the front matter must be a set of `key: value` lines");
  }
  return value as Record<string, unknown>;
}

/** `client:` with nothing after it means "no client", like leaving the key out. */
function dropNulls(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== null));
}

function describeIssues(error: z.ZodError, raw: Record<string, unknown>): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      if (issue.code === "unrecognized_keys") {
        const keys = issue.keys.map((k) => `"${k}"`).join(", ");
        const known = Object.keys(ImportFrontMatterSchema.shape).join(", ");
        return `unknown key ${keys} in the front matter (known keys: ${known})`;
      }
      const key = formatPath(issue.path);
      const value = valueAt(raw, issue.path);
      if (value === undefined) return `key "${key}" is required`;
      return `key "${key}" ${issue.message} (value: ${formatValue(value)})`;
    })
    .join("; ");
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === "number" ? `[${part}]` : `${index ? "." : ""}${String(part)}`))
    .join("");
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const part of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

function formatValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function firstLine(message: string): string {
  return message
    .split("\n")[0]!
    .replace(/ at line \d+, column \d+:?$/, "")
    .trim();
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
