import type { SerializedEditorState } from "lexical";
import { slugify } from "transliteration";
import { now } from "~/lib/clock.server";
import type { Db, SolutionStatus } from "~/lib/db.server";
import { renderRichTextToHtml } from "~/lib/rich-text/render.server";
import { createCaseStudyTemplate } from "~/lib/rich-text/template";
import { validateRichText } from "~/lib/rich-text/validate.server";
import type { SolutionContentInput } from "~/lib/schemas/solution";
import type { SessionUser } from "~/lib/session.server";
import { stableStringify } from "~/lib/stable-json";
import { detectLanguages, uniqueTechnologies } from "~/lib/solution-fields";
import { getPainPointsByIds } from "~/models/pain-point.server";
import { getImageStore } from "~/lib/image-store.server";
import { writeAuditLog } from "~/models/audit-log.server";
import { enqueueSolutionIndexing } from "~/models/search-outbox.server";
import {
  bumpRevision,
  contentColumns,
  deleteSolutionRows,
  getReviewComment,
  getRevision,
  getSolutionAccess,
  insertRevision,
  insertSolution,
  insertSolutionSlug,
  insertTransition,
  isSlugTaken,
  listAuthorCandidates,
  listSolutionPainPoints,
  lockSolution,
  replaceSolutionLinks,
  updateSolution,
  upsertTechnologies,
  type SolutionAccess,
  type SolutionSnapshot,
} from "~/models/solution.server";
import { getSubsidiaryById } from "~/models/subsidiary.server";
import { can, type Action } from "~/policies/policy";
import { ConflictError, ForbiddenError, NotFoundError, ServiceError, ValidationError } from "./errors";

/**
 * Use cases of a write-up's life: create, save (with the optimistic lock), submit, publish, send
 * back, archive, restore, restore an old revision. Each runs in one transaction that also writes the
 * revision or transition row and, when readers or search are affected, the search outbox row.
 * See docs/decisions/007-editing-published-write-ups.md for how edits to published write-ups work.
 */

type Tx = Db;

/** Loads a write-up the actor may see; otherwise "not found" (never "forbidden": don't reveal it). */
export async function requireReadableSolution(db: Db, actor: SessionUser, id: string): Promise<SolutionAccess> {
  const solution = /^[0-9a-f-]{36}$/i.test(id) ? await getSolutionAccess(db, id) : undefined;
  if (!solution || !can(actor, "solution.read", solution)) throw new NotFoundError("No such write-up.");
  return solution;
}

async function requireAllowed(db: Db, actor: SessionUser, id: string, action: Action & `solution.${string}`) {
  const solution = await requireReadableSolution(db, actor, id);
  if (!can(actor, action as "solution.edit", solution)) {
    throw new ForbiddenError("You may not do that with this write-up.");
  }
  return solution;
}

// --- Slugs ---------------------------------------------------------------------------------------

export function slugFromTitle(title: string): string {
  const base = slugify(title, { lowercase: true, separator: "-", trim: true })
    .replace(/[^a-z0-9-]/g, "")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 80)
    .replace(/-$/, "");
  return base || "solution";
}

/** Paths under /solutions/ that are pages, not write-ups. */
const RESERVED_SLUGS = new Set(["new", "mine", "import", "export", "search"]);

async function uniqueSlug(db: Db, title: string, ownId?: string): Promise<string> {
  const slug = slugFromTitle(title);
  const base = RESERVED_SLUGS.has(slug) ? `${slug}-solution` : slug;
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const owner = await db
      .selectFrom("solutionSlugs")
      .select("solutionId")
      .where("slug", "=", candidate)
      .executeTakeFirst();
    if (!owner || owner.solutionId === ownId) return candidate;
  }
  return `${base}-${Date.now().toString(36)}`;
}

// --- Content validation ----------------------------------------------------------------------------

