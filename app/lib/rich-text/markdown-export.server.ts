import type { SerializedEditorState } from "lexical";
import type * as Mdast from "mdast";
import remarkGfm from "remark-gfm";
import remarkStringify from "remark-stringify";
import { unified } from "unified";
import { RICH_TEXT_LIMITS } from "./rich-text-limits";
import {
  getSerializedChildren,
  isNestedListHolder,
  isSerializedNodeLike,
  type SerializedNodeLike,
  TEXT_FORMAT,
} from "./serialized-nodes";
import { isAllowedLinkUrl, isPortalImageSrc } from "./url-policy";

/**
 * A Lexical document to GitHub-flavoured Markdown, through remark's syntax tree, so escaping of
 * Markdown syntax in text is remark's job (it escapes exactly what would otherwise be read as syntax).
 *
 * Markdown cannot say everything Lexical can. What would change the text on the way back is written
 * as HTML markers that markdownToRichText reads back: `<br>` for a line break where Markdown has no
 * hard break (end of a paragraph, headings, table cells, links), `<p></p>` for an empty paragraph and
 * `<!-- -->` for an empty list item. Text itself never becomes HTML: remark escapes it.
 * Underline, highlight, sub/superscript, alignment and cell merges have no Markdown form and are
 * dropped (their text stays). Table cells hold one line in GFM: their blocks are joined with `<br>`s.
 */

const MAX_EXPORT_DEPTH = RICH_TEXT_LIMITS.maxNodeDepth + 10;
const LINE_BREAK_MARKER = "<br>";
const EMPTY_PARAGRAPH_MARKER = "<p></p>";
// Marks "nothing here" where Markdown needs something; read back as nothing. In a list item an HTML
// block such as <p></p> would swallow the sub-list below it, while a comment ends on its own line.
const EMPTY_LIST_ITEM_MARKER = "<!-- -->";

const markdownStringifier = unified()
  .use(remarkGfm)
  .use(remarkStringify, { bullet: "-", emphasis: "*", strong: "*", rule: "-", fences: true, listItemIndent: "one" });

export function richTextToMarkdown(state: SerializedEditorState): string {
  const root: unknown = (state as { root?: unknown } | null)?.root;
  if (!isSerializedNodeLike(root)) return "";
  const tree: Mdast.Root = { type: "root", children: exportBlocks(getSerializedChildren(root), 1) };
  return markdownStringifier.stringify(tree);
}

function html(value: string): Mdast.Html {
  return { type: "html", value };
}

// ---------------------------------------------------------------------------------------------
// Blocks

function exportBlocks(nodes: SerializedNodeLike[], depth: number): Mdast.RootContent[] {
  if (depth > MAX_EXPORT_DEPTH) return [];
  return nodes.flatMap((node) => exportBlock(node, depth));
}

function exportBlock(node: SerializedNodeLike, depth: number): Mdast.RootContent[] {
  const children = getSerializedChildren(node);
  switch (node.type) {
    case "paragraph": {
      const phrasing = exportPhrasing(children, "paragraph", depth);
      return [phrasing.length > 0 ? { type: "paragraph", children: phrasing } : html(EMPTY_PARAGRAPH_MARKER)];
    }
    case "heading":
      return [
        { type: "heading", depth: toHeadingDepth(node.tag), children: exportPhrasing(children, "heading", depth) },
      ];
    case "quote": {
      const phrasing = exportPhrasing(children, "paragraph", depth);
      return [{ type: "blockquote", children: phrasing.length > 0 ? [{ type: "paragraph", children: phrasing }] : [] }];
    }
    case "list":
      return [exportList(node, depth)];
    case "code":
      return [
        {
          type: "code",
          lang: typeof node.language === "string" && node.language ? node.language : null,
          value: codeText(children),
        },
      ];
    case "table":
      return exportTable(node, depth);
    case "horizontalrule":
      return [{ type: "thematicBreak" }];
    case "image": {
      const image = exportPhrasing([node], "paragraph", depth);
      return image.length > 0 ? [{ type: "paragraph", children: image }] : [];
    }
    default:
      return [];
  }
}

function toHeadingDepth(tag: unknown): 2 | 3 | 4 {
  if (tag === "h3") return 3;
  if (tag === "h4") return 4;
  return 2;
}

function codeText(children: SerializedNodeLike[]): string {
  return children
    .map((child) => {
      if (child.type === "linebreak") return "\n";
      if (child.type === "tab") return "\t";
      return typeof child.text === "string" ? child.text : "";
    })
    .join("");
}

