import type { Db } from "~/lib/db.server";
import type { SessionUser } from "~/lib/session.server";
import {
  getPainPointWithArea,
  listRelatedPainPoints,
  listSolvingSubsidiaries,
  listVisibleSolutionsWithPainPoint,
  resolvePainPointSlug,
} from "~/models/pain-point-page.server";
import { listableSolutions } from "~/policies/solution-visibility";
import { readAsOf } from "./catalog.server";
import { NotFoundError } from "./errors";

export const PAIN_POINT_PAGE_SIZE = 20;

export type PainPointPage =
  { kind: "redirect"; slug: string } | ({ kind: "page" } & Awaited<ReturnType<typeof loadPage>>);

/**
 * A pain point's page for one reader. A former or merged slug answers with the slug to redirect to;
 * an unknown one is NotFound. Retired pain points still have their page (the caller shows a notice).
 */
export async function getPainPointPage(
  db: Db,
  actor: SessionUser,
  slug: string,
  page: number,
  asOf?: string | null,
): Promise<PainPointPage> {
  const resolved = slug.length <= 200 ? await resolvePainPointSlug(db, slug) : undefined;
  if (!resolved) throw new NotFoundError("No such pain point.");
  if (resolved.slug !== slug) return { kind: "redirect", slug: resolved.slug };
  return { kind: "page", ...(await loadPage(db, actor, resolved.id, page, readAsOf(asOf))) };
}

async function loadPage(db: Db, actor: SessionUser, id: string, page: number, asOf: Date) {
  const visible = listableSolutions(actor);
  const [painPoint, solutions, solvers, related] = await Promise.all([
    getPainPointWithArea(db, id),
    listVisibleSolutionsWithPainPoint(db, id, visible, {
      limit: PAIN_POINT_PAGE_SIZE,
      offset: (page - 1) * PAIN_POINT_PAGE_SIZE,
      asOf,
    }),
    listSolvingSubsidiaries(db, id, visible),
    listRelatedPainPoints(db, id, visible),
  ]);
  if (!painPoint) throw new NotFoundError("No such pain point.");
  return {
    painPoint,
    solutions: solutions.items,
    total: solutions.total,
    page,
    pages: Math.max(1, Math.ceil(solutions.total / PAIN_POINT_PAGE_SIZE)),
    /** The snapshot the pages were read at: the pager's links carry it. */
    asOf: asOf.toISOString(),
    solvers,
    related,
  };
}
