import { unzipSync } from "fflate";
import type { Db } from "~/lib/db.server";
import type { SessionUser } from "~/lib/session.server";
import { formatBytes, MAX_IMPORT_FILE_BYTES } from "./import-file.server";
import { MAX_MARKDOWN_LENGTH } from "~/lib/rich-text/markdown.server";
import { importSolutions, type ImportInputFile, type ImportSummary } from "./import.server";

/**
 * The web import (curate/import): uploaded `.md` files and `.zip` archives of them, imported exactly
 * like `npm run import` does. Upload problems (a file of another type, a broken archive) are reported
 * as failed files in the same summary rather than refusing the whole upload.
 */

/** All uploaded files together; the Express layer refuses bodies over 60 MB before we read them. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** What the archives may unpack to in total, and how many write-ups one upload may hold. */
export const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;
export const MAX_UPLOAD_FILES = 2000;

export interface Upload {
  name: string;
  bytes: Uint8Array;
}

export async function importUploads(
  db: Db,
  actor: SessionUser,
  uploads: readonly Upload[],
  options: { dryRun: boolean; createMissing: boolean },
): Promise<ImportSummary> {
  const { files, rejected } = unpackUploads(uploads);
  const summary = await importSolutions(db, files, { ...options, actor });
  summary.failed.unshift(...rejected);
  return summary;
}

export function unpackUploads(uploads: readonly Upload[]): {
  files: ImportInputFile[];
  rejected: { file: string; reason: string }[];
} {
  const files: ImportInputFile[] = [];
  const rejected: { file: string; reason: string }[] = [];
  const budget = { bytes: MAX_UNPACKED_BYTES };
  for (const upload of uploads) {
    const lower = upload.name.toLowerCase();
    if (lower.endsWith(".md")) {
      files.push({ name: upload.name, bytes: upload.bytes });
    } else if (lower.endsWith(".zip")) {
      try {
        const unpacked = unzipMarkdown(upload, budget);
        files.push(...unpacked.files);
        rejected.push(...unpacked.rejected);
      } catch (error) {
        rejected.push({ file: upload.name, reason: error instanceof Error ? error.message : String(error) });
      }
    } else {
      rejected.push({ file: upload.name, reason: "only .md files and .zip archives of them can be imported" });
    }
  }
  if (files.length > MAX_UPLOAD_FILES) {
    rejected.push(
      ...files.splice(MAX_UPLOAD_FILES).map((f) => ({
        file: f.name,
        reason: `one upload imports at most ${MAX_UPLOAD_FILES} files: import the rest in another upload`,
      })),
    );
  }
  return { files, rejected };
}

/** The archive's .md files, named `archive.zip/path/in/archive.md`. Other entries are ignored. */
function unzipMarkdown(upload: Upload, budget: { bytes: number }) {
  let overBudget = false;
  const rejected: { file: string; reason: string }[] = [];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(upload.bytes, {
      // Decided before anything is inflated, from the sizes the archive declares (a zip bomb either
      // declares its real size or fails to inflate into a buffer of the declared one).
      filter: (entry) => {
        if (!isMarkdownEntry(entry.name)) return false;
        if (entry.originalSize > MAX_IMPORT_FILE_BYTES) {
          rejected.push({
            file: `${upload.name}/${entry.name}`,
            reason: `the file is ${formatBytes(entry.originalSize)}; write-ups are limited to ${formatBytes(MAX_MARKDOWN_LENGTH)} of Markdown`,
          });
          return false;
        }
        budget.bytes -= entry.originalSize;
        if (budget.bytes < 0) overBudget = true;
        return !overBudget;
      },
    });
  } catch {
    throw new Error("not a readable .zip archive");
  }
  if (overBudget)
    throw new Error(`the archives unpack to more than ${formatBytes(MAX_UNPACKED_BYTES)}: split the upload`);
  const files = Object.entries(entries)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, bytes]) => ({ name: `${upload.name}/${name}`, bytes }));
  return { files, rejected };
}

function isMarkdownEntry(name: string): boolean {
  const base = name.split("/").at(-1) ?? "";
  // Folders, macOS resource forks (__MACOSX/, ._name) and hidden files are not write-ups.
  return name.toLowerCase().endsWith(".md") && !name.startsWith("__MACOSX/") && !base.startsWith(".");
}
