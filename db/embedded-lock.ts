import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Only one process may open an embedded PGlite directory (two would corrupt it), and only one may run
 * the embedded Meilisearch on a DATA_DIR. The lock is a file holding the owner's pid. It is written in
 * full under a temporary name and hard-linked into place, which is atomic and fails if the lock
 * exists: there is never a moment when the lock exists without its pid (an empty file would look
 * stale, and a second process starting at the same time would take it over). Libraries that judge
 * staleness by mtime (e.g. proper-lockfile) make a restart after `kill -9` wait for the stale timeout;
 * checking whether the recorded pid is still alive frees a dead owner's lock at once.
 */
export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
    message = `DATA_DIR ${dataDir} is in use by another process (pid ${ownerPid}): stop the portal first, or set DATABASE_URL to use a PostgreSQL server`,
  ) {
    super(message);
  }
}

export interface DirLock {
  release(): void;
}

export interface LockOptions {
  /** The lock file's name inside the directory. */
  file?: string;
  /** The one line shown when a live process holds the lock. */
  describe?: (dataDir: string, ownerPid: number) => string;
}

/** A lock file without a readable pid this young may be another program still writing it. */
const UNREADABLE_GRACE_MS = 2_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function parsePid(text: string): number | undefined {
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function readOwner(lockPath: string): number | undefined {
  try {
    return parsePid(fs.readFileSync(lockPath, "utf8"));
  } catch {
    return undefined;
  }
}

/** The lock file as it is now: which file (inode), whose pid, how old. Undefined when it is gone. */
function inspect(lockPath: string): { ino: number; pid: number | undefined; ageMs: number } | undefined {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const stat = fs.fstatSync(fd);
    const buffer = Buffer.alloc(32);
    const bytes = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return {
      ino: stat.ino,
      pid: parsePid(buffer.subarray(0, bytes).toString("utf8")),
      ageMs: Date.now() - stat.mtimeMs,
    };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Removes the stale lock file we inspected, and only that one: it is renamed aside first (atomic), and
 * if what we moved turns out to be another process's fresh lock (it took the stale one over between
 * our look and the rename), it is linked back.
 */
function removeStale(lockPath: string, staleIno: number): void {
  const aside = `${lockPath}.stale-${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  try {
    if (fs.statSync(aside).ino !== staleIno) fs.linkSync(aside, lockPath);
  } catch {
    // Someone else holds the lock now; their file is in place.
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function acquireDataDirLock(dataDir: string, options: LockOptions = {}): DirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, options.file ?? "portal.lock");
  const pending = `${lockPath}.${process.pid}-${crypto.randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(pending, String(process.pid), { mode: 0o600 });
  try {
    const deadline = Date.now() + UNREADABLE_GRACE_MS + 1_000;
    for (let attempt = 0; Date.now() < deadline || attempt < 5; attempt++) {
      try {
        fs.linkSync(pending, lockPath);
        return holdLock(lockPath);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const current = inspect(lockPath);
      if (!current) continue; // Released meanwhile: try again.
      if (current.pid !== undefined && current.pid !== process.pid && isAlive(current.pid)) {
        const where = path.resolve(dataDir);
        throw new DataDirLockedError(where, current.pid, options.describe?.(where, current.pid));
      }
      if (current.pid === undefined && current.ageMs < UNREADABLE_GRACE_MS) {
        sleepSync(50);
        continue;
      }
      // The owner died without cleaning up (or an old, unreadable file): take it over.
      removeStale(lockPath, current.ino);
    }
  } finally {
    fs.rmSync(pending, { force: true });
  }
  throw new Error(`could not take the lock ${lockPath}`);
}

function holdLock(lockPath: string): DirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener("exit", release);
    if (readOwner(lockPath) === process.pid) fs.rmSync(lockPath, { force: true });
  };
  process.once("exit", release);
  return { release };
}