export interface PreparedContent {
  snapshot: SolutionSnapshot;
  html: string;
  text: string;
  languages: string[];
}

/** Checks everything the form schema cannot: the body, the pain points and the authors. */
async function prepareContent(
  db: Db,
  input: SolutionContentInput,
  existingPainPointIds: readonly string[] = [],
): Promise<PreparedContent> {
  const fieldErrors: Record<string, string[]> = {};
  const body = validateRichText(input.body);
  if (!body.ok) fieldErrors.body = [`solutions:bodyErrors.${body.error.code}`, body.error.message];

  // An editor opened before a curator merged two pain points still sends the merged one: tag the target.
  const requested = await getPainPointsByIds(db, [...new Set(input.painPointIds)]);
  const mergedTo = new Map(requested.filter((p) => p.mergedIntoId).map((p) => [p.id, p.mergedIntoId!]));
  const painPointIds = [...new Set(input.painPointIds.map((id) => mergedTo.get(id) ?? id))];
  const painPoints = await getPainPointsByIds(db, painPointIds);
  const usable = painPoints.filter((p) => !p.mergedIntoId && (!p.retiredAt || existingPainPointIds.includes(p.id)));
  if (usable.length !== painPointIds.length) fieldErrors.painPointIds = ["solutions:errors.unknownPainPoint"];

  const authorIds = [...new Set(input.authorIds)];
  const authors = authorIds.length
    ? await db
        .selectFrom("users")
        .select("id")
        .where("id", "in", authorIds)
        .where("deactivatedAt", "is", null)
        .execute()
    : [];
  if (authors.length !== authorIds.length || authorIds.length === 0)
    fieldErrors.authorIds = ["solutions:errors.authorsRequired"];

  if (Object.keys(fieldErrors).length || !body.ok) throw new ValidationError(fieldErrors);
  const text = `${input.title}\n${input.summary}\n${body.text}`;
  return {
    snapshot: {
      title: input.title,
      summary: input.summary,
      body: body.state,
      sector: input.sector ?? null,
      client: input.client ?? null,
      project: input.project ?? null,
      year: input.year ?? null,
      disciplines: [...new Set(input.disciplines)],
      metrics: input.metrics.map((m) => ({
        label: m.label,
        value: m.value,
        unit: m.unit,
        baseline: m.baseline ?? null,
      })),
      contacts: input.contacts.map((c) => ({ name: c.name, role: c.role, email: c.email ?? "" })),
      visibility: input.visibility,
      painPointIds,
      technologies: uniqueTechnologies(input.technologies),
      authorIds,
    },
    html: renderRichTextToHtml(body.state),
    text: body.text,
    languages: detectLanguages(text),
  };
}

/** What a write-up needs before anyone else reviews or reads it. */
function assertReadyForReview(snapshot: SolutionSnapshot) {
  const fieldErrors: Record<string, string[]> = {};
  if (snapshot.painPointIds.length < 1) fieldErrors.painPointIds = ["solutions:errors.painPointsCount"];
  if (!snapshot.summary.trim()) fieldErrors.summary = ["validation:required"];
  if (Object.keys(fieldErrors).length)
    throw new ValidationError(fieldErrors, "The write-up is not complete yet.", "incomplete");
}

/** Writes a snapshot into the solutions row and the join tables: what readers and the catalog see. */
async function applyContent(tx: Tx, id: string, content: PreparedContent, at: Date) {
  const technologyIds = await upsertTechnologies(tx, content.snapshot.technologies);
  await updateSolution(tx, id, {
    ...contentColumns(content.snapshot, content.html, content.text, content.languages),
    updatedAt: at,
  });
  await replaceSolutionLinks(tx, id, {
    painPointIds: content.snapshot.painPointIds,
    technologyIds,
    authorIds: content.snapshot.authorIds,
  });
}

