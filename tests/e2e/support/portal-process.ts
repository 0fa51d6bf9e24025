import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "../../../search/embedded";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export interface PortalProcess {
  url: string;
  child: ChildProcess;
  dataDir: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm start`'s command directly (not through npm) so the pid we hold is the portal's. */
function spawnStart(env: Record<string, string | undefined>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    // Tests that want the demo content ask for it (DEMO=true); seeding every portal would slow them all.
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "warn", DEMO: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "sx-e2e-data-"));
}

/** Starts the portal and resolves once it prints its banner; rejects with its output if it exits. */
export async function startPortalProcess(env: Record<string, string | undefined> = {}): Promise<PortalProcess> {
  const port = env.PORT ?? String(await findFreePort());
  const dataDir = env.DATA_DIR ?? tempDataDir();
  const child = spawnStart({ DATA_DIR: dataDir, ...env, PORT: port });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`portal did not start within 90 s:\n${output}`)), 90_000);
    const onData = () => {
      if (output.includes("is running at")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`portal exited with ${code} during start-up:\n${output}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    child,
    dataDir,
    output: () => output,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}

/** Runs the start command to completion (for start-up failures) and collects its output. */
export async function runStart(env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<RunResult> {
  const child = spawnStart(env);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** Processes whose command line mentions `needle` (used to prove no Meilisearch is left behind). */
export function processesMatching(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      const state = fs.readFileSync(`/proc/${entry}/stat`, "utf8").split(" ")[2];
      if (cmdline.includes(needle) && state !== "Z") pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

export async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}
