import sanitizeHtml from "sanitize-html";
import { isAllowedLinkUrl, isPortalImageSrc } from "./url-policy";

/**
 * The second wall behind the renderer: even if a bug let something through render-nodes-to-html.ts,
 * only these tags, attributes, `rt-` classes and URLs survive. Nothing here is needed for correct
 * input; the renderer already emits exactly this vocabulary.
 */
const RICH_TEXT_SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "ul",
    "ol",
    "li",
    "pre",
    "code",
    "a",
    "table",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
    "img",
    "strong",
    "em",
    "s",
    "sub",
    "sup",
    "mark",
    "span",
  ],
  allowedAttributes: {
    a: ["href", "rel", "target"],
    img: ["src", "alt", "loading", "width", "height"],
    ol: ["start"],
    li: ["value", "role", "aria-checked"],
    th: ["colspan", "rowspan", "scope"],
    td: ["colspan", "rowspan"],
  },
  allowedClasses: { "*": [/^rt-[a-z0-9+#-]+$/] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href", "src"],
  allowProtocolRelative: false,
  allowedStyles: {},
  parseStyleAttributes: false,
  disallowedTagsMode: "discard",
  allowVulnerableTags: false,
  transformTags: {
    // Re-check with the same policies as validation: a link that fails becomes plain text.
    a: (tagName, attribs) =>
      isAllowedLinkUrl(attribs.href)
        ? { tagName, attribs: { ...attribs, rel: "noopener noreferrer nofollow" } }
        : { tagName: "span", attribs: {} },
  },
  exclusiveFilter: (frame) => frame.tag === "img" && !isPortalImageSrc(frame.attribs.src),
};

export function sanitizeRichTextHtml(html: string): string {
  return sanitizeHtml(html, RICH_TEXT_SANITIZE_OPTIONS);
}
