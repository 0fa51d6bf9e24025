import { describe, expect, it } from "vitest";
import { sortImageFiles } from "~/components/editor/image-files";
import { formatShortcut, matchesShortcut, SHORTCUTS } from "~/components/editor/keyboard-shortcuts";
import { readTableSize } from "~/components/editor/table-size";

const key = (key: string, modifiers: Partial<Record<"ctrlKey" | "metaKey" | "shiftKey" | "altKey", boolean>> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...modifiers,
});

describe("keyboard shortcuts", () => {
  it("are written the way each platform writes them", () => {
    expect(formatShortcut(SHORTCUTS.bold, false)).toBe("Ctrl+B");
    expect(formatShortcut(SHORTCUTS.redo, false)).toBe("Ctrl+Shift+Z");
    expect(formatShortcut(SHORTCUTS.strikethrough, true)).toBe("⇧⌘X");
  });

  it("match exactly: Ctrl on Windows and Linux, Cmd on Apple, no extra modifiers", () => {
    expect(matchesShortcut(key("k", { ctrlKey: true }), SHORTCUTS.link, false)).toBe(true);
    expect(matchesShortcut(key("k", { metaKey: true }), SHORTCUTS.link, true)).toBe(true);
    expect(matchesShortcut(key("k", { metaKey: true }), SHORTCUTS.link, false)).toBe(false);
    expect(matchesShortcut(key("K", { ctrlKey: true, shiftKey: true }), SHORTCUTS.link, false)).toBe(false);
    expect(matchesShortcut(key("X", { ctrlKey: true, shiftKey: true }), SHORTCUTS.strikethrough, false)).toBe(true);
    expect(
      matchesShortcut(key("x", { ctrlKey: true, altKey: true, shiftKey: true }), SHORTCUTS.strikethrough, false),
    ).toBe(false);
  });
});

describe("readTableSize", () => {
  it("accepts whole numbers within the limits", () => {
    expect(readTableSize("3", " 4 ")).toEqual({ ok: true, rows: 3, columns: 4 });
    expect(readTableSize("50", "20")).toEqual({ ok: true, rows: 50, columns: 20 });
  });

  it("names every field that is out of range or not a whole number", () => {
    expect(readTableSize("0", "21")).toEqual({ ok: false, invalid: ["rows", "columns"] });
    expect(readTableSize("2.5", "3")).toEqual({ ok: false, invalid: ["rows"] });
    expect(readTableSize("3", "")).toEqual({ ok: false, invalid: ["columns"] });
  });
});

describe("sortImageFiles", () => {
  it("keeps the formats the upload accepts and reports the rest", () => {
    const files = [
      { name: "a.png", type: "image/png" },
      { name: "b.svg", type: "image/svg+xml" },
      { name: "c.jpg", type: "image/jpeg" },
      { name: "d.webp", type: "image/webp" },
      { name: "e.gif", type: "image/gif" },
      { name: "f.pdf", type: "application/pdf" },
    ];
    const { images, rejected } = sortImageFiles(files);
    expect(images.map((file) => file.name)).toEqual(["a.png", "c.jpg", "d.webp", "e.gif"]);
    expect(rejected.map((file) => file.name)).toEqual(["b.svg", "f.pdf"]);
  });
});
