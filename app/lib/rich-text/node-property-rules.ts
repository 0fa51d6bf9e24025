import { createRichTextError, type RichTextError } from "./rich-text-errors";
import { ALLOWED_HEADING_TAGS, ALLOWED_LIST_TYPES, CODE_LANGUAGE_PATTERN, RICH_TEXT_LIMITS } from "./rich-text-limits";
import { ALL_TEXT_FORMATS, type SerializedNodeLike } from "./serialized-nodes";
import { isAllowedTextStyle } from "./text-style-policy";
import { isAllowedLinkUrl, isPortalImageSrc } from "./url-policy";

/**
 * Checks on each node's own properties. Lexical's parser quietly replaces values it does not
 * understand with defaults; we refuse them instead, so that what is stored is what the author saw
 * and anything odd in a request is visible as an error. Properties not mentioned are ignored here and
 * dropped when the validated document is re-serialized by Lexical.
 */
type PropertyCheck = (node: SerializedNodeLike, path: string) => RichTextError | null;

const ELEMENT_ALIGNMENTS = new Set(["", "left", "start", "center", "right", "end", "justify"]);
const TEXT_MODES = new Set(["normal", "token", "segmented"]);
const LINK_TARGETS = new Set(["_blank", "_self"]);
const CSS_COLOR = /^(#[0-9a-f]{3,8}|rgba?\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*(,\s*(0|1|0?\.\d+)\s*)?\))$/i;
const CODE_TOKEN_TYPE = /^[a-z-]{1,40}$/;

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function isIntegerBetween(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

function isKnownTextFormat(format: unknown): boolean {
  return isIntegerBetween(format, 0, ALL_TEXT_FORMATS) && (format & ~ALL_TEXT_FORMATS) === 0;
}

function malformed(path: string, message: string): RichTextError {
  return createRichTextError("malformed", message, path);
}

/** Properties every node may carry: refuse Lexical's slot and node-state extensions, which no node here uses. */
const checkCommonProperties: PropertyCheck = (node, path) => {
  if (node.$slots !== undefined) return malformed(path, `A '${node.type}' node has slots, which no node here uses.`);
  const state = node.$;
  if (state !== undefined && (typeof state !== "object" || state === null || Object.keys(state).length > 0)) {
    return malformed(path, `A '${node.type}' node carries node state, which no node here uses.`);
  }
  return null;
};

const checkElementProperties: PropertyCheck = (node, path) => {
  if (!Array.isArray(node.children)) return malformed(path, `A '${node.type}' node must have a children array.`);
  if (!isAbsent(node.direction) && node.direction !== "ltr" && node.direction !== "rtl") {
    return malformed(path, `Unknown text direction ${JSON.stringify(node.direction)}.`);
  }
  if (node.format !== undefined && (typeof node.format !== "string" || !ELEMENT_ALIGNMENTS.has(node.format))) {
    return malformed(path, `Unknown alignment ${JSON.stringify(node.format)}.`);
  }
  if (node.indent !== undefined && !isIntegerBetween(node.indent, 0, RICH_TEXT_LIMITS.maxIndent)) {
    return malformed(path, `Indent must be a whole number from 0 to ${RICH_TEXT_LIMITS.maxIndent}.`);
  }
  if (node.textFormat !== undefined && !isKnownTextFormat(node.textFormat)) {
    return createRichTextError("bad_format", `Unknown text format ${JSON.stringify(node.textFormat)}.`, path);
  }
  if (!isAllowedTextStyle(node.textStyle)) {
    return createRichTextError("bad_style", "Inline styles are not allowed in text.", path);
  }
  return null;
};

const checkTextProperties: PropertyCheck = (node, path) => {
  if (node.children !== undefined) return malformed(path, `A '${node.type}' node cannot have children.`);
  if (typeof node.text !== "string") return malformed(path, `A '${node.type}' node must have a text string.`);
  if (node.format !== undefined && !isKnownTextFormat(node.format)) {
    return createRichTextError(
      "bad_format",
      `Unknown text format ${JSON.stringify(node.format)}: only Lexical's format bits are allowed.`,
      path,
    );
  }
  if (node.detail !== undefined && !isIntegerBetween(node.detail, 0, 3)) {
    return malformed(path, `Unknown text detail ${JSON.stringify(node.detail)}.`);
  }
  if (node.mode !== undefined && (typeof node.mode !== "string" || !TEXT_MODES.has(node.mode))) {
    return malformed(path, `Unknown text mode ${JSON.stringify(node.mode)}.`);
  }
  if (!isAllowedTextStyle(node.style)) {
    return createRichTextError("bad_style", "Inline styles are not allowed in text.", path);
  }
  return null;
};

const checkLeafProperties: PropertyCheck = (node, path) =>
  node.children !== undefined ? malformed(path, `A '${node.type}' node cannot have children.`) : null;

const checkHeading: PropertyCheck = (node, path) =>
  typeof node.tag === "string" && ALLOWED_HEADING_TAGS.has(node.tag)
    ? null
    : createRichTextError("bad_heading", `Headings must be h2, h3 or h4, not ${JSON.stringify(node.tag)}.`, path);

const checkQuote: PropertyCheck = (node, path) =>
  isAbsent(node.shadowRoot) || node.shadowRoot === false
    ? null
    : malformed(path, "Quotes hold text, not blocks (shadowRoot is not supported).");

const checkList: PropertyCheck = (node, path) => {
  if (typeof node.listType !== "string" || !ALLOWED_LIST_TYPES.has(node.listType)) {
    return createRichTextError(
      "bad_list_type",
      `Lists must be bullet, number or check lists, not ${JSON.stringify(node.listType)}.`,
      path,
    );
  }
  const expectedTag = node.listType === "number" ? "ol" : "ul";
  if (node.tag !== undefined && node.tag !== expectedTag) {
    return createRichTextError("bad_list_type", `A ${node.listType} list must use <${expectedTag}>.`, path);
  }
  if (node.start !== undefined && !isIntegerBetween(node.start, 0, 1_000_000)) {
    return malformed(path, "A list must start at a whole number from 0 to 1,000,000.");
  }
  return null;
};

const checkListItem: PropertyCheck = (node, path) => {
  if (node.checked !== undefined && typeof node.checked !== "boolean") {
    return malformed(path, "A list item's checked state must be true or false.");
  }
  if (node.value !== undefined && !isIntegerBetween(node.value, 0, 10_000_000)) {
    return malformed(path, "A list item's number must be a whole number.");
  }
  return null;
};

const checkCode: PropertyCheck = (node, path) => {
  if (!isAbsent(node.language) && !(typeof node.language === "string" && CODE_LANGUAGE_PATTERN.test(node.language))) {
    return createRichTextError(
      "bad_code_language",
      `Code language ${JSON.stringify(node.language)} is not allowed: use up to 30 of a-z, 0-9, +, # and -.`,
      path,
    );
  }
  // The highlighting theme names a class the editor adds; keep it to the same harmless alphabet.
  if (!isAbsent(node.theme) && !(typeof node.theme === "string" && CODE_LANGUAGE_PATTERN.test(node.theme))) {
    return malformed(path, `Unknown code theme ${JSON.stringify(node.theme)}.`);
  }
  return null;
};

const checkCodeHighlight: PropertyCheck = (node, path) =>
  isAbsent(node.highlightType) || (typeof node.highlightType === "string" && CODE_TOKEN_TYPE.test(node.highlightType))
    ? null
    : malformed(path, `Unknown code token type ${JSON.stringify(node.highlightType)}.`);

const checkLink: PropertyCheck = (node, path) => {
  if (!isAllowedLinkUrl(node.url)) {
    return createRichTextError(
      "bad_link",
      `Link ${JSON.stringify(String(node.url).slice(0, 100))} is not allowed: links must be absolute http, https or mailto URLs.`,
      path,
    );
  }
  if (!isAbsent(node.target) && (typeof node.target !== "string" || !LINK_TARGETS.has(node.target))) {
    return createRichTextError("bad_link", `Link target ${JSON.stringify(node.target)} is not allowed.`, path);
  }
  if (!isAbsent(node.rel) && (typeof node.rel !== "string" || !/^[a-z ]{0,100}$/.test(node.rel))) {
    return createRichTextError("bad_link", `Link rel ${JSON.stringify(node.rel)} is not allowed.`, path);
  }
  if (
    !isAbsent(node.title) &&
    (typeof node.title !== "string" || node.title.length > RICH_TEXT_LIMITS.maxLinkTitleLength)
  ) {
    return createRichTextError("bad_link", "A link title must be text of at most 500 characters.", path);
  }
  if (node.isUnlinked !== undefined && typeof node.isUnlinked !== "boolean") {
    return malformed(path, "isUnlinked must be true or false.");
  }
  return null;
};

const checkTable: PropertyCheck = (node, path) => {
  if (
    node.colWidths !== undefined &&
    !(
      Array.isArray(node.colWidths) &&
      node.colWidths.length <= 1000 &&
      node.colWidths.every((width) => typeof width === "number" && Number.isFinite(width) && width >= 0)
    )
  ) {
    return malformed(path, "Table column widths must be a list of numbers.");
  }
  if (node.rowStriping !== undefined && typeof node.rowStriping !== "boolean") {
    return malformed(path, "rowStriping must be true or false.");
  }
  for (const key of ["frozenColumnCount", "frozenRowCount"]) {
    if (node[key] !== undefined && !isIntegerBetween(node[key], 0, 1000)) {
      return malformed(path, `${key} must be a whole number.`);
    }
  }
  return null;
};

const checkTableRow: PropertyCheck = (node, path) =>
  isAbsent(node.height) || (typeof node.height === "number" && Number.isFinite(node.height) && node.height >= 0)
    ? null
    : malformed(path, "A table row height must be a number.");

const checkTableCell: PropertyCheck = (node, path) => {
  if (node.headerState !== undefined && !isIntegerBetween(node.headerState, 0, 3)) {
    return malformed(path, "A table cell's header state must be 0, 1, 2 or 3.");
  }
  for (const key of ["colSpan", "rowSpan"]) {
    if (node[key] !== undefined && !isIntegerBetween(node[key], 1, RICH_TEXT_LIMITS.maxTableSpan)) {
      return malformed(path, `${key} must be a whole number from 1 to ${RICH_TEXT_LIMITS.maxTableSpan}.`);
    }
  }
  if (!isAbsent(node.width) && !(typeof node.width === "number" && Number.isFinite(node.width) && node.width >= 0)) {
    return malformed(path, "A table cell width must be a number.");
  }
  if (
    !isAbsent(node.backgroundColor) &&
    !(typeof node.backgroundColor === "string" && CSS_COLOR.test(node.backgroundColor))
  ) {
    return createRichTextError("bad_style", "A table cell background must be a plain colour.", path);
  }
  if (node.verticalAlign !== undefined && node.verticalAlign !== "middle" && node.verticalAlign !== "bottom") {
    return malformed(path, `Unknown vertical alignment ${JSON.stringify(node.verticalAlign)}.`);
  }
  return null;
};

const checkImage: PropertyCheck = (node, path) => {
  if (!isPortalImageSrc(node.src)) {
    return createRichTextError(
      "bad_image",
      `Image source ${JSON.stringify(String(node.src).slice(0, 100))} is not allowed: only uploaded images (/images/<uuid>) may be used.`,
      path,
    );
  }
  if (typeof node.altText !== "string" || node.altText.trim() === "") {
    return createRichTextError("missing_alt", "Every image needs alternative text describing it.", path);
  }
  if (node.altText.length > RICH_TEXT_LIMITS.maxAltTextLength) {
    return createRichTextError(
      "bad_image",
      `Image alternative text is longer than ${RICH_TEXT_LIMITS.maxAltTextLength} characters.`,
      path,
    );
  }
  for (const key of ["width", "height"]) {
    if (node[key] !== undefined && !isIntegerBetween(node[key], 1, RICH_TEXT_LIMITS.maxImageDimension)) {
      return createRichTextError("bad_image", `Image ${key} must be a whole number of pixels.`, path);
    }
  }
  return null;
};

const elementChecks = (...checks: PropertyCheck[]): PropertyCheck[] => [checkElementProperties, ...checks];

/** Per node type, the checks to run, in order; the first failure is reported. */
export const PROPERTY_CHECKS: Readonly<Record<string, readonly PropertyCheck[]>> = {
  root: elementChecks(),
  paragraph: elementChecks(),
  heading: elementChecks(checkHeading),
  quote: elementChecks(checkQuote),
  list: elementChecks(checkList),
  listitem: elementChecks(checkListItem),
  link: elementChecks(checkLink),
  autolink: elementChecks(checkLink),
  code: elementChecks(checkCode),
  table: elementChecks(checkTable),
  tablerow: elementChecks(checkTableRow),
  tablecell: elementChecks(checkTableCell),
  text: [checkTextProperties],
  tab: [checkTextProperties],
  "code-highlight": [checkTextProperties, checkCodeHighlight],
  linebreak: [checkLeafProperties],
  horizontalrule: [checkLeafProperties],
  image: [checkLeafProperties, checkImage],
};

export function checkNodeProperties(node: SerializedNodeLike, path: string): RichTextError | null {
  const checks = [checkCommonProperties, ...(PROPERTY_CHECKS[node.type] ?? [])];
  for (const check of checks) {
    const error = check(node, path);
    if (error) return error;
  }
  return null;
}
