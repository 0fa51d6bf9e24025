import { parseArgs } from "node:util";
import { solutionsIndexUid } from "../app/lib/search-index.server";
import { compareIndexWithDatabase, countDifferences, type IndexComparison } from "../search/check";
import { getOutboxBacklog } from "../search/outbox";
import { CliError, runIfMain } from "./lib/cli";
import { withDatabase } from "./lib/db-session";
import { withSearch } from "./lib/search-session";

const USAGE = "usage: npm run search:check [-- --json] [-- --show N]";

function listIds(label: string, ids: string[], show: number): string[] {
  if (ids.length === 0) return [];
  const shown = ids.slice(0, show).join(", ");
  return [`  ${label}: ${ids.length}${show > 0 ? ` (${shown}${ids.length > show ? ", …" : ""})` : ""}`];
}

/**
 * `npm run search:check`: compares PostgreSQL with the search index and lists write-ups missing from
 * the index, extra in it, and stale (older revision or any other field out of date). Exit code 1 when
 * anything differs. A non-empty outbox backlog explains differences that will heal by themselves.
 */
export async function main(argv = process.argv.slice(2)): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { json: { type: "boolean", default: false }, show: { type: "string", default: "10" } },
      strict: true,
    }));
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`);
  }
  const show = Number.parseInt(values.show ?? "10", 10);
  if (!Number.isInteger(show) || show < 0) throw new CliError(`--show must be a whole number\n${USAGE}`);

  return withDatabase((db) =>
    withSearch(async (client) => {
      const indexUid = solutionsIndexUid();
      const comparison: IndexComparison = await compareIndexWithDatabase({ db, client, indexUid });
      const outbox = await getOutboxBacklog(db);
      const differences = countDifferences(comparison);
      if (values.json) {
        console.log(JSON.stringify({ indexUid, differences, ...comparison, outbox }));
      } else {
        console.log(
          [
            `index ${indexUid}: ${comparison.indexCount} documents; PostgreSQL: ${comparison.databaseCount} published write-ups`,
            ...listIds("missing", comparison.missing, show),
            ...listIds("extra", comparison.extra, show),
            ...listIds("stale", comparison.stale, show),
            differences === 0 ? "in step: no differences" : `${differences} differences`,
            outbox.backlog > 0
              ? `outbox: ${outbox.backlog} changes waiting (oldest ${outbox.oldestAgeSeconds ?? 0} s); the worker applies them while the portal runs`
              : "outbox: empty",
          ].join("\n"),
        );
      }
      return differences === 0 ? 0 : 1;
    }),
  );
}

runIfMain(import.meta, main);
