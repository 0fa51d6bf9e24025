import type { Db, SolutionStatus } from "~/lib/db.server";
import { getSolutionForReading } from "~/models/solution.server";
import { findSubsidiary } from "~/models/subsidiary.server";
import { ServiceError } from "./errors";
import { solutionToMarkdown } from "./solution-markdown.server";

/**
 * Write-ups as files in the import format, for `npm run export` (an operator's command with direct
 * database access, so no permission filter: it exports confidential write-ups too).
 *
 * - Each file holds what readers see: the live version of a published write-up (pending changes are
 *   not exported), the latest draft of an unpublished one.
 * - Drafts, write-ups in review and published ones are exported; archived ones only on request,
 *   because the format has no "archived" status and re-importing one would publish it again.
 */
export interface ExportOptions {
  /** Code, English or Chinese name. */
  subsidiary?: string;
  includeArchived?: boolean;
  /** Write-ups read per query. */
  pageSize?: number;
}

export interface ExportedFile {
  slug: string;
  status: SolutionStatus;
  markdown: string;
}

export async function* exportSolutionFiles(db: Db, options: ExportOptions = {}): AsyncGenerator<ExportedFile> {
  let subsidiaryId: string | undefined;
  if (options.subsidiary) {
    const found = await findSubsidiary(db, options.subsidiary);
    if (!found) throw new ServiceError(400, "unknown_subsidiary", `unknown subsidiary "${options.subsidiary}"`);
    subsidiaryId = found.id;
  }
  const pageSize = options.pageSize ?? 100;
  let after = "";
  for (;;) {
    let query = db
      .selectFrom("solutions")
      .select(["id", "slug"])
      .where("slug", ">", after)
      .orderBy("slug")
      .limit(pageSize);
    if (subsidiaryId) query = query.where("subsidiaryId", "=", subsidiaryId);
    if (!options.includeArchived) query = query.where("status", "<>", "archived");
    const page = await query.execute();
    for (const { id } of page) {
      const solution = await getSolutionForReading(db, id);
      // Deleted between the two queries: nothing to export.
      if (!solution) continue;
      yield { slug: solution.slug, status: solution.status, markdown: solutionToMarkdown(solution) };
    }
    if (page.length < pageSize) return;
    after = page.at(-1)!.slug;
  }
}
