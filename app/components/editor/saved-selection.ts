import { $getRoot, $getSelection, $setSelection, type BaseSelection } from "lexical";

/** A copy of the current selection, taken when a dialog opens and focus leaves the text. */
export function $saveSelection(): BaseSelection | null {
  return $getSelection()?.clone() ?? null;
}

/**
 * Puts back a selection saved when a dialog opened. If it no longer fits the document (its text was
 * deleted meanwhile) or there was none, the caret goes to the end, so the dialog's result still lands
 * somewhere visible.
 */
export function $restoreSelection(saved: BaseSelection | null): void {
  if (saved !== null) {
    try {
      if (saved.getNodes().every((node) => node.isAttached())) {
        $setSelection(saved.clone());
        return;
      }
    } catch {
      // A point refers to a node that is gone: fall through.
    }
  }
  if ($getSelection() === null) $getRoot().selectEnd();
}
