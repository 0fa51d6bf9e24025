import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/lib/auth.server";
import { apiError } from "~/lib/responses.server";

/** Unknown API paths answer in JSON like the rest of the API (401 first: the API is not public). */
function notFound({ context }: LoaderFunctionArgs) {
  requireApiUser(context);
  return apiError(404, "not_found", "No such API endpoint. See docs/api.md.");
}

export const loader = notFound;
export const action = notFound;
