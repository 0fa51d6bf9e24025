import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../search/embedded";
import { freshDatabaseUrl } from "./support/database";
import { processesMatching, runStart, startPortalProcess, tempDataDir, waitFor } from "./support/portal-process";

const MEILI = "meilisearch-linux-amd64/meilisearch";
const dirs: string[] = [];
function dataDir() {
  const dir = tempDataDir();
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Processes started for this data dir: Meilisearch itself and its watchdog shell. */
function meiliFor(dir: string, options: { binaryOnly?: boolean } = {}) {
  return processesMatching(MEILI).filter((pid) => {
    try {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      return argv.some((arg) => arg.includes(dir)) && (!options.binaryOnly || argv[0]!.endsWith(MEILI));
    } catch {
      return false;
    }
  });
}

function oneLineError(stderr: string): string {
  const lines = stderr.trim().split("\n").filter(Boolean);
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe("start-up failures end with exit code 1 and one line naming the setting", () => {
  it.each([
    [{ PORT: "not-a-port" }, /^Error: PORT must be a port number/],
    [{ DATABASE_URL: "mysql://localhost/db" }, /^Error: DATABASE_URL must be a postgres:\/\//],
    [{ MEILI_URL: "localhost:7700" }, /^Error: MEILI_URL must be an http/],
  ])("%j", async (env, message) => {
    const result = await runStart({ ...env, DATA_DIR: dataDir() });
    expect(result.code).toBe(1);
    expect(oneLineError(result.stderr)).toMatch(message);
  });

  it("an unreachable database", async () => {
    const result = await runStart({ DATABASE_URL: "postgres://postgres@127.0.0.1:1/none", DATA_DIR: dataDir() });
    expect(result.code).toBe(1);
    expect(oneLineError(result.stderr)).toMatch(
      /^Error: DATABASE_URL cannot connect to postgres:\/\/postgres@127\.0\.0\.1:1\/none/,
    );
  });

  it("an unreachable MEILI_URL", async () => {
    const result = await runStart({
      DATABASE_URL: await freshDatabaseUrl(),
      MEILI_URL: "http://127.0.0.1:1",
      DATA_DIR: dataDir(),
    });
    expect(result.code).toBe(1);
    expect(oneLineError(result.stderr)).toMatch(
      /^Error: MEILI_URL Meilisearch at http:\/\/127\.0\.0\.1:1 is unreachable/,
    );
  });

  it("a port already in use, leaving no Meilisearch behind", async () => {
    const port = await findFreePort();
    const blocker = net.createServer().listen(port, "127.0.0.1");
    const dir = dataDir();
    try {
      const result = await runStart({ DATABASE_URL: await freshDatabaseUrl(), PORT: String(port), DATA_DIR: dir });
      expect(result.code).toBe(1);
      expect(oneLineError(result.stderr)).toBe(
        `Error: PORT ${port} is already in use on 127.0.0.1: stop what uses it or set PORT`,
      );
      expect(await waitFor(() => meiliFor(dir).length === 0)).toBe(true);
    } finally {
      blocker.close();
    }
  });

  it("no Meilisearch binary for this platform and no MEILI_URL", async () => {
    const result = await runStart({
      DATABASE_URL: await freshDatabaseUrl(),
      MEILI_BINARY: "/nonexistent/meilisearch",
      DATA_DIR: dataDir(),
    });
    expect(result.code).toBe(1);
    expect(oneLineError(result.stderr)).toMatch(
      /^Error: MEILI_URL: no bundled Meilisearch binary .*: set MEILI_URL \(and MEILI_API_KEY\)/,
    );
  });

  it("Meilisearch failing to start", async () => {
    const dir = dataDir();
    const fake = path.join(dir, "fake-meili.sh");
    fs.writeFileSync(fake, "#!/bin/sh\necho 'fatal: simulated failure' >&2\nexit 3\n", { mode: 0o755 });
    const result = await runStart({ DATABASE_URL: await freshDatabaseUrl(), MEILI_BINARY: fake, DATA_DIR: dir });
    expect(result.code).toBe(1);
    expect(oneLineError(result.stderr)).toMatch(
      /^Error: MEILI_URL: Meilisearch exited during start-up: fatal: simulated failure/,
    );
  });

  it("a corrupt embedded database directory", async () => {
    const dir = dataDir();
    fs.mkdirSync(path.join(dir, "pglite"), { recursive: true });
    fs.writeFileSync(path.join(dir, "pglite", "PG_VERSION"), "garbage\n");
    fs.writeFileSync(path.join(dir, "pglite", "global"), "not a directory");
    const result = await runStart({ DATA_DIR: dir });
    expect(result.code).toBe(1);
    expect(oneLineError(result.stderr)).toMatch(/^Error: DATA_DIR: the embedded database in .* could not be opened/);
    expect(fs.existsSync(path.join(dir, "portal.lock"))).toBe(false);
    expect(meiliFor(dir)).toEqual([]);
  });
});

describe("the embedded default (PGlite + bundled Meilisearch)", () => {
  it("starts, refuses a second process on the same DATA_DIR, stops Meilisearch on SIGTERM and reuses the data", async () => {
    const dir = dataDir();
    // The out-of-the-box path: embedded database, bundled Meilisearch, demo content.
    const first = await startPortalProcess({
      DATA_DIR: dir,
      DATABASE_URL: undefined,
      MEILI_URL: undefined,
      DEMO: "true",
    });
    try {
      expect(first.output()).toMatch(/Demo content loaded \(40 write-ups, 20 accounts\)/);
      expect(first.output()).toContain("Demo sign-ins, all with the password Demo-Solutions-2026");
      expect(first.output()).toContain("WARNING: these are DEMO accounts");
      const health = await fetch(`${first.url}/healthz`).then((r) => r.json());
      expect(health).toMatchObject({ status: "ok" });
      expect(meiliFor(dir, { binaryOnly: true })).toHaveLength(1);
      const keyFile = fs.statSync(path.join(dir, "meili-master-key"));
      expect(keyFile.mode & 0o777).toBe(0o600);
      const second = await runStart({ DATA_DIR: dir, DATABASE_URL: undefined, MEILI_URL: undefined });
      expect(second.code).toBe(1);
      expect(oneLineError(second.stderr)).toMatch(
        /is in use by another process .*stop the portal first, or set DATABASE_URL/,
      );
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    } finally {
      expect(await first.stop("SIGTERM")).toBe(0);
    }
    expect(await waitFor(() => meiliFor(dir).length === 0)).toBe(true);

    const again = await startPortalProcess({ DATA_DIR: dir, DATABASE_URL: undefined, MEILI_URL: undefined });
    try {
      expect(again.output()).not.toContain("migration applied");
      expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
    } finally {
      await again.stop("SIGINT");
    }
    expect(await waitFor(() => meiliFor(dir).length === 0)).toBe(true);
  });

  it("leaves no Meilisearch behind when the portal is killed with SIGKILL, and restarts on the same data", async () => {
    const dir = dataDir();
    const portal = await startPortalProcess({ DATA_DIR: dir, DATABASE_URL: undefined, MEILI_URL: undefined });
    expect(meiliFor(dir).length).toBeGreaterThan(0);
    await portal.stop("SIGKILL");
    expect(await waitFor(() => meiliFor(dir).length === 0)).toBe(true);

    const restarted = await startPortalProcess({ DATA_DIR: dir, DATABASE_URL: undefined, MEILI_URL: undefined });
    try {
      expect((await fetch(`${restarted.url}/healthz`)).status).toBe(200);
    } finally {
      await restarted.stop();
    }
  });
});