function exportList(list: SerializedNodeLike, depth: number): Mdast.List {
  const isCheckList = list.listType === "check";
  const ordered = list.listType === "number";
  const start = typeof list.start === "number" ? list.start : 1;
  const items: Mdast.ListItem[] = [];
  for (const listItem of getSerializedChildren(list)) {
    if (listItem.type !== "listitem" || depth > MAX_EXPORT_DEPTH) continue;
    const children = getSerializedChildren(listItem);
    const nestedLists = children.filter((child) => child.type === "list").map((child) => exportList(child, depth + 2));
    const previous = items[items.length - 1];
    if (isNestedListHolder(listItem) && previous) {
      // Markdown nests a list inside the item before it.
      previous.children.push(...nestedLists);
      if (previous.children[0]?.type !== "list" && nestedLists.some(startsWithNumberOtherThanOne)) {
        previous.spread = true;
      }
      continue;
    }
    if (isNestedListHolder(listItem)) {
      items.push({ type: "listItem", spread: false, checked: null, children: nestedLists });
      continue;
    }
    const phrasing = exportPhrasing(
      children.filter((child) => child.type !== "list"),
      "paragraph",
      depth + 1,
    );
    // An empty item needs a marker: GFM needs text after "[ ]" to see a task, and CommonMark reads an
    // empty "1." or "-" before more lines as text.
    const content: Mdast.BlockContent[] =
      phrasing.length > 0 ? [{ type: "paragraph", children: phrasing }] : [html(EMPTY_LIST_ITEM_MARKER)];
    items.push({
      type: "listItem",
      spread: false,
      checked: isCheckList ? listItem.checked === true : null,
      children: [...content, ...nestedLists],
    });
  }
  return { type: "list", ordered, start: ordered ? start : null, spread: false, children: items };
}

/**
 * CommonMark lets an ordered list interrupt a paragraph only if it starts at 1, so `- x` followed by
 * an indented `3. y` reads as text. A blank line between them (a "spread" item) keeps it a list.
 */
function startsWithNumberOtherThanOne(list: Mdast.List): boolean {
  if (list.ordered && list.start !== 1) return true;
  const firstChild = list.children[0]?.children[0];
  return firstChild?.type === "list" && startsWithNumberOtherThanOne(firstChild);
}

function exportTable(table: SerializedNodeLike, depth: number): Mdast.RootContent[] {
  const rows = getSerializedChildren(table).filter((row) => row.type === "tablerow");
  const cellRows = rows.map((row) => getSerializedChildren(row).filter((cell) => cell.type === "tablecell"));
  const columnCount = Math.max(0, ...cellRows.map((cells) => cells.length));
  if (columnCount === 0) return [];
  return [
    {
      type: "table",
      align: Array.from({ length: columnCount }, () => null),
      children: cellRows.map((cells) => ({
        type: "tableRow",
        children: Array.from({ length: columnCount }, (_, index) => {
          const cell = cells[index];
          const inline = cell ? flattenBlocksToInline(getSerializedChildren(cell), depth + 3) : [];
          return { type: "tableCell", children: protectEdgeWhitespace(exportPhrasing(inline, "cell", depth + 3)) };
        }),
      })),
    },
  ];
}

/**
 * GFM trims the spaces around a cell's content, and remark does not encode them there as it does for
 * paragraphs; character references survive the trim, so edge whitespace is written as references.
 */
function protectEdgeWhitespace(phrasing: Mdast.PhrasingContent[]): Mdast.PhrasingContent[] {
  const encode = (whitespace: string) =>
    html([...whitespace].map((character) => `&#x${character.codePointAt(0)!.toString(16)};`).join(""));
  const result = [...phrasing];
  const first = result[0];
  if (first?.type === "text") {
    const [leading = ""] = /^[ \t]*/.exec(first.value) ?? [];
    if (leading) result.splice(0, 1, encode(leading), { type: "text", value: first.value.slice(leading.length) });
  }
  const last = result[result.length - 1];
  if (last?.type === "text") {
    const [trailing = ""] = /[ \t]*$/.exec(last.value) ?? [];
    if (trailing) {
      result.splice(
        result.length - 1,
        1,
        { type: "text", value: last.value.slice(0, -trailing.length) },
        encode(trailing),
      );
    }
  }
  return result.filter((node) => node.type !== "text" || node.value !== "");
}

const INLINE_TYPES = new Set(["text", "code-highlight", "tab", "linebreak", "link", "autolink", "image"]);
const LINE_BREAK: SerializedNodeLike = { type: "linebreak", version: 1 };

/**
 * A table cell's blocks as one line of inline nodes, separated as Lexical's getTextContent separates
 * blocks (two line breaks after each block element but the last), so the text survives the trip.
 */
function flattenBlocksToInline(nodes: SerializedNodeLike[], depth: number): SerializedNodeLike[] {
  if (depth > MAX_EXPORT_DEPTH) return [];
  return nodes.flatMap((node, index) => {
    if (INLINE_TYPES.has(node.type)) return [node];
    if (node.type === "horizontalrule") return [LINE_BREAK];
    const inline = flattenBlocksToInline(getSerializedChildren(node), depth + 1);
    const isBlockElement = Array.isArray(node.children);
    return isBlockElement && index < nodes.length - 1 ? [...inline, LINE_BREAK, LINE_BREAK] : inline;
  });
}

// ---------------------------------------------------------------------------------------------
// Inline content

