import { parseArgs } from "node:util";
import { isRole, ROLES } from "../app/policies/roles";
import { findSubsidiary } from "../app/models/subsidiary.server";
import { getUserByEmail } from "../app/models/user.server";
import { ValidationError } from "../app/services/errors";
import { createUserDirectly } from "../app/services/users.server";
import { findPasswordProblem } from "../app/lib/password.server";
import { CliError, runIfMain } from "./lib/cli";
import { withDatabase } from "./lib/db-session";
import { promptHidden } from "./lib/prompt";

const USAGE =
  "usage: npm run user:create -- --email E --name N --subsidiary CODE_OR_NAME --role member|lead|curator|admin [--password P]";

/** `npm run user:create`: bootstraps accounts (the first admin). Idempotent: an existing email is left alone. */
export async function main(
  argv = process.argv.slice(2),
  io = { isTTY: Boolean(process.stdin.isTTY) },
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        email: { type: "string" },
        name: { type: "string" },
        subsidiary: { type: "string" },
        role: { type: "string" },
        password: { type: "string" },
        locale: { type: "string" },
      },
      strict: true,
    }));
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`);
  }
  const { email, name, subsidiary, role } = values;
  if (!email || !name || !subsidiary || !role)
    throw new CliError(`--email, --name, --subsidiary and --role are required\n${USAGE}`);
  if (!isRole(role)) throw new CliError(`--role must be one of ${ROLES.join(", ")}`);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new CliError(`--email ${email} is not an email address`);

  return withDatabase(async (db) => {
    const existing = await getUserByEmail(db, email);
    if (existing) {
      console.log(`user ${existing.email} already exists (role ${existing.role}); nothing changed`);
      return 0;
    }
    const found = await findSubsidiary(db, subsidiary);
    if (!found || found.archivedAt) {
      throw new CliError(
        `unknown subsidiary "${subsidiary}": create it with npm run subsidiary:create -- --code C --name N`,
      );
    }
    let password = values.password;
    if (!password) {
      if (!io.isTTY) throw new CliError("--password is required when stdin is not a terminal");
      password = await promptHidden(`Password for ${email}: `);
    }
    const problem = findPasswordProblem(password, { email });
    if (problem) throw new CliError(`refusing the password: ${problem.replace("_", " ")}`);
    try {
      const user = await createUserDirectly(db, {
        email,
        displayName: name,
        subsidiaryId: found.id,
        role,
        password,
        locale: values.locale === "zh" || values.locale === "en" ? values.locale : null,
      });
      console.log(`created ${user.role} ${user.email} in ${found.code}`);
      return 0;
    } catch (error) {
      if (error instanceof ValidationError) throw new CliError(Object.values(error.fieldErrors).flat().join(", "));
      throw error;
    }
  });
}

runIfMain(import.meta, main);
