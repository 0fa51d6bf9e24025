import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { apiErrorFromService } from "~/lib/responses.server";
import { siteOrigin } from "~/lib/site.server";
import { listSolutionsForApi } from "~/services/solutions-api.server";
import { jsonResponse } from "~/lib/json-response.server";

/** GET /api/v1/solutions?painPoint=&subsidiary=&discipline=&sector=&technology=&year=&sort=&page=&limit= */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireApiUser(context);
  try {
    return jsonResponse(
      await listSolutionsForApi(getDb(), actor, new URL(request.url).searchParams, siteOrigin(request)),
    );
  } catch (error) {
    return apiErrorFromService(error);
  }
}
