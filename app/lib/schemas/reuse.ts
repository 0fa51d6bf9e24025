import { z } from "zod";
import { emptyToUndefined } from "../forms";
import { REUSE_LIMITS } from "../reuse-fields";

/**
 * The "We are reusing this" form on a write-up's page, shared by the page (field limits) and the
 * action and service (validation). The reusing subsidiary is never part of the form: it is the
 * recorder's own.
 */
export const RecordReuseSchema = z.object({
  project: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().replace(/\s+/g, " ") : v),
    z.string("validation:required").min(1, "validation:required").max(REUSE_LIMITS.projectMax, "validation:tooLong"),
  ),
  note: z.preprocess(emptyToUndefined, z.string().max(REUSE_LIMITS.noteMax, "validation:tooLong").optional()),
});
export type RecordReuseInput = z.infer<typeof RecordReuseSchema>;

export const ReuseIdSchema = z.object({ reuseId: z.uuid("reuse:errors.unknownReuse") });
