import { pathToFileURL } from "node:url";
import { ConfigError } from "../../app/lib/env.server";
import { StartupError } from "../../app/lib/startup-error.server";
import { DataDirLockedError } from "../../db/embedded-lock";
import { MigrationError } from "../../db/migrator";

/** A failure the user can act on: printed as one line, exit code 1, no stack trace. */
export class CliError extends Error {
  override name = "CliError";
}

const EXPECTED = [CliError, ConfigError, StartupError, DataDirLockedError, MigrationError];

/**
 * Runs a script's main() when the file is executed directly (not when a test imports it), turning
 * expected failures into one line on stderr and exit code 1.
 */
export function runIfMain(meta: ImportMeta, main: () => Promise<number | void>): void {
  if (meta.url !== pathToFileURL(process.argv[1] ?? "").href) return;
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      if (EXPECTED.some((type) => error instanceof type)) {
        console.error(`Error: ${(error as Error).message}`);
      } else {
        console.error(error);
      }
      process.exit(1);
    },
  );
}
