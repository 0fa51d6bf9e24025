import type { Db } from "~/lib/db.server";
import { getLogger } from "~/lib/logger.server";
import type { SessionUser } from "~/lib/session.server";
import { getRevision, getSolutionAccess, findSolutionBySlug } from "~/models/solution.server";
import { setSlugOfNewSolution } from "~/models/solution-slug.server";
import { getSubsidiaryById } from "~/models/subsidiary.server";
import { getUserByEmail } from "~/models/user.server";
import { findFirstAdmin } from "~/models/user-lookup.server";
import { can } from "~/policies/policy";
import { ForbiddenError, NotFoundError, ServiceError } from "./errors";
import { describeImportFailure, toContentInput } from "./import-content.server";
import { ImportFileError, parseImportFile, type ParsedImportFile } from "./import-file.server";
import { ImportReferenceError, resolveReferences } from "./import-resolve.server";
import { inSharedTransaction, RollbackSignal } from "./shared-transaction.server";
import { createSolution, publishSolution, saveSolution } from "./solutions.server";

export { parseImportFile, ImportFileError };

/**
 * Imports write-ups from Markdown files (format: import-file.server.ts; README "Import and export").
 *
 * - Idempotent by slug: a file whose slug is new creates a write-up; a known slug (current or former)
 *   updates that write-up through saveSolution, which writes nothing when the content is the same as
 *   the latest revision, and publishes again when the file says `published`.
 * - Each file is all-or-nothing: its service calls (create, save, publish, and any pain point or
 *   subsidiary that --create-missing makes) share one transaction (inSharedTransaction). A failing
 *   file rolls back alone and the next one goes on.
 * - A dry run does exactly the same work and rolls every file back, so its summary is what a real run
 *   would report.
 * - Who acts: the services check the actor's rights as for any UI action. Holders of `import.run`
 *   (curators and admins) import on behalf of the whole group, so they act with an admin's rights on
 *   write-ups (see importingActor); anyone else (`--as` a lead or member) only with their own.
 */

export interface ImportInputFile {
  /** Shown in the summary: a path relative to the imported folder, or the uploaded file's name. */
  name: string;
  bytes: Uint8Array;
}

export type ImportOutcome = "created" | "updated" | "unchanged" | "failed";

export interface ImportProgress {
  done: number;
  total: number;
  file: string;
  outcome: ImportOutcome;
}

export interface ImportOptions {
  dryRun?: boolean;
  createMissing?: boolean;
  /** Who imports; or `asEmail` to look the user up; neither: the first admin. */
  actor?: SessionUser;
  asEmail?: string;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportedFile {
  file: string;
  slug: string;
}

export interface ImportSummary {
  dryRun: boolean;
  actorEmail: string;
  created: ImportedFile[];
  updated: ImportedFile[];
  unchanged: ImportedFile[];
  failed: { file: string; reason: string }[];
  /** Not failures: skipped unknown authors, created pain points, merged pain points followed. */
  notes: { file: string; message: string }[];
}

/**
 * Curators and admins import for the whole group: they may create and publish write-ups of any
 * subsidiary and create pain points and subsidiaries with --create-missing. The revisions and audit
 * entries still name the real user.
 */
export function importingActor(user: SessionUser): SessionUser {
  return can(user, "import.run") ? { ...user, role: "admin" } : user;
}

/** The user an import acts as: `asEmail`, or else the first admin. */
export async function resolveImportActor(
  db: Db,
  asEmail?: string,
): Promise<{ user: SessionUser; firstAdmin: boolean }> {
  if (asEmail) {
    const user = await getUserByEmail(db, asEmail);
    if (!user || user.deactivatedAt)
      throw new ServiceError(400, "unknown_importer", `there is no active user ${asEmail}`);
    return { user: toSessionUser(user), firstAdmin: false };
  }
  const admin = await findFirstAdmin(db);
  if (!admin) {
    throw new ServiceError(
      400,
      "no_admin",
      "there is no admin to import as: create one with npm run user:create -- --role admin ..., or pass --as EMAIL",
    );
  }
  return { user: toSessionUser(admin), firstAdmin: true };
}

function toSessionUser(user: NonNullable<Awaited<ReturnType<typeof getUserByEmail>>>): SessionUser {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    subsidiaryId: user.subsidiaryId,
    locale: user.locale,
  };
}

