import { $insertGeneratedNodes } from "@lexical/clipboard";
import { createHeadlessEditor } from "@lexical/headless";
import { withDOM } from "@lexical/headless/dom";
import { $generateNodesFromDOM } from "@lexical/html";
import { $getRoot, $getSelection, type LexicalEditor } from "lexical";
import { registerContentCleanup } from "~/components/editor/content-cleanup";
import { serializeEditorState } from "~/components/editor/editor-state-json";
import { EDITOR_NODES } from "~/components/editor/nodes";

/** A headless editor with the browser editor's nodes and, unless told otherwise, its cleanup transforms. */
export function createTestEditor({ cleanup = true }: { cleanup?: boolean } = {}): LexicalEditor {
  const editor = createHeadlessEditor({
    namespace: "test",
    nodes: [...EDITOR_NODES],
    onError: (error) => {
      throw error;
    },
  });
  if (cleanup) registerContentCleanup(editor);
  return editor;
}

export function update(editor: LexicalEditor, fn: () => void): void {
  editor.update(fn, { discrete: true });
}

/** Pastes HTML at the end of the document the way Lexical's rich-text paste does (importDOM, then insert). */
export function pasteHtml(editor: LexicalEditor, html: string): void {
  withDOM((window) => {
    update(editor, () => {
      const dom = new window.DOMParser().parseFromString(html, "text/html") as unknown as Document;
      const nodes = $generateNodesFromDOM(editor, dom);
      $getRoot().selectEnd();
      const selection = $getSelection();
      if (selection === null) throw new Error("no selection");
      $insertGeneratedNodes(editor, nodes, selection);
    });
  });
}

/** What the editor would report to the page, parsed back. */
export function readReportedState(editor: LexicalEditor): any {
  return JSON.parse(serializeEditorState(editor.getEditorState()));
}

/** Every node in a serialized tree, depth first. */
export function collectNodes(node: any): any[] {
  return [node, ...(Array.isArray(node.children) ? node.children.flatMap(collectNodes) : [])];
}
