import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const SERVER_BUILD = path.join(ROOT, "build", "index.js");
export const PUBLIC_DIR = path.join(ROOT, "public");
/** Written after a production build; `remix dev` builds (development JSX) never have it. */
const BUILD_INFO = path.join(ROOT, "build", "production-build.json");

const SOURCES = ["app", "remix.config.js", "package-lock.json", "tsconfig.json", "db", "search"];

function newestMtime(target: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** The build is stale when any source is newer than it, part of it is missing, or it is a dev build. */
export function isBuildStale(): boolean {
  if (!fs.existsSync(SERVER_BUILD) || !fs.existsSync(path.join(PUBLIC_DIR, "build"))) return true;
  if (!fs.existsSync(BUILD_INFO)) return true;
  const built = fs.statSync(SERVER_BUILD).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(ROOT, source)) > built);
}

export function buildApp(): void {
  const remix = path.join(ROOT, "node_modules", ".bin", "remix");
  const result = spawnSync(remix, ["build"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    // The build must be a production build whatever the caller runs under (Vitest sets NODE_ENV=test).
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`remix build failed (exit ${result.status ?? result.signal})`);
  }
  fs.writeFileSync(BUILD_INFO, JSON.stringify({ builtAt: new Date().toISOString() }));
}
