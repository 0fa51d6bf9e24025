import { sql } from "kysely";
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
  /** Free text matched against the target's email, name, code, title or label, or its exact id. */
  target?: string;
  subsidiaryId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

/** `%`, `_` and `\` are literal in a search term, not ILIKE wildcards. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The audit log with its target ("to whom") joined in: the user, subsidiary, write-up, pain point,
 * pain-point area or API token the entry's `targetId` names, and the email of an invitation. A target that
 * no longer exists keeps its id and shows no name.
 */
export async function listAuditLog(db: Db, filter: AuditFilter) {
  const targetIs = (type: string, table: string) =>
    sql<boolean>`audit_log.target_type = ${type} and ${sql.ref(`${table}.id`)}::text = audit_log.target_id`;
  let query = db
    .selectFrom("auditLog")
    .leftJoin("users as actor", "actor.id", "auditLog.actorId")
    .leftJoin("subsidiaries", "subsidiaries.id", "auditLog.subsidiaryId")
    .leftJoin("users as targetUser", (join) => join.on(targetIs("user", "targetUser")))
    .leftJoin("subsidiaries as targetSubsidiary", (join) => join.on(targetIs("subsidiary", "targetSubsidiary")))
    .leftJoin("solutions as targetSolution", (join) => join.on(targetIs("solution", "targetSolution")))
    .leftJoin("painPoints as targetPainPoint", (join) => join.on(targetIs("pain_point", "targetPainPoint")))
    .leftJoin("painPointAreas as targetArea", (join) => join.on(targetIs("pain_point_area", "targetArea")))
    .leftJoin("apiTokens as targetToken", (join) => join.on(targetIs("api_token", "targetToken")));
  const invitationEmail = sql<
    string | null
  >`case when audit_log.target_type = 'invitation' then audit_log.details->>'email' end`;
  if (filter.action) query = query.where("auditLog.action", "=", filter.action);
  if (filter.actorId) query = query.where("auditLog.actorId", "=", filter.actorId);
  if (filter.targetId) query = query.where("auditLog.targetId", "=", filter.targetId);
  if (filter.target) {
    const pattern = containsPattern(filter.target);
    const text = filter.target;
    query = query.where((eb) =>
      eb.or([
        eb("auditLog.targetId", "=", text),
        eb("targetUser.email", "ilike", pattern),
        eb("targetUser.displayName", "ilike", pattern),
        eb("targetSubsidiary.code", "ilike", pattern),
        eb("targetSubsidiary.nameEn", "ilike", pattern),
        eb("targetSubsidiary.nameZh", "ilike", pattern),
        eb("targetSolution.title", "ilike", pattern),
        eb("targetSolution.slug", "ilike", pattern),
        eb("targetPainPoint.nameEn", "ilike", pattern),
        eb("targetPainPoint.nameZh", "ilike", pattern),
        eb("targetArea.nameEn", "ilike", pattern),
        eb("targetArea.nameZh", "ilike", pattern),
        eb("targetToken.label", "ilike", pattern),
        eb(invitationEmail, "ilike", pattern),
      ]),
    );
  }
  if (filter.subsidiaryId) query = query.where("auditLog.subsidiaryId", "=", filter.subsidiaryId);
  if (filter.from) query = query.where("auditLog.at", ">=", filter.from);
  if (filter.to) query = query.where("auditLog.at", "<", filter.to);
  const [rows, total] = await Promise.all([
    query
      .select((eb) => [
        "auditLog.id",
        "auditLog.at",
        "auditLog.action",
        "auditLog.targetType",
        "auditLog.targetId",
        "auditLog.details",
        "actor.displayName as actorName",
        "actor.email as actorEmail",
        "subsidiaries.code as subsidiaryCode",
        eb.fn
          .coalesce(
            "targetUser.displayName",
            "targetSubsidiary.nameEn",
            "targetSolution.title",
            "targetPainPoint.nameEn",
            eb.fn.coalesce("targetArea.nameEn", "targetToken.label"),
          )
          .as("targetName"),
        eb.fn.coalesce("targetSubsidiary.nameZh", "targetPainPoint.nameZh", "targetArea.nameZh").as("targetNameZh"),
        eb.fn.coalesce("targetUser.email", invitationEmail).as("targetEmail"),
        eb.fn.coalesce("targetSubsidiary.code", "targetSolution.slug").as("targetCode"),
      ])
      .orderBy("auditLog.at", "desc")
      .orderBy("auditLog.id", "desc")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query
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
