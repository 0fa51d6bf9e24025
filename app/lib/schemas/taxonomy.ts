import { z } from "zod";
import { emptyToUndefined } from "../forms";
import { TAXONOMY_LIMITS } from "../taxonomy-fields";

/**
 * Forms of the curators' taxonomy page (areas and pain points), shared by the page (field limits) and
 * the actions and services (validation). Slugs are kebab-case; an empty slug means "derive it from the
 * English name" on create and "keep the current one" on edit.
 */
export const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const name = z.string().trim().min(1, "validation:required").max(TAXONOMY_LIMITS.nameMax, "validation:tooLong");
const description = z.preprocess(
  (v) => (typeof v === "string" ? v.trim() : (v ?? "")),
  z.string().max(TAXONOMY_LIMITS.descriptionMax, "validation:tooLong"),
);
const slug = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .max(TAXONOMY_LIMITS.slugMax, "validation:tooLong")
    .regex(KEBAB_CASE, "taxonomy:errors.slugFormat")
    .optional(),
);
/** 1-based place among its siblings; empty keeps the current place (or appends on create). */
const position = z.preprocess(
  emptyToUndefined,
  z.coerce
    .number("validation:number")
    .int("validation:number")
    .min(1, "validation:tooSmall")
    .max(TAXONOMY_LIMITS.positionMax, "validation:tooBig")
    .optional(),
);
const id = z.uuid("taxonomy:errors.unknown");

export const AreaSchema = z.object({
  nameEn: name,
  nameZh: name,
  slug,
  descriptionEn: description,
  descriptionZh: description,
  position,
});
export type AreaInput = z.infer<typeof AreaSchema>;

export const PainPointSchema = AreaSchema;
export type PainPointInput = z.infer<typeof PainPointSchema>;

export const NewPainPointSchema = PainPointSchema.extend({ areaId: z.uuid("taxonomy:errors.unknownArea") });
export type NewPainPointInput = z.infer<typeof NewPainPointSchema>;

export const ChangeAreaSchema = z.object({ areaId: z.uuid("taxonomy:errors.unknownArea") });

export const MergeSchema = z.object({
  targetId: id,
  // Merging cannot be undone, so the form asks for an explicit tick (works without JavaScript).
  confirm: z.literal("on", "taxonomy:errors.confirmMerge"),
});

export const MOVE_DIRECTIONS = ["up", "down"] as const;
export type Move = { direction: (typeof MOVE_DIRECTIONS)[number] } | { position: number };
