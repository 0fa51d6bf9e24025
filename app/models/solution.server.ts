import { sql, type ExpressionBuilder } from "kysely";
import type { Condition } from "~/policies/condition";
import type {
  Database,
  Db,
  PendingChange,
  SolutionContact,
  SolutionMetric,
  SolutionStatus,
  Visibility,
} from "~/lib/db.server";
import { conditionToSql } from "./solution-visibility.server";

/** Everything a revision snapshot holds: the full content of a write-up at one point in time. */
export interface SolutionSnapshot {
  title: string;
  summary: string;
  body: unknown;
  sector: string | null;
  client: string | null;
  project: string | null;
  year: number | null;
  disciplines: string[];
  metrics: SolutionMetric[];
  contacts: SolutionContact[];
  visibility: Visibility;
  painPointIds: string[];
  technologies: string[];
  authorIds: string[];
}

/** The facts the permission layer needs about a write-up. */
export async function getSolutionAccess(db: Db, id: string) {
  const row = await db
    .selectFrom("solutions")
    .select([
      "id",
      "slug",
      "subsidiaryId",
      "status",
      "visibility",
      "revision",
      "liveRevision",
      "pendingChange",
      "title",
      (eb) =>
        eb
          .selectFrom("solutionAuthors")
          .select(sql<string[]>`coalesce(array_agg(user_id order by position), '{}')`.as("ids"))
          .whereRef("solutionAuthors.solutionId", "=", "solutions.id")
          .as("authorIds"),
    ])
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? { ...row, authorIds: row.authorIds ?? [] } : undefined;
}

export type SolutionAccess = NonNullable<Awaited<ReturnType<typeof getSolutionAccess>>>;

/** Resolves a slug, current or former, to the write-up and its current slug. */
export function findSolutionBySlug(db: Db, slug: string) {
  return db
    .selectFrom("solutionSlugs")
    .innerJoin("solutions", "solutions.id", "solutionSlugs.solutionId")
    .select(["solutions.id", "solutions.slug"])
    .where("solutionSlugs.slug", "=", slug)
    .executeTakeFirst();
}

export async function isSlugTaken(db: Db, slug: string): Promise<boolean> {
  const row = await db.selectFrom("solutionSlugs").select("slug").where("slug", "=", slug).executeTakeFirst();
  return Boolean(row);
}

export function insertSolutionSlug(db: Db, solutionId: string, slug: string) {
  return db
    .insertInto("solutionSlugs")
    .values({ slug, solutionId })
    .onConflict((oc) => oc.column("slug").doNothing())
    .execute();
}

/** The live content and everything the reading page shows, in one round trip per table. */
export async function getSolutionForReading(db: Db, id: string) {
  const solution = await db
    .selectFrom("solutions")
    .innerJoin("subsidiaries", "subsidiaries.id", "solutions.subsidiaryId")
    .select([
      "solutions.id",
      "solutions.slug",
      "solutions.status",
      "solutions.visibility",
      "solutions.revision",
      "solutions.liveRevision",
      "solutions.pendingChange",
      "solutions.reviewComment",
      "solutions.title",
      "solutions.summary",
      "solutions.bodyHtml",
      "solutions.body",
      "solutions.sector",
      "solutions.client",
      "solutions.project",
      "solutions.year",
      "solutions.disciplines",
      "solutions.metrics",
      "solutions.contacts",
      "solutions.reuseCount",
      "solutions.featured",
      "solutions.createdAt",
      "solutions.updatedAt",
      "solutions.publishedAt",
      "solutions.archivedAt",
      "solutions.subsidiaryId",
      "subsidiaries.code as subsidiaryCode",
      "subsidiaries.nameEn as subsidiaryNameEn",
      "subsidiaries.nameZh as subsidiaryNameZh",
    ])
    .where("solutions.id", "=", id)
    .executeTakeFirst();
  if (!solution) return undefined;
  const [painPoints, technologies, authors] = await Promise.all([
    listSolutionPainPoints(db, id),
    db
      .selectFrom("solutionTechnologies")
      .innerJoin("technologies", "technologies.id", "solutionTechnologies.technologyId")
      .select("technologies.name")
      .where("solutionTechnologies.solutionId", "=", id)
      .orderBy(sql`lower(technologies.name)`)
      .execute(),
    db
      .selectFrom("solutionAuthors")
      .innerJoin("users", "users.id", "solutionAuthors.userId")
      .select(["users.id", "users.displayName", "users.email"])
      .where("solutionAuthors.solutionId", "=", id)
      .orderBy("solutionAuthors.position")
      .execute(),
  ]);
  return { ...solution, painPoints, technologies: technologies.map((t) => t.name), authors };
}

