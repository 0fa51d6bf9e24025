import { useLexicalComposerContext } from "@lexical/react/LexicalComposerContext";
import { OnChangePlugin } from "@lexical/react/LexicalOnChangePlugin";
import { BLUR_COMMAND, COMMAND_PRIORITY_LOW, type EditorState } from "lexical";
import { useCallback, useEffect, useRef } from "react";
import { serializeEditorState } from "../editor-state-json";

interface ChangeReportPluginProps {
  onChange: (serializedState: string) => void;
  /** Quiet time after the last change before reporting it. */
  delayMs?: number;
}

/**
 * Reports the document to the page as JSON, at most every `delayMs` while the author types
 * (serializing a long write-up on every keystroke is wasted work). A pending report is sent at once
 * when the text loses focus (so a Save button clicked right after typing sees the last letter),
 * when the page is hidden and when the editor unmounts. Selection-only updates are not changes.
 */
export function ChangeReportPlugin({ onChange, delayMs = 300 }: ChangeReportPluginProps) {
  const [editor] = useLexicalComposerContext();
  const onChangeRef = useRef(onChange);
  const pending = useRef<EditorState | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    onChangeRef.current = onChange;
  });

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
    const state = pending.current;
    if (state === null) return;
    pending.current = null;
    onChangeRef.current(serializeEditorState(state));
  }, []);

  const schedule = useCallback(
    (editorState: EditorState) => {
      pending.current = editorState;
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, delayMs);
    },
    [delayMs, flush],
  );

  useEffect(() => {
    window.addEventListener("pagehide", flush);
    const unregisterBlur = editor.registerCommand(
      BLUR_COMMAND,
      () => {
        flush();
        return false;
      },
      COMMAND_PRIORITY_LOW,
    );
    return () => {
      window.removeEventListener("pagehide", flush);
      unregisterBlur();
      flush();
    };
  }, [editor, flush]);

  return <OnChangePlugin ignoreSelectionChange onChange={schedule} />;
}
