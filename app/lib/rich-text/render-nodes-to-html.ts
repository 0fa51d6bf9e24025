import { MAX_INDENT_CLASS_LEVEL, richTextAlignClasses, richTextTheme } from "~/components/editor/theme";
import { ALLOWED_HEADING_TAGS, CODE_LANGUAGE_PATTERN, RICH_TEXT_LIMITS } from "./rich-text-limits";
import {
  getSerializedChildren,
  isNestedListHolder,
  isSerializedNodeLike,
  TABLE_HEADER_STATE,
  TEXT_FORMAT,
  type SerializedNodeLike,
} from "./serialized-nodes";
import { isAllowedLinkUrl, isPortalImageSrc } from "./url-policy";

/**
 * Renders a serialized editor state to HTML straight from the JSON, without Lexical or a DOM (see
 * docs/decisions/004-rich-text-rendering.md). Written to be safe on its own, whatever the input:
 * every text and attribute value is escaped, only known node types produce markup, only allow-listed
 * URLs become href/src, and nesting is cut off instead of recursing without bound.
 */

/** Deeper than any valid document (validation allows 20), shallow enough never to exhaust the stack. */
const MAX_RENDER_DEPTH = RICH_TEXT_LIMITS.maxNodeDepth + 10;

type Attributes = Record<string, string | number | undefined>;

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}

function renderAttributes(attributes: Attributes): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeHtml(String(value))}"`)
    .join("");
}

function element(tag: string, attributes: Attributes, inner: string): string {
  return `<${tag}${renderAttributes(attributes)}>${inner}</${tag}>`;
}

function voidElement(tag: string, attributes: Attributes): string {
  return `<${tag}${renderAttributes(attributes)}>`;
}

function joinClasses(...classes: Array<string | undefined | false>): string | undefined {
  return classes.filter(Boolean).join(" ") || undefined;
}

/** Alignment and indentation as classes: Lexical's own HTML export uses inline styles, which we never emit. */
function blockClasses(node: SerializedNodeLike, baseClass: string): string | undefined {
  const alignment =
    typeof node.format === "string" && Object.hasOwn(richTextAlignClasses, node.format)
      ? richTextAlignClasses[node.format as keyof typeof richTextAlignClasses]
      : undefined;
  const indent =
    typeof node.indent === "number" && Number.isInteger(node.indent) && node.indent > 0
      ? `${richTextTheme.indent}-${Math.min(node.indent, MAX_INDENT_CLASS_LEVEL)}`
      : undefined;
  return joinClasses(baseClass, alignment, indent);
}

/** Children as HTML; with `onlyType`, other children are skipped (a table holds rows and nothing else). */
function renderChildren(node: SerializedNodeLike, depth: number, onlyType?: string): string {
  if (depth >= MAX_RENDER_DEPTH) return "";
  return getSerializedChildren(node)
    .filter((child) => onlyType === undefined || child.type === onlyType)
    .map((child) => renderNode(child, node, depth + 1))
    .join("");
}

function renderNode(node: SerializedNodeLike, parent: SerializedNodeLike, depth: number): string {
  switch (node.type) {
    case "paragraph":
      return element(
        "p",
        { class: blockClasses(node, richTextTheme.paragraph) },
        renderChildren(node, depth) || "<br>",
      );
    case "heading":
      return renderHeading(node, depth);
    case "quote":
      return element(
        "blockquote",
        { class: blockClasses(node, richTextTheme.quote) },
        renderChildren(node, depth) || "<br>",
      );
    case "list":
      return renderList(node, depth);
    case "listitem":
      // Only reached for a list item outside a list, which validation refuses: keep its text.
      return renderChildren(node, depth);
    case "code":
      return renderCode(node, depth);
    case "table":
      return element(
        "table",
        { class: blockClasses(node, richTextTheme.table) },
        element("tbody", {}, renderChildren(node, depth, "tablerow")),
      );
    case "tablerow":
      return parent.type === "table"
        ? element("tr", { class: richTextTheme.tableRow }, renderChildren(node, depth, "tablecell"))
        : "";
    case "tablecell":
      return parent.type === "tablerow" ? renderTableCell(node, depth) : "";
    case "link":
    case "autolink":
      return renderLink(node, depth);
    case "text":
    case "code-highlight":
      return renderFormattedText(node);
    case "tab":
      return "\t";
    case "linebreak":
      return voidElement("br", {});
    case "horizontalrule":
      return voidElement("hr", { class: richTextTheme.hr });
    case "image":
      return renderImage(node);
    default:
      // Unknown node types (only possible if validation was bypassed) render nothing at all.
      return "";
  }
}

