import { createCommand, type LexicalCommand } from "lexical";

/**
 * Commands the toolbar and keyboard shortcuts send to the plugins that own a dialog or a file picker,
 * so neither needs a reference to the other.
 */
export const OPEN_LINK_DIALOG_COMMAND: LexicalCommand<void> = createCommand("OPEN_LINK_DIALOG_COMMAND");
export const OPEN_TABLE_DIALOG_COMMAND: LexicalCommand<void> = createCommand("OPEN_TABLE_DIALOG_COMMAND");
/** Must be dispatched from a click or key handler: browsers open a file picker only for a user gesture. */
export const OPEN_IMAGE_PICKER_COMMAND: LexicalCommand<void> = createCommand("OPEN_IMAGE_PICKER_COMMAND");