export function listSolutionPainPoints(db: Db, solutionId: string) {
  return db
    .selectFrom("solutionPainPoints")
    .innerJoin("painPoints", "painPoints.id", "solutionPainPoints.painPointId")
    .select(["painPoints.id", "painPoints.slug", "painPoints.nameEn", "painPoints.nameZh", "painPoints.retiredAt"])
    .where("solutionPainPoints.solutionId", "=", solutionId)
    .orderBy("solutionPainPoints.position")
    .execute();
}

export function insertSolution(
  db: Db,
  values: {
    slug: string;
    subsidiaryId: string;
    createdBy: string | null;
    content: SolutionSnapshot;
    bodyHtml: string;
    bodyText: string;
    languages: string[];
  },
) {
  return db
    .insertInto("solutions")
    .values({
      slug: values.slug,
      subsidiaryId: values.subsidiaryId,
      status: "draft",
      revision: 1,
      createdBy: values.createdBy,
      ...contentColumns(values.content, values.bodyHtml, values.bodyText, values.languages),
    })
    .returning(["id", "slug", "revision"])
    .executeTakeFirstOrThrow();
}

export function contentColumns(content: SolutionSnapshot, bodyHtml: string, bodyText: string, languages: string[]) {
  return {
    title: content.title,
    summary: content.summary,
    body: JSON.stringify(content.body),
    bodyHtml,
    bodyText,
    sector: content.sector,
    client: content.client,
    project: content.project,
    year: content.year,
    disciplines: content.disciplines,
    metrics: JSON.stringify(content.metrics),
    contacts: JSON.stringify(content.contacts),
    visibility: content.visibility,
    languages,
  };
}

/**
 * The optimistic lock: bumps the revision only if nobody saved since `baseRevision`. Returns the new
 * revision, or undefined when someone else got there first.
 */
export async function bumpRevision(
  db: Db,
  id: string,
  baseRevision: number,
  changes: { pendingChange?: PendingChange | null; at: Date },
): Promise<number | undefined> {
  const row = await db
    .updateTable("solutions")
    .set({
      revision: sql`revision + 1`,
      updatedAt: changes.at,
      ...(changes.pendingChange !== undefined ? { pendingChange: changes.pendingChange } : {}),
    })
    .where("id", "=", id)
    .where("revision", "=", baseRevision)
    .returning("revision")
    .executeTakeFirst();
  return row?.revision;
}

export function updateSolution(
  db: Db,
  id: string,
  values: Partial<{
    slug: string;
    status: SolutionStatus;
    visibility: Visibility;
    liveRevision: number | null;
    pendingChange: PendingChange | null;
    reviewComment: string | null;
    publishedAt: Date | null;
    archivedAt: Date | null;
    updatedAt: Date;
  }> &
    Partial<ReturnType<typeof contentColumns>>,
) {
  return db.updateTable("solutions").set(values).where("id", "=", id).execute();
}

/** Makes the join tables (what the catalog filters on) match a snapshot. */
export async function replaceSolutionLinks(
  db: Db,
  solutionId: string,
  links: { painPointIds: string[]; technologyIds: string[]; authorIds: string[] },
) {
  await db.deleteFrom("solutionPainPoints").where("solutionId", "=", solutionId).execute();
  await db.deleteFrom("solutionTechnologies").where("solutionId", "=", solutionId).execute();
  await db.deleteFrom("solutionAuthors").where("solutionId", "=", solutionId).execute();
  if (links.painPointIds.length) {
    await db
      .insertInto("solutionPainPoints")
      .values(links.painPointIds.map((painPointId, position) => ({ solutionId, painPointId, position })))
      .execute();
  }
  if (links.technologyIds.length) {
    await db
      .insertInto("solutionTechnologies")
      .values(links.technologyIds.map((technologyId) => ({ solutionId, technologyId })))
      .execute();
  }
  if (links.authorIds.length) {
    await db
      .insertInto("solutionAuthors")
      .values(links.authorIds.map((userId, position) => ({ solutionId, userId, position })))
      .execute();
  }
}

/** Finds or creates technologies by name (case-insensitive), keeping the first spelling seen. */
export async function upsertTechnologies(db: Db, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  await db
    .insertInto("technologies")
    .values(names.map((name) => ({ name })))
    .onConflict((oc) => oc.expression(sql`lower(name)`).doNothing())
    .execute();
  const rows = await db
    .selectFrom("technologies")
    .select(["id", "name"])
    .where(
      sql`lower(name)`,
      "in",
      names.map((n) => n.toLowerCase()),
    )
    .execute();
  const byName = new Map(rows.map((r) => [r.name.toLowerCase(), r.id]));
  return names.map((n) => byName.get(n.toLowerCase())).filter((id): id is string => Boolean(id));
}

