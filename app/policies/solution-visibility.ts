import { and, contains, eq, isIn, or, all, type Condition } from "./condition";
import type { Actor } from "./roles";

export const SOLUTION_STATUSES = ["draft", "in_review", "published", "archived"] as const;
export type SolutionStatus = (typeof SOLUTION_STATUSES)[number];
export const VISIBILITIES = ["group", "subsidiary"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/**
 * Which write-ups a user may read, as one Condition (see condition.ts):
 * - curators and admins: every write-up;
 * - everyone: published write-ups visible to the whole group;
 * - leads: everything of their own subsidiary (they review drafts and archive), and anything they co-author;
 * - members: their own subsidiary's published and archived write-ups, and anything they co-author.
 */
export function readableSolutions(actor: Actor): Condition {
  if (actor.role === "admin" || actor.role === "curator") return all();
  const groupPublished = and(eq("status", "published"), eq("visibility", "group"));
  if (actor.role === "lead") return or(groupPublished, eq("subsidiaryId", actor.subsidiaryId), contains(actor.id));
  return or(
    groupPublished,
    and(eq("subsidiaryId", actor.subsidiaryId), isIn("status", ["published", "archived"])),
    contains(actor.id),
  );
}

/** What the catalog and search list: readable and published. */
export function listableSolutions(actor: Actor): Condition {
  return and(readableSolutions(actor), eq("status", "published"));
}
