import type { Db } from "~/lib/db.server";
import { insertSolutionSlug } from "./solution.server";

/**
 * Gives a write-up created moments ago (in the same transaction) the slug an imported file asks for.
 * The services derive slugs from titles; an import is keyed by the file's slug, so that slug must be
 * the write-up's. Any other slug rows of this write-up were made by those same service calls, so no
 * link to them can exist yet and they are removed rather than kept as redirects.
 */
export async function setSlugOfNewSolution(db: Db, solutionId: string, slug: string): Promise<void> {
  await db.updateTable("solutions").set({ slug }).where("id", "=", solutionId).execute();
  await insertSolutionSlug(db, solutionId, slug);
  await db.deleteFrom("solutionSlugs").where("solutionId", "=", solutionId).where("slug", "<>", slug).execute();
}
