import { useTranslation } from "react-i18next";
import { formatClockTime } from "./format-time";

export type SaveState = "idle" | "saving" | "saved" | "error" | "conflict";

interface SaveStatusProps {
  state: SaveState;
  /** ISO date of the last successful save, shown as "Saved at 14:02". */
  savedAt?: string;
  /** Why saving failed, already in the reader's language. */
  message?: string;
}

/**
 * The autosave indicator next to the editor. A polite live region that is always present (empty when
 * idle), so screen readers hear "Saving…" and "Saved at 14:02" without the focus moving.
 */
export function SaveStatus({ state, savedAt, message }: SaveStatusProps) {
  const { t, i18n } = useTranslation("editor");
  const time = savedAt ? formatClockTime(savedAt, i18n.language) : null;

  let text = "";
  if (state === "saving") text = t("saveStatus.saving");
  else if (state === "saved") text = time ? t("saveStatus.savedAt", { time }) : t("saveStatus.saved");
  else if (state === "conflict") text = t("saveStatus.conflict");
  else if (state === "error") text = message ? t("saveStatus.error", { message }) : t("saveStatus.errorUnknown");

  return (
    <p className={`save-status save-status--${state}`} role="status" aria-live="polite">
      {/* The time zone of the server and the browser can differ; the browser's wins after hydration. */}
      <span suppressHydrationWarning>{text}</span>
    </p>
  );
}
