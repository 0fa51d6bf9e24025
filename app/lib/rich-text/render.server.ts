import type { SerializedEditorState } from "lexical";
import { parseEditorStateJson, readPlainText } from "./headless-editor.server";
import { readRichTextJson } from "./read-rich-text-json";
import { renderEditorStateToHtml } from "./render-nodes-to-html";
import { sanitizeRichTextHtml } from "./sanitize-rich-text-html.server";

export { createEmptyRichText } from "./serialized-nodes";

/**
 * A stored document as HTML for reading pages, using the editor theme's class names. Safe for any
 * input, validated or not: the renderer escapes everything and knows only our nodes, and the result
 * passes an allow-list sanitizer before it is returned.
 */
export function renderRichTextToHtml(state: SerializedEditorState): string {
  return sanitizeRichTextHtml(renderEditorStateToHtml(state));
}

/**
 * The plain text of a stored document, exactly as validateRichText computes it (Lexical's
 * getTextContent), for the search index. Throws if the document is not one Lexical can load.
 */
export function richTextToPlainText(state: SerializedEditorState): string {
  const json = readRichTextJson(state);
  if (!json.ok) throw new Error(`Cannot read rich text: ${json.error.message}`);
  return readPlainText(parseEditorStateJson(json.value));
}
