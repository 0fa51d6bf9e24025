import type { SerializedEditorState, SerializedLexicalNode } from "lexical";
import {
  createSerializedCode,
  createSerializedCodeText,
  createSerializedEditorState,
  createSerializedHeading,
  createSerializedHorizontalRule,
  createSerializedImage,
  createSerializedLineBreak,
  createSerializedLink,
  createSerializedList,
  createSerializedListItem,
  createSerializedParagraph,
  createSerializedQuote,
  createSerializedTab,
  createSerializedTable,
  createSerializedTableCell,
  createSerializedTableRow,
  createSerializedText,
  TABLE_HEADER_STATE,
  TEXT_FORMAT,
} from "~/lib/rich-text/serialized-nodes";

/**
 * Random documents of the shapes the Lexical editor produces, full of characters that mean something
 * in Markdown, for round-trip property tests. Seeded, so a failure can be replayed.
 */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    // xorshift32: small, deterministic, good enough to pick test shapes.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

const FRAGMENTS = [
  "word",
  "两个字",
  " ",
  "  ",
  "*",
  "**",
  "_",
  "__",
  "`",
  "``",
  "~",
  "~~",
  "#",
  "# ",
  "-",
  "- ",
  "+ ",
  "1. ",
  "2) ",
  ">",
  "> ",
  "[",
  "]",
  "[x] ",
  "[ ] ",
  "(",
  ")",
  "![",
  "<",
  ">",
  "<b>",
  "<br>",
  "<p></p>",
  "<!-- -->",
  "&",
  "&amp;",
  "&#x20;",
  "|",
  "\\",
  "\\*",
  "=",
  "===",
  "---",
  "```",
  "~~~",
  "    ",
  "\u00a0",
  ":",
  "https://example.com/x",
  "www.example.com",
  "a@example.com",
  "[^1]",
  "$",
  "'",
  '"',
];

const FORMATS = [
  0,
  0,
  0,
  TEXT_FORMAT.bold,
  TEXT_FORMAT.italic,
  TEXT_FORMAT.strikethrough,
  TEXT_FORMAT.code,
  TEXT_FORMAT.underline,
  TEXT_FORMAT.bold | TEXT_FORMAT.italic,
  TEXT_FORMAT.bold | TEXT_FORMAT.code,
  TEXT_FORMAT.italic | TEXT_FORMAT.strikethrough,
  TEXT_FORMAT.highlight | TEXT_FORMAT.bold,
];

const IMAGE_SRC = "/images/0b5a2d1c-3e4f-4a5b-8c6d-7e8f9a0b1c2d";

export function createRandomEditorState(random: () => number): SerializedEditorState {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const count = (max: number) => Math.floor(random() * (max + 1));

  const randomText = () =>
    Array.from({ length: 1 + count(4) }, () => pick(FRAGMENTS))
      .join("")
      // Lexical never keeps newlines or tabs inside a text node.
      .replace(/[\n\t]/g, " ");

  const randomInline = (allowLinks: boolean): SerializedLexicalNode[] =>
    Array.from({ length: count(5) }, (): SerializedLexicalNode => {
      const roll = random();
      if (roll < 0.08) return createSerializedLineBreak();
      if (roll < 0.12) return createSerializedTab();
      if (roll < 0.2 && allowLinks) {
        return createSerializedLink(
          pick(["https://example.com/a_b(c)", "mailto:a@example.com", "http://x.org/?q=1&r=*"]),
          randomInline(false),
        );
      }
      if (roll < 0.24) return createSerializedImage(IMAGE_SRC, randomText().trim() || "alt");
      return createSerializedText(randomText(), pick(FORMATS));
    });

  const randomList = (depth: number): SerializedLexicalNode => {
    const listType = pick(["bullet", "number", "check"] as const);
    let value = 1;
    const items = Array.from({ length: 1 + count(3) }, () => {
      const checked = listType === "check" ? random() < 0.5 : undefined;
      if (depth < 3 && random() < 0.25) {
        return createSerializedListItem([randomList(depth + 1)], value, listType === "check" ? false : undefined);
      }
      return createSerializedListItem(randomInline(true), value++, checked);
    });
    return createSerializedList(listType, items, listType === "number" ? pick([1, 1, 3]) : 1);
  };

  const randomBlock = (): SerializedLexicalNode => {
    const roll = random();
    if (roll < 0.3) return createSerializedParagraph(randomInline(true));
    if (roll < 0.4) return createSerializedHeading(pick(["h2", "h3", "h4"] as const), randomInline(true));
    if (roll < 0.5) return createSerializedQuote(randomInline(true));
    if (roll < 0.65) return randomList(0);
    if (roll < 0.75) {
      const code = Array.from({ length: count(4) }, (_, index) =>
        index % 2 === 0 ? createSerializedCodeText(randomText()) : createSerializedLineBreak(),
      );
      return createSerializedCode(pick([undefined, "ts", "c++"]), code);
    }
    if (roll < 0.85) {
      const columns = 1 + count(2);
      const rows = Array.from({ length: 1 + count(2) }, (_, rowIndex) =>
        createSerializedTableRow(
          Array.from({ length: columns }, () =>
            createSerializedTableCell(
              Array.from({ length: 1 + count(1) }, () => createSerializedParagraph(randomInline(true))),
              rowIndex === 0 ? TABLE_HEADER_STATE.row : TABLE_HEADER_STATE.none,
            ),
          ),
        ),
      );
      return createSerializedTable(rows);
    }
    if (roll < 0.9) return createSerializedHorizontalRule();
    return createSerializedParagraph();
  };

  return createSerializedEditorState(Array.from({ length: 1 + count(5) }, randomBlock));
}
