import type { SerializedListItemNode, SerializedListNode } from "@lexical/list";
import type { SerializedEditorState, SerializedLexicalNode, SerializedTextNode } from "lexical";
import type * as Mdast from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { CODE_LANGUAGE_PATTERN, RICH_TEXT_LIMITS } from "./rich-text-limits";
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
  type HeadingTag,
  TABLE_HEADER_STATE,
  TEXT_FORMAT,
} from "./serialized-nodes";
import { isAllowedLinkUrl, isPortalImageSrc } from "./url-policy";

/**
 * Markdown (CommonMark + GFM) to a Lexical document, through remark's syntax tree (mdast). The
 * result is always a document validateRichText accepts: unsafe links become text, raw HTML becomes
 * text, and whatever Lexical cannot express (deep nesting, blocks inside list items) is flattened.
 *
 * Markers written by richTextToMarkdown for what Markdown cannot express are read back: a `<br>`
 * (inline or on its own line) is a line break, and `<p></p>` on its own line is an empty paragraph.
 */

/** List levels below the top one; with list > item pairs this keeps text within the 20-node depth limit. */
const MAX_LIST_NESTING = 8;
const LINE_BREAK_HTML = /^<br\s*\/?>$/i;
const EMPTY_PARAGRAPH_HTML = /^<p>\s*<\/p>$/i;
const HTML_COMMENT = /^<!--[\s\S]*-->$/;

interface ImportContext {
  definitions: Map<string, Mdast.Definition>;
  portalImageCount: number;
}

type Block = SerializedLexicalNode & { children?: SerializedLexicalNode[] };

const markdownParser = unified().use(remarkParse).use(remarkGfm);

/** Refused beyond this: a write-up is well under 100 KB of Markdown. */
export const MAX_MARKDOWN_LENGTH = 1024 * 1024;
/**
 * The Markdown parser slows down sharply (and overflows the stack) on absurdly nested containers:
 * 300 nested list levels take seconds, 10,000 nested quotes throw. Columns of quote markers, list
 * markers and indentation at the start of a line are cut to this many, which no real document needs.
 */
const MAX_LINE_PREFIX_COLUMNS = 64;
const LINE_PREFIX = /^(?:[ \t>]|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))+/gm;

export class MarkdownImportError extends Error {
  override name = "MarkdownImportError";
}

export function markdownToRichText(markdown: string): SerializedEditorState {
  if (markdown.length > MAX_MARKDOWN_LENGTH) {
    throw new MarkdownImportError(`The Markdown is longer than ${MAX_MARKDOWN_LENGTH} characters.`);
  }
  try {
    const tree = markdownParser.parse(limitLinePrefixes(markdown));
    const context: ImportContext = { definitions: collectDefinitions(tree), portalImageCount: 0 };
    const blocks = convertBlocks(tree.children, context);
    return createSerializedEditorState(blocks.length > 0 ? blocks : [createSerializedParagraph()]);
  } catch (error) {
    // Inline markup nested thousands deep (e.g. "*a *a *a …") can still exhaust the stack.
    if (error instanceof RangeError) throw new MarkdownImportError("The Markdown is nested too deeply to import.");
    throw error;
  }
}

function limitLinePrefixes(markdown: string): string {
  return markdown.replace(LINE_PREFIX, (prefix) => {
    let columns = 0;
    let kept = 0;
    while (kept < prefix.length && columns < MAX_LINE_PREFIX_COLUMNS) {
      columns += prefix[kept] === "\t" ? 4 : 1;
      kept++;
    }
    return prefix.slice(0, kept);
  });
}

function collectDefinitions(tree: Mdast.Root): Map<string, Mdast.Definition> {
  const definitions = new Map<string, Mdast.Definition>();
  const pending: Mdast.Nodes[] = [tree];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === "definition" && !definitions.has(node.identifier)) definitions.set(node.identifier, node);
    if ("children" in node) pending.push(...node.children);
  }
  return definitions;
}

// ---------------------------------------------------------------------------------------------
// Blocks

