import { $isListItemNode, type ListItemNode } from "@lexical/list";
import { useLexicalComposerContext } from "@lexical/react/LexicalComposerContext";
import { $findMatchingParent } from "@lexical/utils";
import {
  $getSelection,
  $isRangeSelection,
  COMMAND_PRIORITY_LOW,
  INDENT_CONTENT_COMMAND,
  KEY_TAB_COMMAND,
  type LexicalNode,
  OUTDENT_CONTENT_COMMAND,
} from "lexical";
import { useEffect } from "react";
import { RICH_TEXT_LIMITS } from "~/lib/rich-text/rich-text-limits";

/** A nesting level costs two nodes (a list item holding a list); leave room for a link's text below the item. */
const NODES_PER_LEVEL = 2;
const ROOM_BELOW_ITEM = 2;

/** Whether one more level keeps the deepest possible leaf inside the server's depth limit. */
export function $canIndentListItem(item: ListItemNode): boolean {
  const depth = item.getParents().length;
  return depth + NODES_PER_LEVEL + ROOM_BELOW_ITEM <= RICH_TEXT_LIMITS.maxNodeDepth;
}

function $findListItem(node: LexicalNode): ListItemNode | null {
  return $findMatchingParent(node, $isListItemNode) as ListItemNode | null;
}

/**
 * Tab and Shift+Tab nest and un-nest list items. Lexical's TabIndentationPlugin takes Tab everywhere
 * (indenting paragraphs or typing a tab character), which traps keyboard users in the editor; here
 * Tab outside a list keeps its usual meaning, moving focus to the next control. Tables handle Tab
 * themselves (next cell) at a higher priority.
 */
export function ListTabIndentationPlugin(): null {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      editor.registerCommand(
        KEY_TAB_COMMAND,
        (event) => {
          const selection = $getSelection();
          if (!$isRangeSelection(selection)) return false;
          const anchorItem = $findListItem(selection.anchor.getNode());
          const focusItem = $findListItem(selection.focus.getNode());
          if (anchorItem === null || focusItem === null) return false;
          event.preventDefault();
          if (event.shiftKey) return editor.dispatchCommand(OUTDENT_CONTENT_COMMAND, undefined);
          if (!$canIndentListItem(anchorItem) || !$canIndentListItem(focusItem)) return true;
          return editor.dispatchCommand(INDENT_CONTENT_COMMAND, undefined);
        },
        COMMAND_PRIORITY_LOW,
      ),
    [editor],
  );
  return null;
}
