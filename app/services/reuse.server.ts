import { now } from "~/lib/clock.server";
import type { Db } from "~/lib/db.server";
import { parseValues } from "~/lib/forms";
import { RecordReuseSchema } from "~/lib/schemas/reuse";
import type { SessionUser } from "~/lib/session.server";
import { writeAuditLog } from "~/models/audit-log.server";
import { enqueueSolutionIndexing } from "~/models/search-outbox.server";
import { getSolutionAccess, type SolutionAccess } from "~/models/solution.server";
import {
  deleteReuse,
  findReuseByProject,
  getReuse,
  insertReuse,
  listReuses,
  lockSolutionRow,
  recountReuses,
} from "~/models/solution-reuse.server";
import { can } from "~/policies/policy";
import { ForbiddenError, NotFoundError, ValidationError } from "./errors";
import { requireReadableSolution } from "./solutions.server";
import { isUuid } from "~/lib/uuid";

/**
 * Teams record that they reuse a write-up in one of their projects, so reuse between subsidiaries
 * becomes visible. Each record or withdrawal runs in one transaction that also recomputes
 * solutions.reuse_count (the number of records) and writes the search outbox row, so the catalog's and
 * search's "most reused" never drift from the records.
 */

/**
 * Records that the actor's subsidiary reuses the write-up in `project`. Bad input is a 400 with field
 * errors, a write-up the actor may not read a 404, one they may read but not record (not published) a
 * 403, and a second record for the same project of the same subsidiary (any letter case) a 400 on
 * the project field.
 */
export async function recordReuse(
  db: Db,
  actor: SessionUser,
  solutionId: string,
  input: { project?: unknown; note?: unknown },
) {
  const parsed = parseValues(RecordReuseSchema, input);
  if (!parsed.ok) throw new ValidationError(parsed.fieldErrors);
  const { project, note } = parsed.data;
  const solution = await requireReadableSolution(db, actor, solutionId);
  requireMayRecord(actor, solution);
  const at = now();
  return db.transaction().execute(async (tx) => {
    if (!(await lockSolutionRow(tx, solutionId))) throw new NotFoundError("No such write-up.");
    // Re-checked under the lock: the write-up may have been archived or made confidential meanwhile.
    const current = await getSolutionAccess(tx, solutionId);
    if (!current || !can(actor, "solution.read", current)) throw new NotFoundError("No such write-up.");
    requireMayRecord(actor, current);
    // Under the row lock nobody else can add a record for this write-up, so this check is exact; the
    // unique index stays as the last line of defence (the insert then returns nothing).
    const existing = await findReuseByProject(tx, solutionId, actor.subsidiaryId, project);
    const inserted = existing
      ? undefined
      : await insertReuse(tx, {
          solutionId,
          subsidiaryId: actor.subsidiaryId,
          userId: actor.id,
          project,
          note: note ?? null,
          at,
        });
    if (!inserted) {
      throw new ValidationError(
        { project: ["reuse:errors.duplicate"] },
        "Your subsidiary has already recorded reuse of this write-up in that project.",
        "duplicate_reuse",
      );
    }
    const reuseCount = await recountReuses(tx, solutionId);
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "reuse.recorded",
      targetType: "solution",
      targetId: solutionId,
      subsidiaryId: actor.subsidiaryId,
      details: { reuseId: inserted.id, project, crossSubsidiary: actor.subsidiaryId !== current.subsidiaryId },
    });
    await enqueueSolutionIndexing(tx, [solutionId]);
    return { id: inserted.id, reuseCount };
  });
}

function requireMayRecord(actor: SessionUser, solution: SolutionAccess) {
  if (!can(actor, "solution.recordReuse", solution)) {
    throw new ForbiddenError("Reuse can only be recorded for a published write-up.");
  }
}

/**
 * Withdraws a reuse record: its recorder, a lead of the reusing subsidiary, or an admin. An unknown
 * record (or one of another write-up) is a 404, like a write-up the actor may not read.
 */
export async function withdrawReuse(db: Db, actor: SessionUser, solutionId: string, reuseId: string) {
  await requireReadableSolution(db, actor, solutionId);
  const reuse = isUuid(reuseId) ? await getReuse(db, reuseId) : undefined;
  if (!reuse || reuse.solutionId !== solutionId) throw new NotFoundError("No such reuse record.");
  if (!can(actor, "solution.withdrawReuse", reuse)) {
    throw new ForbiddenError("Only the person who recorded this reuse, their lead or an admin may withdraw it.");
  }
  return db.transaction().execute(async (tx) => {
    if (!(await lockSolutionRow(tx, solutionId))) throw new NotFoundError("No such write-up.");
    // Someone else may have withdrawn it in the meantime: then there is nothing left to do here.
    if (!(await deleteReuse(tx, reuseId))) throw new NotFoundError("No such reuse record.");
    const reuseCount = await recountReuses(tx, solutionId);
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "reuse.withdrawn",
      targetType: "solution",
      targetId: solutionId,
      subsidiaryId: reuse.subsidiaryId,
      details: { reuseId, project: reuse.project, recordedBy: reuse.userId },
    });
    await enqueueSolutionIndexing(tx, [solutionId]);
    return { reuseCount };
  });
}

/**
 * The reuse records a reader sees under a write-up they may read (the caller has checked that), with
 * totals and, per record, whether it comes from another subsidiary and whether the reader may
 * withdraw it.
 */
export async function listSolutionReuses(db: Db, actor: SessionUser, solution: SolutionAccess) {
  const rows = await listReuses(db, solution.id);
  const items = rows.map((row) => ({
    id: row.id,
    project: row.project,
    note: row.note,
    createdAt: row.createdAt,
    recordedByName: row.recordedByName,
    subsidiary: { code: row.subsidiaryCode, nameEn: row.subsidiaryNameEn, nameZh: row.subsidiaryNameZh },
    ownSubsidiary: row.subsidiaryId === actor.subsidiaryId,
    crossSubsidiary: row.subsidiaryId !== solution.subsidiaryId,
    canWithdraw: can(actor, "solution.withdrawReuse", row),
  }));
  const subsidiaries = new Set(rows.map((r) => r.subsidiaryId));
  const otherSubsidiaries = new Set(
    rows.filter((r) => r.subsidiaryId !== solution.subsidiaryId).map((r) => r.subsidiaryId),
  );
  return {
    items,
    projects: rows.length,
    subsidiaries: subsidiaries.size,
    crossSubsidiaryProjects: items.filter((i) => i.crossSubsidiary).length,
    otherSubsidiaries: otherSubsidiaries.size,
  };
}

export type SolutionReuses = Awaited<ReturnType<typeof listSolutionReuses>>;
