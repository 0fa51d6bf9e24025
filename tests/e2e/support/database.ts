import crypto from "node:crypto";
import { inject } from "vitest";
import { createSchema, withSearchPath } from "../../setup/test-database";

/** A fresh schema in the run's throwaway database, so each portal under test starts empty. */
export async function freshDatabaseUrl(): Promise<string> {
  const base = inject("e2eDatabaseUrl");
  const schema = `e2e_${crypto.randomBytes(4).toString("hex")}`;
  await createSchema(base, schema);
  return withSearchPath(base, schema);
}
