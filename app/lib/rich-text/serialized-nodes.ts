import type { SerializedCodeNode } from "@lexical/code";
import type { SerializedLinkNode } from "@lexical/link";
import type { ListType, SerializedListItemNode, SerializedListNode } from "@lexical/list";
import type { SerializedHeadingNode, SerializedQuoteNode } from "@lexical/rich-text";
import type { SerializedTableCellNode, SerializedTableNode, SerializedTableRowNode } from "@lexical/table";
import type {
  SerializedEditorState,
  SerializedLexicalNode,
  SerializedLineBreakNode,
  SerializedParagraphNode,
  SerializedRootNode,
  SerializedTabNode,
  SerializedTextNode,
} from "lexical";
import type { SerializedImageNode } from "~/components/editor/nodes/image-node";

/**
 * Builders for serialized Lexical nodes, written field for field as Lexical 0.52's `exportJSON` writes
 * them, so that a document built here (template, Markdown import) is indistinguishable from one the
 * editor saved. Pure data: usable in the browser and on the server.
 */

/** Lexical's text format bits (lexical/LexicalConstants), repeated so this module needs no runtime import. */
export const TEXT_FORMAT = {
  bold: 1,
  italic: 2,
  strikethrough: 4,
  underline: 8,
  code: 16,
  subscript: 32,
  superscript: 64,
  highlight: 128,
  lowercase: 256,
  uppercase: 512,
  capitalize: 1024,
} as const;

export const ALL_TEXT_FORMATS = Object.values(TEXT_FORMAT).reduce((all, bit) => all | bit, 0);

/** TableCellHeaderStates from @lexical/table. */
export const TABLE_HEADER_STATE = { none: 0, row: 1, column: 2, both: 3 } as const;

export type HeadingTag = "h2" | "h3" | "h4";

/** Any serialized node, read without trusting its shape. */
export type SerializedNodeLike = SerializedLexicalNode & { children?: unknown; [key: string]: unknown };

const elementDefaults = { direction: null, format: "", indent: 0, version: 1 } as const;

export function createSerializedText(text: string, format = 0): SerializedTextNode {
  return { detail: 0, format, mode: "normal", style: "", text, type: "text", version: 1 };
}

export function createSerializedLineBreak(): SerializedLineBreakNode {
  return { type: "linebreak", version: 1 };
}

export function createSerializedTab(): SerializedTabNode {
  return { detail: 2, format: 0, mode: "normal", style: "", text: "\t", type: "tab", version: 1 };
}

export function createSerializedCodeText(text: string): SerializedTextNode {
  return { ...createSerializedText(text), type: "code-highlight" };
}

export function createSerializedParagraph(children: SerializedLexicalNode[] = []): SerializedParagraphNode {
  return { ...elementDefaults, children, textFormat: 0, textStyle: "", type: "paragraph" };
}

export function createSerializedHeading(tag: HeadingTag, children: SerializedLexicalNode[]): SerializedHeadingNode {
  return { ...elementDefaults, children, tag, type: "heading" };
}

export function createSerializedQuote(children: SerializedLexicalNode[]): SerializedQuoteNode {
  return { ...elementDefaults, children, type: "quote" };
}

export function createSerializedLink(
  url: string,
  children: SerializedLexicalNode[],
  title: string | null = null,
): SerializedLinkNode {
  return { ...elementDefaults, children, rel: null, target: null, title, url, type: "link" };
}

export function createSerializedList(
  listType: ListType,
  children: SerializedListItemNode[],
  start = 1,
): SerializedListNode {
  const tag = listType === "number" ? "ol" : "ul";
  return { ...elementDefaults, children, listType, start, tag, type: "list" };
}

export function createSerializedListItem(
  children: SerializedLexicalNode[],
  value: number,
  checked?: boolean,
): SerializedListItemNode {
  // `checked` is left undefined outside check lists, which JSON.stringify drops as Lexical does.
  return { ...elementDefaults, checked, children, value, type: "listitem" };
}

export function createSerializedCode(
  language: string | undefined,
  children: SerializedLexicalNode[],
): SerializedCodeNode {
  return { ...elementDefaults, children, language: language || undefined, type: "code" };
}

export function createSerializedTable(rows: SerializedTableRowNode[]): SerializedTableNode {
  return { ...elementDefaults, children: rows, type: "table" };
}

export function createSerializedTableRow(cells: SerializedTableCellNode[]): SerializedTableRowNode {
  return { ...elementDefaults, children: cells, type: "tablerow" };
}

export function createSerializedTableCell(
  children: SerializedLexicalNode[],
  headerState: number = TABLE_HEADER_STATE.none,
): SerializedTableCellNode {
  return {
    ...elementDefaults,
    backgroundColor: null,
    children,
    colSpan: 1,
    headerState,
    rowSpan: 1,
    type: "tablecell",
  };
}

export function createSerializedHorizontalRule(): SerializedLexicalNode {
  return { type: "horizontalrule", version: 1 };
}

export function createSerializedImage(src: string, altText: string): SerializedImageNode {
  return { type: "image", version: 1, src, altText };
}

export function createSerializedEditorState(children: SerializedLexicalNode[]): SerializedEditorState {
  const root: SerializedRootNode = { ...elementDefaults, children, type: "root" };
  return { root };
}

/** A document with one empty paragraph: what a fresh Lexical editor holds. */
export function createEmptyRichText(): SerializedEditorState {
  return createSerializedEditorState([createSerializedParagraph()]);
}

export function isSerializedNodeLike(value: unknown): value is SerializedNodeLike {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { type?: unknown }).type === "string"
  );
}

/** The children of a node that are themselves node-like; anything else in the array is ignored. */
export function getSerializedChildren(node: SerializedNodeLike): SerializedNodeLike[] {
  return Array.isArray(node.children) ? node.children.filter(isSerializedNodeLike) : [];
}

/** Lexical's rule: a list item whose first child is a list only holds a nested list. */
export function isNestedListHolder(item: SerializedNodeLike): boolean {
  return getSerializedChildren(item)[0]?.type === "list";
}
