import { parseArgs } from "node:util";
import { getUserByEmail } from "../app/models/user.server";
import { createApiToken, MAX_TOKEN_DAYS } from "../app/services/api-tokens.server";
import { CliError, runIfMain } from "./lib/cli";
import { withDatabase } from "./lib/db-session";

const USAGE = "usage: npm run token:create -- --email E [--label L] [--expires-days D]";

/** `npm run token:create`: prints a new API token for a user, once. */
export async function main(argv = process.argv.slice(2)): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { email: { type: "string" }, label: { type: "string" }, "expires-days": { type: "string" } },
      strict: true,
    }));
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`);
  }
  if (!values.email) throw new CliError(`--email is required\n${USAGE}`);
  const days = values["expires-days"] === undefined ? null : Number(values["expires-days"]);
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS)) {
    throw new CliError(`--expires-days must be a whole number from 1 to ${MAX_TOKEN_DAYS}`);
  }
  const label = (values.label ?? "CLI token").trim().slice(0, 80) || "CLI token";
  return withDatabase(async (db) => {
    const user = await getUserByEmail(db, values.email!);
    if (!user) throw new CliError(`no user with email ${values.email}`);
    if (user.deactivatedAt) throw new CliError(`user ${user.email} is deactivated`);
    const token = await createApiToken(db, { ...user }, { label, expiresInDays: days });
    console.log(token.token);
    return 0;
  });
}

runIfMain(import.meta, main);
