import { $createLinkNode, $toggleLink } from "@lexical/link";
import { useLexicalComposerContext } from "@lexical/react/LexicalComposerContext";
import { $unwrapNode } from "@lexical/utils";
import {
  $createTextNode,
  $getSelection,
  $insertNodes,
  $isRangeSelection,
  type BaseSelection,
  COMMAND_PRIORITY_EDITOR,
} from "lexical";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { TextField } from "~/components/ui/form";
import { EditorDialog } from "../editor-dialog";
import { OPEN_LINK_DIALOG_COMMAND } from "../editor-commands";
import { readLinkUrl } from "../link-url";
import { $restoreSelection, $saveSelection } from "../saved-selection";
import { $findSelectedLink } from "../toolbar-state";

interface LinkDialogState {
  url: string;
  hasLink: boolean;
  error: "empty" | "invalid" | null;
}

/** Adds, edits and removes links through a small dialog (toolbar button or Ctrl/Cmd+K). */
export function LinkDialogPlugin() {
  const [editor] = useLexicalComposerContext();
  const { t } = useTranslation("editor");
  const [dialog, setDialog] = useState<LinkDialogState | null>(null);
  const savedSelection = useRef<BaseSelection | null>(null);

  useEffect(
    () =>
      editor.registerCommand(
        OPEN_LINK_DIALOG_COMMAND,
        () => {
          if (!editor.isEditable()) return false;
          const selection = $getSelection();
          savedSelection.current = $saveSelection();
          const link = $findSelectedLink(selection);
          setDialog({ url: link?.getURL() ?? "", hasLink: link !== null, error: null });
          return true;
        },
        COMMAND_PRIORITY_EDITOR,
      ),
    [editor],
  );

  const close = () => setDialog(null);

  const applyLink = (input: string) => {
    const result = readLinkUrl(input);
    if (!result.ok) {
      setDialog((current) => current && { ...current, error: result.reason });
      return;
    }
    editor.update(() => {
      $restoreSelection(savedSelection.current);
      const selection = $getSelection();
      if ($isRangeSelection(selection) && selection.isCollapsed() && $findSelectedLink(selection) === null) {
        // Nothing selected: the address becomes the text, as typed ("name@example.com", not "mailto:…").
        $insertNodes([$createLinkNode(result.url).append($createTextNode(input.trim()))]);
      } else {
        $toggleLink(result.url);
      }
    });
    close();
  };

  const removeLink = () => {
    editor.update(() => {
      $restoreSelection(savedSelection.current);
      const link = $findSelectedLink($getSelection());
      if (link !== null) $unwrapNode(link);
    });
    close();
  };

  const errorMessage =
    dialog?.error === "empty" ? t("link.required") : dialog?.error === "invalid" ? t("link.invalid") : null;

  return (
    <EditorDialog
      open={dialog !== null}
      title={dialog?.hasLink ? t("link.editTitle") : t("link.addTitle")}
      onClose={close}
      onClosed={() => editor.focus()}
      onSubmit={() => applyLink(dialog?.url ?? "")}
      actions={
        <>
          <button type="submit" className="button">
            {t("link.apply")}
          </button>
          <button type="button" className="button button--secondary" disabled={!dialog?.hasLink} onClick={removeLink}>
            {t("link.remove")}
          </button>
          <button type="button" className="button button--secondary" onClick={close}>
            {t("dialog.cancel")}
          </button>
        </>
      }
    >
      <TextField
        label={t("link.url")}
        hint={t("link.urlHint")}
        name="url"
        type="text"
        inputMode="url"
        autoComplete="url"
        spellCheck={false}
        value={dialog?.url ?? ""}
        errors={errorMessage ? [errorMessage] : undefined}
        onChange={(event) => {
          const url = event.target.value;
          setDialog((current) => current && { ...current, url, error: null });
        }}
      />
    </EditorDialog>
  );
}
