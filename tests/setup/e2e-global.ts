import fs from "node:fs";
import type { TestProject } from "vitest/node";
import { buildApp, isBuildStale } from "../../scripts/lib/build";
import { CHROMIUM_PATH } from "../e2e/support/browser";
import { createThrowawayDatabase } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    e2eDatabaseUrl: string;
  }
}

/** Builds the app once (like `npm start` would) and makes a throwaway database for the run. */
export default async function setup(project: TestProject) {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  if (isBuildStale()) buildApp();
  const database = await createThrowawayDatabase();
  project.provide("e2eDatabaseUrl", database.url);
  return () => database.drop();
}
