/** Limits on a stored write-up. Shared so the editor can warn before the server refuses. */
export const RICH_TEXT_LIMITS = {
  /** Serialized JSON, in UTF-8 bytes (1 MiB). A long write-up with tables is well under 200 KB. */
  maxJsonBytes: 1024 * 1024,
  /** Nodes from the root to the deepest leaf: room for lists nested eight levels. */
  maxNodeDepth: 20,
  /** Objects and arrays inside one another, anywhere in the JSON (a node level costs two). */
  maxJsonDepth: 48,
  maxImages: 50,
  maxAltTextLength: 500,
  maxImageDimension: 10_000,
  maxLinkTitleLength: 500,
  maxTableSpan: 100,
  maxIndent: 20,
} as const;

export const ALLOWED_HEADING_TAGS: ReadonlySet<string> = new Set(["h2", "h3", "h4"]);
export const ALLOWED_LIST_TYPES: ReadonlySet<string> = new Set(["bullet", "number", "check"]);
export const CODE_LANGUAGE_PATTERN = /^[a-z0-9+#-]{0,30}$/;
