import { slugify } from "transliteration";
import type { z } from "zod";
import { now } from "~/lib/clock.server";
import type { Db } from "~/lib/db.server";
import { parseValues } from "~/lib/forms";
import {
  AreaSchema,
  NewPainPointSchema,
  PainPointSchema,
  type AreaInput,
  type Move,
  type NewPainPointInput,
  type PainPointInput,
} from "~/lib/schemas/taxonomy";
import { TAXONOMY_LIMITS } from "~/lib/taxonomy-fields";
import type { SessionUser } from "~/lib/session.server";
import { writeAuditLog } from "~/models/audit-log.server";
import { listTaxonomy } from "~/models/pain-point.server";
import {
  appendRemappedRevisions,
  lockSolutionsReferencing,
  markPainPointMerged,
  retagSolutionPainPoints,
} from "~/models/pain-point-merge.server";
import { enqueueSolutionIndexing } from "~/models/search-outbox.server";
import {
  countSolutionsPerPainPoint,
  findAreaClashes,
  findPainPointClashes,
  findSlugOwner,
  getArea,
  getPainPoint,
  insertArea,
  insertPainPoint,
  isAreaSlugTaken,
  listSolutionIdsInArea,
  listSolutionIdsTaggedWith,
  lockAreaOrder,
  lockPainPointOrder,
  lockPainPoints,
  recordSlugChange,
  updateArea as updateAreaRow,
  updatePainPoint as updatePainPointRow,
  writePositions,
  type NameAndSlug,
} from "~/models/taxonomy.server";
import { can } from "~/policies/policy";
import { ForbiddenError, ValidationError } from "./errors";
import { isUuid } from "~/lib/uuid";

/**
 * Curators' use cases for the pain-point taxonomy: areas and pain points (create, edit, reorder, move
 * between areas), merging one pain point into another and retiring one. Each change runs in one
 * transaction with its audit-log entry and, when search documents show what changed (names, slugs,
 * areas), the search outbox rows of the write-ups concerned.
 *
 * `actor` null on create: a script (demo seed, Markdown import), which has no curator to check.
 */

// --- Shared checks ---------------------------------------------------------------------------------

function requireCurator(actor: SessionUser | null): void {
  if (actor && !can(actor, "taxonomy.manage")) throw new ForbiddenError("Only curators manage the taxonomy.");
}

/** Services validate again what routes validated, so scripts calling them get the same rules. */
function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = parseValues(schema, input);
  if (!result.ok) throw new ValidationError(result.fieldErrors);
  return result.data;
}

/** Ids come from forms: an unknown (or malformed) one is bad input, reported on its field. */
async function requireArea(db: Db, id: string, field = "id") {
  const area = isUuid(id) ? await getArea(db, id) : undefined;
  if (!area) throw new ValidationError({ [field]: ["taxonomy:errors.unknownArea"] });
  return area;
}

/** A pain point that can still be curated: merged ones are gone from the taxonomy. */
async function requireLivePainPoint(db: Db, id: string, field = "id") {
  const painPoint = isUuid(id) ? await getPainPoint(db, id) : undefined;
  if (!painPoint || painPoint.mergedIntoId) throw new ValidationError({ [field]: ["taxonomy:errors.unknown"] });
  return painPoint;
}

function throwOnClashes(clashes: Record<keyof NameAndSlug, boolean>) {
  const fieldErrors: Record<string, string[]> = {};
  if (clashes.slug) fieldErrors.slug = ["taxonomy:errors.slugTaken"];
  if (clashes.nameEn) fieldErrors.nameEn = ["taxonomy:errors.nameTaken"];
  if (clashes.nameZh) fieldErrors.nameZh = ["taxonomy:errors.nameTaken"];
  if (Object.keys(fieldErrors).length) throw new ValidationError(fieldErrors);
}

/** Two curators saving the same slug at once: the database's unique index decides, reported like a clash. */
async function withSlugRace<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if ((error as { code?: string } | null)?.code === "23505") {
      throw new ValidationError({ slug: ["taxonomy:errors.slugTaken"] });
    }
    throw error;
  }
}

// --- Slugs -----------------------------------------------------------------------------------------

/** A kebab-case slug from an English name ("BIM / clash detection" -> "bim-clash-detection"). */
export function slugFromName(name: string, fallback: string): string {
  const base = slugify(name, { lowercase: true, separator: "-", trim: true })
    .replace(/[^a-z0-9-]/g, "")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, TAXONOMY_LIMITS.slugMax - 4)
    .replace(/-$/, "");
  return base || fallback;
}

