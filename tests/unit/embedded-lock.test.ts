import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError } from "../../db/embedded-lock";

const ROOT = path.join(import.meta.dirname, "../..");
const CONTENDER = path.join(ROOT, "tests/fixtures/processes/lock-contender.ts");

const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sx-lock-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function deadPid(): Promise<number> {
  const other = spawn("true");
  await new Promise((resolve) => other.once("exit", resolve));
  return other.pid!;
}

/** Reads a child's stdout line by line. */
function lines(child: ChildProcess) {
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let buffer = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      const next = waiting.shift();
      if (next) next(line);
      else queue.push(line);
    }
  });
  child.once("exit", () => {
    for (const next of waiting.splice(0)) next(`exited ${child.exitCode}`);
  });
  return () =>
    new Promise<string>((resolve) => {
      const line = queue.shift();
      if (line !== undefined) resolve(line);
      else if (child.exitCode !== null) resolve(`exited ${child.exitCode}`);
      else waiting.push(resolve);
    });
}

/**
 * Starts `count` processes and, once all are loaded, has them try to take the lock at the same
 * instant. The winner holds it until every contender has reported, so a slow contender can never find
 * it free again. Returns what each saw.
 */
async function race(dir: string, count: number, file = "") {
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, ["--import", "tsx", CONTENDER, dir, file], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "inherit"],
    }),
  );
  const readers = children.map(lines);
  expect(await Promise.all(readers.map((next) => next()))).toEqual(children.map(() => "ready"));
  const startAt = Date.now() + 300;
  for (const child of children) child.stdin!.write(`${startAt}\n`);
  const reports = await Promise.all(readers.map((next) => next()));
  const exits = children.map((child) =>
    child.exitCode !== null ? child.exitCode : new Promise((resolve) => child.once("exit", resolve)),
  );
  for (const child of children) child.stdin!.end();
  const codes = await Promise.all(exits);
  return reports.map((said, i) => {
    const [outcome, owner] = said.split(" ");
    return {
      pid: children[i]!.pid!,
      outcome,
      owner: outcome === "refused" ? Number(owner) : undefined,
      code: codes[i],
    };
  });
}

describe("acquireDataDirLock", () => {
  it("writes our pid and removes the file on release", () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, "portal.lock"), "utf8")).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(path.join(dir, "portal.lock"))).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("refuses while another live process holds it, naming what to do", async () => {
    const dir = tempDir();
    const other = spawn("sleep", ["30"]);
    try {
      fs.writeFileSync(path.join(dir, "portal.lock"), String(other.pid));
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
      expect(() => acquireDataDirLock(dir)).toThrow(/stop the portal first, or set DATABASE_URL/);
      expect(() => acquireDataDirLock(dir, { describe: (d, pid) => `custom ${d} ${pid}` })).toThrow(
        `custom ${dir} ${other.pid}`,
      );
      expect(fs.readFileSync(path.join(dir, "portal.lock"), "utf8")).toBe(String(other.pid));
      // No temporary files left behind by the refused attempts.
      expect(fs.readdirSync(dir)).toEqual(["portal.lock"]);
    } finally {
      other.kill();
    }
  });

  it("takes over a lock whose owner has died", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "portal.lock"), String(await deadPid()));
    const lock = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, "portal.lock"), "utf8")).toBe(String(process.pid));
    lock.release();
  });

  it("takes over an old lock file without a pid, but waits while a fresh one may still be written", () => {
    const dir = tempDir();
    const file = path.join(dir, "portal.lock");
    fs.writeFileSync(file, "");
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(file, old, old);
    const lock = acquireDataDirLock(dir);
    expect(fs.readFileSync(file, "utf8")).toBe(String(process.pid));
    lock.release();

    fs.writeFileSync(file, "");
    const started = Date.now();
    const again = acquireDataDirLock(dir);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    again.release();
  });

  it("does not take over the lock of a live process that has created the file but not yet written its pid", async () => {
    const dir = tempDir();
    const file = path.join(dir, "portal.lock");
    // A slow writer: creates the lock file, writes its pid half a second later (the old way, non-atomic).
    const writer = spawn(process.execPath, [
      "-e",
      `const fs = require("fs"); const fd = fs.openSync(${JSON.stringify(file)}, "wx");
       process.stdout.write("created\\n");
       setTimeout(() => fs.writeSync(fd, String(process.pid)), 500); setInterval(() => {}, 1000);`,
    ]);
    try {
      await new Promise((resolve) => writer.stdout.once("data", resolve));
      expect(fs.readFileSync(file, "utf8")).toBe("");
      let thrown: unknown;
      try {
        acquireDataDirLock(dir).release();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DataDirLockedError);
      expect((thrown as DataDirLockedError).ownerPid).toBe(writer.pid);
      expect(fs.readFileSync(file, "utf8")).toBe(String(writer.pid));
    } finally {
      writer.kill();
    }
  });

  it("keeps separate locks apart by file name", () => {
    const dir = tempDir();
    const portal = acquireDataDirLock(dir);
    const search = acquireDataDirLock(dir, { file: "meili.lock" });
    expect(fs.readdirSync(dir).sort()).toEqual(["meili.lock", "portal.lock"]);
    search.release();
    portal.release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("gives the lock to exactly one of several processes starting at the same instant", async () => {
    for (let round = 0; round < 2; round++) {
      const dir = tempDir();
      const results = await race(dir, 6);
      expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0]);
      const winners = results.filter((r) => r.outcome === "acquired");
      expect(winners, JSON.stringify(results)).toHaveLength(1);
      expect(results.filter((r) => r.owner === winners[0]!.pid)).toHaveLength(5);
      expect(fs.readdirSync(dir)).toEqual([]);
    }
  }, 60_000);

  it("gives a dead owner's lock to exactly one of several processes taking it over at once", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "meili.lock"), String(await deadPid()));
    const results = await race(dir, 6, "meili.lock");
    const winners = results.filter((r) => r.outcome === "acquired");
    expect(winners, JSON.stringify(results)).toHaveLength(1);
    expect(results.filter((r) => r.owner === winners[0]!.pid)).toHaveLength(5);
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 30_000);
});