/**
 * Technology tags starting with `prefix` (any case) that are used by a write-up matching `readable`
 * (the reader's permission Condition), so a suggestion never reveals a confidential write-up's tags.
 */
export function suggestTechnologies(db: Db, readable: Condition, prefix: string, limit = 10) {
  const pattern = `${prefix
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom("technologies")
    .select("technologies.name")
    .where(sql`lower(technologies.name)`, "like", pattern)
    .where(
      "technologies.id",
      "in",
      db
        .selectFrom("solutions")
        .innerJoin("solutionTechnologies", "solutionTechnologies.solutionId", "solutions.id")
        .select("solutionTechnologies.technologyId")
        .where((eb) => conditionToSql(eb as unknown as ExpressionBuilder<Database, "solutions">, readable)),
    )
    .orderBy(sql`lower(technologies.name)`)
    .limit(limit)
    .execute()
    .then((rows) => rows.map((r) => r.name));
}

export function insertRevision(
  db: Db,
  values: {
    solutionId: string;
    revision: number;
    createdBy: string | null;
    note: string | null;
    snapshot: SolutionSnapshot;
    bodyHtml: string;
    bodyText: string;
    at: Date;
  },
) {
  return db
    .insertInto("solutionRevisions")
    .values({
      solutionId: values.solutionId,
      revision: values.revision,
      createdBy: values.createdBy,
      note: values.note,
      snapshot: JSON.stringify(values.snapshot),
      bodyHtml: values.bodyHtml,
      bodyText: values.bodyText,
      createdAt: values.at,
    })
    .execute();
}

export async function getRevision(db: Db, solutionId: string, revision: number) {
  const row = await db
    .selectFrom("solutionRevisions")
    .leftJoin("users", "users.id", "solutionRevisions.createdBy")
    .select([
      "solutionRevisions.revision",
      "solutionRevisions.snapshot",
      "solutionRevisions.bodyHtml",
      "solutionRevisions.bodyText",
      "solutionRevisions.note",
      "solutionRevisions.createdAt",
      "users.displayName as createdByName",
    ])
    .where("solutionRevisions.solutionId", "=", solutionId)
    .where("solutionRevisions.revision", "=", revision)
    .executeTakeFirst();
  return row ? { ...row, snapshot: row.snapshot as SolutionSnapshot } : undefined;
}

/** Newest first; `upTo` leaves out later revisions (unapproved edits a reader may not see). */
export function listRevisions(db: Db, solutionId: string, options: { upTo?: number } = {}) {
  let query = db
    .selectFrom("solutionRevisions")
    .leftJoin("users", "users.id", "solutionRevisions.createdBy")
    .select([
      "solutionRevisions.revision",
      "solutionRevisions.note",
      "solutionRevisions.createdAt",
      "users.displayName as createdByName",
    ])
    .where("solutionRevisions.solutionId", "=", solutionId);
  if (options.upTo !== undefined) query = query.where("solutionRevisions.revision", "<=", options.upTo);
  return query.orderBy("solutionRevisions.revision", "desc").execute();
}

export function insertTransition(
  db: Db,
  values: {
    solutionId: string;
    revision: number;
    actorId: string | null;
    fromStatus: string;
    toStatus: string;
    comment: string | null;
    at: Date;
  },
) {
  return db.insertInto("solutionTransitions").values(values).execute();
}

/** Newest first; `upTo` leaves out transitions made on later revisions (e.g. pending changes sent back). */
export function listTransitions(db: Db, solutionId: string, options: { upTo?: number } = {}) {
  let query = db
    .selectFrom("solutionTransitions")
    .leftJoin("users", "users.id", "solutionTransitions.actorId")
    .select([
      "solutionTransitions.id",
      "solutionTransitions.revision",
      "solutionTransitions.fromStatus",
      "solutionTransitions.toStatus",
      "solutionTransitions.comment",
      "solutionTransitions.at",
      "users.displayName as actorName",
    ])
    .where("solutionTransitions.solutionId", "=", solutionId);
  if (options.upTo !== undefined) query = query.where("solutionTransitions.revision", "<=", options.upTo);
  return query.orderBy("solutionTransitions.at", "desc").orderBy("solutionTransitions.id", "desc").execute();
}

/** The user's own work in progress: drafts, items in review, sent-back items, pending changes. */
export function listMySolutions(db: Db, userId: string) {
  return db
    .selectFrom("solutions")
    .innerJoin("solutionAuthors", "solutionAuthors.solutionId", "solutions.id")
    .innerJoin("subsidiaries", "subsidiaries.id", "solutions.subsidiaryId")
    .select([
      "solutions.id",
      "solutions.slug",
      "solutions.title",
      "solutions.status",
      "solutions.pendingChange",
      "solutions.reviewComment",
      "solutions.updatedAt",
      "solutions.revision",
      "subsidiaries.code as subsidiaryCode",
    ])
    .where("solutionAuthors.userId", "=", userId)
    .where((eb) =>
      eb.or([eb("solutions.status", "in", ["draft", "in_review"]), eb("solutions.pendingChange", "is not", null)]),
    )
    .orderBy("solutions.updatedAt", "desc")
    .execute();
}

/** Everything waiting for a lead, oldest first (null subsidiary: every subsidiary, for admins). */
export function listReviewQueue(db: Db, subsidiaryId: string | null) {
  let query = db
    .selectFrom("solutions")
    .innerJoin("subsidiaries", "subsidiaries.id", "solutions.subsidiaryId")
    .select([
      "solutions.id",
      "solutions.slug",
      "solutions.title",
      "solutions.status",
      "solutions.pendingChange",
      "solutions.revision",
      "subsidiaries.code as subsidiaryCode",
      (eb) =>
        eb
          .selectFrom("solutionTransitions")
          .select((e) => e.fn.max("solutionTransitions.at").as("at"))
          .whereRef("solutionTransitions.solutionId", "=", "solutions.id")
          .where("solutionTransitions.toStatus", "=", "in_review")
          .as("submittedAt"),
    ])
    .where((eb) => eb.or([eb("solutions.status", "=", "in_review"), eb("solutions.pendingChange", "=", "in_review")]));
  if (subsidiaryId) query = query.where("solutions.subsidiaryId", "=", subsidiaryId);
  return query.orderBy("submittedAt", "asc").execute();
}

/** Revisions of a write-up, or only those up to `upTo` (what a reader may see). */
export function countRevisions(db: Db, solutionId: string, options: { upTo?: number } = {}) {
  let query = db
    .selectFrom("solutionRevisions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("solutionId", "=", solutionId);
  if (options.upTo !== undefined) query = query.where("revision", "<=", options.upTo);
  return query.executeTakeFirstOrThrow().then((r) => Number(r.n));
}

/** Who may be picked as an author: active members of the subsidiary, plus the current authors. */
export function listAuthorCandidates(db: Db, subsidiaryId: string, currentAuthorIds: readonly string[]) {
  return db
    .selectFrom("users")
    .select(["id", "displayName"])
    .where((eb) =>
      eb.or([
        eb("subsidiaryId", "=", subsidiaryId),
        ...(currentAuthorIds.length ? [eb("id", "in", [...currentAuthorIds])] : []),
      ]),
    )
    .where("deactivatedAt", "is", null)
    .orderBy("displayName")
    .execute();
}

/** Display names of these users (deactivated ones too: history names whoever wrote it). */
export async function getAuthorNames(db: Db, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("users")
    .select(["id", "displayName"])
    .where("id", "in", [...new Set(userIds)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

export async function getReviewComment(db: Db, solutionId: string): Promise<string | null> {
  const row = await db.selectFrom("solutions").select("reviewComment").where("id", "=", solutionId).executeTakeFirst();
  return row?.reviewComment ?? null;
}

/** Locks the write-up's row until the transaction ends; false when it does not exist. */
export async function lockSolution(db: Db, id: string): Promise<boolean> {
  const row = await db.selectFrom("solutions").select("id").where("id", "=", id).forUpdate().executeTakeFirst();
  return Boolean(row);
}

/**
 * Deletes a write-up's row and everything that is only its: revisions, transitions, former slugs and
 * the join tables (tables added later reference it with `on delete cascade`). Call inside a
 * transaction; the row is locked first so a concurrent save either finishes before or finds it gone.
 * Returns undefined when the write-up no longer exists.
 */
export async function deleteSolutionRows(db: Db, id: string) {
  if (!(await lockSolution(db, id))) return undefined;
  const revisions = await db
    .deleteFrom("solutionRevisions")
    .where("solutionId", "=", id)
    .returning("revision")
    .execute();
  await db.deleteFrom("solutionTransitions").where("solutionId", "=", id).execute();
  const slugs = await db.deleteFrom("solutionSlugs").where("solutionId", "=", id).returning("slug").execute();
  await db.deleteFrom("solutionPainPoints").where("solutionId", "=", id).execute();
  await db.deleteFrom("solutionTechnologies").where("solutionId", "=", id).execute();
  await db.deleteFrom("solutionAuthors").where("solutionId", "=", id).execute();
  await db.deleteFrom("solutions").where("id", "=", id).execute();
  return { revisions: revisions.length, slugs: slugs.map((s) => s.slug) };
}
