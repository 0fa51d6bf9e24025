import path from "node:path";
import { UNSAFE_flatRoutes as flatRoutes } from "@remix-run/dev";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import { describe, expect, it } from "vitest";
import { callApiLoader, createApiRouteMatcher, type ApiRouteMatch } from "~/lib/api-routes.server";

/**
 * The API's own matcher must pick the route, and the params, that Remix's router (react-router)
 * picks: checked on the app's real route files, read the way the Remix compiler reads them.
 */
const manifest = {
  root: { id: "root", path: "" },
  ...flatRoutes(path.resolve("app"), ["**/.*", "**/*.test.{ts,tsx}"]),
} as Record<string, { id: string; path?: string; index?: boolean; caseSensitive?: boolean; parentId?: string }>;

const isApiRoute = (id: string) => id.startsWith("routes/api.");
const loader = () => Response.json({ ok: true });
const page = () => null;

const build = {
  routes: Object.fromEntries(
    Object.values(manifest).map((r) => [r.id, { ...r, module: isApiRoute(r.id) ? { loader } : { default: page } }]),
  ),
} as unknown as ServerBuild;

function routeTree(parentId: string | undefined): AgnosticRouteObject[] {
  return Object.values(manifest)
    .filter((r) => r.parentId === parentId)
    .map((r) =>
      r.index
        ? { id: r.id, index: true, path: r.path }
        : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, children: routeTree(r.id) },
    );
}
const tree = routeTree(undefined);

/** What Remix would run for this path, if it is one of the API's resource routes. */
function remixAnswer(pathname: string) {
  const leaf = matchRoutes(tree, pathname)?.at(-1);
  if (!leaf || !isApiRoute(leaf.route.id!)) return undefined;
  return { id: leaf.route.id, params: { ...leaf.params } };
}

const match = createApiRouteMatcher(build);
const answer = (pathname: string) => {
  const found = match(pathname);
  return found && { id: found.id, params: found.params };
};

describe("the API route matcher", () => {
  it("finds every API route of the app", () => {
    expect(answer("/api/v1/search")?.id).toBe("routes/api.v1.search");
    expect(answer("/api/v1/me")?.id).toBe("routes/api.v1.me");
    expect(answer("/api/v1/pain-points")?.id).toBe("routes/api.v1.pain-points");
    expect(answer("/api/v1/solutions")?.id).toBe("routes/api.v1.solutions");
    expect(answer("/api/v1/solutions/bim-clash-review")).toEqual({
      id: "routes/api.v1.solutions.$slug",
      params: { slug: "bim-clash-review" },
    });
    expect(answer("/api/v1/unknown/thing")).toEqual({ id: "routes/api.v1.$", params: { "*": "unknown/thing" } });
  });

  it("leaves pages and paths outside the API to Remix", () => {
    for (const pathname of ["/", "/search", "/solutions/some-slug", "/api", "/apiv1/search", "/curate"])
      expect(answer(pathname)).toBeUndefined();
  });

  it.each([
    "/api/v1/search",
    "/api/v1/search/",
    "/api/v1/search//",
    "/API/V1/Search",
    "/api/v1/me",
    "/api/v1/pain-points",
    "/api/v1/solutions",
    "/api/v1/solutions/",
    "/api/v1/solutions/some-slug",
    "/api/v1/solutions/some-slug/",
    "/api/v1/solutions/%E5%BB%BA%E7%AD%91",
    "/api/v1/solutions/a%2Fb",
    "/api/v1/solutions/100%25",
    "/api/v1/solutions/bad%zz",
    "/api/v1/solutions/a b",
    "/api/v1/solutions/x/y",
    "/api/v1/solutions//x",
    "/api/v1",
    "/api/v1/",
    "/api/v1//",
    "/api/v1/x/y/",
    "/api/v2/search",
    "/api//v1/search",
    "//api/v1/search",
    "/api/v1/search.data",
    "/api/v1/%73earch",
  ])("answers %s as Remix's router does", (pathname) => {
    expect(answer(pathname)).toEqual(remixAnswer(pathname));
  });
});

describe("calling an API loader", () => {
  const context = {} as AppLoadContext;
  const request = new Request("http://localhost/api/v1/thing?x=1");
  const withLoader = (fn: (args: { request: Request; params: Record<string, string> }) => unknown): ApiRouteMatch => ({
    id: "routes/api.v1.thing",
    params: { slug: "s" },
    module: { loader: fn } as unknown as ApiRouteMatch["module"],
  });

  it("hands the loader the request and params, and returns its Response", async () => {
    const response = await callApiLoader(
      withLoader(({ request: r, params }) => Response.json({ url: r.url, params }, { status: 201 })),
      request,
      context,
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ url: "http://localhost/api/v1/thing?x=1", params: { slug: "s" } });
  });

  it("answers with a thrown Response (401, 404 and the like)", async () => {
    const response = await callApiLoader(
      withLoader(() => {
        throw Response.json({ error: { code: "unauthorized" } }, { status: 401 });
      }),
      request,
      context,
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: "unauthorized" } });
  });

  it("sends other returned values as JSON, and refuses a loader that returns nothing", async () => {
    const response = await callApiLoader(
      withLoader(() => ({ hits: [] })),
      request,
      context,
    );
    expect(response.headers.get("Content-Type")).toMatch(/application\/json/);
    expect(await response.json()).toEqual({ hits: [] });
    await expect(
      callApiLoader(
        withLoader(() => undefined),
        request,
        context,
      ),
    ).rejects.toThrow(/returned nothing/);
  });

  it("lets other errors through to the Express layer's 500", async () => {
    await expect(
      callApiLoader(
        withLoader(() => {
          throw new Error("database down");
        }),
        request,
        context,
      ),
    ).rejects.toThrow("database down");
  });
});
