import { createEditor, type EditorState } from "lexical";
import { EDITOR_NODES } from "./nodes";

/**
 * Lexical's Markdown shortcuts leave round-trip hints in node state (`"$": { "mdListMarker": "*" }`
 * after typing `* `). No node here uses node state and the server refuses documents that carry it,
 * so it is left out of what the editor reports. Nothing else is changed.
 */
function omitNodeState(key: string, value: unknown): unknown {
  return key === "$" ? undefined : value;
}

/** The JSON the editor reports to the page: what the server stores after validating it. */
export function serializeEditorState(editorState: EditorState): string {
  return JSON.stringify(editorState.toJSON(), omitNodeState);
}

/**
 * Whether the editor can open `json`. Checked before mounting, with a throwaway editor that knows the
 * same nodes, so a document the editor cannot read shows a message instead of an empty editor the
 * author might save over their write-up. Needs no DOM.
 */
export function canOpenEditorState(json: string): boolean {
  const editor = createEditor({
    namespace: "solution-editor-check",
    nodes: [...EDITOR_NODES],
    onError: (error) => {
      throw error;
    },
  });
  try {
    editor.parseEditorState(json);
    return true;
  } catch {
    return false;
  }
}
