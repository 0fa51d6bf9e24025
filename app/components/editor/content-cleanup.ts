import { CodeHighlightNode, CodeNode } from "@lexical/code";
import { $createLinkNode, AutoLinkNode, LinkNode } from "@lexical/link";
import { $isListItemNode } from "@lexical/list";
import { HeadingNode, QuoteNode } from "@lexical/rich-text";
import { TableCellNode } from "@lexical/table";
import { $unwrapNode, $wrapNodeInElement } from "@lexical/utils";
import {
  $createLineBreakNode,
  $createParagraphNode,
  $createTextNode,
  $isDecoratorNode,
  $isElementNode,
  $isRootOrShadowRoot,
  ElementNode,
  type Klass,
  type LexicalEditor,
  type LexicalNode,
  mergeRegister,
  ParagraphNode,
  TabNode,
  TextNode,
} from "lexical";
import { CODE_LANGUAGE_PATTERN, RICH_TEXT_LIMITS } from "~/lib/rich-text/rich-text-limits";
import { isAllowedLinkUrl, isPortalImageSrc } from "~/lib/rich-text/url-policy";
import { EDITOR_NODES } from "./nodes";
import { ImageNode } from "./nodes/image-node";

/**
 * Node transforms that keep the document inside what the server validator accepts, whatever
 * arrives by paste, drop or Markdown shortcut. Lexical imports pasted HTML through each node's
 * `importDOM`, which copies things we never store: inline CSS (Word, Google Docs and web pages put
 * fonts and colours on every span), `<h1>`/`<h5>` headings, links to relative or `javascript:` URLs,
 * link targets such as `_top`, code languages like "C++ (Qt)", and, from another Lexical editor's
 * clipboard JSON, images whose source is not one of our uploads. Transforms run inside the update
 * that introduced the node, so the bad value never reaches `onChange`.
 */

const LINK_TARGETS = new Set(["_blank", "_self"]);
const LINK_REL = /^[a-z ]{0,100}$/;

export function $clearTextStyle(node: TextNode): void {
  if (node.getStyle() !== "") node.setStyle("");
}

/**
 * Elements remember the style of the text typed into them (`textStyle`), so a paragraph pasted with
 * a coloured span keeps the colour for the next letter typed; that is stored too, so clear it.
 * Indentation pasted from Word's margins can exceed what the server allows: clamp it (list items
 * are left alone because their indent is their nesting, which Lexical manages).
 */
export function $clearElementTextStyle(node: ElementNode): void {
  if (node.getTextStyle() !== "") node.setTextStyle("");
  if (!$isListItemNode(node) && node.getIndent() > RICH_TEXT_LIMITS.maxIndent) {
    node.setIndent(RICH_TEXT_LIMITS.maxIndent);
  }
}

/** Links keep only an allowed URL; anything else stays as plain text. Target, rel and title are dropped when odd. */
export function $sanitizeLink(node: LinkNode): void {
  if (!isAllowedLinkUrl(node.getURL())) {
    $unwrapNode(node);
    return;
  }
  const target = node.getTarget();
  if (target !== null && !LINK_TARGETS.has(target)) node.setTarget(null);
  const rel = node.getRel();
  if (rel !== null && !LINK_REL.test(rel)) node.setRel(null);
  const title = node.getTitle();
  if (title !== null && title.length > RICH_TEXT_LIMITS.maxLinkTitleLength) node.setTitle(null);
}

/**
 * A quote holds lines of text, not blocks (the server refuses paragraphs inside one), but pasted
 * `<blockquote><p>…</p><p>…</p></blockquote>` arrives as paragraphs: keep their text and formatting,
 * one line per block. Blocks without inline content (a list, a table) keep their plain text.
 */
