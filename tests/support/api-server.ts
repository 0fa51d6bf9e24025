import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createHttpApp } from "~/lib/http-server.server";
import * as apiCatchAll from "~/routes/api.v1.$";
import * as apiMe from "~/routes/api.v1.me";
import * as apiPainPoints from "~/routes/api.v1.pain-points";
import * as apiSearch from "~/routes/api.v1.search";
import * as apiSolution from "~/routes/api.v1.solutions.$slug";
import * as apiSolutions from "~/routes/api.v1.solutions";
import * as markdownExport from "~/routes/solutions.$slug.export[.md]";
import { serverBuildWith, type BuildRoute } from "./server-build";

/**
 * The real Express layer (cookie or token check, cross-site refusal, rate limit, the `.md` rewrite) in
 * front of a Remix build holding the real resource routes: the JSON API and the Markdown export. No
 * browser build is needed, so integration tests can speak HTTP to them.
 */
const ROUTES: BuildRoute[] = [
  { id: "routes/api.v1.me", path: "api/v1/me", module: apiMe },
  { id: "routes/api.v1.solutions", path: "api/v1/solutions", module: apiSolutions },
  { id: "routes/api.v1.solutions.$slug", path: "api/v1/solutions/:slug", module: apiSolution },
  { id: "routes/api.v1.pain-points", path: "api/v1/pain-points", module: apiPainPoints },
  { id: "routes/api.v1.search", path: "api/v1/search", module: apiSearch },
  { id: "routes/api.v1.$", path: "api/v1/*", module: apiCatchAll },
  { id: "routes/solutions.$slug.export[.md]", path: "solutions/:slug/export.md", module: markdownExport },
];

const resourceBuild = () => serverBuildWith(ROUTES);

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