function snapshotToPrepared(snapshot: SolutionSnapshot, html: string, text: string): PreparedContent {
  return { snapshot, html, text, languages: detectLanguages(`${snapshot.title}\n${snapshot.summary}\n${text}`) };
}

// --- Create --------------------------------------------------------------------------------------

export async function createSolution(
  db: Db,
  actor: SessionUser,
  input: { title: string; subsidiaryId: string; locale: "en" | "zh"; body?: SerializedEditorState },
) {
  const subsidiary = await getSubsidiaryById(db, input.subsidiaryId);
  if (!subsidiary || subsidiary.archivedAt)
    throw new ValidationError({ subsidiaryId: ["admin:errors.unknownSubsidiary"] });
  if (!can(actor, "solution.create", { subsidiaryId: subsidiary.id })) {
    throw new ForbiddenError("You may only write up solutions for your own subsidiary.");
  }
  const body = input.body ?? createCaseStudyTemplate(input.locale);
  const content = await prepareContent(db, {
    title: input.title,
    summary: "",
    painPointIds: [],
    disciplines: [],
    technologies: [],
    visibility: "group",
    metrics: [],
    contacts: [],
    authorIds: [actor.id],
    body: JSON.stringify(body),
  });
  const at = now();
  return db.transaction().execute(async (tx) => {
    const slug = await uniqueSlug(tx, input.title);
    const row = await insertSolution(tx, {
      slug,
      subsidiaryId: subsidiary.id,
      createdBy: actor.id,
      content: content.snapshot,
      bodyHtml: content.html,
      bodyText: content.text,
      languages: content.languages,
    });
    await insertSolutionSlug(tx, row.id, slug);
    await replaceSolutionLinks(tx, row.id, { painPointIds: [], technologyIds: [], authorIds: [actor.id] });
    await insertRevision(tx, {
      solutionId: row.id,
      revision: 1,
      createdBy: actor.id,
      note: "created",
      snapshot: content.snapshot,
      bodyHtml: content.html,
      bodyText: content.text,
      at,
    });
    await insertTransition(tx, {
      solutionId: row.id,
      revision: 1,
      actorId: actor.id,
      fromStatus: "new",
      toStatus: "draft",
      comment: null,
      at,
    });
    return row;
  });
}

// --- Save ------------------------------------------------------------------------------------------

export interface SaveResult {
  revision: number;
  savedAt: Date;
  status: SolutionStatus;
  pendingChange: string | null;
  live: boolean;
  /** True when the content equalled the latest revision, so nothing was written. */
  unchanged: boolean;
}

/**
 * Saves the editor's content as a new immutable revision, refusing (409) when someone saved since
 * `baseRevision`. Never-published write-ups change in place; for published ones the change waits as a
 * pending revision (readers keep the live version) until it is published — except that making a
 * write-up confidential takes effect for readers at once.
 */
