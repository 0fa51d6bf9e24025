import type { EditorState, SerializedEditorState } from "lexical";
import { checkRichTextNodes } from "./check-rich-text-nodes";
import { parseEditorStateJson, readPlainText } from "./headless-editor.server";
import { readRichTextJson } from "./read-rich-text-json";
import { createRichTextError, type RichTextError } from "./rich-text-errors";

export type { RichTextError, RichTextErrorCode } from "./rich-text-errors";

export type RichTextValidationResult =
  { ok: true; state: SerializedEditorState; text: string } | { ok: false; error: RichTextError };

/**
 * Decides whether a document sent by the browser may be stored. Checks run cheapest first, and
 * everything that could hurt Lexical (size, depth) runs before Lexical sees the data.
 *
 * On success, `state` is Lexical's own re-serialization of the document, not the input: properties
 * Lexical does not know are gone, so nothing smuggled in extra fields reaches the database. `text`
 * is the plain text for search, always computed here, never taken from the browser.
 */
export function validateRichText(input: unknown): RichTextValidationResult {
  const json = readRichTextJson(input);
  if (!json.ok) return json;
  const nodeError = checkRichTextNodes(json.value);
  if (nodeError) return { ok: false, error: nodeError };
  let editorState: EditorState;
  try {
    editorState = parseEditorStateJson(json.value);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, error: createRichTextError("malformed", `The editor could not load the document: ${reason}`) };
  }
  return { ok: true, state: editorState.toJSON(), text: readPlainText(editorState) };
}
