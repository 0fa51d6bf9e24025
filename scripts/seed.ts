import { parseArgs } from "node:util";
import { DEMO_PASSWORD, DemoSeedRefusedError, seedDemoContent } from "../app/services/demo-seed.server";
import { listDemoSignIns } from "../app/services/demo-startup.server";
import { CliError, runIfMain } from "./lib/cli";
import { withDatabase } from "./lib/db-session";
import { demoBannerLines } from "./lib/start-banner";

const USAGE = "usage: npm run seed -- [--reset]";

/**
 * `npm run seed`: loads the demo content (scripts/demo-content/) into an empty database. `--reset`
 * first deletes ALL data (every table but the migration bookkeeping), in the same transaction.
 */
export async function main(argv = process.argv.slice(2)): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { reset: { type: "boolean" } }, strict: true }));
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`);
  }
  return withDatabase(async (db) => {
    let report;
    try {
      report = await seedDemoContent(db, { reset: values.reset });
    } catch (error) {
      if (error instanceof DemoSeedRefusedError) throw new CliError(error.message);
      throw error;
    }
    const { published, inReview, draft } = report.solutions;
    console.log(
      `${values.reset ? "Deleted all data, then loaded" : "Loaded"} the demo content in ${(report.milliseconds / 1000).toFixed(1)} s: ` +
        `${report.subsidiaries} subsidiaries, ${report.painPoints} pain points, ${report.synonymGroups} synonym groups, ` +
        `${report.users} users, ${published + inReview + draft} write-ups (${published} published, ${inReview} in review, ${draft} drafts), ` +
        `${report.revisions} later edits, ${report.reuses} reuse records, ${report.featured} featured best practices.`,
    );
    const accounts = await listDemoSignIns(db);
    for (const line of demoBannerLines({ kind: "demo", password: DEMO_PASSWORD, accounts })) console.log(line);
    return 0;
  });
}

runIfMain(import.meta, main);
