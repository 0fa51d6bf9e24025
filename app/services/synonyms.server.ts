import demoSynonyms from "../../scripts/demo-content/synonyms.json";
import type { Db } from "~/lib/db.server";
import { parseSynonymTerms, SYNONYM_LIMITS } from "~/lib/synonym-terms";
import type { SessionUser } from "~/lib/session.server";
import { writeAuditLog } from "~/models/audit-log.server";
import {
  deleteSynonymGroupById,
  enqueueSynonymSync,
  getSynonymGroup,
  insertSynonymGroups,
  listSynonymGroups,
  updateSynonymGroupTerms,
} from "~/models/synonym-group.server";
import { can } from "~/policies/policy";
import { ForbiddenError, NotFoundError, ValidationError } from "./errors";

/**
 * Curators' synonym groups. Each change is audit-logged and queues a synonym push to Meilisearch in
 * the same transaction, so Meilisearch follows PostgreSQL even if it is down at the time.
 */
function validateTerms(raw: string): string[] {
  const terms = parseSynonymTerms(raw);
  if (terms.length < SYNONYM_LIMITS.termsMin) throw new ValidationError({ terms: ["search:synonyms.errors.tooFew"] });
  if (terms.length > SYNONYM_LIMITS.termsMax) throw new ValidationError({ terms: ["search:synonyms.errors.tooMany"] });
  if (terms.some((t) => t.length > SYNONYM_LIMITS.termMax))
    throw new ValidationError({ terms: ["search:synonyms.errors.termTooLong"] });
  return terms;
}

function requireCurator(actor: SessionUser) {
  if (!can(actor, "synonyms.manage")) throw new ForbiddenError();
}

export async function createSynonymGroup(db: Db, actor: SessionUser, rawTerms: string) {
  requireCurator(actor);
  const terms = validateTerms(rawTerms);
  return db.transaction().execute(async (tx) => {
    const [group] = await insertSynonymGroups(tx, [terms], actor.id);
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "synonyms.created",
      targetType: "synonym_group",
      targetId: group!.id,
      details: { terms },
    });
    await enqueueSynonymSync(tx);
    return group!;
  });
}

export async function updateSynonymGroup(db: Db, actor: SessionUser, id: string, rawTerms: string) {
  requireCurator(actor);
  const terms = validateTerms(rawTerms);
  const existing = await getSynonymGroup(db, id);
  if (!existing) throw new NotFoundError("No such synonym group.");
  return db.transaction().execute(async (tx) => {
    const updated = await updateSynonymGroupTerms(tx, id, terms);
    if (!updated) throw new NotFoundError("No such synonym group.");
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "synonyms.updated",
      targetType: "synonym_group",
      targetId: id,
      details: { before: existing.terms, after: terms },
    });
    await enqueueSynonymSync(tx);
    return updated;
  });
}

export async function deleteSynonymGroup(db: Db, actor: SessionUser, id: string) {
  requireCurator(actor);
  await db.transaction().execute(async (tx) => {
    const deleted = await deleteSynonymGroupById(tx, id);
    if (!deleted) throw new NotFoundError("No such synonym group.");
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "synonyms.deleted",
      targetType: "synonym_group",
      targetId: id,
      details: { terms: deleted.terms },
    });
    await enqueueSynonymSync(tx);
  });
}

export { listSynonymGroups };

const termSetKey = (terms: readonly string[]) =>
  terms
    .map((t) => t.toLowerCase())
    .sort()
    .join("\u0000");

/**
 * Loads the demo synonym groups (scripts/demo-content/synonyms.json). Safe to re-run: a group whose
 * terms are already there is skipped. Returns how many groups it added. Works inside a caller's
 * transaction too.
 */
export async function seedSynonyms(db: Db, groups: readonly (readonly string[])[] = demoSynonyms): Promise<number> {
  const seed = async (tx: Db) => {
    const existing = new Set((await listSynonymGroups(tx)).map((g) => termSetKey(g.terms)));
    const fresh = groups
      .map((group) => parseSynonymTerms(group.join("\n")))
      .filter((terms) => terms.length >= SYNONYM_LIMITS.termsMin && !existing.has(termSetKey(terms)));
    if (fresh.length === 0) return 0;
    await insertSynonymGroups(tx, fresh, null);
    await enqueueSynonymSync(tx);
    return fresh.length;
  };
  // The demo seed calls this inside its own transaction; on its own it opens one.
  return db.isTransaction ? seed(db) : db.transaction().execute(seed);
}
