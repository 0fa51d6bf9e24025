import type { Db } from "~/lib/db.server";

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  subsidiaryId?: string | null;
  details?: Record<string, unknown>;
}

/** Called inside the same transaction as the change it records. */
export function writeAuditLog(db: Db, entry: AuditEntry) {
  return db
    .insertInto("auditLog")
    .values({
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      subsidiaryId: entry.subsidiaryId ?? null,
      details: entry.details ?? {},
    })
    .execute();
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  targetId?: string;
  subsidiaryId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export async function listAuditLog(db: Db, filter: AuditFilter) {
  let query = db
    .selectFrom("auditLog")
    .leftJoin("users as actor", "actor.id", "auditLog.actorId")
    .leftJoin("subsidiaries", "subsidiaries.id", "auditLog.subsidiaryId")
    .select([
      "auditLog.id",
      "auditLog.at",
      "auditLog.action",
      "auditLog.targetType",
      "auditLog.targetId",
      "auditLog.details",
      "actor.displayName as actorName",
      "actor.email as actorEmail",
      "subsidiaries.code as subsidiaryCode",
    ]);
  if (filter.action) query = query.where("auditLog.action", "=", filter.action);
  if (filter.actorId) query = query.where("auditLog.actorId", "=", filter.actorId);
  if (filter.targetId) query = query.where("auditLog.targetId", "=", filter.targetId);
  if (filter.subsidiaryId) query = query.where("auditLog.subsidiaryId", "=", filter.subsidiaryId);
  if (filter.from) query = query.where("auditLog.at", ">=", filter.from);
  if (filter.to) query = query.where("auditLog.at", "<", filter.to);
  const [rows, total] = await Promise.all([
    query
      .orderBy("auditLog.at", "desc")
      .orderBy("auditLog.id", "desc")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.count)),
  ]);
  return { rows, total };
}

export function listAuditActions(db: Db) {
  return db
    .selectFrom("auditLog")
    .select("action")
    .distinct()
    .orderBy("action")
    .execute()
    .then((rows) => rows.map((r) => r.action));
}
