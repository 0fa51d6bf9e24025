/**
 * Field limits of the "We are reusing this" form, shared by the page (maxLength) and its schema. Its
 * own module so the reading page does not pull zod into the browser bundle.
 */
export const REUSE_LIMITS = {
  projectMax: 200,
  noteMax: 1000,
} as const;
