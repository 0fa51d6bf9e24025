import { parseArgs } from "node:util";
import { findSubsidiary } from "../app/models/subsidiary.server";
import { ValidationError } from "../app/services/errors";
import { createSubsidiary, normalizeSubsidiaryCode } from "../app/services/subsidiaries.server";
import { CliError, runIfMain } from "./lib/cli";
import { withDatabase } from "./lib/db-session";

const USAGE = "usage: npm run subsidiary:create -- --name N [--name-zh N] --code C [--hq]";

/** `npm run subsidiary:create`: idempotent by code. */
export async function main(argv = process.argv.slice(2)): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        name: { type: "string" },
        "name-zh": { type: "string" },
        code: { type: "string" },
        hq: { type: "boolean" },
      },
      strict: true,
    }));
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`);
  }
  if (!values.name || !values.code) throw new CliError(`--name and --code are required\n${USAGE}`);
  const code = normalizeSubsidiaryCode(values.code);
  if (!/^[A-Z0-9][A-Z0-9-]{1,15}$/.test(code)) throw new CliError("--code must be 2 to 16 letters, digits or dashes");
  return withDatabase(async (db) => {
    const existing = await findSubsidiary(db, code);
    if (existing && existing.code === code) {
      console.log(`subsidiary ${existing.code} (${existing.nameEn}) already exists; nothing changed`);
      return 0;
    }
    try {
      const created = await createSubsidiary(db, null, {
        code,
        nameEn: values.name!.trim(),
        nameZh: (values["name-zh"] ?? values.name!).trim(),
        isHeadquarters: Boolean(values.hq),
      });
      console.log(
        `created subsidiary ${created.code} (${created.nameEn})${created.isHeadquarters ? " as headquarters" : ""}`,
      );
      return 0;
    } catch (error) {
      if (error instanceof ValidationError) throw new CliError(Object.values(error.fieldErrors).flat().join(", "));
      throw error;
    }
  });
}

runIfMain(import.meta, main);
