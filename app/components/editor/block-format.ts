import { $createCodeNode } from "@lexical/code";
import {
  INSERT_CHECK_LIST_COMMAND,
  INSERT_ORDERED_LIST_COMMAND,
  INSERT_UNORDERED_LIST_COMMAND,
  REMOVE_LIST_COMMAND,
} from "@lexical/list";
import { $createHeadingNode, $createQuoteNode } from "@lexical/rich-text";
import { $setBlocksType } from "@lexical/selection";
import { $createParagraphNode, $getSelection, $isRangeSelection, type LexicalEditor } from "lexical";
import type { BlockType } from "./toolbar-state";

const LIST_COMMANDS = {
  bullet: INSERT_UNORDERED_LIST_COMMAND,
  number: INSERT_ORDERED_LIST_COMMAND,
  check: INSERT_CHECK_LIST_COMMAND,
} as const;

function isListType(type: BlockType): type is keyof typeof LIST_COMMANDS {
  return type in LIST_COMMANDS;
}

function $setSelectedBlocksToParagraphs(): void {
  $setBlocksType($getSelection(), () => $createParagraphNode());
}

/** A code block from a selection spanning several blocks keeps their text, one line per block. */
function $convertSelectionToCodeBlock(): void {
  const selection = $getSelection();
  if (!$isRangeSelection(selection) || selection.isCollapsed()) {
    $setBlocksType(selection, () => $createCodeNode());
    return;
  }
  const text = selection.getTextContent();
  const codeNode = $createCodeNode();
  selection.insertNodes([codeNode]);
  const after = $getSelection();
  if ($isRangeSelection(after)) after.insertRawText(text);
}

/**
 * Turns the selected blocks into `target`, or back into paragraphs when they already are one, the way
 * a toolbar toggle behaves. Lists go through @lexical/list's commands, which merge with neighbouring
 * lists and keep nesting.
 */
export function toggleBlockType(editor: LexicalEditor, target: BlockType, current: BlockType): void {
  if (isListType(target)) {
    editor.dispatchCommand(target === current ? REMOVE_LIST_COMMAND : LIST_COMMANDS[target], undefined);
    return;
  }
  if (target === "paragraph" && isListType(current)) {
    editor.dispatchCommand(REMOVE_LIST_COMMAND, undefined);
    return;
  }
  editor.update(() => {
    if (target === current || target === "paragraph") {
      $setSelectedBlocksToParagraphs();
    } else if (target === "quote") {
      $setBlocksType($getSelection(), () => $createQuoteNode());
    } else if (target === "code") {
      $convertSelectionToCodeBlock();
    } else {
      $setBlocksType($getSelection(), () => $createHeadingNode(target));
    }
  });
}
