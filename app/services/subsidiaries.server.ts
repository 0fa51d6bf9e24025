import type { Db } from "~/lib/db.server";
import { now } from "~/lib/clock.server";
import { writeAuditLog } from "~/models/audit-log.server";
import { enqueueSolutionIndexing } from "~/models/search-outbox.server";
import {
  findSubsidiary,
  getSubsidiaryById,
  insertSubsidiary,
  lockPublishedSolutionIdsOfSubsidiary,
  updateSubsidiary,
} from "~/models/subsidiary.server";
import type { SessionUser } from "~/lib/session.server";
import { can } from "~/policies/policy";
import { ForbiddenError, NotFoundError, ValidationError } from "./errors";

export interface SubsidiaryInput {
  code: string;
  nameEn: string;
  nameZh: string;
  isHeadquarters: boolean;
}

export function normalizeSubsidiaryCode(code: string): string {
  return code.trim().toUpperCase();
}

async function assertUnique(db: Db, input: SubsidiaryInput, exceptId?: string) {
  const byCode = await findSubsidiary(db, input.code);
  if (byCode && byCode.id !== exceptId && byCode.code === input.code) {
    throw new ValidationError({ code: ["admin:errors.codeTaken"] });
  }
  const byName = await findSubsidiary(db, input.nameEn);
  if (byName && byName.id !== exceptId && byName.nameEn.toLowerCase() === input.nameEn.toLowerCase()) {
    throw new ValidationError({ nameEn: ["admin:errors.nameTaken"] });
  }
}

/** `actor` null: the CLI (bootstrapping, before any admin exists). */
export async function createSubsidiary(db: Db, actor: SessionUser | null, raw: SubsidiaryInput) {
  if (actor && !can(actor, "subsidiary.manage")) throw new ForbiddenError();
  const input = { ...raw, code: normalizeSubsidiaryCode(raw.code) };
  await assertUnique(db, input);
  return db.transaction().execute(async (tx) => {
    const subsidiary = await insertSubsidiary(tx, input);
    await writeAuditLog(tx, {
      actorId: actor?.id ?? null,
      action: "subsidiary.created",
      targetType: "subsidiary",
      targetId: subsidiary.id,
      subsidiaryId: subsidiary.id,
      details: { code: subsidiary.code, nameEn: subsidiary.nameEn },
    });
    return subsidiary;
  });
}

/** Outbox rows in slices, so a subsidiary with tens of thousands of write-ups stays one transaction. */
async function enqueueAll(db: Db, solutionIds: readonly string[]) {
  for (let i = 0; i < solutionIds.length; i += 5_000) {
    await enqueueSolutionIndexing(db, solutionIds.slice(i, i + 5_000));
  }
}

/**
 * Edits a subsidiary. Search documents carry its code and names (facets, filters, result cards), so
 * when those change, every published write-up of the subsidiary is queued for re-indexing in the
 * same transaction.
 */
export async function updateSubsidiaryDetails(db: Db, actor: SessionUser, id: string, raw: SubsidiaryInput) {
  if (!can(actor, "subsidiary.manage")) throw new ForbiddenError();
  const existing = await getSubsidiaryById(db, id);
  if (!existing) throw new NotFoundError("No such subsidiary.");
  const input = { ...raw, code: normalizeSubsidiaryCode(raw.code) };
  await assertUnique(db, input, id);
  return db.transaction().execute(async (tx) => {
    const updated = await updateSubsidiary(tx, id, input);
    const renamed =
      existing.code !== input.code || existing.nameEn !== input.nameEn || existing.nameZh !== input.nameZh;
    if (renamed) await enqueueAll(tx, await lockPublishedSolutionIdsOfSubsidiary(tx, id));
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "subsidiary.updated",
      targetType: "subsidiary",
      targetId: id,
      subsidiaryId: id,
      details: {
        before: {
          code: existing.code,
          nameEn: existing.nameEn,
          nameZh: existing.nameZh,
          isHeadquarters: existing.isHeadquarters,
        },
        after: input,
      },
    });
    return updated;
  });
}

export async function setSubsidiaryArchived(db: Db, actor: SessionUser, id: string, archived: boolean) {
  if (!can(actor, "subsidiary.manage")) throw new ForbiddenError();
  const existing = await getSubsidiaryById(db, id);
  if (!existing) throw new NotFoundError("No such subsidiary.");
  if (archived && existing.id === actor.subsidiaryId) {
    throw new ForbiddenError("You cannot archive your own subsidiary.", "self_change");
  }
  await db.transaction().execute(async (tx) => {
    await updateSubsidiary(tx, id, { archivedAt: archived ? now() : null });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: archived ? "subsidiary.archived" : "subsidiary.restored",
      targetType: "subsidiary",
      targetId: id,
      subsidiaryId: id,
    });
  });
}
