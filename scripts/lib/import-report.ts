import type { ImportSummary } from "../../app/services/import.server";

/** The summary printed at the end of `npm run import`: counts, then every failure and note. */
export function formatImportSummary(summary: ImportSummary): string[] {
  const lines = [
    "",
    summary.dryRun ? "Dry run: nothing was written. A real run would report:" : "Import finished:",
    `  created:   ${summary.created.length}`,
    `  updated:   ${summary.updated.length}`,
    `  unchanged: ${summary.unchanged.length}`,
    `  failed:    ${summary.failed.length}`,
  ];
  if (summary.failed.length) {
    lines.push("", "Failed (nothing of these files was imported):");
    for (const { file, reason } of summary.failed) lines.push(`  ${file}: ${reason}`);
  }
  if (summary.notes.length) {
    lines.push("", "Notes:");
    for (const { file, message } of summary.notes) lines.push(`  ${file}: ${message}`);
  }
  return lines;
}
