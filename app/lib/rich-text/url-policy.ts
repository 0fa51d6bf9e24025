/**
 * Which URLs rich text may carry. Shared by the editor (to refuse a bad link before saving), the
 * server validator, the renderer, the sanitizer and the Markdown importer, so all of them agree.
 */

const ALLOWED_LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
const MAX_URL_LENGTH = 2048;

/** Uploaded images live at `/images/<uuid v4>`; nothing else may appear as an image source. */
const PORTAL_IMAGE_SRC = /^\/images\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// Characters a browser ignores or strips inside a URL (C0/C1 controls, every kind of space, zero-width
// and bidi marks), which is how `java\tscript:` and `\u0000javascript:` sneak past a naive prefix check.
const IGNORABLE_URL_CHARACTER =
  /[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/;
const IGNORABLE_URL_CHARACTERS = new RegExp(IGNORABLE_URL_CHARACTER.source, "g");

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  apos: "'",
  colon: ":",
  comma: ",",
  gt: ">",
  lpar: "(",
  lt: "<",
  newline: "\n",
  nbsp: "\u00a0",
  period: ".",
  quot: '"',
  rpar: ")",
  semi: ";",
  sol: "/",
  tab: "\t",
};

function decodeEntitiesOnce(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (entity, body: string) => {
    const lower = body.toLowerCase();
    if (lower.startsWith("#x")) return codePointToString(Number.parseInt(lower.slice(2), 16)) ?? entity;
    if (lower.startsWith("#")) return codePointToString(Number.parseInt(lower.slice(1), 10)) ?? entity;
    return NAMED_ENTITIES[lower] ?? entity;
  });
}

function codePointToString(codePoint: number): string | null {
  if (!Number.isFinite(codePoint) || codePoint < 0 || codePoint > 0x10ffff) return null;
  return String.fromCodePoint(codePoint);
}

/**
 * What a browser would make of `url` when deciding its scheme: entities decoded (repeatedly, for
 * double encoding), ignorable characters removed, lower case. Only used for checking, never stored.
 */
export function normalizeUrlForSchemeCheck(url: string): string {
  let decoded = url;
  for (let round = 0; round < 5; round++) {
    const next = decodeEntitiesOnce(decoded);
    if (next === decoded) break;
    decoded = next;
  }
  return decoded.replace(IGNORABLE_URL_CHARACTERS, "").toLowerCase();
}

/**
 * True for an absolute http(s) or mailto URL that is written plainly: no whitespace or control
 * characters, and the scheme a browser would see is the one the URL parser sees.
 */
export function isAllowedLinkUrl(url: unknown): url is string {
  if (typeof url !== "string" || url.length === 0 || url.length > MAX_URL_LENGTH) return false;
  if (IGNORABLE_URL_CHARACTER.test(url)) return false;
  const normalized = normalizeUrlForSchemeCheck(url);
  if (!/^(https?|mailto):/.test(normalized)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (!ALLOWED_LINK_PROTOCOLS.has(parsed.protocol)) return false;
  return parsed.protocol === "mailto:" ? parsed.pathname !== "" : parsed.hostname !== "";
}

export function isPortalImageSrc(src: unknown): src is string {
  return typeof src === "string" && PORTAL_IMAGE_SRC.test(src);
}