/** The derived slug, numbered when taken (an explicit slug that is taken is an error instead). */
async function derivedSlug(name: string, fallback: string, isTaken: (slug: string) => Promise<boolean>) {
  const base = slugFromName(name, fallback);
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await isTaken(candidate))) return candidate;
  }
  return `${base}-${Date.now().toString(36)}`;
}

// --- Order -----------------------------------------------------------------------------------------

/** The order after moving `id` one step or to a 1-based position (clamped to the list). */
export function reorder(order: readonly string[], id: string, move: Move): string[] {
  const from = order.indexOf(id);
  if (from < 0) return [...order];
  const to =
    "direction" in move
      ? from + (move.direction === "up" ? -1 : 1)
      : Math.min(Math.max(move.position - 1, 0), order.length - 1);
  const clamped = Math.min(Math.max(to, 0), order.length - 1);
  const next = order.filter((other) => other !== id);
  next.splice(clamped, 0, id);
  return next;
}

const placeOf = (order: readonly string[], id: string) => order.indexOf(id) + 1;

/** Search outbox rows in slices, so an area used by tens of thousands of write-ups stays one transaction. */
async function enqueueAll(db: Db, solutionIds: readonly string[]) {
  for (let i = 0; i < solutionIds.length; i += 5_000) {
    await enqueueSolutionIndexing(db, solutionIds.slice(i, i + 5_000));
  }
}

// --- Reading, for curators ---------------------------------------------------------------------------

/** The whole tree with retired pain points and how many write-ups carry each (all, and published). */
export async function getTaxonomyForCuration(db: Db, actor: SessionUser) {
  requireCurator(actor);
  const [areas, counts] = await Promise.all([
    listTaxonomy(db, { includeRetired: true }),
    countSolutionsPerPainPoint(db),
  ]);
  return areas.map((area) => ({
    ...area,
    painPoints: area.painPoints.map((p) => ({ ...p, solutionCounts: counts.get(p.id) ?? { total: 0, published: 0 } })),
  }));
}

// --- Areas -----------------------------------------------------------------------------------------

export async function createArea(db: Db, actor: SessionUser | null, raw: AreaInput) {
  requireCurator(actor);
  const input = validate(AreaSchema, raw);
  const slug = input.slug ?? (await derivedSlug(input.nameEn, "area", (s) => isAreaSlugTaken(db, s)));
  throwOnClashes(await findAreaClashes(db, { ...input, slug }));
  return withSlugRace(() =>
    db.transaction().execute(async (tx) => {
      const order = await lockAreaOrder(tx);
      const area = await insertArea(tx, { ...input, slug, position: order.length + 1 });
      if (input.position !== undefined) {
        await writePositions(tx, "painPointAreas", reorder([...order, area.id], area.id, { position: input.position }));
      }
      await writeAuditLog(tx, {
        actorId: actor?.id ?? null,
        action: "pain_point_area.created",
        targetType: "pain_point_area",
        targetId: area.id,
        details: { slug, nameEn: input.nameEn, nameZh: input.nameZh },
      });
      return area;
    }),
  );
}

export async function updateArea(db: Db, actor: SessionUser, id: string, raw: AreaInput) {
  requireCurator(actor);
  const input = validate(AreaSchema, raw);
  const existing = await requireArea(db, id);
  // An empty slug field keeps the current slug: renaming never changes URLs by surprise.
  const slug = input.slug ?? existing.slug;
  throwOnClashes(await findAreaClashes(db, { ...input, slug }, id));
  const renamed = slug !== existing.slug || input.nameEn !== existing.nameEn || input.nameZh !== existing.nameZh;
  await withSlugRace(() =>
    db.transaction().execute(async (tx) => {
      const at = now();
      await updateAreaRow(tx, id, {
        slug,
        nameEn: input.nameEn,
        nameZh: input.nameZh,
        descriptionEn: input.descriptionEn,
        descriptionZh: input.descriptionZh,
        updatedAt: at,
      });
      const order = await lockAreaOrder(tx);
      const next = input.position === undefined ? order : reorder(order, id, { position: input.position });
      await writePositions(tx, "painPointAreas", next);
      await writeAuditLog(tx, {
        actorId: actor.id,
        action: "pain_point_area.updated",
        targetType: "pain_point_area",
        targetId: id,
        details: {
          before: {
            slug: existing.slug,
            nameEn: existing.nameEn,
            nameZh: existing.nameZh,
            position: placeOf(order, id),
          },
          after: { slug, nameEn: input.nameEn, nameZh: input.nameZh, position: placeOf(next, id) },
        },
      });
      // Search documents carry area slugs and names.
      if (renamed) await enqueueAll(tx, await listSolutionIdsInArea(tx, id));
    }),
  );
}

