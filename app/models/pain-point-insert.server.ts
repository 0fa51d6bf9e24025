import { sql } from "kysely";
import type { Db } from "~/lib/db.server";

/**
 * Inserting taxonomy rows for the seed and the import (the curators' editing lives elsewhere).
 * Inserts are idempotent by slug: an existing row is never changed.
 */

interface AreaValues {
  slug: string;
  nameEn: string;
  nameZh: string;
  descriptionEn: string;
  descriptionZh: string;
  position: number;
}

export async function insertAreaIfMissing(db: Db, values: AreaValues): Promise<{ id: string; created: boolean }> {
  const inserted = await db
    .insertInto("painPointAreas")
    .values(values)
    .onConflict((oc) => oc.column("slug").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await db
    .selectFrom("painPointAreas")
    .select("id")
    .where("slug", "=", values.slug)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

/** Returns whether a row was inserted. */
export async function insertPainPointIfMissing(db: Db, values: AreaValues & { areaId: string }): Promise<boolean> {
  const inserted = await db
    .insertInto("painPoints")
    .values(values)
    .onConflict((oc) => oc.column("slug").doNothing())
    .returning("id")
    .executeTakeFirst();
  return Boolean(inserted);
}

/** The next position at the end of an area (or of the area list). */
export async function nextPainPointPosition(db: Db, areaId: string): Promise<number> {
  const row = await db
    .selectFrom("painPoints")
    .select(sql<number>`coalesce(max(position), 0) + 1`.as("next"))
    .where("areaId", "=", areaId)
    .executeTakeFirstOrThrow();
  return Number(row.next);
}

export async function nextAreaPosition(db: Db): Promise<number> {
  const row = await db
    .selectFrom("painPointAreas")
    .select(sql<number>`coalesce(max(position), 0) + 1`.as("next"))
    .executeTakeFirstOrThrow();
  return Number(row.next);
}

export async function isPainPointSlugTaken(db: Db, slug: string): Promise<boolean> {
  const row = await db.selectFrom("painPoints").select("id").where("slug", "=", slug).executeTakeFirst();
  return Boolean(row);
}

export function insertPainPoint(db: Db, values: AreaValues & { areaId: string }) {
  return db
    .insertInto("painPoints")
    .values(values)
    .returning(["id", "slug", "nameEn", "nameZh"])
    .executeTakeFirstOrThrow();
}

export function findAreaBySlug(db: Db, slug: string) {
  return db.selectFrom("painPointAreas").select(["id", "slug"]).where("slug", "=", slug).executeTakeFirst();
}

/**
 * Pain points whose slug, English name (any case) or Chinese name is one of `references`, merged and
 * retired ones included (the caller decides what to do with them).
 */
export function findPainPointsByReference(db: Db, references: readonly string[]) {
  if (references.length === 0) return Promise.resolve([]);
  const lowered = references.map((r) => r.toLowerCase());
  return db
    .selectFrom("painPoints")
    .select(["id", "slug", "nameEn", "nameZh", "retiredAt", "mergedIntoId"])
    .where((eb) =>
      eb.or([
        eb("slug", "in", [...references]),
        eb(sql<string>`lower(name_en)`, "in", lowered),
        eb("nameZh", "in", [...references]),
      ]),
    )
    .execute();
}
