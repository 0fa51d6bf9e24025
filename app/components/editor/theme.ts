import type { EditorThemeClasses } from "lexical";

/**
 * Class names for rich text, shared by the browser editor (as its Lexical theme) and by the server
 * renderer (render.server.ts), so a write-up looks the same while it is edited and when it is read.
 * Every class starts with `rt-`: the HTML sanitizer lets through no other class.
 */
export const richTextTheme = {
  root: "rt-root",
  paragraph: "rt-paragraph",
  heading: { h2: "rt-h2", h3: "rt-h3", h4: "rt-h4" },
  quote: "rt-quote",
  link: "rt-link",
  hr: "rt-hr",
  hrSelected: "rt-hr--selected",
  image: "rt-image",
  indent: "rt-indent",
  list: {
    ul: "rt-list-ul",
    ol: "rt-list-ol",
    checklist: "rt-list-check",
    listitem: "rt-list-item",
    listitemChecked: "rt-checklist-item--checked",
    listitemUnchecked: "rt-checklist-item--unchecked",
    nested: { listitem: "rt-list-item--nested" },
  },
  code: "rt-code",
  codeHighlight: {
    atrule: "rt-token-keyword",
    attr: "rt-token-keyword",
    boolean: "rt-token-constant",
    builtin: "rt-token-builtin",
    cdata: "rt-token-comment",
    char: "rt-token-builtin",
    class: "rt-token-function",
    "class-name": "rt-token-function",
    comment: "rt-token-comment",
    constant: "rt-token-constant",
    deleted: "rt-token-constant",
    doctype: "rt-token-comment",
    entity: "rt-token-operator",
    function: "rt-token-function",
    important: "rt-token-variable",
    inserted: "rt-token-builtin",
    keyword: "rt-token-keyword",
    namespace: "rt-token-variable",
    number: "rt-token-constant",
    operator: "rt-token-operator",
    prolog: "rt-token-comment",
    property: "rt-token-constant",
    punctuation: "rt-token-punctuation",
    regex: "rt-token-variable",
    selector: "rt-token-builtin",
    string: "rt-token-string",
    symbol: "rt-token-constant",
    tag: "rt-token-constant",
    url: "rt-token-operator",
    variable: "rt-token-variable",
  } as Record<string, string>,
  table: "rt-table",
  tableRow: "rt-table-row",
  tableCell: "rt-table-cell",
  tableCellHeader: "rt-table-cell--header",
  tableCellSelected: "rt-table-cell--selected",
  tableSelection: "rt-table--selection",
  tableScrollableWrapper: "rt-table-wrapper",
  text: {
    bold: "rt-bold",
    italic: "rt-italic",
    underline: "rt-underline",
    strikethrough: "rt-strikethrough",
    underlineStrikethrough: "rt-underline-strikethrough",
    code: "rt-text-code",
    subscript: "rt-subscript",
    superscript: "rt-superscript",
    highlight: "rt-highlight",
    lowercase: "rt-lowercase",
    uppercase: "rt-uppercase",
    capitalize: "rt-capitalize",
  },
} as const satisfies EditorThemeClasses;

/** Alignment classes for block elements; Lexical writes inline styles for these, which we never emit. */
export const richTextAlignClasses = {
  left: "rt-align-left",
  start: "rt-align-start",
  center: "rt-align-center",
  right: "rt-align-right",
  end: "rt-align-end",
  justify: "rt-align-justify",
} as const;

/** Indentation deeper than this looks the same; the class is `rt-indent-1` … `rt-indent-6`. */
export const MAX_INDENT_CLASS_LEVEL = 6;
