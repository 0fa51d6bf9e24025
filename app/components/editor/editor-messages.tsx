import { useTranslation } from "react-i18next";

export interface EditorMessage {
  id: number;
  tone: "info" | "error";
  text: string;
}

interface EditorMessagesProps {
  /** Progress ("Uploading photo.png…"), announced politely; null when idle. */
  status: string | null;
  messages: readonly EditorMessage[];
  onDismiss: (id: number) => void;
}

/**
 * Messages about the editor's own work (uploads, pasted content), shown above the text. The status
 * region is always rendered, empty when idle, because screen readers only announce changes to a live
 * region that already exists.
 */
export function EditorMessages({ status, messages, onDismiss }: EditorMessagesProps) {
  const { t } = useTranslation("editor");
  return (
    <div className="editor-messages">
      <p className="editor-messages__status" role="status" aria-live="polite">
        {status}
      </p>
      {messages.map((message) => (
        <div
          key={message.id}
          className={`notice notice--${message.tone} editor-messages__message`}
          role={message.tone === "error" ? "alert" : "status"}
        >
          <span>{message.text}</span>
          <button type="button" className="link-button" onClick={() => onDismiss(message.id)}>
            {t("messages.dismiss")}
          </button>
        </div>
      ))}
    </div>
  );
}
