import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import demoPlan from "../../scripts/demo-content/demo-plan.json";
import demoSubsidiaries from "../../scripts/demo-content/subsidiaries.json";
import demoUsers from "../../scripts/demo-content/users.json";
import type { Role } from "~/lib/db.server";
import type { ImportInputFile } from "./import.server";

/**
 * The demo content in scripts/demo-content/ (checked by tests/unit/demo-content.test.ts). Only the
 * start script, `npm run seed` and tests load it, all from the source tree, so the write-up files are
 * read relative to this module.
 */
export const DEMO_CONTENT_DIR = fileURLToPath(new URL("../../scripts/demo-content/", import.meta.url));

export interface DemoUser {
  email: string;
  name: string;
  subsidiary: string;
  role: Role;
  locale: "en" | "zh";
}

export interface DemoPlan {
  /** Slugs submitted for review but not published. */
  inReview: string[];
  /** Later edits of published write-ups, applied in order. */
  revisions: { slug: string; summary: string; note: string }[];
  /** Teams recording that they reuse a published write-up (for the recorder's own subsidiary). */
  reuses: { slug: string; by: string; project: string; note?: string }[];
  /** Write-ups a curator features as best practices. */
  featured: { slug: string; by: string }[];
}

export const DEMO_SUBSIDIARIES = demoSubsidiaries;
export const DEMO_USERS = demoUsers as DemoUser[];
export const DEMO_PLAN = demoPlan as DemoPlan;

/** The 40 write-ups, as files in the import format, in file-name order. */
export function readDemoWriteUps(): ImportInputFile[] {
  const dir = path.join(DEMO_CONTENT_DIR, "solutions");
  return readdirSync(dir)
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(path.join(dir, name)) }));
}
