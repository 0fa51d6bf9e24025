import { INSERT_HORIZONTAL_RULE_COMMAND } from "@lexical/react/LexicalHorizontalRuleNode";
import { useLexicalComposerContext } from "@lexical/react/LexicalComposerContext";
import { mergeRegister } from "@lexical/utils";
import {
  CAN_REDO_COMMAND,
  CAN_UNDO_COMMAND,
  COMMAND_PRIORITY_CRITICAL,
  FORMAT_TEXT_COMMAND,
  REDO_COMMAND,
  UNDO_COMMAND,
} from "lexical";
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { toggleBlockType } from "./block-format";
import { OPEN_IMAGE_PICKER_COMMAND, OPEN_LINK_DIALOG_COMMAND, OPEN_TABLE_DIALOG_COMMAND } from "./editor-commands";
import { SHORTCUTS } from "./keyboard-shortcuts";
import { TableActions } from "./table-actions";
import { ToolbarButton } from "./toolbar-button";
import { ImageIcon, LinkIcon } from "./toolbar-icons";
import {
  $readToolbarState,
  type BlockType,
  INITIAL_TOOLBAR_STATE,
  type InlineFormat,
  isSameToolbarState,
  type ToolbarState,
} from "./toolbar-state";
import { useRovingTabIndex } from "./use-roving-tab-index";

/** Keeps the toolbar's view of the selection and of the undo history up to date. */
function useToolbarState() {
  const [editor] = useLexicalComposerContext();
  const [state, setState] = useState<ToolbarState>(INITIAL_TOOLBAR_STATE);
  const [canUndo, setCanUndo] = useState(false);
  const [canRedo, setCanRedo] = useState(false);

  useEffect(
    () =>
      mergeRegister(
        editor.registerUpdateListener(({ editorState }) => {
          const next = editorState.read($readToolbarState);
          setState((previous) => (isSameToolbarState(previous, next) ? previous : next));
        }),
        editor.registerCommand(
          CAN_UNDO_COMMAND,
          (payload) => {
            setCanUndo(payload);
            return false;
          },
          COMMAND_PRIORITY_CRITICAL,
        ),
        editor.registerCommand(
          CAN_REDO_COMMAND,
          (payload) => {
            setCanRedo(payload);
            return false;
          },
          COMMAND_PRIORITY_CRITICAL,
        ),
      ),
    [editor],
  );
  return { state, canUndo, canRedo };
}

const SELECTABLE_BLOCK_TYPES = ["paragraph", "h2", "h3", "h4"] as const satisfies readonly BlockType[];

function isSelectableBlockType(value: string): value is (typeof SELECTABLE_BLOCK_TYPES)[number] {
  return (SELECTABLE_BLOCK_TYPES as readonly string[]).includes(value);
}