export async function saveSolution(
  db: Db,
  actor: SessionUser,
  id: string,
  baseRevision: number,
  input: SolutionContentInput,
  options: { note?: string | null } = {},
): Promise<SaveResult> {
  const solution = await requireAllowed(db, actor, id, "solution.edit");
  const existingPainPoints = (await listSolutionPainPoints(db, id)).map((p) => p.id);
  const content = await prepareContent(db, input, existingPainPoints);
  if (!can(actor, "solution.edit", { ...solution, authorIds: content.snapshot.authorIds })) {
    throw new ValidationError({ authorIds: ["solutions:errors.keepYourself"] });
  }
  const at = now();
  const latest = await getRevision(db, id, solution.revision);
  if (latest && stableStringify(latest.snapshot) === stableStringify(content.snapshot)) {
    // Nothing changed since the latest revision (an autosave after an idle edit, a second click):
    // no new revision, and no conflict even if the base is older, since there is nothing to lose.
    return {
      revision: solution.revision,
      savedAt: new Date(latest.createdAt),
      status: solution.status,
      pendingChange: solution.pendingChange,
      live: solution.liveRevision === null,
      unchanged: true,
    };
  }
  return db.transaction().execute(async (tx) => {
    const hasLiveVersion = solution.liveRevision !== null;
    const revision = await bumpRevision(tx, id, baseRevision, {
      at,
      pendingChange: hasLiveVersion ? (solution.pendingChange ?? "draft") : undefined,
    });
    if (revision === undefined) throw await conflict(tx, id, baseRevision);
    await insertRevision(tx, {
      solutionId: id,
      revision,
      createdBy: actor.id,
      note: options.note ?? null,
      snapshot: content.snapshot,
      bodyHtml: content.html,
      bodyText: content.text,
      at,
    });
    if (!hasLiveVersion) {
      await applyContent(tx, id, content, at);
    } else if (content.snapshot.visibility === "subsidiary" && solution.visibility !== "subsidiary") {
      // Tightening who may read is never held back for review.
      await updateSolution(tx, id, { visibility: "subsidiary", updatedAt: at });
      await enqueueSolutionIndexing(tx, [id]);
    }
    const current = await getSolutionAccess(tx, id);
    return {
      revision,
      savedAt: at,
      status: current!.status,
      pendingChange: current!.pendingChange,
      live: !hasLiveVersion,
      unchanged: false,
    };
  });
}

async function conflict(db: Db, id: string, baseRevision: number): Promise<ConflictError> {
  const current = await db
    .selectFrom("solutions")
    .leftJoin("solutionRevisions", (join) =>
      join
        .onRef("solutionRevisions.solutionId", "=", "solutions.id")
        .onRef("solutionRevisions.revision", "=", "solutions.revision"),
    )
    .leftJoin("users", "users.id", "solutionRevisions.createdBy")
    .select(["solutions.revision", "solutionRevisions.createdAt", "users.displayName"])
    .where("solutions.id", "=", id)
    .executeTakeFirst();
  return new ConflictError("Someone saved this write-up after you opened it.", "conflict", {
    baseRevision,
    currentRevision: current?.revision,
    savedBy: current?.displayName ?? null,
    savedAt: current?.createdAt ?? null,
  });
}

// --- Workflow ----------------------------------------------------------------------------------------

async function latestContent(db: Db, solution: SolutionAccess): Promise<PreparedContent> {
  const latest = await getRevision(db, solution.id, solution.revision);
  if (!latest) throw new ServiceError(500, "missing_revision", "The latest revision is missing.");
  return snapshotToPrepared(latest.snapshot, latest.bodyHtml, latest.bodyText);
}

async function transition(
  tx: Tx,
  solution: SolutionAccess,
  actor: SessionUser,
  to: string,
  comment: string | null,
  at: Date,
  from: string = solution.status,
) {
  await insertTransition(tx, {
    solutionId: solution.id,
    revision: solution.revision,
    actorId: actor.id,
    fromStatus: from,
    toStatus: to,
    comment,
    at,
  });
}

/** An author asks their lead to review: a new write-up, or changes to a published one. */
export async function submitForReview(db: Db, actor: SessionUser, id: string) {
  const solution = await requireReadableSolution(db, actor, id);
  const changes = solution.status === "published" && solution.pendingChange === "draft";
  const allowed = changes ? can(actor, "solution.edit", solution) : can(actor, "solution.submit", solution);
  if (!allowed) throw new ForbiddenError("This write-up cannot be submitted now.");
  const content = await latestContent(db, solution);
  assertReadyForReview(content.snapshot);
  const at = now();
  await db.transaction().execute(async (tx) => {
    if (changes) {
      await updateSolution(tx, id, { pendingChange: "in_review", reviewComment: null, updatedAt: at });
      await transition(tx, solution, actor, "in_review", "changes to the published version", at, "draft");
    } else {
      await updateSolution(tx, id, { status: "in_review", reviewComment: null, updatedAt: at });
      await transition(tx, solution, actor, "in_review", null, at);
    }
  });
}

