/**
 * Highlighted text from Meilisearch is user content with our tags spliced in. We ask Meilisearch to
 * mark matches with two private-use characters (which `toSearchDocument` strips from every indexed
 * text), escape the whole string as HTML, and only then turn the placeholders into <mark> tags. So the
 * only markup that can ever reach the page is ours.
 */
export const HIGHLIGHT_PRE = "\uE000";
export const HIGHLIGHT_POST = "\uE001";
export const CROP_MARKER = "…";

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Safe HTML: escaped text whose only tags are balanced <mark>…</mark> pairs. */
export function highlightToHtml(formatted: string): string {
  let open = false;
  let html = "";
  for (const part of escapeHtml(formatted).split(/([\uE000\uE001])/)) {
    if (part === HIGHLIGHT_PRE) {
      if (!open) html += "<mark>";
      open = true;
    } else if (part === HIGHLIGHT_POST) {
      if (open) html += "</mark>";
      open = false;
    } else {
      html += part.replace(/[\uE000-\uF8FF]/g, "");
    }
  }
  return open ? `${html}</mark>` : html;
}

export function hasHighlight(formatted: string | undefined): boolean {
  return formatted !== undefined && formatted.includes(HIGHLIGHT_PRE);
}

/** A plain snippet (no highlights): the first `maxChars` characters, cut at a word when possible. */
export function plainSnippet(text: string, maxChars = 240): string {
  if (text.length <= maxChars) return escapeHtml(text);
  const cut = text.slice(0, maxChars);
  const space = cut.lastIndexOf(" ");
  return `${escapeHtml(space > maxChars * 0.6 ? cut.slice(0, space) : cut)}${CROP_MARKER}`;
}
