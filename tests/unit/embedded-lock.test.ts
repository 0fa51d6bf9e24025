import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError } from "../../db/embedded-lock";

const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sx-lock-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("acquireDataDirLock", () => {
  it("writes our pid and removes the file on release", () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, "portal.lock"), "utf8")).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(path.join(dir, "portal.lock"))).toBe(false);
  });

  it("refuses while another live process holds it, naming what to do", async () => {
    const dir = tempDir();
    const other = spawn("sleep", ["30"]);
    try {
      fs.writeFileSync(path.join(dir, "portal.lock"), String(other.pid));
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
      expect(() => acquireDataDirLock(dir)).toThrow(/stop the portal first, or set DATABASE_URL/);
      expect(fs.readFileSync(path.join(dir, "portal.lock"), "utf8")).toBe(String(other.pid));
    } finally {
      other.kill();
    }
  });

  it("takes over a lock whose owner has died", async () => {
    const dir = tempDir();
    const other = spawn("true");
    await new Promise((resolve) => other.once("exit", resolve));
    fs.writeFileSync(path.join(dir, "portal.lock"), String(other.pid));
    const lock = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, "portal.lock"), "utf8")).toBe(String(process.pid));
    lock.release();
  });

  it("takes over a half-written lock file", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "portal.lock"), "");
    const lock = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, "portal.lock"), "utf8")).toBe(String(process.pid));
    lock.release();
  });
});
