import { useLexicalComposerContext } from "@lexical/react/LexicalComposerContext";
import {
  $deleteTableColumnAtSelection,
  $deleteTableRowAtSelection,
  $findTableNode,
  $insertTableColumnAtSelection,
  $insertTableRowAtSelection,
  $isTableSelection,
} from "@lexical/table";
import { $getSelection, $isRangeSelection } from "lexical";
import { useTranslation } from "react-i18next";
import { ToolbarButton } from "./toolbar-button";

function $deleteSelectedTable(): void {
  const selection = $getSelection();
  if (!$isRangeSelection(selection) && !$isTableSelection(selection)) return;
  const table = $findTableNode(selection.anchor.getNode());
  if (table === null) return;
  table.selectPrevious();
  table.remove();
}

/** What each button does to the table holding the selection (@lexical/table keeps header cells and spans right). */
const TABLE_ACTIONS = {
  insertRowAbove: () => void $insertTableRowAtSelection(false),
  insertRowBelow: () => void $insertTableRowAtSelection(true),
  insertColumnLeft: () => void $insertTableColumnAtSelection(false),
  insertColumnRight: () => void $insertTableColumnAtSelection(true),
  deleteRow: $deleteTableRowAtSelection,
  deleteColumn: $deleteTableColumnAtSelection,
  deleteTable: $deleteSelectedTable,
} as const;

/** Row and column buttons, part of the toolbar while the selection is in a table. Labelled in words: symbols for these are guesswork. */
export function TableActions() {
  const [editor] = useLexicalComposerContext();
  const { t } = useTranslation("editor");
  return (
    <div className="toolbar__group toolbar__group--table" role="group" aria-label={t("table.groupLabel")}>
      {(Object.keys(TABLE_ACTIONS) as Array<keyof typeof TABLE_ACTIONS>).map((action) => (
        <ToolbarButton key={action} label={t(`table.${action}`)} onClick={() => editor.update(TABLE_ACTIONS[action])} />
      ))}
    </div>
  );
}