function renderHeading(node: SerializedNodeLike, depth: number): string {
  const tag =
    typeof node.tag === "string" && ALLOWED_HEADING_TAGS.has(node.tag) ? (node.tag as "h2" | "h3" | "h4") : "h2";
  return element(tag, { class: blockClasses(node, richTextTheme.heading[tag]) }, renderChildren(node, depth) || "<br>");
}

function renderList(node: SerializedNodeLike, depth: number): string {
  const listType = node.listType === "number" || node.listType === "check" ? node.listType : "bullet";
  const start =
    typeof node.start === "number" && Number.isInteger(node.start) && node.start >= 0 && node.start <= 1_000_000
      ? node.start
      : 1;
  const tag = listType === "number" ? "ol" : "ul";
  const listClass = joinClasses(
    listType === "number" ? richTextTheme.list.ol : richTextTheme.list.ul,
    listType === "check" && richTextTheme.list.checklist,
  );
  let nextValue = start;
  const items =
    depth >= MAX_RENDER_DEPTH
      ? ""
      : getSerializedChildren(node)
          .filter((item) => item.type === "listitem")
          .map((item) => {
            const holder = isNestedListHolder(item);
            // A holder only carries a nested list: like Lexical, it shares the number of the next item.
            const value = listType === "number" ? (holder ? nextValue : nextValue++) : undefined;
            return renderListItem(item, listType, holder, value, depth + 1);
          })
          .join("");
  return element(tag, { class: listClass, start: listType === "number" && start !== 1 ? start : undefined }, items);
}

function renderListItem(
  item: SerializedNodeLike,
  listType: "bullet" | "number" | "check",
  holder: boolean,
  value: number | undefined,
  depth: number,
): string {
  const isCheckItem = listType === "check" && !holder;
  const checked = item.checked === true;
  const checkClass = checked ? richTextTheme.list.listitemChecked : richTextTheme.list.listitemUnchecked;
  const attributes: Attributes = {
    class: joinClasses(
      richTextTheme.list.listitem,
      isCheckItem && checkClass,
      holder && richTextTheme.list.nested.listitem,
    ),
    value,
    role: isCheckItem ? "checkbox" : undefined,
    "aria-checked": isCheckItem ? String(checked) : undefined,
  };
  return element("li", attributes, renderChildren(item, depth));
}

function renderCode(node: SerializedNodeLike, depth: number): string {
  const language =
    typeof node.language === "string" && node.language !== "" && CODE_LANGUAGE_PATTERN.test(node.language)
      ? node.language
      : undefined;
  const lines = getSerializedChildren(node)
    .map((child) => {
      if (child.type === "linebreak") return "\n";
      if (child.type === "tab") return "\t";
      if (child.type !== "code-highlight" && child.type !== "text") return "";
      const text = escapeHtml(typeof child.text === "string" ? child.text : "");
      const tokenClass =
        typeof child.highlightType === "string" && Object.hasOwn(richTextTheme.codeHighlight, child.highlightType)
          ? richTextTheme.codeHighlight[child.highlightType]
          : undefined;
      return tokenClass ? element("span", { class: tokenClass }, text) : text;
    })
    .join("");
  const preClass = joinClasses(richTextTheme.code, language && `rt-language-${language}`);
  return depth >= MAX_RENDER_DEPTH ? "" : element("pre", { class: preClass }, element("code", {}, lines));
}