function convertBlocks(nodes: Mdast.Nodes[], context: ImportContext): Block[] {
  return nodes.flatMap((node) => convertBlock(node, context));
}

function convertBlock(node: Mdast.Nodes, context: ImportContext): Block[] {
  switch (node.type) {
    case "paragraph":
      return [createSerializedParagraph(convertInlines(node.children, 0, context, false))];
    case "heading":
      return [createSerializedHeading(toHeadingTag(node.depth), convertInlines(node.children, 0, context, false))];
    case "thematicBreak":
      return [createSerializedHorizontalRule()];
    case "blockquote":
      return convertBlockquote(node, context);
    case "list":
      return [convertList(node, context, 0)];
    case "code":
      return [createSerializedCode(toCodeLanguage(node.lang), splitLinesAndTabs(node.value, createSerializedCodeText))];
    case "table":
      return convertTable(node, context);
    case "html":
      return convertHtmlBlock(node.value);
    case "footnoteDefinition":
      return convertFootnoteDefinition(node, context);
    case "definition":
    case "yaml":
      return [];
    default:
      if ("children" in node) return convertBlocks(node.children, context);
      if ("value" in node && typeof node.value === "string") {
        return [createSerializedParagraph(textToNodes(node.value, 0, "linebreak"))];
      }
      return [];
  }
}

/** Markdown has h1-h6; write-ups use h2-h4 (h1 is the page title). */
function toHeadingTag(depth: number): HeadingTag {
  if (depth <= 2) return "h2";
  return depth === 3 ? "h3" : "h4";
}

function toCodeLanguage(lang: string | null | undefined): string | undefined {
  const language = lang?.trim().toLowerCase();
  return language && CODE_LANGUAGE_PATTERN.test(language) ? language : undefined;
}

/** Lexical quotes hold text only: each paragraph becomes its own quote, other blocks stay as they are. */
function convertBlockquote(node: Mdast.Blockquote, context: ImportContext): Block[] {
  if (node.children.length === 0) return [createSerializedQuote([])];
  return convertBlocks(node.children, context).map((block) =>
    block.type === "paragraph" ? createSerializedQuote(block.children ?? []) : block,
  );
}

function convertHtmlBlock(html: string): Block[] {
  const trimmed = html.trim();
  if (LINE_BREAK_HTML.test(trimmed)) return [createSerializedParagraph([createSerializedLineBreak()])];
  if (EMPTY_PARAGRAPH_HTML.test(trimmed)) return [createSerializedParagraph()];
  if (HTML_COMMENT.test(trimmed)) return [];
  // Raw HTML is never passed through: it is kept as the text it is, and rendered escaped.
  return [createSerializedParagraph(textToNodes(html, 0, "linebreak"))];
}

function convertFootnoteDefinition(node: Mdast.FootnoteDefinition, context: ImportContext): Block[] {
  const label = createSerializedText(`[^${node.label ?? node.identifier}]: `);
  const blocks = convertBlocks(node.children, context);
  const first = blocks[0];
  if (first?.type === "paragraph")
    return [createSerializedParagraph([label, ...(first.children ?? [])]), ...blocks.slice(1)];
  return [createSerializedParagraph([label]), ...blocks];
}