/**
 * A lead (or admin) makes the latest revision live: a first publication, or pending changes to a
 * published write-up. The slug follows a changed title; old slugs keep redirecting.
 */
export async function publishSolution(db: Db, actor: SessionUser, id: string, comment: string | null = null) {
  const solution = await requireReadableSolution(db, actor, id);
  const changes = solution.status === "published" && solution.pendingChange !== null;
  const allowed = changes
    ? can(actor, "solution.review", { ...solution, status: "in_review" })
    : can(actor, "solution.review", solution);
  if (!allowed) throw new ForbiddenError("Only a lead of the owning subsidiary can publish this write-up.");
  const content = await latestContent(db, solution);
  assertReadyForReview(content.snapshot);
  const at = now();
  await db.transaction().execute(async (tx) => {
    await applyContent(tx, id, content, at);
    const slug =
      content.snapshot.title !== solution.title || solution.liveRevision === null
        ? await uniqueSlug(tx, content.snapshot.title, id)
        : solution.slug;
    await insertSolutionSlug(tx, id, slug);
    await updateSolution(tx, id, {
      slug,
      status: "published",
      liveRevision: solution.revision,
      pendingChange: null,
      reviewComment: null,
      publishedAt: solution.liveRevision === null ? at : undefined,
      updatedAt: at,
    });
    await transition(tx, solution, actor, "published", comment, at, changes ? "in_review" : solution.status);
    await enqueueSolutionIndexing(tx, [id]);
  });
}

/** A lead returns a write-up (or pending changes) to its authors with a comment they will see. */
export async function sendBackSolution(db: Db, actor: SessionUser, id: string, comment: string) {
  const solution = await requireReadableSolution(db, actor, id);
  const changes = solution.status === "published" && solution.pendingChange === "in_review";
  const allowed = changes
    ? can(actor, "solution.review", { ...solution, status: "in_review" })
    : solution.status === "in_review" && can(actor, "solution.review", solution);
  if (!allowed) throw new ForbiddenError("Only a lead of the owning subsidiary can send this write-up back.");
  if (!comment.trim()) throw new ValidationError({ comment: ["solutions:errors.commentRequired"] });
  const at = now();
  await db.transaction().execute(async (tx) => {
    if (changes) await updateSolution(tx, id, { pendingChange: "draft", reviewComment: comment, updatedAt: at });
    else await updateSolution(tx, id, { status: "draft", reviewComment: comment, updatedAt: at });
    await transition(tx, solution, actor, "draft", comment, at, "in_review");
  });
}

export async function archiveSolution(db: Db, actor: SessionUser, id: string, comment: string | null = null) {
  const solution = await requireAllowed(db, actor, id, "solution.archive");
  const at = now();
  await db.transaction().execute(async (tx) => {
    await updateSolution(tx, id, { status: "archived", archivedAt: at, updatedAt: at });
    await transition(tx, solution, actor, "archived", comment, at);
    await enqueueSolutionIndexing(tx, [id]);
  });
}

export async function restoreSolution(db: Db, actor: SessionUser, id: string, comment: string | null = null) {
  const solution = await requireAllowed(db, actor, id, "solution.restore");
  const at = now();
  await db.transaction().execute(async (tx) => {
    await updateSolution(tx, id, { status: "published", archivedAt: null, updatedAt: at });
    await transition(tx, solution, actor, "published", comment, at);
    await enqueueSolutionIndexing(tx, [id]);
  });
}

/**
 * Deletes a write-up for good, with its revisions, slugs, images and links, in one transaction that
 * also writes the audit log and the search outbox row (the worker removes the document once the row
 * is gone). Refusals come in the usual order: 404 unseen, 403 not allowed, then 400 unconfirmed: a
 * draft needs `confirmed`; one that was ever published (normally archived instead) its title typed.
 */
