import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import { createHttpApp } from "~/lib/http-server.server";
import * as apiCatchAll from "~/routes/api.v1.$";
import * as apiMe from "~/routes/api.v1.me";
import * as apiPainPoints from "~/routes/api.v1.pain-points";
import * as apiSearch from "~/routes/api.v1.search";
import * as apiSolution from "~/routes/api.v1.solutions.$slug";
import * as apiSolutions from "~/routes/api.v1.solutions";
import * as markdownExport from "~/routes/solutions.$slug.export[.md]";

/**
 * The real Express layer (cookie or token check, cross-site refusal, rate limit, the `.md` rewrite) in
 * front of a Remix build holding the real resource routes: the JSON API and the Markdown export. No
 * browser build is needed, so integration tests can speak HTTP to them.
 */
const ROUTES: { id: string; path: string; module: Record<string, unknown> }[] = [
  { id: "routes/api.v1.me", path: "api/v1/me", module: apiMe },
  { id: "routes/api.v1.solutions", path: "api/v1/solutions", module: apiSolutions },
  { id: "routes/api.v1.solutions.$slug", path: "api/v1/solutions/:slug", module: apiSolution },
  { id: "routes/api.v1.pain-points", path: "api/v1/pain-points", module: apiPainPoints },
  { id: "routes/api.v1.search", path: "api/v1/search", module: apiSearch },
  { id: "routes/api.v1.$", path: "api/v1/*", module: apiCatchAll },
  { id: "routes/solutions.$slug.export[.md]", path: "solutions/:slug/export.md", module: markdownExport },
];

function resourceBuild(): ServerBuild {
  const manifest = (id: string, path: string, module: Record<string, unknown>) => ({
    id,
    path,
    module: `/build/${id}.js`,
    hasAction: "action" in module,
    hasLoader: "loader" in module,
    hasClientAction: false,
    hasClientLoader: false,
    hasErrorBoundary: false,
    imports: [],
    ...(id === "root" ? {} : { parentId: "root" }),
  });
  return {
    mode: "production",
    entry: {
      module: {
        default: (_request: Request, status: number, headers: Headers) => new Response("page", { status, headers }),
      },
    },
    routes: {
      root: { id: "root", path: "", module: { default: () => null } },
      ...Object.fromEntries(ROUTES.map((r) => [r.id, { id: r.id, parentId: "root", path: r.path, module: r.module }])),
    },
    assets: {
      entry: { imports: [], module: "/build/entry.js" },
      routes: {
        root: manifest("root", "", {}),
        ...Object.fromEntries(ROUTES.map((r) => [r.id, manifest(r.id, r.path, r.module)])),
      },
      url: "/build/manifest.js",
      version: "test",
    },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: { v3_singleFetch: true } as ServerBuild["future"],
    isSpaMode: false,
  } as unknown as ServerBuild;
}

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

export async function startApiServer(): Promise<ApiServer> {
  const app = createHttpApp({ getBuild: resourceBuild, mode: "production", publicDir: "public" });
  const server: Server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