function convertList(list: Mdast.List, context: ImportContext, nesting: number): SerializedListNode {
  const listType = list.ordered
    ? "number"
    : list.children.some((item) => typeof item.checked === "boolean")
      ? "check"
      : "bullet";
  const start = list.ordered && typeof list.start === "number" ? Math.min(Math.max(list.start, 0), 1_000_000) : 1;
  const items: SerializedListItemNode[] = [];
  let value = start;
  const checkedFor = (checked: boolean | null | undefined) => (listType === "check" ? checked === true : undefined);
  for (const item of list.children) {
    const contentChildren = item.children.filter((child) => child.type !== "list");
    const nestedLists = item.children.filter((child): child is Mdast.List => child.type === "list");
    // A Markdown item holds its text and its sub-list; a Lexical item holds one or the other, so the
    // sub-list goes into a following "holder" item, which shares the next item's number.
    if (contentChildren.length > 0 || nestedLists.length === 0) {
      const inline = blocksToInline(convertBlocks(contentChildren, context));
      items.push(createSerializedListItem(inline, value++, checkedFor(item.checked)));
    }
    for (const nested of nestedLists) {
      if (nesting >= MAX_LIST_NESTING) {
        // Too deep for a write-up: keep the items, one level up.
        for (const flattened of convertList(nested, context, nesting).children as SerializedListItemNode[]) {
          items.push({ ...flattened, value: value++, checked: checkedFor(flattened.checked) });
        }
        continue;
      }
      items.push(createSerializedListItem([convertList(nested, context, nesting + 1)], value, checkedFor(false)));
    }
  }
  return createSerializedList(listType, items, start);
}

/** Blocks inside a list item become its inline content, separated the way Lexical's text separates blocks. */
function blocksToInline(blocks: Block[]): SerializedLexicalNode[] {
  return blocks.flatMap((block, index) => [
    ...(index > 0 ? [createSerializedLineBreak(), createSerializedLineBreak()] : []),
    ...blockToInline(block),
  ]);
}

function blockToInline(block: Block): SerializedLexicalNode[] {
  if (block.type === "code") {
    return (block.children ?? []).map((child) =>
      child.type === "code-highlight"
        ? createSerializedText((child as SerializedTextNode).text, TEXT_FORMAT.code)
        : child,
    );
  }
  if (block.type === "paragraph" || block.type === "heading" || block.type === "quote") return block.children ?? [];
  if (block.children) return blocksToInline(block.children as Block[]);
  return block.type === "image" ? [block] : [];
}

function convertTable(table: Mdast.Table, context: ImportContext): Block[] {
  const columnCount = table.children[0]?.children.length ?? 0;
  if (columnCount === 0) return [];
  const rows = table.children.map((row, rowIndex) => {
    const headerState = rowIndex === 0 ? TABLE_HEADER_STATE.row : TABLE_HEADER_STATE.none;
    // Lexical tables are rectangular: pad short rows, drop cells beyond the header (as GFM does).
    const cells = Array.from({ length: columnCount }, (_, columnIndex) => {
      const cell = row.children[columnIndex];
      const inline = cell ? convertInlines(cell.children, 0, context, false) : [];
      return createSerializedTableCell([createSerializedParagraph(inline)], headerState);
    });
    return createSerializedTableRow(cells);
  });
  return [createSerializedTable(rows)];
}

// ---------------------------------------------------------------------------------------------
// Inline content

function convertInlines(
  nodes: Mdast.PhrasingContent[],
  format: number,
  context: ImportContext,
  insideLink: boolean,
): SerializedLexicalNode[] {
  return mergeAdjacentText(nodes.flatMap((node) => convertInline(node, format, context, insideLink)));
}

function convertInline(
  node: Mdast.PhrasingContent,
  format: number,
  context: ImportContext,
  insideLink: boolean,
): SerializedLexicalNode[] {
  switch (node.type) {
    case "text":
      return textToNodes(node.value, format, "space");
    case "emphasis":
      return convertInlines(node.children, format | TEXT_FORMAT.italic, context, insideLink);
    case "strong":
      return convertInlines(node.children, format | TEXT_FORMAT.bold, context, insideLink);
    case "delete":
      return convertInlines(node.children, format | TEXT_FORMAT.strikethrough, context, insideLink);
    case "inlineCode":
      return textToNodes(node.value, format | TEXT_FORMAT.code, "space");
    case "break":
      return [createSerializedLineBreak()];
    case "link":
      return convertLink(node.url, node.title, node.children, format, context, insideLink);
    case "linkReference": {
      const definition = context.definitions.get(node.identifier);
      return definition
        ? convertLink(definition.url, definition.title, node.children, format, context, insideLink)
        : convertInlines(node.children, format, context, insideLink);
    }
    case "image":
      return convertImage(node.url, node.alt, format, context, insideLink);
    case "imageReference": {
      const definition = context.definitions.get(node.identifier);
      return convertImage(definition?.url ?? "", node.alt, format, context, insideLink);
    }
    case "html":
      return convertInlineHtml(node.value, format);
    case "footnoteReference":
      return [createSerializedText(`[^${node.label ?? node.identifier}]`, format)];
    default:
      return [];
  }
}

