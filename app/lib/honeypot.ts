/**
 * The honeypot: a field people never see or fill; bots fill every field. Its own module so the pages
 * that render it do not pull the form schemas (and zod) into the browser bundle.
 */
export const HONEYPOT_FIELD = "website";