export async function moveArea(db: Db, actor: SessionUser, id: string, move: Move) {
  requireCurator(actor);
  await requireArea(db, id);
  await db.transaction().execute(async (tx) => {
    const order = await lockAreaOrder(tx);
    const next = reorder(order, id, move);
    if (placeOf(next, id) === placeOf(order, id)) return;
    await writePositions(tx, "painPointAreas", next);
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "pain_point_area.moved",
      targetType: "pain_point_area",
      targetId: id,
      details: { from: placeOf(order, id), to: placeOf(next, id) },
    });
  });
}

// --- Pain points -----------------------------------------------------------------------------------

async function isPainPointSlugTaken(db: Db, slug: string) {
  return (await findSlugOwner(db, slug)) !== undefined;
}

export async function createPainPoint(db: Db, actor: SessionUser | null, raw: NewPainPointInput) {
  requireCurator(actor);
  const input = validate(NewPainPointSchema, raw);
  await requireArea(db, input.areaId, "areaId");
  const slug = input.slug ?? (await derivedSlug(input.nameEn, "pain-point", (s) => isPainPointSlugTaken(db, s)));
  throwOnClashes(await findPainPointClashes(db, { ...input, slug }));
  return withSlugRace(() =>
    db.transaction().execute(async (tx) => {
      const order = await lockPainPointOrder(tx, input.areaId);
      const painPoint = await insertPainPoint(tx, {
        areaId: input.areaId,
        slug,
        nameEn: input.nameEn,
        nameZh: input.nameZh,
        descriptionEn: input.descriptionEn,
        descriptionZh: input.descriptionZh,
        position: order.length + 1,
      });
      if (input.position !== undefined) {
        const next = reorder([...order, painPoint.id], painPoint.id, { position: input.position });
        await writePositions(tx, "painPoints", next);
      }
      await writeAuditLog(tx, {
        actorId: actor?.id ?? null,
        action: "pain_point.created",
        targetType: "pain_point",
        targetId: painPoint.id,
        details: { areaId: input.areaId, slug, nameEn: input.nameEn, nameZh: input.nameZh },
      });
      return painPoint;
    }),
  );
}

/**
 * Edits names, description, slug and place. An empty slug keeps the current one; a new slug keeps the
 * old one answering (301) through pain_point_slugs.
 */
export async function updatePainPoint(db: Db, actor: SessionUser, id: string, raw: PainPointInput) {
  requireCurator(actor);
  const input = validate(PainPointSchema, raw);
  const existing = await requireLivePainPoint(db, id);
  const slug = input.slug ?? existing.slug;
  throwOnClashes(await findPainPointClashes(db, { ...input, slug }, id));
  const renamed = slug !== existing.slug || input.nameEn !== existing.nameEn || input.nameZh !== existing.nameZh;
  await withSlugRace(() =>
    db.transaction().execute(async (tx) => {
      const at = now();
      await updatePainPointRow(tx, id, {
        slug,
        nameEn: input.nameEn,
        nameZh: input.nameZh,
        descriptionEn: input.descriptionEn,
        descriptionZh: input.descriptionZh,
        updatedAt: at,
      });
      if (slug !== existing.slug) await recordSlugChange(tx, id, existing.slug, slug);
      const order = await lockPainPointOrder(tx, existing.areaId);
      const next = input.position === undefined ? order : reorder(order, id, { position: input.position });
      await writePositions(tx, "painPoints", next);
      await writeAuditLog(tx, {
        actorId: actor.id,
        action: "pain_point.updated",
        targetType: "pain_point",
        targetId: id,
        details: {
          before: {
            slug: existing.slug,
            nameEn: existing.nameEn,
            nameZh: existing.nameZh,
            position: placeOf(order, id),
          },
          after: { slug, nameEn: input.nameEn, nameZh: input.nameZh, position: placeOf(next, id) },
        },
      });
      if (renamed) await enqueueAll(tx, await listSolutionIdsTaggedWith(tx, [id]));
    }),
  );
}

export async function movePainPoint(db: Db, actor: SessionUser, id: string, move: Move) {
  requireCurator(actor);
  const painPoint = await requireLivePainPoint(db, id);
  await db.transaction().execute(async (tx) => {
    const order = await lockPainPointOrder(tx, painPoint.areaId);
    const next = reorder(order, id, move);
    if (placeOf(next, id) === placeOf(order, id)) return;
    await writePositions(tx, "painPoints", next);
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "pain_point.moved",
      targetType: "pain_point",
      targetId: id,
      details: { areaId: painPoint.areaId, from: placeOf(order, id), to: placeOf(next, id) },
    });
  });
}

