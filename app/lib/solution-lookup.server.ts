import { redirect } from "@remix-run/node";
import { findSolutionBySlug } from "~/models/solution.server";
import type { Db } from "./db.server";

/**
 * Resolves the `$slug` of a write-up URL. A former slug answers with a 301 to the same page under the
 * current slug (keeping the rest of the path and the query); an unknown one is a 404.
 */
export async function resolveSolutionSlug(db: Db, request: Request, slug: string | undefined): Promise<string> {
  const found = slug && slug.length <= 200 ? await findSolutionBySlug(db, slug) : undefined;
  if (!found) throw new Response("No such write-up.", { status: 404 });
  if (found.slug !== slug) {
    const url = new URL(request.url);
    const prefix = `/solutions/${encodeURIComponent(slug!)}`;
    const path = url.pathname.replace(/\.data$/, "");
    const rest = path.startsWith(prefix) ? path.slice(prefix.length) : "";
    throw redirect(`/solutions/${found.slug}${rest}${url.search}`, 301);
  }
  return found.id;
}
