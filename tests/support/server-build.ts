import type { ServerBuild } from "@remix-run/node";

export interface BuildRoute {
  id: string;
  path: string;
  module: Record<string, unknown>;
}

/**
 * A Remix server build holding just these route modules under an empty root, so integration tests can
 * put the real Express layer in front of real routes without a browser build. Document requests render
 * "page" with the status Remix chose (the real page is not needed there).
 */
export interface BuildOptions {
  /** The root route's module (default: a component only). */
  root?: Record<string, unknown>;
  /** Renders document requests (default: "page" with the status Remix chose). */
  document?: ServerBuild["entry"]["module"]["default"];
}

export function serverBuildWith(routes: readonly BuildRoute[], options: BuildOptions = {}): ServerBuild {
  const root = options.root ?? { default: () => null };
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
        default:
          options.document ??
          ((_request: Request, status: number, headers: Headers) => new Response("page", { status, headers })),
      },
    },
    routes: {
      root: { id: "root", path: "", module: root },
      ...Object.fromEntries(routes.map((r) => [r.id, { id: r.id, parentId: "root", path: r.path, module: r.module }])),
    },
    assets: {
      entry: { imports: [], module: "/build/entry.js" },
      routes: {
        root: manifest("root", "", root),
        ...Object.fromEntries(routes.map((r) => [r.id, manifest(r.id, r.path, r.module)])),
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
