import crypto from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { closeDatabase, getDb } from "~/lib/db.server";
import { resetEnvForTests } from "~/lib/env.server";
import { closeSearch, getSearch } from "~/lib/search.server";
import { migrateToLatest } from "../../db/migrator";
import { createSchema, dropSchema, withSearchPath } from "./test-database";

/**
 * Each integration test file gets its own PostgreSQL schema (migrated to the latest version) and its
 * own Meilisearch index prefix, so files can run in parallel without seeing each other's data.
 */
const suffix = crypto.randomBytes(4).toString("hex");
const schema = `t_${suffix}`;
const databaseUrl = inject("databaseUrl");

process.env.NODE_ENV = "test";
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? "silent";
process.env.DATABASE_URL = withSearchPath(databaseUrl, schema);
process.env.DATABASE_POOL_SIZE = "5";
process.env.MEILI_URL = inject("meiliUrl");
process.env.MEILI_API_KEY = inject("meiliApiKey");
process.env.MEILI_INDEX_PREFIX = `t${inject("runId")}_${suffix}_`;
resetEnvForTests();

beforeAll(async () => {
  await createSchema(databaseUrl, schema);
  await migrateToLatest(getDb());
});

afterAll(async () => {
  const prefix = process.env.MEILI_INDEX_PREFIX!;
  try {
    const { results } = await getSearch().client.getIndexes({ limit: 1000 });
    await Promise.all(
      results.filter((index) => index.uid.startsWith(prefix)).map((index) => getSearch().client.deleteIndex(index.uid)),
    );
  } finally {
    closeSearch();
    await closeDatabase();
    await dropSchema(databaseUrl, schema);
  }
});
