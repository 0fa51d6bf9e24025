import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { rebuildSolutionsIndex, solutionsIndexUid } from "../app/lib/search-index.server";
import type { RebuildProgress } from "../search/reindex";
import { CliError, runIfMain } from "./lib/cli";
import { withDatabase } from "./lib/db-session";
import { withSearch } from "./lib/search-session";

const USAGE = "usage: npm run search:reindex [-- --batch-size N]";

interface ProgressReporter {
  update(progress: RebuildProgress): void;
  done(): void;
}

/** A bar on a terminal; on a pipe or in CI, one plain line at most every second. */
function progressReporter(isTTY: boolean): ProgressReporter {
  const started = performance.now();
  const rate = (indexed: number) => Math.round(indexed / Math.max(0.001, (performance.now() - started) / 1000));
  if (isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: "reindexing [{bar}] {value}/{total} | {rate} docs/s | ETA {eta_formatted}", hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let begun = false;
    return {
      update({ indexed, total }) {
        if (!begun) bar.start(total, 0, { rate: 0 });
        begun = true;
        bar.setTotal(total);
        bar.update(indexed, { rate: rate(indexed) });
      },
      done: () => begun && bar.stop(),
    };
  }
  let lastPrinted = 0;
  let last: RebuildProgress | undefined;
  return {
    update(progress) {
      last = progress;
      if (performance.now() - lastPrinted < 1_000 && progress.indexed < progress.total) return;
      lastPrinted = performance.now();
      console.log(`indexed ${progress.indexed}/${progress.total} (${rate(progress.indexed)} docs/s)`);
    },
    done() {
      if (last && last.indexed === 0) console.log("indexed 0/0");
    },
  };
}

/**
 * `npm run search:reindex`: rebuilds the search index from PostgreSQL into a fresh index with the
 * current settings and swaps it in atomically; searches keep answering from the old index meanwhile.
 * Safe to re-run. With the embedded database, run it while the portal is stopped.
 */
export async function main(
  argv = process.argv.slice(2),
  io = { isTTY: Boolean(process.stdout.isTTY) },
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { "batch-size": { type: "string" } }, strict: true }));
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`);
  }
  const batchSize = values["batch-size"] === undefined ? 1_000 : Number.parseInt(values["batch-size"], 10);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
    throw new CliError(`--batch-size must be a whole number from 1 to 10000\n${USAGE}`);

  return withDatabase((db) =>
    withSearch(async () => {
      const reporter = progressReporter(io.isTTY);
      let result;
      try {
        result = await rebuildSolutionsIndex(db, { batchSize, onProgress: (p) => reporter.update(p) });
      } finally {
        reporter.done();
      }
      const seconds = result.durationMs / 1000;
      console.log(
        `rebuilt ${solutionsIndexUid()}: ${result.documents} documents in ${seconds.toFixed(1)} s ` +
          `(${Math.round(result.documents / Math.max(seconds, 0.001))} docs/s); ` +
          `${result.replayed} changes made meanwhile were queued again`,
      );
      return 0;
    }),
  );
}

runIfMain(import.meta, main);
