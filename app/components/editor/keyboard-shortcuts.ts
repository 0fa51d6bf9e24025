/** A key combination; `mod` is Cmd on Apple devices and Ctrl elsewhere. */
export interface Shortcut {
  key: string;
  mod: boolean;
  shift?: boolean;
}

/**
 * Shortcuts shown in toolbar tooltips. Bold, italic, underline, undo and redo are handled by Lexical
 * itself; strikethrough, inline code and link by KeyboardShortcutsPlugin.
 */
export const SHORTCUTS = {
  bold: { key: "B", mod: true },
  italic: { key: "I", mod: true },
  underline: { key: "U", mod: true },
  strikethrough: { key: "X", mod: true, shift: true },
  code: { key: "E", mod: true },
  link: { key: "K", mod: true },
  undo: { key: "Z", mod: true },
  redo: { key: "Z", mod: true, shift: true },
} as const satisfies Record<string, Shortcut>;

/** How a shortcut is written on this platform: "Ctrl+Shift+X" or "⇧⌘X", the way each system writes them. */
export function formatShortcut(shortcut: Shortcut, isApple: boolean): string {
  if (isApple) return `${shortcut.shift ? "⇧" : ""}${shortcut.mod ? "⌘" : ""}${shortcut.key}`;
  return [shortcut.mod ? "Ctrl" : null, shortcut.shift ? "Shift" : null, shortcut.key].filter(Boolean).join("+");
}

/** Whether a keydown is exactly this combination: an extra Shift or Alt makes it a different shortcut. */
export function matchesShortcut(
  event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">,
  shortcut: Shortcut,
  isApple: boolean,
): boolean {
  const mod = isApple ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  return (
    event.key.toLowerCase() === shortcut.key.toLowerCase() &&
    mod === shortcut.mod &&
    event.shiftKey === Boolean(shortcut.shift) &&
    !event.altKey
  );
}
