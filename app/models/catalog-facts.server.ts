import { sql } from "kysely";
import type { Db } from "~/lib/db.server";
import { isUuid } from "~/lib/uuid";

/**
 * What the catalog counts read of each published write-up: its permission fields and the values of
 * every facet, nothing else (no text). See catalog-snapshot.server.ts for why they are held in memory.
 */
export interface CatalogFact {
  id: string;
  status: "published";
  /** Always empty here: who co-authors what is asked per request (see countListable in the catalog service). */
  authorIds: readonly string[];
  visibility: string;
  subsidiaryId: string;
  /** Milliseconds since the epoch. */
  publishedAt: number;
  sector: string | null;
  year: number | null;
  disciplines: string[];
  painPointIds: string[];
  technologyKeys: string[];
}

interface FactRow {
  id: string;
  visibility: string;
  subsidiaryId: string;
  publishedAt: Date;
  sector: string | null;
  year: number | null;
  disciplines: string[];
  painPointIds: string[];
  technologyKeys: string[];
}

const NO_AUTHORS: readonly string[] = Object.freeze([]);

function toFact(row: FactRow): CatalogFact {
  return {
    id: row.id,
    status: "published",
    authorIds: NO_AUTHORS,
    visibility: row.visibility,
    subsidiaryId: row.subsidiaryId,
    publishedAt: row.publishedAt.getTime(),
    sector: row.sector,
    year: row.year,
    disciplines: row.disciplines,
    painPointIds: row.painPointIds,
    technologyKeys: row.technologyKeys,
  };
}

/** Every published write-up's facts, or (with `ids`) those of these write-ups that are published. */
export async function loadCatalogFacts(db: Db, ids?: readonly string[]): Promise<CatalogFact[]> {
  if (ids && ids.length === 0) return [];
  let query = db
    .selectFrom("solutions")
    .select([
      "id",
      "visibility",
      "subsidiaryId",
      "publishedAt",
      "sector",
      "year",
      "disciplines",
      "painPointIds",
      "technologyKeys",
    ])
    .where("status", "=", "published")
    .where("publishedAt", "is not", null);
  if (ids) query = query.where("id", "=", sql<string>`any(${[...ids]}::uuid[])`);
  const rows = (await query.execute()) as FactRow[];
  return rows.map(toFact);
}

/** The write-ups that outbox rows numbered above `afterId` are about (every change writes one). */
export async function listSolutionsChangedAfter(db: Db, afterId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("searchOutbox")
    .select("entityId")
    .distinct()
    .where("entityType", "=", "solution")
    .where("id", ">", afterId)
    .execute();
  // The column is text: a row that names no write-up id must not break the uuid[] cast of the reload.
  return rows.map((r) => r.entityId).filter((id) => isUuid(id));
}

/**
 * Of these users, who co-authors which write-up: what the "or anything they co-author" part of a
 * visibility rule needs, by write-up id.
 */
export async function listCoAuthors(db: Db, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const byWriteUp = new Map<string, string[]>();
  if (userIds.length === 0) return byWriteUp;
  const rows = await db
    .selectFrom("solutionAuthors")
    .select(["solutionId", "userId"])
    .where("userId", "in", [...userIds])
    .execute();
  for (const row of rows) byWriteUp.set(row.solutionId, [...(byWriteUp.get(row.solutionId) ?? []), row.userId]);
  return byWriteUp;
}
