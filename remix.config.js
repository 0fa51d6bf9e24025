/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Lexical and meilisearch ship ESM only; bundling every dependency into the server build keeps one
  // module format and lets the start script import the build without a second resolution pass.
  serverDependenciesToBundle: [/^lexical/, /^@lexical\//],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
