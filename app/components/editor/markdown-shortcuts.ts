import { $isLinkNode } from "@lexical/link";
import {
  BOLD_ITALIC_STAR,
  BOLD_ITALIC_UNDERSCORE,
  BOLD_STAR,
  BOLD_UNDERSCORE,
  CHECK_LIST,
  CODE,
  type ElementTransformer,
  HEADING,
  INLINE_CODE,
  ITALIC_STAR,
  ITALIC_UNDERSCORE,
  LINK,
  ORDERED_LIST,
  QUOTE,
  STRIKETHROUGH,
  type TextMatchTransformer,
  type Transformer,
  UNORDERED_LIST,
} from "@lexical/markdown";
import { $createTextNode } from "lexical";
import { $createHorizontalRuleNode, $isHorizontalRuleNode, HorizontalRuleNode } from "./nodes/horizontal-rule-node";
import { isValidLinkUrl } from "./link-url";

/**
 * Headings start at h2 (the page title is the h1) and stop at h4. `#` and `##` both give h2, so
 * an author used to Markdown gets a heading either way; `#####` and deeper stay text.
 */
export const HEADING_H2_TO_H4: ElementTransformer = {
  ...HEADING,
  regExp: /^(#{1,4})\s/,
  replace: (parentNode, children, match, isImport) => {
    const hashes = match[1] === "#" ? "##" : (match[1] ?? "##");
    return HEADING.replace(parentNode, children, [match[0] ?? "", hashes, ...match.slice(2)], isImport);
  },
};

/** `---`, `***` or `___` on a line of its own, as in the Lexical playground. */
export const HORIZONTAL_RULE: ElementTransformer = {
  dependencies: [HorizontalRuleNode],
  export: (node) => ($isHorizontalRuleNode(node) ? "***" : null),
  regExp: /^(---|\*\*\*|___)\s?$/,
  replace: (parentNode, _children, _match, isImport) => {
    const rule = $createHorizontalRuleNode();
    // Typing at the end of the document keeps an empty paragraph below the rule to type into.
    if (isImport || parentNode.getNextSibling() !== null) parentNode.replace(rule);
    else parentNode.insertBefore(rule);
    rule.selectNext();
  },
  type: "element",
};

/**
 * `[text](url)` becomes a link only for the URLs the server accepts; anything else stays as typed.
 * Lexical's transformer does the parsing (angle brackets, escapes, titles); its result is checked.
 */
export const SAFE_LINK: TextMatchTransformer = {
  ...LINK,
  replace: (textNode, match) => {
    const typed = textNode.getTextContent();
    const format = textNode.getFormat();
    const linkText = LINK.replace?.(textNode, match);
    const link = linkText?.getParent();
    if (!$isLinkNode(link) || isValidLinkUrl(link.getURL())) return linkText;
    link.replace($createTextNode(typed).setFormat(format));
  },
};

/**
 * The Markdown shortcuts the editor understands, limited to nodes it registers: no images (they must
 * be uploaded and described), no tables, no highlight (nothing in the toolbar could remove it).
 * Check lists come before bullet lists so `- [ ] ` is read as a to-do item.
 */
export const EDITOR_MARKDOWN_TRANSFORMERS: Transformer[] = [
  HEADING_H2_TO_H4,
  QUOTE,
  CHECK_LIST,
  UNORDERED_LIST,
  ORDERED_LIST,
  HORIZONTAL_RULE,
  CODE,
  INLINE_CODE,
  BOLD_ITALIC_STAR,
  BOLD_ITALIC_UNDERSCORE,
  BOLD_STAR,
  BOLD_UNDERSCORE,
  ITALIC_STAR,
  ITALIC_UNDERSCORE,
  STRIKETHROUGH,
  SAFE_LINK,
];