/** Moves a pain point to the end of another area. */
export async function changePainPointArea(db: Db, actor: SessionUser, id: string, areaId: string) {
  requireCurator(actor);
  const painPoint = await requireLivePainPoint(db, id);
  await requireArea(db, areaId, "areaId");
  if (painPoint.areaId === areaId) return;
  await db.transaction().execute(async (tx) => {
    const target = await lockPainPointOrder(tx, areaId);
    await updatePainPointRow(tx, id, { areaId, position: target.length + 1, updatedAt: now() });
    // Close the gap it left, so move up/down in the old area behaves.
    await writePositions(tx, "painPoints", await lockPainPointOrder(tx, painPoint.areaId));
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "pain_point.area_changed",
      targetType: "pain_point",
      targetId: id,
      details: { fromAreaId: painPoint.areaId, toAreaId: areaId },
    });
    await enqueueAll(tx, await listSolutionIdsTaggedWith(tx, [id]));
  });
}

/**
 * Merges `sourceId` into `targetId` in one transaction: every write-up tagged with the source (or whose
 * latest revision names it) is re-tagged to the target, gets a new revision noting the merge, and is
 * queued for search; the source keeps its row with `merged_into_id`, so its slug redirects to the
 * target. The target must be live and not retired.
 */
export async function mergePainPoint(db: Db, actor: SessionUser, sourceId: string, targetId: string) {
  requireCurator(actor);
  if (sourceId === targetId) throw new ValidationError({ targetId: ["taxonomy:errors.mergeIntoItself"] });
  await requireLivePainPoint(db, sourceId);
  await requireLivePainPoint(db, targetId, "targetId");
  return db.transaction().execute(async (tx) => {
    // Re-read under lock (in id order, so two opposite merges cannot deadlock) and check again.
    const locked = await lockPainPoints(tx, [sourceId, targetId]);
    const source = locked.find((p) => p.id === sourceId);
    const target = locked.find((p) => p.id === targetId);
    if (!source || source.mergedIntoId) throw new ValidationError({ id: ["taxonomy:errors.unknown"] });
    if (!target || target.mergedIntoId) throw new ValidationError({ targetId: ["taxonomy:errors.unknown"] });
    if (target.retiredAt) throw new ValidationError({ targetId: ["taxonomy:errors.mergeIntoRetired"] });

    const at = now();
    const solutionIds = await lockSolutionsReferencing(tx, sourceId);
    await appendRemappedRevisions(tx, solutionIds, {
      sourceId,
      targetId,
      note: `pain point "${source.nameEn}" merged into "${target.nameEn}"`,
      actorId: actor.id,
      at,
    });
    await retagSolutionPainPoints(tx, sourceId, targetId);
    await markPainPointMerged(tx, sourceId, targetId, at);
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "pain_point.merged",
      targetType: "pain_point",
      targetId: sourceId,
      details: {
        source: { slug: source.slug, nameEn: source.nameEn, nameZh: source.nameZh },
        target: { id: targetId, slug: target.slug, nameEn: target.nameEn, nameZh: target.nameZh },
        solutionCount: solutionIds.length,
        // Enough to follow up on; the revisions of each write-up say the rest.
        solutionIds: solutionIds.slice(0, 500),
      },
    });
    await enqueueAll(tx, solutionIds);
    return { source, target, solutionIds };
  });
}

/**
 * A retired pain point stays on the write-ups that have it but cannot be chosen for new ones (the
 * write-up service refuses it), and browsing hides it unless a visible write-up carries it.
 */
export async function setPainPointRetired(db: Db, actor: SessionUser, id: string, retired: boolean) {
  requireCurator(actor);
  const painPoint = await requireLivePainPoint(db, id);
  if (Boolean(painPoint.retiredAt) === retired) return;
  await db.transaction().execute(async (tx) => {
    const at = now();
    await updatePainPointRow(tx, id, { retiredAt: retired ? at : null, updatedAt: at });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: retired ? "pain_point.retired" : "pain_point.unretired",
      targetType: "pain_point",
      targetId: id,
      details: { slug: painPoint.slug, nameEn: painPoint.nameEn },
    });
    await enqueueAll(tx, await listSolutionIdsTaggedWith(tx, [id]));
  });
}