export async function importSolutions(
  db: Db,
  files: readonly ImportInputFile[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const user = options.actor ?? (await resolveImportActor(db, options.asEmail)).user;
  const actor = importingActor(user);
  const dryRun = Boolean(options.dryRun);
  const summary: ImportSummary = {
    dryRun,
    actorEmail: user.email,
    created: [],
    updated: [],
    unchanged: [],
    failed: [],
    notes: [],
  };
  const ordered = [...files].sort((a, b) => a.name.localeCompare(b.name));
  const slugOwners = new Map<string, string>();

  for (const [index, input] of ordered.entries()) {
    let outcome: ImportOutcome;
    try {
      const file = parseImportFile(input.name, input.bytes);
      const owner = slugOwners.get(file.slug);
      if (owner) {
        throw new ImportFileError(
          input.name,
          `slug "${file.slug}" is also used by ${owner} in this import; each write-up needs its own slug`,
        );
      }
      slugOwners.set(file.slug, input.name);
      const result = await inSharedTransaction(db, async (tx) => {
        const done = await importOne(tx, file, actor, Boolean(options.createMissing));
        if (dryRun) throw new RollbackSignal(done);
        return done;
      });
      outcome = result.outcome;
      summary[outcome].push({ file: input.name, slug: file.slug });
      summary.notes.push(...result.notes.map((message) => ({ file: input.name, message })));
    } catch (error) {
      outcome = "failed";
      summary.failed.push({ file: input.name, reason: describeImportFailure(error) });
      if (!(
        error instanceof ServiceError ||
        error instanceof ImportFileError ||
        error instanceof ImportReferenceError
      )) {
        getLogger().error({ err: error, file: input.name }, "import of a file failed unexpectedly");
      }
    }
    options.onProgress?.({ done: index + 1, total: ordered.length, file: input.name, outcome });
  }
  return summary;
}

interface FileResult {
  outcome: Exclude<ImportOutcome, "failed">;
  notes: string[];
}

/** Runs inside the file's transaction: everything it writes commits or rolls back together. */
async function importOne(
  tx: Db,
  file: ParsedImportFile,
  actor: SessionUser,
  createMissing: boolean,
): Promise<FileResult> {
  const existing = await findSolutionBySlug(tx, file.slug);
  return existing
    ? updateFromFile(tx, file, actor, createMissing, existing.id)
    : createFromFile(tx, file, actor, createMissing);
}

async function createFromFile(
  tx: Db,
  file: ParsedImportFile,
  actor: SessionUser,
  createMissing: boolean,
): Promise<FileResult> {
  const refs = await resolveReferences(tx, file, { createMissing, actor });
  const input = toContentInput(file, refs, { importerId: actor.id });
  if (!refs.authorIds) refs.notes.push(`no known author: ${actor.email} is recorded as the author`);
  const created = await createSolution(tx, actor, {
    title: input.title,
    subsidiaryId: refs.subsidiaryId,
    locale: file.frontMatter.language ?? "en",
    body: file.body,
  }).catch((error: unknown) => {
    // Refused before anything was written, so the transaction is still usable for the rollback.
    if (error instanceof ForbiddenError) {
      throw new ImportReferenceError(
        `key "subsidiary": ${actor.email} may not write up solutions for ${refs.subsidiaryCode} (import as a curator, an admin or one of its members)`,
      );
    }
    throw error;
  });
  await saveSolution(tx, actor, created.id, created.revision, input, { note: importNote(file) });
  if (file.frontMatter.status === "published") await publish(tx, actor, created.id, refs.subsidiaryCode);
  await setSlugOfNewSolution(tx, created.id, file.slug);
  return { outcome: "created", notes: refs.notes };
}

async function updateFromFile(
  tx: Db,
  file: ParsedImportFile,
  actor: SessionUser,
  createMissing: boolean,
  id: string,
): Promise<FileResult> {
  const access = await getSolutionAccess(tx, id);
  const latest = access && (await getRevision(tx, id, access.revision));
  if (!access || !latest) throw new ImportReferenceError(`the write-up "${file.slug}" could not be read`);
  if (access.status === "archived") {
    throw new ImportReferenceError(
      `the write-up "${file.slug}" is archived: restore it in the portal before importing changes to it`,
    );
  }
  const refs = await resolveReferences(tx, file, {
    createMissing,
    actor,
    existingPainPointIds: latest.snapshot.painPointIds,
  });
  if (refs.subsidiaryId !== access.subsidiaryId) {
    const owner = await getSubsidiaryById(tx, access.subsidiaryId);
    throw new ImportReferenceError(
      `key "subsidiary": the write-up "${file.slug}" belongs to ${owner?.code ?? "another subsidiary"}, not ${refs.subsidiaryCode}; write-ups cannot move between subsidiaries`,
    );
  }
  const input = toContentInput(file, refs, { importerId: actor.id, existing: latest.snapshot });
  const saved = await saveSolution(tx, actor, id, access.revision, input, { note: importNote(file) }).catch(
    (error: unknown) => {
      // Refused before anything was written: the transaction is still usable.
      if (error instanceof ForbiddenError || error instanceof NotFoundError) {
        throw new ImportReferenceError(`${actor.email} may not edit the existing write-up "${file.slug}"`);
      }
      throw error;
    },
  );
  let changed = !saved.unchanged;
  if (file.frontMatter.status === "published" && (saved.status !== "published" || saved.pendingChange !== null)) {
    await publish(tx, actor, id, refs.subsidiaryCode);
    changed = true;
  }
  return { outcome: changed ? "updated" : "unchanged", notes: refs.notes };
}

async function publish(tx: Db, actor: SessionUser, id: string, subsidiaryCode: string) {
  try {
    await publishSolution(tx, actor, id, "imported");
  } catch (error) {
    // The permission check comes before any statement, so the transaction is still usable here.
    if (error instanceof ForbiddenError) {
      throw new ImportReferenceError(
        `key "status": "published", but ${actor.email} may not publish write-ups of ${subsidiaryCode} (import it as "draft", or as that subsidiary's lead)`,
      );
    }
    throw error;
  }
}

function importNote(file: ParsedImportFile): string {
  return `imported from ${file.file}`;
}