export function $flattenQuote(node: QuoteNode): void {
  const children = node.getChildren();
  if (!children.some($isBlockNode)) return;
  let previousWasBlock = false;
  children.forEach((child, index) => {
    if (!$isBlockNode(child)) {
      if (previousWasBlock) child.insertBefore($createLineBreakNode());
      previousWasBlock = false;
      return;
    }
    if (index > 0) child.insertBefore($createLineBreakNode());
    const holdsInlineContent =
      $isElementNode(child) && child.getChildren().every((grandchild) => !$isBlockNode(grandchild));
    if (holdsInlineContent) {
      for (const grandchild of child.getChildren()) child.insertBefore(grandchild);
    } else if (child.getTextContent() !== "") {
      child.insertBefore($createTextNode(child.getTextContent()));
    }
    child.remove();
    previousWasBlock = true;
  });
}

function $isBlockNode(node: LexicalNode): boolean {
  return ($isElementNode(node) || $isDecoratorNode(node)) && !node.isInline();
}

/** Pasted cells carry the source's colours ("red", "windowtext"); the toolbar offers none, so none are kept. */
export function $clearCellBackground(node: TableCellNode): void {
  if (node.getBackgroundColor() !== null) node.setBackgroundColor(null);
}

/** The page title is the only h1, and the template stops at h4: move other levels to the nearest allowed one. */
export function $limitHeadingLevel(node: HeadingNode): void {
  const tag = node.getTag();
  if (tag === "h1") node.setTag("h2");
  else if (tag === "h5" || tag === "h6") node.setTag("h4");
}

export function $normalizeCodeLanguage(node: CodeNode): void {
  const language = node.getLanguage();
  if (typeof language !== "string" || CODE_LANGUAGE_PATTERN.test(language)) return;
  const simplified = language
    .toLowerCase()
    .replace(/[^a-z0-9+#-]/g, "")
    .slice(0, 30);
  node.setLanguage(simplified === "" ? undefined : simplified);
}

/**
 * Only uploaded images (`/images/<uuid>`) may be stored. An image from elsewhere (for example pasted
 * as Lexical JSON from another editor) becomes a link to where it came from when that is a web
 * address, labelled with its description, so the author can download and upload it; otherwise it goes.
 */
export function $replaceForeignImage(node: ImageNode): void {
  const src = node.getSrc();
  if (isPortalImageSrc(src)) return;
  if (!isAllowedLinkUrl(src)) {
    node.remove();
    return;
  }
  const label = node.getAltText().trim() || src;
  const link = $createLinkNode(src).append($createTextNode(label));
  node.replace(link);
  // An image may sit directly in the root or a table cell; a link may not.
  const parent = link.getParent();
  if (parent === null || $isRootOrShadowRoot(parent)) $wrapNodeInElement(link, $createParagraphNode);
}

function isElementClass(klass: Klass<LexicalNode>): klass is Klass<ElementNode> {
  return klass.prototype instanceof ElementNode;
}

/** Every text-like and element node class the editor holds; transforms are registered per class. */
const TEXT_CLASSES: ReadonlyArray<Klass<TextNode>> = [TextNode, TabNode, CodeHighlightNode];
const ELEMENT_CLASSES: ReadonlyArray<Klass<ElementNode>> = [ParagraphNode, ...EDITOR_NODES.filter(isElementClass)];

/** Registers every cleanup transform on `editor`; returns the function that removes them. */
export function registerContentCleanup(editor: LexicalEditor): () => void {
  return mergeRegister(
    ...TEXT_CLASSES.map((klass) => editor.registerNodeTransform(klass, $clearTextStyle)),
    ...ELEMENT_CLASSES.map((klass) => editor.registerNodeTransform(klass, $clearElementTextStyle)),
    editor.registerNodeTransform(LinkNode, $sanitizeLink),
    editor.registerNodeTransform(AutoLinkNode, $sanitizeLink),
    editor.registerNodeTransform(HeadingNode, $limitHeadingLevel),
    editor.registerNodeTransform(QuoteNode, $flattenQuote),
    editor.registerNodeTransform(TableCellNode, $clearCellBackground),
    editor.registerNodeTransform(CodeNode, $normalizeCodeLanguage),
    editor.registerNodeTransform(ImageNode, $replaceForeignImage),
  );
}
