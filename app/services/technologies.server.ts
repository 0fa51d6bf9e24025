import type { Db } from "~/lib/db.server";
import type { SessionUser } from "~/lib/session.server";
import { SOLUTION_LIMITS } from "~/lib/solution-fields";
import { suggestTechnologies } from "~/models/solution.server";
import { readableSolutions } from "~/policies/solution-visibility";
import { ValidationError } from "./errors";

/**
 * Technology tags for the editor's tag input: existing tags starting with `prefix` (any case), taken
 * only from write-ups this user may read, so a confidential write-up's tags stay inside its audience.
 */
export async function suggestTechnologiesFor(db: Db, actor: SessionUser, prefix: string, limit = 10) {
  const query = prefix.trim();
  if (query.length > SOLUTION_LIMITS.technologyMax) {
    throw new ValidationError({ q: ["validation:tooLong"] }, "The search text is too long.", "too_long");
  }
  if (!query) return [];
  return suggestTechnologies(db, readableSolutions(actor), query, limit);
}
