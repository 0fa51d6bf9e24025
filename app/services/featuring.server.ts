import { now } from "~/lib/clock.server";
import type { Db } from "~/lib/db.server";
import type { SessionUser } from "~/lib/session.server";
import { writeAuditLog } from "~/models/audit-log.server";
import { enqueueSolutionIndexing } from "~/models/search-outbox.server";
import { getFeaturing, lockSolutionRow, setFeaturedFlag } from "~/models/solution-reuse.server";
import { can } from "~/policies/policy";
import { ForbiddenError, NotFoundError } from "./errors";
import { requireReadableSolution } from "./solutions.server";

/**
 * HQ curators (and admins) feature published write-ups as best practices, and take the badge off
 * again. One transaction sets the flag with who and when, writes the audit-log row and the search
 * outbox row (the featured facet and badge in search follow from it). Setting the state it already
 * has changes nothing and writes nothing.
 */
export async function setSolutionFeatured(db: Db, actor: SessionUser, solutionId: string, featured: boolean) {
  const solution = await requireReadableSolution(db, actor, solutionId);
  if (!can(actor, "solution.feature", solution)) {
    throw new ForbiddenError("Only curators and admins feature write-ups, and only published ones.");
  }
  const at = now();
  return db.transaction().execute(async (tx) => {
    if (!(await lockSolutionRow(tx, solutionId))) throw new NotFoundError("No such write-up.");
    const before = await getFeaturing(tx, solutionId);
    if (!before) throw new NotFoundError("No such write-up.");
    if (before.featured === featured) return { featured, changed: false };
    await setFeaturedFlag(tx, solutionId, { featured, at, by: actor.id });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: featured ? "solution.featured" : "solution.unfeatured",
      targetType: "solution",
      targetId: solutionId,
      subsidiaryId: solution.subsidiaryId,
      details: { title: solution.title },
    });
    await enqueueSolutionIndexing(tx, [solutionId]);
    return { featured, changed: true };
  });
}
