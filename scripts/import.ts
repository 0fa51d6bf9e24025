import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { ServiceError } from "../app/services/errors";
import {
  importSolutions,
  resolveImportActor,
  type ImportInputFile,
  type ImportProgress,
} from "../app/services/import.server";
import { CliError, runIfMain } from "./lib/cli";
import { withDatabase } from "./lib/db-session";
import { formatImportSummary } from "./lib/import-report";

const USAGE = "usage: npm run import -- <folder> [--dry-run] [--create-missing] [--as EMAIL]";

/**
 * `npm run import`: every *.md file under a folder (recursively), in the format `npm run export`
 * writes. Exit code 1 when any file failed; the others are imported all the same.
 */
export async function main(
  argv = process.argv.slice(2),
  io = { isTTY: Boolean(process.stderr.isTTY) },
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        "dry-run": { type: "boolean" },
        "create-missing": { type: "boolean" },
        as: { type: "string" },
      },
      strict: true,
    });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new CliError(`name exactly one folder\n${USAGE}`);
  const folder = path.resolve(positionals[0]!);
  const files = readMarkdownFiles(folder);

  return withDatabase(async (db) => {
    let actor;
    try {
      actor = await resolveImportActor(db, values.as);
    } catch (error) {
      if (error instanceof ServiceError) throw new CliError(error.message);
      throw error;
    }
    console.log(
      `${values["dry-run"] ? "Dry run: checking" : "Importing"} ${files.length} file${files.length === 1 ? "" : "s"} from ${folder} as ${actor.user.email}` +
        (actor.firstAdmin ? " (the first admin; pass --as EMAIL to import as someone else)" : ""),
    );
    const progress = io.isTTY ? progressBar(files.length) : undefined;
    const summary = await importSolutions(db, files, {
      actor: actor.user,
      dryRun: values["dry-run"],
      createMissing: values["create-missing"],
      onProgress: progress?.update ?? printProgress,
    });
    progress?.stop();
    for (const line of formatImportSummary(summary)) console.log(line);
    return summary.failed.length > 0 ? 1 : 0;
  });
}

/** Every *.md file under `folder`, with its path relative to the folder, in a stable order. */
export function readMarkdownFiles(folder: string): ImportInputFile[] {
  let stat;
  try {
    stat = fs.statSync(folder);
  } catch {
    throw new CliError(`${folder} does not exist`);
  }
  if (!stat.isDirectory()) throw new CliError(`${folder} is not a folder`);
  const names = (fs.readdirSync(folder, { recursive: true, encoding: "utf8" }) as string[])
    .filter((name) => name.toLowerCase().endsWith(".md"))
    .filter((name) => fs.statSync(path.join(folder, name)).isFile())
    .sort();
  if (names.length === 0) throw new CliError(`no .md files under ${folder}`);
  return names.map((name) => ({
    name: name.split(path.sep).join("/"),
    bytes: fs.readFileSync(path.join(folder, name)),
  }));
}

function printProgress({ done, total, file, outcome }: ImportProgress) {
  console.log(`[${done}/${total}] ${outcome.padEnd(9)} ${file}`);
}

function progressBar(total: number) {
  const bar = new cliProgress.SingleBar(
    { format: "  [{bar}] {value}/{total}  {file}", hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { file: "" });
  return {
    update: ({ done, file }: ImportProgress) => bar.update(done, { file }),
    stop: () => bar.stop(),
  };
}

runIfMain(import.meta, main);