/** The formatting toolbar above the editable area (WAI-ARIA toolbar: one Tab stop, arrow keys inside). */
export function Toolbar() {
  const [editor] = useLexicalComposerContext();
  const { t } = useTranslation("editor");
  const { state, canUndo, canRedo } = useToolbarState();
  const toolbarRef = useRovingTabIndex<HTMLDivElement>();
  const blockSelectId = useId();

  const formatText = (format: InlineFormat) => editor.dispatchCommand(FORMAT_TEXT_COMMAND, format);
  const toggleBlock = (target: BlockType) => toggleBlockType(editor, target, state.blockType);
  const blockTypeIsSelectable = isSelectableBlockType(state.blockType);

  return (
    <div ref={toolbarRef} className="toolbar" role="toolbar" aria-label={t("toolbar.label")}>
      <div className="toolbar__group">
        <ToolbarButton
          label={t("toolbar.undo")}
          icon="↶"
          shortcut={SHORTCUTS.undo}
          disabled={!canUndo}
          onClick={() => editor.dispatchCommand(UNDO_COMMAND, undefined)}
        />
        <ToolbarButton
          label={t("toolbar.redo")}
          icon="↷"
          shortcut={SHORTCUTS.redo}
          disabled={!canRedo}
          onClick={() => editor.dispatchCommand(REDO_COMMAND, undefined)}
        />
      </div>

      <div className="toolbar__group">
        <label htmlFor={blockSelectId} className="visually-hidden">
          {t("toolbar.blockType")}
        </label>
        <select
          id={blockSelectId}
          className="toolbar__select"
          value={state.blockType}
          onChange={(event) => {
            // A control of the editor, not of the page's form around it.
            event.stopPropagation();
            const target = event.target.value;
            if (isSelectableBlockType(target)) {
              toggleBlockType(editor, target, state.blockType);
              editor.focus();
            }
          }}
        >
          {SELECTABLE_BLOCK_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`toolbar.blockTypes.${type}`)}
            </option>
          ))}
          {blockTypeIsSelectable ? null : (
            // Shows what the caret is in (a list, a quote…); those are changed with the buttons.
            <option value={state.blockType} disabled>
              {t(`toolbar.blockTypes.${state.blockType}`)}
            </option>
          )}
        </select>
      </div>

      <div className="toolbar__group">
        <ToolbarButton
          label={t("toolbar.bold")}
          icon={<b>B</b>}
          shortcut={SHORTCUTS.bold}
          pressed={state.formats.bold}
          onClick={() => formatText("bold")}
        />
        <ToolbarButton
          label={t("toolbar.italic")}
          icon={<i>I</i>}
          shortcut={SHORTCUTS.italic}
          pressed={state.formats.italic}
          onClick={() => formatText("italic")}
        />
        <ToolbarButton
          label={t("toolbar.underline")}
          icon={<u>U</u>}
          shortcut={SHORTCUTS.underline}
          pressed={state.formats.underline}
          onClick={() => formatText("underline")}
        />
        <ToolbarButton
          label={t("toolbar.strikethrough")}
          icon={<s>S</s>}
          shortcut={SHORTCUTS.strikethrough}
          pressed={state.formats.strikethrough}
          onClick={() => formatText("strikethrough")}
        />
        <ToolbarButton
          label={t("toolbar.inlineCode")}
          icon={<code>{"<>"}</code>}
          shortcut={SHORTCUTS.code}
          pressed={state.formats.code}
          onClick={() => formatText("code")}
        />
        <ToolbarButton
          label={t("toolbar.link")}
          icon={<LinkIcon />}
          shortcut={SHORTCUTS.link}
          pressed={state.isLink}
          onClick={() => editor.dispatchCommand(OPEN_LINK_DIALOG_COMMAND, undefined)}
        />
      </div>

      <div className="toolbar__group">
        <ToolbarButton
          label={t("toolbar.bulletList")}
          icon="•≡"
          pressed={state.blockType === "bullet"}
          onClick={() => toggleBlock("bullet")}
        />
        <ToolbarButton
          label={t("toolbar.numberList")}
          icon="1≡"
          pressed={state.blockType === "number"}
          onClick={() => toggleBlock("number")}
        />
        <ToolbarButton
          label={t("toolbar.checkList")}
          icon="☑"
          pressed={state.blockType === "check"}
          onClick={() => toggleBlock("check")}
        />
        <ToolbarButton
          label={t("toolbar.quote")}
          icon="❝"
          pressed={state.blockType === "quote"}
          onClick={() => toggleBlock("quote")}
        />
        <ToolbarButton
          label={t("toolbar.codeBlock")}
          icon="{ }"
          pressed={state.blockType === "code"}
          onClick={() => toggleBlock("code")}
        />
      </div>

      <div className="toolbar__group">
        <ToolbarButton
          label={t("toolbar.insertTable")}
          icon="▦"
          onClick={() => editor.dispatchCommand(OPEN_TABLE_DIALOG_COMMAND, undefined)}
        />
        <ToolbarButton
          label={t("toolbar.insertImage")}
          icon={<ImageIcon />}
          onClick={() => editor.dispatchCommand(OPEN_IMAGE_PICKER_COMMAND, undefined)}
        />
        <ToolbarButton
          label={t("toolbar.horizontalRule")}
          icon="―"
          onClick={() => editor.dispatchCommand(INSERT_HORIZONTAL_RULE_COMMAND, undefined)}
        />
      </div>

      {state.isInTable ? <TableActions /> : null}
    </div>
  );
}
