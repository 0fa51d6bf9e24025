import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../search/embedded";
import pg from "pg";
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

/** Tables in the schema a database URL points at (its search_path). */
async function tableCount(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      "select count(*)::int as n from information_schema.tables where table_schema = current_schema()",
    );
    return rows[0]!.n;
  } finally {
    await client.end();
  }
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

  it("a port already in use, before any slow step (database, migrations, demo content, Meilisearch)", async () => {
    const port = await findFreePort();
    const blocker = net.createServer().listen(port, "127.0.0.1");
    const dir = dataDir();
    const databaseUrl = await freshDatabaseUrl();
    try {
      for (const env of [
        // The out-of-the-box path: embedded database, bundled Meilisearch, demo content.
        { DATABASE_URL: undefined, MEILI_URL: undefined, DEMO: "true" },
        { DATABASE_URL: databaseUrl, DEMO: "true" },
      ]) {
        const result = await runStart({ ...env, PORT: String(port), DATA_DIR: dir });
        expect(result.code).toBe(1);
        expect(oneLineError(result.stderr)).toBe(
          `Error: PORT ${port} is already in use on 127.0.0.1: stop what uses it or set PORT`,
        );
        // Nothing slow ran: no embedded database, no Meilisearch data or key, no child process.
        expect(fs.readdirSync(dir)).toEqual([]);
        expect(meiliFor(dir)).toEqual([]);
      }
      expect(await tableCount(databaseUrl)).toBe(0);
    } finally {
      blocker.close();
    }
  });

  it("a DATA_DIR that is a file, with DATABASE_URL set", async () => {
    const file = path.join(dataDir(), "not-a-folder");
    fs.writeFileSync(file, "x");
    const result = await runStart({ DATABASE_URL: await freshDatabaseUrl(), DATA_DIR: file });
    expect(result.code).toBe(1);
    expect(oneLineError(result.stderr)).toBe(
      `Error: DATA_DIR: ${file} cannot hold the embedded Meilisearch data: it (or a folder above it) is a file, not a folder; point DATA_DIR at a folder, or set MEILI_URL`,
    );
  });

  it("a MEILI_BINARY that does not exist", async () => {
    const result = await runStart({
      DATABASE_URL: await freshDatabaseUrl(),
      MEILI_BINARY: "/nonexistent/meilisearch",
      DATA_DIR: dataDir(),
    });
    expect(result.code).toBe(1);
    expect(oneLineError(result.stderr)).toBe(
      "Error: MEILI_BINARY: /nonexistent/meilisearch does not exist: point MEILI_BINARY at a Meilisearch binary, or unset it to use the bundled one",
    );
  });

  it("Meilisearch failing to start", async () => {
    const dir = dataDir();
    const fake = path.join(dir, "fake-meili.sh");
    fs.writeFileSync(fake, "#!/bin/sh\necho 'fatal: simulated failure' >&2\nexit 3\n", { mode: 0o755 });
    const result = await runStart({ DATABASE_URL: await freshDatabaseUrl(), MEILI_BINARY: fake, DATA_DIR: dir });
    expect(result.code).toBe(1);
    expect(oneLineError(result.stderr)).toBe(
      `Error: DATA_DIR: the embedded Meilisearch with its data in ${dir}/meili exited during start-up: fatal: simulated failure. If that folder is damaged, move it away to start afresh (the index is rebuilt from the database), check MEILI_BINARY (${fake}), or set MEILI_URL`,
    );
    expect(await waitFor(() => meiliFor(dir).length === 0)).toBe(true);
  });

  it("a corrupt embedded Meilisearch data folder", async () => {
    const dir = dataDir();
    fs.mkdirSync(path.join(dir, "meili"), { recursive: true });
    fs.writeFileSync(path.join(dir, "meili", "VERSION"), "garbage\n");
    const result = await runStart({ DATABASE_URL: await freshDatabaseUrl(), DATA_DIR: dir });
    expect(result.code).toBe(1);
    const line = oneLineError(result.stderr);
    expect(line).toMatch(
      new RegExp(
        `^Error: DATA_DIR: the embedded Meilisearch with its data in ${dir}/meili exited during start-up: Error: Version file is corrupted`,
      ),
    );
    expect(line).toMatch(/move it away to start afresh .*, or set MEILI_URL$/);
    expect(await waitFor(() => meiliFor(dir).length === 0)).toBe(true);
    expect(fs.existsSync(path.join(dir, "meili.lock"))).toBe(false);
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

describe("two portals on one DATA_DIR with DATABASE_URL set", () => {
  it("the second refuses in one line and leaves the first one's Meilisearch running", async () => {
    const dir = dataDir();
    const first = await startPortalProcess({
      DATA_DIR: dir,
      DATABASE_URL: await freshDatabaseUrl(),
      MEILI_URL: undefined,
    });
    try {
      const meili = meiliFor(dir, { binaryOnly: true });
      expect(meili).toHaveLength(1);
      const second = await runStart({ DATA_DIR: dir, DATABASE_URL: await freshDatabaseUrl(), MEILI_URL: undefined });
      expect(second.code).toBe(1);
      expect(oneLineError(second.stderr)).toBe(
        `Error: DATA_DIR: ${dir}/meili is in use by the embedded Meilisearch of another process (pid ${first.child.pid}): stop that portal first, or set MEILI_URL to use a Meilisearch server`,
      );
      expect(meiliFor(dir, { binaryOnly: true })).toEqual(meili);
      expect(await fetch(`${first.url}/healthz`).then((r) => r.json())).toMatchObject({ status: "ok" });
    } finally {
      expect(await first.stop("SIGTERM")).toBe(0);
    }
    expect(await waitFor(() => meiliFor(dir).length === 0)).toBe(true);
    expect(fs.existsSync(path.join(dir, "meili.lock"))).toBe(false);
  });
});

describe("while starting", () => {
  it("answers 503 starting on the port it bound first, then serves", async () => {
    const port = String(await findFreePort());
    const url = `http://127.0.0.1:${port}`;
    // Demo content takes a few seconds to load: time to see the portal answer while it starts.
    const starting = startPortalProcess({ DATABASE_URL: await freshDatabaseUrl(), DEMO: "true", PORT: port });
    let started = false;
    void starting.then(
      () => (started = true),
      () => (started = true),
    );
    const seen: { status: number; body: string; retryAfter: string | null }[] = [];
    while (!started) {
      try {
        const response = await fetch(`${url}/healthz`);
        seen.push({
          status: response.status,
          body: await response.text(),
          retryAfter: response.headers.get("retry-after"),
        });
      } catch {
        // Not bound yet (Node and the build are loading).
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const portal = await starting;
    try {
      expect(seen.length).toBeGreaterThan(0);
      expect(seen[0]).toEqual({ status: 503, body: JSON.stringify({ status: "starting" }), retryAfter: "2" });
      const page = await fetch(`${url}/`, { headers: { "Accept-Language": "zh" } });
      expect(page.status).not.toBe(503);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      await portal.stop();
    }
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

    const masterKey = fs.readFileSync(path.join(dir, "meili-master-key"), "utf8");
    // Info level this time, so "migration applied" and "demo content loaded" would show if they ran.
    const again = await startPortalProcess({
      DATA_DIR: dir,
      DATABASE_URL: undefined,
      MEILI_URL: undefined,
      DEMO: "true",
      LOG_LEVEL: "info",
    });
    try {
      expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
      expect(await waitFor(() => again.output().includes('"msg":"request"'))).toBe(true);
      expect(again.output()).not.toContain("migration applied");
      expect(again.output()).not.toContain("demo content loaded");
      expect(again.output()).not.toContain("search index created");
      // The demo accounts of the first run are still there, and still sign in.
      expect(again.output()).toContain("Demo content is in use.");
      expect(again.output()).toMatch(/zhang\.wei@example\.com\s+admin/);
      const signIn = await fetch(`${again.url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: again.url, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: "zhang.wei@example.com", password: "Demo-Solutions-2026" }),
      });
      expect(signIn.status).toBe(302);
      const cookie = signIn.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const writeUp = await fetch(`${again.url}/solutions/ctu-deep-excavation-monitoring`, {
        headers: { Cookie: cookie },
      });
      expect(writeUp.status).toBe(200);
      expect(await writeUp.text()).toContain("Automated monitoring of a deep excavation next to a metro line");
      expect(fs.readFileSync(path.join(dir, "meili-master-key"), "utf8")).toBe(masterKey);
    } finally {
      await again.stop("SIGINT");
    }
    expect(await waitFor(() => meiliFor(dir).length === 0)).toBe(true);
    // Three starts, two of them creating or checking the demo content, on a machine that may be busy.
  }, 240_000);

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
