import type { LoaderFunctionArgs } from "@remix-run/node";
import type { Speculate } from "~/lib/api-speculation.server";
import { takeSpeculation } from "~/lib/api-speculation.server";
import { requireApiUser } from "~/lib/auth.server";
import { apiError, apiErrorFromService } from "~/lib/responses.server";
import { parseSearchQuery } from "~/lib/search-params";
import type { SessionUser } from "~/lib/session.server";
import { siteOriginFor } from "~/lib/site.server";
import { presentSearchForApi } from "~/services/search-api.server";
import { resolveSearchFilters, searchSolutions } from "~/services/search.server";
import { jsonResponse } from "~/lib/json-response.server";

/**
 * GET /api/v1/search?q=&painPoint=&subsidiary=&discipline=&sector=&technology=&year=&featured=&sort=&page=&limit=
 * Published write-ups the caller may read, with facet counts. Repeat a filter for several values.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireApiUser(context);
  return (await takeSpeculation<Response>(context, user)) ?? answer(new URL(request.url), user);
}

/** The search starts while the API token is checked, as the token's user at its last check. */
export const speculate: Speculate = ({ url, user }) => answer(url, user);

async function answer(url: URL, user: SessionUser): Promise<Response> {
  const parsed = parseSearchQuery(url.searchParams);
  if (!parsed.ok) {
    const fields: Record<string, string[]> = {};
    for (const problem of parsed.problems) (fields[problem.param] ??= []).push(problem.message);
    const message = parsed.problems.map((p) => `${p.param}: ${p.message}`).join("; ");
    return apiError(400, "invalid_parameter", message, { fields });
  }
  try {
    const filters = await resolveSearchFilters(parsed.query.filters);
    const result = await searchSolutions(user, { ...parsed.query, filters }, { locale: user.locale ?? "en" });
    return jsonResponse(presentSearchForApi(result, siteOriginFor(url)), {
      headers: { "Cache-Control": "no-store" },
    });
  } catch (error) {
    return apiErrorFromService(error);
  }
}
