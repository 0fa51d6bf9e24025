import crypto from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import type { Db } from "./db.server";

/**
 * Where uploaded images live. PostgreSQL (bytea) is the only implementation today: it keeps backups
 * and permissions in one place and needs no extra service. An S3-compatible store would implement the
 * same interface and keep only metadata in the `images` table.
 */
export interface ImageStore {
  save(
    db: Db,
    image: { solutionId: string; uploadedBy: string; contentType: string; data: Uint8Array },
  ): Promise<{ id: string }>;
  load(
    db: Db,
    id: string,
  ): Promise<{ solutionId: string; contentType: string; data: Uint8Array; sha256: string } | undefined>;
  /** Removes every image of a write-up (it is being deleted); returns how many there were. */
  removeForSolution(db: Db, solutionId: string): Promise<number>;
}

export const ACCEPTED_IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;

/** The real type from the bytes; a renamed text file is not an image whatever its name says. */
export async function sniffImageType(data: Uint8Array): Promise<(typeof ACCEPTED_IMAGE_TYPES)[number] | null> {
  const type = await fileTypeFromBuffer(data);
  return type && (ACCEPTED_IMAGE_TYPES as readonly string[]).includes(type.mime)
    ? (type.mime as (typeof ACCEPTED_IMAGE_TYPES)[number])
    : null;
}

export const postgresImageStore: ImageStore = {
  async save(db, image) {
    const row = await db
      .insertInto("images")
      .values({
        solutionId: image.solutionId,
        uploadedBy: image.uploadedBy,
        contentType: image.contentType,
        byteSize: image.data.byteLength,
        sha256: crypto.createHash("sha256").update(image.data).digest("hex"),
        data: image.data,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row;
  },
  async load(db, id) {
    return db
      .selectFrom("images")
      .select(["solutionId", "contentType", "data", "sha256"])
      .where("id", "=", id)
      .executeTakeFirst();
  },
  async removeForSolution(db, solutionId) {
    const rows = await db.deleteFrom("images").where("solutionId", "=", solutionId).returning("id").execute();
    return rows.length;
  },
};

export function getImageStore(): ImageStore {
  return postgresImageStore;
}
