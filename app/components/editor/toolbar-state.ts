import { $isCodeNode } from "@lexical/code";
import { $isLinkNode, type LinkNode } from "@lexical/link";
import { $isListNode, ListNode } from "@lexical/list";
import { $isHeadingNode, $isQuoteNode } from "@lexical/rich-text";
import { $isTableCellNode, $isTableSelection } from "@lexical/table";
import { $findMatchingParent, $getNearestNodeOfType } from "@lexical/utils";
import {
  $getSelection,
  $isRangeSelection,
  $isRootOrShadowRoot,
  type BaseSelection,
  type LexicalNode,
  type TextFormatType,
} from "lexical";

/** What the block-type select and the block buttons show for the block holding the caret. */
export type BlockType = "paragraph" | "h2" | "h3" | "h4" | "bullet" | "number" | "check" | "quote" | "code";

export const INLINE_FORMATS = [
  "bold",
  "italic",
  "underline",
  "strikethrough",
  "code",
] as const satisfies readonly TextFormatType[];
export type InlineFormat = (typeof INLINE_FORMATS)[number];

export interface ToolbarState {
  blockType: BlockType;
  formats: Readonly<Record<InlineFormat, boolean>>;
  isLink: boolean;
  isInTable: boolean;
}

export const INITIAL_TOOLBAR_STATE: ToolbarState = {
  blockType: "paragraph",
  formats: { bold: false, italic: false, underline: false, strikethrough: false, code: false },
  isLink: false,
  isInTable: false,
};

/** The top-level block of a node, where table cells count as a top level of their own. */
function $findBlock(node: LexicalNode): LexicalNode {
  if ($isRootOrShadowRoot(node)) return node;
  return (
    $findMatchingParent(node, (candidate) => {
      const parent = candidate.getParent();
      return parent !== null && $isRootOrShadowRoot(parent);
    }) ?? node.getTopLevelElementOrThrow()
  );
}

export function $readBlockType(node: LexicalNode): BlockType {
  const block = $findBlock(node);
  if ($isListNode(block)) {
    // The innermost list decides: a check list nested in a bullet list is a check list.
    const list = $getNearestNodeOfType(node, ListNode) ?? block;
    return list.getListType();
  }
  if ($isHeadingNode(block)) {
    const tag = block.getTag();
    return tag === "h3" || tag === "h4" ? tag : "h2";
  }
  if ($isQuoteNode(block)) return "quote";
  if ($isCodeNode(block)) return "code";
  return "paragraph";
}

/** The link the selection is in, when both of its ends are in the same one. */
export function $findSelectedLink(selection: BaseSelection | null): LinkNode | null {
  if (!$isRangeSelection(selection)) return null;
  const anchorLink = $findMatchingParent(selection.anchor.getNode(), $isLinkNode) as LinkNode | null;
  const focusLink = $findMatchingParent(selection.focus.getNode(), $isLinkNode) as LinkNode | null;
  return anchorLink !== null && anchorLink.is(focusLink) ? anchorLink : null;
}

/** Reads the toolbar's state from the current selection; call inside `editorState.read`. */
export function $readToolbarState(): ToolbarState {
  const selection = $getSelection();
  if ($isTableSelection(selection)) return { ...INITIAL_TOOLBAR_STATE, isInTable: true };
  if (!$isRangeSelection(selection)) return INITIAL_TOOLBAR_STATE;
  const anchorNode = selection.anchor.getNode();
  const formats = Object.fromEntries(INLINE_FORMATS.map((format) => [format, selection.hasFormat(format)]));
  return {
    blockType: $readBlockType(anchorNode),
    formats: formats as Record<InlineFormat, boolean>,
    isLink: $findSelectedLink(selection) !== null,
    isInTable: $findMatchingParent(anchorNode, $isTableCellNode) !== null,
  };
}

export function isSameToolbarState(a: ToolbarState, b: ToolbarState): boolean {
  return (
    a.blockType === b.blockType &&
    a.isLink === b.isLink &&
    a.isInTable === b.isInTable &&
    INLINE_FORMATS.every((format) => a.formats[format] === b.formats[format])
  );
}
