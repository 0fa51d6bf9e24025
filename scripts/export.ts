import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ServiceError } from "../app/services/errors";
import { exportSolutionFiles } from "../app/services/export.server";
import { CliError, runIfMain } from "./lib/cli";
import { withDatabase } from "./lib/db-session";

const USAGE = "usage: npm run export -- <folder> [--subsidiary CODE_OR_NAME] [--include-archived]";

/**
 * `npm run export`: one `<slug>.md` per write-up in the import format (existing files of the same
 * name are overwritten). Drafts, write-ups in review and published ones; archived only on request.
 */
export async function main(argv = process.argv.slice(2)): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        subsidiary: { type: "string" },
        "include-archived": { type: "boolean" },
      },
      strict: true,
    });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new CliError(`name exactly one folder\n${USAGE}`);
  const folder = path.resolve(positionals[0]!);
  if (fs.existsSync(folder) && !fs.statSync(folder).isDirectory()) throw new CliError(`${folder} is not a folder`);

  return withDatabase(async (db) => {
    fs.mkdirSync(folder, { recursive: true });
    const counts = new Map<string, number>();
    try {
      for await (const file of exportSolutionFiles(db, {
        subsidiary: values.subsidiary,
        includeArchived: values["include-archived"],
      })) {
        fs.writeFileSync(path.join(folder, `${file.slug}.md`), file.markdown);
        counts.set(file.status, (counts.get(file.status) ?? 0) + 1);
      }
    } catch (error) {
      if (error instanceof ServiceError) throw new CliError(error.message);
      throw error;
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const detail = [...counts].map(([status, n]) => `${n} ${status.replace("_", " ")}`).join(", ");
    console.log(`Exported ${total} write-up${total === 1 ? "" : "s"} to ${folder}${total ? ` (${detail})` : ""}`);
    return 0;
  });
}

runIfMain(import.meta, main);
