import { useLexicalComposerContext } from "@lexical/react/LexicalComposerContext";
import { COMMAND_PRIORITY_NORMAL, FORMAT_TEXT_COMMAND, IS_APPLE, KEY_DOWN_COMMAND } from "lexical";
import { useEffect } from "react";
import { OPEN_LINK_DIALOG_COMMAND } from "../editor-commands";
import { matchesShortcut, SHORTCUTS } from "../keyboard-shortcuts";

/**
 * The shortcuts Lexical does not bind itself but the toolbar advertises: strikethrough, inline code
 * and link. Bold, italic, underline, undo and redo are Lexical's own.
 */
export function KeyboardShortcutsPlugin(): null {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      editor.registerCommand(
        KEY_DOWN_COMMAND,
        (event) => {
          if (matchesShortcut(event, SHORTCUTS.strikethrough, IS_APPLE)) {
            editor.dispatchCommand(FORMAT_TEXT_COMMAND, "strikethrough");
          } else if (matchesShortcut(event, SHORTCUTS.code, IS_APPLE)) {
            editor.dispatchCommand(FORMAT_TEXT_COMMAND, "code");
          } else if (matchesShortcut(event, SHORTCUTS.link, IS_APPLE)) {
            editor.dispatchCommand(OPEN_LINK_DIALOG_COMMAND, undefined);
          } else {
            return false;
          }
          event.preventDefault();
          return true;
        },
        COMMAND_PRIORITY_NORMAL,
      ),
    [editor],
  );
  return null;
}
