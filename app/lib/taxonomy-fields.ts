/**
 * Field limits of the curators' taxonomy forms, shared by the page (maxLength) and the schemas. Its own
 * module so the taxonomy page does not pull zod into the browser bundle.
 */
export const TAXONOMY_LIMITS = {
  nameMax: 100,
  slugMax: 80,
  descriptionMax: 2000,
  positionMax: 10_000,
} as const;
