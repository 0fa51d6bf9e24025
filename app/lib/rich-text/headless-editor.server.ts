import { createHeadlessEditor } from "@lexical/headless";
import { $getRoot, type EditorState, type LexicalEditor, type SerializedEditorState } from "lexical";
import { EDITOR_NODES } from "~/components/editor/nodes";

let sharedEditor: LexicalEditor | null = null;

/**
 * One headless editor per process: creating it registers every node class (~1 ms), while parsing
 * with it neither changes nor depends on its own state, so sharing it between requests is safe
 * (parsing is synchronous). `onError` rethrows so a document Lexical cannot load becomes an exception.
 */
function getHeadlessEditor(): LexicalEditor {
  sharedEditor ??= createHeadlessEditor({
    namespace: "solutions-exchange-server",
    nodes: [...EDITOR_NODES],
    onError: (error) => {
      throw error;
    },
  });
  return sharedEditor;
}

/** Loads JSON data (already checked for size and depth) into a Lexical editor state; throws if Lexical cannot. */
export function parseEditorStateJson(json: unknown): EditorState {
  return getHeadlessEditor().parseEditorState(json as SerializedEditorState);
}

/** The plain text Lexical itself reports for a document: what search indexes. */
export function readPlainText(editorState: EditorState): string {
  return editorState.read(() => $getRoot().getTextContent());
}