function convertLink(
  url: string,
  title: string | null | undefined,
  children: Mdast.PhrasingContent[],
  format: number,
  context: ImportContext,
  insideLink: boolean,
): SerializedLexicalNode[] {
  const content = convertInlines(children, format, context, true);
  if (insideLink || !isAllowedLinkUrl(url)) return content;
  const safeTitle = title && title.length <= RICH_TEXT_LIMITS.maxLinkTitleLength ? title : null;
  return [createSerializedLink(url, content, safeTitle)];
}

/**
 * An uploaded image (`/images/<uuid>`, as richTextToMarkdown writes it) comes back as an image;
 * any other http(s) image becomes a link to it, since write-ups only show uploaded images.
 */
function convertImage(
  url: string,
  alt: string | null | undefined,
  format: number,
  context: ImportContext,
  insideLink: boolean,
): SerializedLexicalNode[] {
  const altText = (alt ?? "").trim();
  if (isPortalImageSrc(url) && context.portalImageCount < RICH_TEXT_LIMITS.maxImages) {
    context.portalImageCount++;
    return [createSerializedImage(url, (altText || "Image").slice(0, RICH_TEXT_LIMITS.maxAltTextLength))];
  }
  const altNodes = textToNodes(altText, format, "space");
  if (insideLink || !/^https?:/i.test(url) || !isAllowedLinkUrl(url)) return altNodes;
  return [createSerializedLink(url, altText ? altNodes : textToNodes(url, format, "space"))];
}

function convertInlineHtml(html: string, format: number): SerializedLexicalNode[] {
  if (LINE_BREAK_HTML.test(html.trim())) return [createSerializedLineBreak()];
  if (HTML_COMMENT.test(html.trim())) return [];
  return textToNodes(html, format, "linebreak");
}

/**
 * Text to Lexical text nodes. A newline in Markdown text is a soft wrap of the source, shown as a
 * space (the parser has already dropped the spaces around it); one in raw HTML kept as text, or in
 * code, is a real line break. Tabs become tab nodes, as the editor makes them.
 */
function textToNodes(text: string, format: number, newline: "space" | "linebreak"): SerializedLexicalNode[] {
  const normalized = newline === "space" ? text.replaceAll("\n", " ") : text;
  return splitLinesAndTabs(normalized, (part) => createSerializedText(part, format));
}

function splitLinesAndTabs(text: string, createText: (text: string) => SerializedTextNode): SerializedLexicalNode[] {
  const nodes: SerializedLexicalNode[] = [];
  text.split("\n").forEach((line, lineIndex) => {
    if (lineIndex > 0) nodes.push(createSerializedLineBreak());
    line.split("\t").forEach((part, partIndex) => {
      if (partIndex > 0) nodes.push(createSerializedTab());
      if (part !== "") nodes.push(createText(part));
    });
  });
  return nodes;
}

/** Lexical keeps neighbouring text of the same format in one node; so do we, for stable round trips. */
function mergeAdjacentText(nodes: SerializedLexicalNode[]): SerializedLexicalNode[] {
  const merged: SerializedLexicalNode[] = [];
  for (const node of nodes) {
    const previous = merged[merged.length - 1];
    if (node.type === "text" && previous?.type === "text") {
      const previousText = previous as SerializedTextNode;
      const text = node as SerializedTextNode;
      if (previousText.format === text.format) {
        const combined: SerializedTextNode = { ...previousText, text: previousText.text + text.text };
        merged[merged.length - 1] = combined;
        continue;
      }
    }
    merged.push(node);
  }
  return merged;
}
