import type { TestProject } from "vitest/node";
import { createThrowawayDatabase } from "./test-database";
import { startTestSearch } from "./test-search";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    meiliUrl: string;
    meiliApiKey: string;
    meiliMasterKey: string;
    runId: string;
  }
}

/** One throwaway database and one Meilisearch for the whole integration run. */
export default async function setup(project: TestProject) {
  const database = await createThrowawayDatabase();
  let search;
  try {
    search = await startTestSearch();
  } catch (error) {
    await database.drop();
    throw error;
  }
  project.provide("databaseUrl", database.url);
  project.provide("meiliUrl", search.url);
  project.provide("meiliApiKey", search.apiKey);
  project.provide("meiliMasterKey", search.masterKey);
  project.provide("runId", `${process.pid}${Date.now().toString(36)}`);

  return async () => {
    await search.stop();
    await database.drop();
  };
}
