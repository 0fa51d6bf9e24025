import type { Db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { getImageStore, sniffImageType } from "~/lib/image-store.server";
import type { SessionUser } from "~/lib/session.server";
import { getSolutionAccess } from "~/models/solution.server";
import { can } from "~/policies/policy";
import { ForbiddenError, NotFoundError, ValidationError } from "./errors";
import { requireReadableSolution } from "./solutions.server";
import { isUuid } from "~/lib/uuid";

/** The upload limit in MB as people read it (one decimal: a small configured limit is not "0 MB"). */
export function imageLimitMegabytes(bytes = getEnv().UPLOAD_MAX_BYTES): number {
  return Math.round((bytes / 1048576) * 10) / 10;
}

/** Stores an image for a write-up the actor may edit; the type is checked from the bytes. */
export async function uploadImage(db: Db, actor: SessionUser, solutionId: string, data: Uint8Array) {
  const solution = await requireReadableSolution(db, actor, solutionId);
  if (!can(actor, "solution.edit", solution)) throw new ForbiddenError("You may not add images to this write-up.");
  const max = getEnv().UPLOAD_MAX_BYTES;
  if (data.byteLength === 0) throw new ValidationError({ file: ["solutions:images.missing"] });
  // Bad files are bad input (400) with a field message; the route translates it for the reader.
  if (data.byteLength > max) {
    throw new ValidationError(
      { file: ["solutions:images.tooLarge"] },
      `The image is larger than ${imageLimitMegabytes(max)} MB.`,
      "too_large",
    );
  }
  const contentType = await sniffImageType(data);
  if (!contentType) {
    throw new ValidationError(
      { file: ["solutions:images.notImage"] },
      "Only PNG, JPEG, WebP and GIF images can be uploaded.",
      "not_image",
    );
  }
  const { id } = await getImageStore().save(db, { solutionId, uploadedBy: actor.id, contentType, data });
  return { id, src: `/images/${id}`, contentType };
}

/** Serves an image only to someone who may read its write-up; anyone else gets "not found". */
export async function readImage(db: Db, actor: SessionUser, id: string) {
  if (!isUuid(id)) throw new NotFoundError();
  const image = await getImageStore().load(db, id);
  if (!image) throw new NotFoundError();
  const solution = await getSolutionAccess(db, image.solutionId);
  if (!solution || !can(actor, "solution.read", solution)) throw new NotFoundError();
  return image;
}