function clampSpan(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 1 && value <= RICH_TEXT_LIMITS.maxTableSpan
    ? value
    : undefined;
}

function renderTableCell(node: SerializedNodeLike, depth: number): string {
  const headerState = typeof node.headerState === "number" ? node.headerState : TABLE_HEADER_STATE.none;
  const isHeader = headerState !== TABLE_HEADER_STATE.none;
  // A cell in a header row heads its column; one in a header column heads its row.
  const scope = !isHeader ? undefined : headerState & TABLE_HEADER_STATE.row ? "col" : "row";
  return element(
    isHeader ? "th" : "td",
    {
      class: joinClasses(richTextTheme.tableCell, isHeader && richTextTheme.tableCellHeader),
      colspan: clampSpan(node.colSpan),
      rowspan: clampSpan(node.rowSpan),
      scope,
    },
    renderChildren(node, depth),
  );
}

function renderLink(node: SerializedNodeLike, depth: number): string {
  const inner = renderChildren(node, depth);
  if (node.isUnlinked === true || !isAllowedLinkUrl(node.url)) return inner;
  const external = !node.url.toLowerCase().startsWith("mailto:");
  return element(
    "a",
    {
      href: node.url,
      class: richTextTheme.link,
      rel: "noopener noreferrer nofollow",
      target: external ? "_blank" : undefined,
    },
    inner,
  );
}

/** Outermost first; each set format bit wraps the text in its element, all carrying theme classes. */
const FORMAT_ELEMENTS: ReadonlyArray<{ bit: number; tag: string; className: string }> = [
  { bit: TEXT_FORMAT.code, tag: "code", className: richTextTheme.text.code },
  { bit: TEXT_FORMAT.highlight, tag: "mark", className: richTextTheme.text.highlight },
  { bit: TEXT_FORMAT.subscript, tag: "sub", className: richTextTheme.text.subscript },
  { bit: TEXT_FORMAT.superscript, tag: "sup", className: richTextTheme.text.superscript },
  { bit: TEXT_FORMAT.bold, tag: "strong", className: richTextTheme.text.bold },
  { bit: TEXT_FORMAT.italic, tag: "em", className: richTextTheme.text.italic },
  { bit: TEXT_FORMAT.strikethrough, tag: "s", className: richTextTheme.text.strikethrough },
  { bit: TEXT_FORMAT.underline, tag: "span", className: richTextTheme.text.underline },
  { bit: TEXT_FORMAT.uppercase, tag: "span", className: richTextTheme.text.uppercase },
  { bit: TEXT_FORMAT.lowercase, tag: "span", className: richTextTheme.text.lowercase },
  { bit: TEXT_FORMAT.capitalize, tag: "span", className: richTextTheme.text.capitalize },
];

function renderFormattedText(node: SerializedNodeLike): string {
  const text = typeof node.text === "string" ? escapeHtml(node.text) : "";
  if (text === "") return "";
  const format = typeof node.format === "number" && Number.isInteger(node.format) ? node.format : 0;
  return FORMAT_ELEMENTS.reduceRight(
    (inner, { bit, tag, className }) => (format & bit ? element(tag, { class: className }, inner) : inner),
    text,
  );
}

function renderImage(node: SerializedNodeLike): string {
  if (!isPortalImageSrc(node.src)) return "";
  const dimension = (value: unknown) =>
    typeof value === "number" && Number.isInteger(value) && value > 0 && value <= RICH_TEXT_LIMITS.maxImageDimension
      ? value
      : undefined;
  return voidElement("img", {
    class: richTextTheme.image,
    src: node.src,
    alt: typeof node.altText === "string" ? node.altText : "",
    loading: "lazy",
    width: dimension(node.width),
    height: dimension(node.height),
  });
}

/** The editor state's root children as HTML (unsanitized: render.server.ts sanitizes it). */
export function renderEditorStateToHtml(state: unknown): string {
  const root = typeof state === "object" && state !== null ? (state as { root?: unknown }).root : undefined;
  return isSerializedNodeLike(root) && root.type === "root" ? renderChildren(root, 0) : "";
}
