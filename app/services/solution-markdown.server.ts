import type { SerializedEditorState } from "lexical";
import { stringify } from "yaml";
import type { Db } from "~/lib/db.server";
import { richTextToMarkdown } from "~/lib/rich-text/markdown.server";
import type { SessionUser } from "~/lib/session.server";
import { getSolutionForReading } from "~/models/solution.server";
import enSolutions from "~/locales/en/solutions.json";
import { requireReadableSolution } from "./solutions.server";

/**
 * A write-up as a Markdown file with YAML front matter, in exactly the format `npm run import` reads
 * (see shared/samples/import-example.md), so export -> import round-trips.
 */
export const MARKDOWN_KEYS = [
  "title",
  "slug",
  "summary",
  "subsidiary",
  "painPoints",
  "disciplines",
  "technologies",
  "sector",
  "client",
  "project",
  "year",
  "visibility",
  "status",
  "authors",
  "metrics",
] as const;

export function disciplineName(key: string): string {
  return (enSolutions.disciplines as Record<string, string>)[key] ?? key;
}

export function sectorName(key: string): string {
  return (enSolutions.sectors as Record<string, string>)[key] ?? key;
}

export async function exportSolutionMarkdown(
  db: Db,
  actor: SessionUser,
  id: string,
): Promise<{ slug: string; markdown: string }> {
  await requireReadableSolution(db, actor, id);
  const solution = await getSolutionForReading(db, id);
  if (!solution) throw new Error("write-up vanished while exporting");
  return { slug: solution.slug, markdown: solutionToMarkdown(solution) };
}

export function solutionToMarkdown(
  solution: NonNullable<Awaited<ReturnType<typeof getSolutionForReading>>> & { body?: unknown },
): string {
  const frontMatter: Record<string, unknown> = {
    title: solution.title,
    slug: solution.slug,
    summary: solution.summary,
    subsidiary: solution.subsidiaryCode,
    painPoints: solution.painPoints.map((p) => p.slug),
    disciplines: solution.disciplines.map(disciplineName),
    technologies: solution.technologies,
    sector: solution.sector ? sectorName(solution.sector) : undefined,
    client: solution.client ?? undefined,
    project: solution.project ?? undefined,
    year: solution.year ?? undefined,
    visibility: solution.visibility,
    status: solution.status === "published" || solution.status === "archived" ? "published" : "draft",
    authors: solution.authors.map((a) => a.email),
    metrics: solution.metrics.length
      ? solution.metrics.map((m) => ({
          label: m.label,
          value: m.value,
          unit: m.unit,
          ...(m.baseline != null ? { baseline: m.baseline } : {}),
        }))
      : undefined,
  };
  const ordered = Object.fromEntries(
    MARKDOWN_KEYS.filter((k) => frontMatter[k] !== undefined).map((k) => [k, frontMatter[k]]),
  );
  const body = richTextToMarkdown(solution.body as SerializedEditorState);
  return `---\n${stringify(ordered, { lineWidth: 0 })}---\n\n${body.trim()}\n`;
}
