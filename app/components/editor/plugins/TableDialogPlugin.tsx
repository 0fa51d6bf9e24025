import { useLexicalComposerContext } from "@lexical/react/LexicalComposerContext";
import { INSERT_TABLE_COMMAND } from "@lexical/table";
import { type BaseSelection, COMMAND_PRIORITY_EDITOR } from "lexical";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { CheckboxField, TextField } from "~/components/ui/form";
import { EditorDialog } from "../editor-dialog";
import { OPEN_TABLE_DIALOG_COMMAND } from "../editor-commands";
import { $restoreSelection, $saveSelection } from "../saved-selection";
import { readTableSize, TABLE_SIZE_LIMITS } from "../table-size";

interface TableDialogState {
  rows: string;
  columns: string;
  headerRow: boolean;
  showErrors: boolean;
}

const NEW_TABLE: TableDialogState = { rows: "3", columns: "3", headerRow: true, showErrors: false };

/** Asks for the size of a new table, then inserts it at the caret with @lexical/table's command. */
export function TableDialogPlugin() {
  const [editor] = useLexicalComposerContext();
  const { t } = useTranslation("editor");
  const [dialog, setDialog] = useState<TableDialogState | null>(null);
  const savedSelection = useRef<BaseSelection | null>(null);

  useEffect(
    () =>
      editor.registerCommand(
        OPEN_TABLE_DIALOG_COMMAND,
        () => {
          if (!editor.isEditable()) return false;
          savedSelection.current = $saveSelection();
          setDialog(NEW_TABLE);
          return true;
        },
        COMMAND_PRIORITY_EDITOR,
      ),
    [editor],
  );

  const size = dialog ? readTableSize(dialog.rows, dialog.columns) : null;
  const rangeError = (limits: { min: number; max: number }) => t("table.rangeError", limits);

  const insertTable = () => {
    if (!dialog || !size) return;
    if (!size.ok) {
      setDialog({ ...dialog, showErrors: true });
      return;
    }
    editor.update(() => {
      $restoreSelection(savedSelection.current);
      editor.dispatchCommand(INSERT_TABLE_COMMAND, {
        rows: String(size.rows),
        columns: String(size.columns),
        includeHeaders: { rows: dialog.headerRow, columns: false },
      });
    });
    setDialog(null);
  };

  const showErrors = dialog?.showErrors === true && size !== null && !size.ok;

  return (
    <EditorDialog
      open={dialog !== null}
      title={t("table.dialogTitle")}
      onClose={() => setDialog(null)}
      onClosed={() => editor.focus()}
      onSubmit={insertTable}
      actions={
        <>
          <button type="submit" className="button">
            {t("table.create")}
          </button>
          <button type="button" className="button button--secondary" onClick={() => setDialog(null)}>
            {t("dialog.cancel")}
          </button>
        </>
      }
    >
      <div className="editor-dialog__row">
        <TextField
          label={t("table.rows")}
          name="rows"
          type="number"
          inputMode="numeric"
          min={TABLE_SIZE_LIMITS.rows.min}
          max={TABLE_SIZE_LIMITS.rows.max}
          value={dialog?.rows ?? ""}
          errors={
            showErrors && size && !size.ok && size.invalid.includes("rows")
              ? [rangeError(TABLE_SIZE_LIMITS.rows)]
              : undefined
          }
          onChange={(event) => {
            const rows = event.target.value;
            setDialog((current) => current && { ...current, rows });
          }}
        />
        <TextField
          label={t("table.columns")}
          name="columns"
          type="number"
          inputMode="numeric"
          min={TABLE_SIZE_LIMITS.columns.min}
          max={TABLE_SIZE_LIMITS.columns.max}
          value={dialog?.columns ?? ""}
          errors={
            showErrors && size && !size.ok && size.invalid.includes("columns")
              ? [rangeError(TABLE_SIZE_LIMITS.columns)]
              : undefined
          }
          onChange={(event) => {
            const columns = event.target.value;
            setDialog((current) => current && { ...current, columns });
          }}
        />
      </div>
      <CheckboxField
        label={t("table.headerRow")}
        name="headerRow"
        checked={dialog?.headerRow ?? true}
        onChange={(event) => {
          const headerRow = event.target.checked;
          setDialog((current) => current && { ...current, headerRow });
        }}
      />
    </EditorDialog>
  );
}
