import { IS_APPLE } from "lexical";
import type { ReactNode } from "react";
import { formatShortcut, type Shortcut } from "./keyboard-shortcuts";

interface ToolbarButtonProps {
  label: string;
  onClick: () => void;
  /** A compact symbol shown instead of the label (which stays the accessible name); without it the label is shown. */
  icon?: ReactNode;
  /** Set for toggles: rendered as aria-pressed. */
  pressed?: boolean;
  disabled?: boolean;
  shortcut?: Shortcut;
}

export function ToolbarButton({ label, onClick, icon, pressed, disabled, shortcut }: ToolbarButtonProps) {
  return (
    <button
      type="button"
      className={icon === undefined ? "toolbar__button toolbar__button--text" : "toolbar__button"}
      aria-label={icon === undefined ? undefined : label}
      aria-pressed={pressed}
      title={shortcut ? `${label} (${formatShortcut(shortcut, IS_APPLE)})` : label}
      disabled={disabled}
      // Keep the caret (and its highlight) in the text while clicking; keyboard users are unaffected.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
    >
      {icon === undefined ? (
        label
      ) : (
        <span aria-hidden="true" className="toolbar__icon">
          {icon}
        </span>
      )}
    </button>
  );
}