export async function deleteSolution(
  db: Db,
  actor: SessionUser,
  id: string,
  confirmation: { confirmed?: boolean; title?: string },
) {
  const solution = await requireAllowed(db, actor, id, "solution.delete");
  if (solution.liveRevision === null) {
    if (!confirmation.confirmed) {
      throw new ValidationError(
        { confirm: ["solutions:delete.confirmRequired"] },
        "Confirm deleting the draft.",
        "confirmation_required",
      );
    }
  } else if ((confirmation.title ?? "").trim() !== solution.title.trim()) {
    throw new ValidationError(
      { confirmTitle: ["solutions:delete.titleMismatch"] },
      "Type the write-up's title to confirm deleting it.",
      "confirmation_required",
    );
  }
  await db.transaction().execute(async (tx) => {
    if (!(await lockSolution(tx, id))) throw new NotFoundError("No such write-up.");
    const images = await getImageStore().removeForSolution(tx, id);
    const deleted = await deleteSolutionRows(tx, id);
    if (!deleted) throw new NotFoundError("No such write-up.");
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "solution.deleted",
      targetType: "solution",
      targetId: id,
      subsidiaryId: solution.subsidiaryId,
      details: {
        title: solution.title,
        status: solution.status,
        slugs: deleted.slugs,
        revisions: deleted.revisions,
        images,
      },
    });
    await enqueueSolutionIndexing(tx, [id]);
  });
  return { title: solution.title };
}

/** Restoring an old revision creates a new revision with its content; history is never rewritten. */
export async function restoreRevision(db: Db, actor: SessionUser, id: string, revision: number, baseRevision: number) {
  const solution = await requireAllowed(db, actor, id, "solution.edit");
  const old = await getRevision(db, solution.id, revision);
  if (!old) throw new NotFoundError("No such revision.");
  return saveSolution(db, actor, id, baseRevision, snapshotToInput(old.snapshot), {
    note: `restored revision ${revision}`,
  });
}

export function snapshotToInput(snapshot: SolutionSnapshot): SolutionContentInput {
  return {
    title: snapshot.title,
    summary: snapshot.summary,
    painPointIds: snapshot.painPointIds,
    disciplines: snapshot.disciplines as SolutionContentInput["disciplines"],
    technologies: snapshot.technologies,
    sector: (snapshot.sector ?? undefined) as SolutionContentInput["sector"],
    client: snapshot.client ?? undefined,
    project: snapshot.project ?? undefined,
    year: snapshot.year ?? undefined,
    visibility: snapshot.visibility,
    metrics: snapshot.metrics.map((m) => ({ ...m, baseline: m.baseline ?? undefined })),
    contacts: snapshot.contacts.map((c) => ({ ...c, email: c.email || undefined })),
    authorIds: snapshot.authorIds,
    body: JSON.stringify(snapshot.body),
  };
}

/** The working copy the editor opens: the latest revision, with the lock value to save against. */
export async function getSolutionForEditing(db: Db, actor: SessionUser, id: string) {
  const solution = await requireAllowed(db, actor, id, "solution.edit");
  const latest = await getRevision(db, id, solution.revision);
  if (!latest) throw new ServiceError(500, "missing_revision", "The latest revision is missing.");
  return { solution, latest };
}

/** Everything the edit page needs besides the taxonomy: the working copy, the lead's comment, authors to pick. */
export async function getSolutionEditorData(db: Db, actor: SessionUser, id: string) {
  const { solution, latest } = await getSolutionForEditing(db, actor, id);
  const authorIds = latest.snapshot.authorIds.length ? latest.snapshot.authorIds : [actor.id];
  const [reviewComment, authorOptions] = await Promise.all([
    getReviewComment(db, id),
    listAuthorCandidates(db, solution.subsidiaryId, authorIds),
  ]);
  return { solution, latest, reviewComment, authorOptions };
}

export { isSlugTaken };
