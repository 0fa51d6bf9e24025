import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { apiErrorFromService } from "~/lib/responses.server";
import { suggestTechnologiesFor } from "~/services/technologies.server";

/** GET /technologies?q=rev: the tag input's suggestions, `{ suggestions: string[] }`. Signed-in users only. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireApiUser(context);
  const q = new URL(request.url).searchParams.get("q") ?? "";
  try {
    const suggestions = await suggestTechnologiesFor(getDb(), actor, q);
    return Response.json({ suggestions }, { headers: { "Cache-Control": "private, max-age=60" } });
  } catch (error) {
    return apiErrorFromService(error);
  }
}
