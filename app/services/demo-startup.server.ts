import type { Db, Role } from "~/lib/db.server";
import { getLogger } from "~/lib/logger.server";
import { verifyPassword } from "~/lib/password.server";
import { countCoreRows } from "~/models/data-reset.server";
import { listCredentialsByEmails } from "~/models/user-lookup.server";
import { DEMO_USERS } from "./demo-content.server";
import { DEMO_PASSWORD, DemoSeedRefusedError, seedDemoContent, type DemoSeedReport } from "./demo-seed.server";

/** A demo account that still signs in with the demo password. */
export interface DemoSignIn {
  email: string;
  displayName: string;
  role: Role;
  subsidiaryCode: string;
}

/** What the start banner says about accounts. */
export type DemoState =
  /** Demo accounts are in use: list them with the password and a warning. */
  | { kind: "demo"; password: string; accounts: DemoSignIn[]; seeded?: DemoSeedReport }
  /** Nobody can sign in yet: explain how to create the first admin. */
  | { kind: "no-users"; demoEnabled: boolean }
  /** The portal's own accounts: nothing to say. */
  | { kind: "own-data" };

/**
 * At start-up, after migrations: with DEMO=true an empty database gets the demo content. Then, for
 * the banner, which situation we are in. Another instance seeding at the same moment is not an error
 * (the seed takes a lock and re-checks that the database is empty).
 */
export async function prepareDemoContent(db: Db, options: { enabled: boolean }): Promise<DemoState> {
  let seeded: DemoSeedReport | undefined;
  if (options.enabled && (await isEmptyDatabase(db))) {
    try {
      seeded = await seedDemoContent(db);
      getLogger().info({ ms: seeded.milliseconds }, "demo content loaded");
    } catch (error) {
      if (!(error instanceof DemoSeedRefusedError)) throw error;
    }
  }
  const accounts = await listDemoSignIns(db);
  if (accounts.length > 0) return { kind: "demo", password: DEMO_PASSWORD, accounts, seeded };
  if ((await countCoreRows(db)).users === 0) return { kind: "no-users", demoEnabled: options.enabled };
  return { kind: "own-data" };
}

async function isEmptyDatabase(db: Db): Promise<boolean> {
  const counts = await countCoreRows(db);
  return Object.values(counts).every((n) => n === 0);
}

/**
 * Demo accounts (users.json) that are active and still have the demo password. The seed gives them
 * all one hash, so this verifies each distinct hash once: a few ms when untouched, and an account
 * whose password was changed is never advertised.
 */
export async function listDemoSignIns(db: Db): Promise<DemoSignIn[]> {
  const rows = await listCredentialsByEmails(
    db,
    DEMO_USERS.map((u) => u.email),
  );
  const verdicts = new Map<string, Promise<boolean>>();
  const stillDemo = async (hash: string | null) => {
    if (!hash) return false;
    if (!verdicts.has(hash))
      verdicts.set(
        hash,
        verifyPassword(hash, DEMO_PASSWORD).catch(() => false),
      );
    return verdicts.get(hash)!;
  };
  const accounts: DemoSignIn[] = [];
  for (const demo of DEMO_USERS) {
    const row = rows.find((r) => r.email.toLowerCase() === demo.email);
    if (!row || !(await stillDemo(row.passwordHash))) continue;
    accounts.push({
      email: row.email,
      displayName: row.displayName,
      role: row.role,
      subsidiaryCode: row.subsidiaryCode,
    });
  }
  return accounts;
}
