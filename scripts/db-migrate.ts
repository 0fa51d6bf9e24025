import { parseArgs } from "node:util";
import { closeDatabase, openCheckedDatabase } from "../app/lib/db.server";
import { listPendingMigrations, migrateDown, migrateToLatest } from "../db/migrator";
import { CliError, runIfMain } from "./lib/cli";

const USAGE = "usage: npm run db:migrate [-- --down [--all] | --status]";

/** `npm run db:migrate`: apply pending migrations; `-- --down` reverts the latest (or `--all`). */
export async function main(argv = process.argv.slice(2)): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { down: { type: "boolean" }, all: { type: "boolean" }, status: { type: "boolean" } },
      strict: true,
    }));
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`);
  }
  const { db } = await openCheckedDatabase();
  try {
    if (values.status) {
      const pending = await listPendingMigrations(db);
      console.log(pending.length ? `pending: ${pending.join(", ")}` : "up to date");
      return 0;
    }
    if (values.down) {
      const reverted = await migrateDown(db, { all: values.all });
      console.log(reverted.length ? reverted.map((name) => `reverted ${name}`).join("\n") : "nothing to revert");
      return 0;
    }
    const applied = await migrateToLatest(db);
    console.log(applied.length ? applied.map((name) => `applied ${name}`).join("\n") : "already up to date");
    return 0;
  } finally {
    await closeDatabase();
  }
}

runIfMain(import.meta, main);
