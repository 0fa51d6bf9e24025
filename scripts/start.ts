import fs from "node:fs";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { ConfigError, getEnv } from "../app/lib/env.server";
import { getLogger } from "../app/lib/logger.server";
import { bindHttpServer, startPortal, StartupError, type RunningPortal } from "../app/lib/startup.server";
import { buildApp, isBuildStale, PUBLIC_DIR, SERVER_BUILD } from "./lib/build";
import { demoBannerLines } from "./lib/start-banner";

/** `npm start` (and, with --dev, the server behind `npm run dev`). */
export async function main(argv = process.argv.slice(2)): Promise<RunningPortal> {
  const dev = argv.includes("--dev");
  const env = getEnv();
  // The port first: if it is taken, say so now, not after a build and the start-up steps.
  const server = await bindHttpServer(env);
  let build: ServerBuild;
  try {
    if (!dev && isBuildStale()) {
      console.log("Building the portal (first start or changed sources)…");
      buildApp();
    }
    build = (await import(pathToFileURL(SERVER_BUILD).href)) as ServerBuild;
  } catch (error) {
    await server.close();
    throw error;
  }
  const portal = await startPortal({
    getBuild: () => build,
    mode: dev ? "development" : env.NODE_ENV,
    publicDir: PUBLIC_DIR,
    server,
  });

  if (dev) {
    const { broadcastDevReady } = await import("@remix-run/node");
    await broadcastDevReady(build);
    // `remix dev` rewrites the build on every change: load the new one and tell the dev server.
    let timer: NodeJS.Timeout | undefined;
    fs.watch(SERVER_BUILD, () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        build = (await import(`${pathToFileURL(SERVER_BUILD).href}?t=${Date.now()}`)) as ServerBuild;
        await broadcastDevReady(build);
      }, 50);
    });
  }

  printBanner(portal);
  return portal;
}

function printBanner(portal: RunningPortal): void {
  const lines = [
    "",
    `  Solutions Exchange is running at ${portal.url}`,
    `  database: ${portal.database.kind === "pglite" ? `embedded PGlite in ${portal.database.location}` : `PostgreSQL ${portal.database.location}`}`,
    `  search:   ${portal.search.embedded ? `embedded Meilisearch on ${portal.search.url}` : `Meilisearch ${portal.search.url}`}`,
    ...demoBannerLines(portal.demo),
    "  Press Ctrl-C to stop.",
    "",
  ];
  console.log(lines.join("\n"));
}

function describeStartupFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof StartupError) return error.message;
  return `start-up failed: ${error instanceof Error ? error.message : String(error)}`;
}

const isEntryPoint = import.meta.url === pathToFileURL(process.argv[1] ?? "").href;
if (isEntryPoint) {
  let portal: RunningPortal | undefined;
  let exiting = false;
  const shutdown = async (code: number) => {
    if (exiting) process.exit(code);
    exiting = true;
    try {
      await portal?.stop();
    } finally {
      process.exit(code);
    }
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  process.on("uncaughtException", (error) => {
    try {
      getLogger().fatal({ err: error }, "uncaught exception");
    } catch {
      console.error(error);
    }
    void shutdown(1);
  });
  process.on("unhandledRejection", (reason) => {
    try {
      getLogger().error({ err: reason }, "unhandled promise rejection");
    } catch {
      console.error(reason);
    }
  });

  try {
    portal = await main();
  } catch (error) {
    console.error(`Error: ${describeStartupFailure(error)}`);
    if (!(error instanceof ConfigError || error instanceof StartupError)) {
      try {
        getLogger().debug({ err: error }, "start-up failure");
      } catch {
        // The environment itself may be what failed.
      }
    }
    process.exit(1);
  }
}
