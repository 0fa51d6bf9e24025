import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { jsonResponse } from "./json-response.server";

/**
 * GET and HEAD requests of the JSON API go straight to their route's loader, without Remix's router.
 * That router flattens and ranks the whole route table (80-odd routes) on every request, twice for a
 * resource route (decision 012 has the measurements). The API's
 * routes are resource routes (no page, no parent loaders, no revalidation), so calling the loader
 * is all Remix would do. Writes (POST, PATCH, DELETE) still go through Remix, which reads their
 * bodies.
 *
 * Matching is react-router's, for the syntax these routes use (static segments, `:param`, a final
 * `*`): the same regular expression per route, the same ranking (static text outranks a param, a
 * param outranks a splat), the same decoding of the path; case and trailing slashes are ignored. A
 * route using any other syntax (optional segments) is left to Remix. tests/unit/api-routes.test.ts
 * checks the answers against react-router's own matcher.
 */
type RouteModule = ServerBuild["routes"][string]["module"];

export interface ApiRouteMatch {
  id: string;
  module: RouteModule;
  params: Record<string, string>;
}

interface CompiledRoute {
  id: string;
  module: RouteModule;
  pattern: RegExp;
  paramNames: string[];
  score: number;
}

const PARAM = /^:[\w-]+$/;
const STATIC = /^[\w.~-]+$/;

/** react-router's route score (computeScore): longer and more specific paths win. */
function score(segments: string[]): number {
  let total = segments.length + (segments.includes("*") ? -2 : 0);
  for (const segment of segments) {
    if (segment === "*") continue;
    total += PARAM.test(segment) ? 3 : segment === "" ? 1 : 10;
  }
  return total;
}

function fullPath(build: ServerBuild, id: string): string | undefined {
  const parts: string[] = [];
  for (let route = build.routes[id]; route; route = route.parentId ? build.routes[route.parentId] : undefined) {
    if (route.index || route.caseSensitive) return undefined;
    if (route.path) parts.unshift(route.path);
  }
  return parts.join("/");
}

/** The regular expression react-router's compilePath builds, for the syntax accepted here. */
function compile(build: ServerBuild, id: string): CompiledRoute | undefined {
  const route = build.routes[id]!;
  // Only resource routes: a route with a page renders a document, which is Remix's job.
  if (route.module.default) return undefined;
  const path = fullPath(build, id);
  if (path === undefined) return undefined;
  const segments = path.split("/").filter((s) => s !== "");
  if (segments[0] !== "api") return undefined;
  const splat = segments.at(-1) === "*";
  const fixed = splat ? segments.slice(0, -1) : segments;
  if (!fixed.every((s) => PARAM.test(s) || STATIC.test(s))) return undefined;
  const paramNames = fixed.filter((s) => PARAM.test(s)).map((s) => s.slice(1));
  const source = fixed.map((s) => (PARAM.test(s) ? "/([^\\/]+)" : `/${s.replace(/[.]/g, "\\.")}`)).join("");
  const pattern = new RegExp(`^${source}${splat ? "(?:\\/(.+)|\\/*)$" : "\\/*$"}`, "i");
  return {
    id,
    module: route.module,
    pattern,
    paramNames: splat ? [...paramNames, "*"] : paramNames,
    score: score(segments),
  };
}

/** As react-router decodes a pathname before matching: per segment, a decoded "/" kept as %2F. */
function decodePath(pathname: string): string {
  try {
    return pathname
      .split("/")
      .map((v) => decodeURIComponent(v).replace(/\//g, "%2F"))
      .join("/");
  } catch {
    return pathname;
  }
}

/** A matcher over the build's API resource routes; undefined for paths it leaves to Remix. */
export function createApiRouteMatcher(build: ServerBuild): (pathname: string) => ApiRouteMatch | undefined {
  const routes = Object.keys(build.routes)
    .map((id) => compile(build, id))
    .filter((r): r is CompiledRoute => r !== undefined)
    .sort((a, b) => b.score - a.score);
  return (pathname) => {
    const decoded = decodePath(pathname);
    for (const route of routes) {
      const match = route.pattern.exec(decoded);
      if (!match) continue;
      const params = Object.fromEntries(
        route.paramNames.map((name, i) => [name, (match[i + 1] ?? "").replace(/%2F/g, "/")]),
      );
      return { id: route.id, module: route.module, params };
    }
    return undefined;
  };
}

/**
 * Runs a matched route's loader as Remix runs a resource route's: a returned or thrown Response is the
 * answer, any other value returned is sent as JSON. Other thrown errors, and a loader returning
 * nothing, propagate (the Express layer answers them with its JSON 500).
 */
export async function callApiLoader(
  match: ApiRouteMatch,
  request: Request,
  context: AppLoadContext,
): Promise<Response> {
  const loader = match.module.loader;
  if (!loader) throw new Error(`route ${match.id} has no loader`);
  try {
    const result: unknown = await loader({ request, params: match.params, context });
    if (result instanceof Response) return result;
    if (result === undefined) throw new Error(`the loader of route ${match.id} returned nothing`);
    return jsonResponse(result);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