/** Where phrasing goes decides how a line break can be written. */
type PhrasingContext = "paragraph" | "heading" | "cell" | "link";

interface MarkedLeaf {
  marks: number;
  node: Mdast.PhrasingContent;
}

const MARKS: ReadonlyArray<{ bit: number; type: "strong" | "emphasis" | "delete" }> = [
  { bit: TEXT_FORMAT.bold, type: "strong" },
  { bit: TEXT_FORMAT.italic, type: "emphasis" },
  { bit: TEXT_FORMAT.strikethrough, type: "delete" },
];

function exportPhrasing(nodes: SerializedNodeLike[], context: PhrasingContext, depth: number): Mdast.PhrasingContent[] {
  if (depth > MAX_EXPORT_DEPTH) return [];
  const leaves = nodes.flatMap((node) => toMarkedLeaves(node, context, depth));
  // A backslash break must be followed by more text: a trailing one would come back as a "\".
  const last = leaves[leaves.length - 1];
  if (last?.node.type === "break") last.node = html(LINE_BREAK_MARKER);
  // A line holding only "<br>" would start an HTML block, which runs on over the lines below it.
  if (leaves.length === 1 && last?.node.type === "html") leaves.push({ marks: 0, node: html(EMPTY_LIST_ITEM_MARKER) });
  return mergeAdjacentLeaves(nestMarks(leaves, 0));
}

function toMarkedLeaves(node: SerializedNodeLike, context: PhrasingContext, depth: number): MarkedLeaf[] {
  switch (node.type) {
    case "text":
    case "code-highlight": {
      const text = typeof node.text === "string" ? node.text : "";
      if (text === "") return [];
      const format = typeof node.format === "number" ? node.format : 0;
      // In a table, GFM unescapes "\|" even inside code, so such code is written as escaped text.
      const asCode = (format & TEXT_FORMAT.code) !== 0 && !(context === "cell" && text.includes("\\|"));
      const leaf: Mdast.PhrasingContent = asCode ? { type: "inlineCode", value: text } : { type: "text", value: text };
      return [{ marks: format & (TEXT_FORMAT.bold | TEXT_FORMAT.italic | TEXT_FORMAT.strikethrough), node: leaf }];
    }
    case "tab":
      return [{ marks: 0, node: { type: "text", value: "\t" } }];
    case "linebreak":
      return [{ marks: 0, node: context === "paragraph" ? { type: "break" } : html(LINE_BREAK_MARKER) }];
    case "link":
    case "autolink": {
      const children = getSerializedChildren(node);
      if (node.isUnlinked === true || !isAllowedLinkUrl(node.url) || context === "link") {
        return exportPhrasing(children, context, depth + 1).map((leaf) => ({ marks: 0, node: leaf }));
      }
      const title = typeof node.title === "string" && node.title !== "" ? node.title : null;
      return [
        {
          marks: 0,
          node: { type: "link", url: node.url, title, children: exportPhrasing(children, "link", depth + 1) },
        },
      ];
    }
    case "image":
      return isPortalImageSrc(node.src)
        ? [
            {
              marks: 0,
              node: {
                type: "image",
                url: node.src,
                alt: typeof node.altText === "string" ? node.altText : "",
                title: null,
              },
            },
          ]
        : [];
    default:
      return [];
  }
}

/** Wraps runs of leaves sharing bold, then italic, then strikethrough, into one mark node each. */
function nestMarks(leaves: MarkedLeaf[], markIndex: number): Mdast.PhrasingContent[] {
  const mark = MARKS[markIndex];
  if (!mark) return leaves.map((leaf) => leaf.node);
  const result: Mdast.PhrasingContent[] = [];
  let run: MarkedLeaf[] = [];
  let runHasMark = false;
  const flushRun = () => {
    if (run.length === 0) return;
    const inner = nestMarks(run, markIndex + 1);
    if (runHasMark) result.push({ type: mark.type, children: inner });
    else result.push(...inner);
    run = [];
  };
  for (const leaf of leaves) {
    const hasMark = (leaf.marks & mark.bit) !== 0;
    if (hasMark !== runHasMark) {
      flushRun();
      runHasMark = hasMark;
    }
    run.push(leaf);
  }
  flushRun();
  return result;
}

/** Neighbouring code spans must become one (`` `a``b` `` would read as one span anyway, wrongly). */
function mergeAdjacentLeaves(nodes: Mdast.PhrasingContent[]): Mdast.PhrasingContent[] {
  const merged: Mdast.PhrasingContent[] = [];
  for (const node of nodes) {
    const previous = merged[merged.length - 1];
    if (previous && previous.type === node.type && (node.type === "text" || node.type === "inlineCode")) {
      (previous as Mdast.Text | Mdast.InlineCode).value += node.value;
      continue;
    }
    if ("children" in node && node.type !== "link") {
      merged.push({ ...node, children: mergeAdjacentLeaves(node.children) } as Mdast.PhrasingContent);
      continue;
    }
    merged.push(node);
  }
  return merged;
}
