import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { rethrowAsResponse } from "~/lib/responses.server";
import { resolveSolutionSlug } from "~/lib/solution-lookup.server";
import { exportSolutionMarkdown } from "~/services/solution-markdown.server";

/**
 * `/solutions/<slug>.md` (the Express layer maps it here): the write-up as Markdown with YAML front
 * matter, in the import format.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = requireUser(request, context);
  const db = getDb();
  const id = await resolveSolutionSlug(db, request, params.slug);
  try {
    const { slug, markdown } = await exportSolutionMarkdown(db, actor, id);
    return new Response(markdown, {
      headers: {
        "Content-Type": "text/markdown; charset=utf-8",
        "Content-Disposition": `attachment; filename="${slug}.md"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    rethrowAsResponse(error);
  }
}
