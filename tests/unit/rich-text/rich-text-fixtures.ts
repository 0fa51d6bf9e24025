import type { SerializedEditorState, SerializedLexicalNode } from "lexical";
import {
  createSerializedCode,
  createSerializedCodeText,
  createSerializedEditorState,
  createSerializedHeading,
  createSerializedHorizontalRule,
  createSerializedImage,
  createSerializedLineBreak,
  createSerializedLink,
  createSerializedList,
  createSerializedListItem,
  createSerializedParagraph,
  createSerializedQuote,
  createSerializedTab,
  createSerializedTable,
  createSerializedTableCell,
  createSerializedTableRow,
  createSerializedText,
  TABLE_HEADER_STATE,
  TEXT_FORMAT,
} from "~/lib/rich-text/serialized-nodes";

export const IMAGE_SRC = "/images/0b5a2d1c-3e4f-4a5b-8c6d-7e8f9a0b1c2d";

export const paragraph = (...children: SerializedLexicalNode[]) => createSerializedParagraph(children);
export const text = createSerializedText;
export const doc = (...blocks: SerializedLexicalNode[]) => createSerializedEditorState(blocks);

/** A document holding every node type the editor allows, the way the editor would save it. */
export function createRichDocument(): SerializedEditorState {
  const autolink: SerializedLexicalNode = {
    ...createSerializedLink("https://example.com/auto", [text("example.com/auto")]),
    type: "autolink",
    isUnlinked: false,
  } as SerializedLexicalNode;
  return doc(
    createSerializedHeading("h2", [text("Customer problem")]),
    createSerializedHeading("h3", [text("Details")]),
    createSerializedHeading("h4", [text("Fine print")]),
    paragraph(
      text("Plain "),
      text("bold", TEXT_FORMAT.bold),
      text(" "),
      text("italic", TEXT_FORMAT.italic),
      text(" "),
      text("under", TEXT_FORMAT.underline),
      text(" "),
      text("struck", TEXT_FORMAT.strikethrough),
      text(" "),
      text("code", TEXT_FORMAT.code),
      text(" H"),
      text("2", TEXT_FORMAT.subscript),
      text("O x"),
      text("2", TEXT_FORMAT.superscript),
      createSerializedLineBreak(),
      createSerializedTab(),
      createSerializedLink("https://example.com/docs", [text("a link")]),
      text(" and "),
      autolink,
      text(" and "),
      createSerializedLink("mailto:li.na@example.com", [text("mail")]),
    ),
    createSerializedQuote([text("A quote")]),
    createSerializedList("bullet", [
      createSerializedListItem([text("Bullet one")], 1),
      createSerializedListItem([createSerializedList("bullet", [createSerializedListItem([text("Nested")], 1)])], 2),
      createSerializedListItem([text("Bullet two")], 2),
    ]),
    createSerializedList(
      "number",
      [createSerializedListItem([text("Third")], 3), createSerializedListItem([text("Fourth")], 4)],
      3,
    ),
    createSerializedList("check", [
      createSerializedListItem([text("Done")], 1, true),
      createSerializedListItem([text("To do")], 2, false),
    ]),
    createSerializedCode("ts", [
      { ...createSerializedCodeText("const"), highlightType: "keyword" } as SerializedLexicalNode,
      createSerializedCodeText(" x = 1;"),
      createSerializedLineBreak(),
      createSerializedTab(),
      createSerializedCodeText("return x;"),
    ]),
    createSerializedTable([
      createSerializedTableRow([
        createSerializedTableCell([paragraph(text("Metric"))], TABLE_HEADER_STATE.row),
        createSerializedTableCell([paragraph(text("Value"))], TABLE_HEADER_STATE.row),
      ]),
      createSerializedTableRow([
        createSerializedTableCell([paragraph(text("Time"))]),
        createSerializedTableCell([paragraph(text("-70%"))]),
      ]),
    ]),
    createSerializedHorizontalRule(),
    paragraph({
      ...createSerializedImage(IMAGE_SRC, "Tunnel cross-section"),
      width: 640,
      height: 480,
    } as SerializedLexicalNode),
    paragraph(),
  );
}

/** Replaces the first node of `type` (depth-first) with the result of `change`; for making one hostile variant. */
export function withNode(
  state: SerializedEditorState,
  type: string,
  change: (node: Record<string, unknown>) => Record<string, unknown>,
): SerializedEditorState {
  const copy = structuredClone(state) as unknown as { root: Record<string, unknown> };
  let done = false;
  const visit = (node: Record<string, unknown>): Record<string, unknown> => {
    if (!done && node.type === type) {
      done = true;
      return change(node);
    }
    if (Array.isArray(node.children))
      node.children = node.children.map((child) => visit(child as Record<string, unknown>));
    return node;
  };
  copy.root = visit(copy.root);
  if (!done) throw new Error(`No '${type}' node to change`);
  return copy as unknown as SerializedEditorState;
}
