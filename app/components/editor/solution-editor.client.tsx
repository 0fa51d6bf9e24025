import { CheckListPlugin } from "@lexical/react/LexicalCheckListPlugin";
import { ClickableLinkPlugin } from "@lexical/react/LexicalClickableLinkPlugin";
import { type InitialConfigType, LexicalComposer } from "@lexical/react/LexicalComposer";
import { ContentEditable } from "@lexical/react/LexicalContentEditable";
import { LexicalErrorBoundary } from "@lexical/react/LexicalErrorBoundary";
import { HistoryPlugin } from "@lexical/react/LexicalHistoryPlugin";
import { HorizontalRulePlugin } from "@lexical/react/LexicalHorizontalRulePlugin";
import { LinkPlugin } from "@lexical/react/LexicalLinkPlugin";
import { ListPlugin } from "@lexical/react/LexicalListPlugin";
import { MarkdownShortcutPlugin } from "@lexical/react/LexicalMarkdownShortcutPlugin";
import { RichTextPlugin } from "@lexical/react/LexicalRichTextPlugin";
import { TablePlugin } from "@lexical/react/LexicalTablePlugin";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Notice } from "~/components/ui/form";
import { canOpenEditorState } from "./editor-state-json";
import { isValidLinkUrl } from "./link-url";
import { EDITOR_MARKDOWN_TRANSFORMERS } from "./markdown-shortcuts";
import { EDITOR_NODES } from "./nodes";
import { ChangeReportPlugin } from "./plugins/ChangeReportPlugin";
import { ContentCleanupPlugin } from "./plugins/ContentCleanupPlugin";
import { EditableStatePlugin } from "./plugins/EditableStatePlugin";
import { ImagePlugin, type UploadImage } from "./plugins/ImagePlugin";
import { KeyboardShortcutsPlugin } from "./plugins/KeyboardShortcutsPlugin";
import { LinkDialogPlugin } from "./plugins/LinkDialogPlugin";
import { ListTabIndentationPlugin } from "./plugins/ListTabIndentationPlugin";
import { TableDialogPlugin } from "./plugins/TableDialogPlugin";
import { richTextTheme } from "./theme";
import { Toolbar } from "./toolbar";

export interface SolutionEditorProps {
  /** Serialized editor state JSON from the server (a saved write-up or the case-study template). */
  initialState: string;
  /** The document as JSON after each change, at most every 300 ms while typing; at once on blur and unmount. */
  onChange: (serializedState: string) => void;
  /** Uploads one image; rejects with an Error whose message is shown to the author. */
  uploadImage: UploadImage;
  readOnly?: boolean;
  /** Id of the visible label for the editable area. */
  labelledBy?: string;
}

/** Lexical reports errors it recovered from here; the editor keeps working, so log rather than crash the page. */
function reportEditorError(error: Error): void {
  console.error(error);
}

/**
 * The rich-text editor for a solution write-up. Browser only: routes load it with React.lazy. It
 * registers exactly the nodes the server validator allows (EDITOR_NODES) and cleans pasted content
 * to match (ContentCleanupPlugin), so what the author sees is what can be saved.
 */
export function SolutionEditor({
  initialState,
  onChange,
  uploadImage,
  readOnly = false,
  labelledBy,
}: SolutionEditorProps) {
  const { t } = useTranslation("editor");
  // Checked once, like LexicalComposer reads its initial state once.
  const [canOpen] = useState(() => canOpenEditorState(initialState));
  if (!canOpen) return <Notice tone="error">{t("loadError")}</Notice>;
  return (
    <EditorBody
      initialState={initialState}
      onChange={onChange}
      uploadImage={uploadImage}
      readOnly={readOnly}
      labelledBy={labelledBy}
    />
  );
}

function EditorBody({ initialState, onChange, uploadImage, readOnly = false, labelledBy }: SolutionEditorProps) {
  const { t } = useTranslation("editor");
  const [initialConfig] = useState<InitialConfigType>(() => ({
    namespace: "solution-editor",
    nodes: EDITOR_NODES,
    theme: richTextTheme,
    editable: !readOnly,
    editorState: initialState,
    onError: reportEditorError,
  }));

  return (
    <LexicalComposer initialConfig={initialConfig}>
      <div className={readOnly ? "editor editor--read-only" : "editor"}>
        {readOnly ? null : <Toolbar />}
        {readOnly ? null : <ImagePlugin uploadImage={uploadImage} />}
        <div className="editor__surface">
          <RichTextPlugin
            contentEditable={
              <ContentEditable
                className="editor__content rich-text"
                aria-labelledby={labelledBy}
                aria-multiline="true"
                aria-placeholder={t("placeholder")}
                placeholder={<div className="editor__placeholder">{t("placeholder")}</div>}
              />
            }
            ErrorBoundary={LexicalErrorBoundary}
          />
        </div>
        <EditableStatePlugin editable={!readOnly} />
        <HistoryPlugin />
        <ListPlugin />
        <CheckListPlugin />
        <ListTabIndentationPlugin />
        <LinkPlugin validateUrl={isValidLinkUrl} />
        {/* While editing, a click on a link puts the caret in it (the link dialog edits it); read-only, it opens. */}
        {readOnly ? <ClickableLinkPlugin newTab /> : null}
        <TablePlugin hasCellBackgroundColor={false} hasHorizontalScroll />
        <HorizontalRulePlugin />
        <MarkdownShortcutPlugin transformers={EDITOR_MARKDOWN_TRANSFORMERS} />
        <ContentCleanupPlugin />
        <KeyboardShortcutsPlugin />
        <LinkDialogPlugin />
        <TableDialogPlugin />
        <ChangeReportPlugin onChange={onChange} />
      </div>
    </LexicalComposer>
  );
}

export default SolutionEditor;
