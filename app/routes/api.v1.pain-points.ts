import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { apiErrorFromService } from "~/lib/responses.server";
import { listPainPointsForApi } from "~/services/solutions-api.server";
import { jsonResponse } from "~/lib/json-response.server";

/** GET /api/v1/pain-points: the taxonomy tree with counts of write-ups visible to the caller. */
export async function loader({ context }: LoaderFunctionArgs) {
  const actor = requireApiUser(context);
  try {
    return jsonResponse(await listPainPointsForApi(getDb(), actor));
  } catch (error) {
    return apiErrorFromService(error);
  }
}
