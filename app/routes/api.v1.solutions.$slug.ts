import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { apiErrorFromService } from "~/lib/responses.server";
import { siteOrigin } from "~/lib/site.server";
import { getSolutionForApi } from "~/services/solutions-api.server";
import { jsonResponse } from "~/lib/json-response.server";

/** GET /api/v1/solutions/<slug>: every field, the body as HTML and as plain text, the revision. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = requireApiUser(context);
  try {
    return jsonResponse(await getSolutionForApi(getDb(), actor, params.slug ?? "", siteOrigin(request)));
  } catch (error) {
    return apiErrorFromService(error);
  }
}
