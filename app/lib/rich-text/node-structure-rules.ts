import { EDITOR_NODES } from "~/components/editor/nodes";

/** Node types Lexical registers on every editor, whatever nodes the editor adds. */
const CORE_NODE_TYPES = ["root", "paragraph", "text", "linebreak", "tab"];

/** The allow-list: Lexical's core nodes plus exactly the nodes the editor registers. */
export const ALLOWED_NODE_TYPES: ReadonlySet<string> = new Set([
  ...CORE_NODE_TYPES,
  ...EDITOR_NODES.map((node) => node.getType()),
]);

const INLINE_TYPES = ["text", "linebreak", "tab", "link", "autolink", "image"];
const BLOCK_TYPES = ["paragraph", "heading", "quote", "list", "code", "table", "horizontalrule", "image"];

/**
 * Which children each element may hold: the shapes the Lexical editor itself builds. Lexical's JSON
 * parser appends whatever it is given, so a table row in a heading would load and then break the
 * editor and the renderer; refusing it here keeps stored documents to shapes both understand.
 * Types not listed here are leaves and may have no children at all.
 */
export const ALLOWED_CHILDREN: Readonly<Record<string, ReadonlySet<string>>> = {
  root: new Set(BLOCK_TYPES),
  paragraph: new Set(INLINE_TYPES),
  heading: new Set(INLINE_TYPES),
  quote: new Set(INLINE_TYPES),
  link: new Set(["text", "linebreak", "tab", "image"]),
  autolink: new Set(["text", "linebreak", "tab", "image"]),
  list: new Set(["listitem"]),
  listitem: new Set([...INLINE_TYPES, "list"]),
  code: new Set(["code-highlight", "text", "linebreak", "tab"]),
  table: new Set(["tablerow"]),
  tablerow: new Set(["tablecell"]),
  // The editor's table plugin does not nest tables.
  tablecell: new Set(BLOCK_TYPES.filter((type) => type !== "table")),
};

export const LEAF_TYPES: ReadonlySet<string> = new Set(
  [...ALLOWED_NODE_TYPES].filter((type) => !(type in ALLOWED_CHILDREN)),
);
