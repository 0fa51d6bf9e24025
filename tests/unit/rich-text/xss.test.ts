import type { SerializedEditorState, SerializedLexicalNode } from "lexical";
import { describe, expect, it } from "vitest";
import { renderRichTextToHtml } from "~/lib/rich-text/render.server";
import {
  createSerializedCode,
  createSerializedCodeText,
  createSerializedHeading,
  createSerializedImage,
  createSerializedLink,
  createSerializedList,
  createSerializedListItem,
  createSerializedTable,
  createSerializedTableCell,
  createSerializedTableRow,
} from "~/lib/rich-text/serialized-nodes";
import { validateRichText } from "~/lib/rich-text/validate.server";
import { findUnsafeHtml, parseHtml } from "./inert-html";
import { doc, IMAGE_SRC, paragraph, text } from "./rich-text-fixtures";

type Node = SerializedLexicalNode & Record<string, unknown>;

const node = (base: SerializedLexicalNode, extra: Record<string, unknown>): Node => ({ ...base, ...extra }) as Node;
const inParagraph = (inline: Node | SerializedLexicalNode) => doc(paragraph(inline));
const link = (url: string, extra: Record<string, unknown> = {}) =>
  node(createSerializedLink(url, [text("click")]), extra);
const image = (extra: Record<string, unknown>) => node(createSerializedImage(IMAGE_SRC, "A chart"), extra);
const cell = (content: SerializedLexicalNode[], extra: Record<string, unknown> = {}) =>
  node(createSerializedTableCell(content), extra);
const table = (tableCell: SerializedLexicalNode) =>
  doc(createSerializedTable([createSerializedTableRow([tableCell as never])]));
const code = (language: unknown, children: SerializedLexicalNode[] = [createSerializedCodeText("x")]) =>
  doc(node(createSerializedCode(undefined, children), { language }));
const list = (extra: Record<string, unknown>, itemExtra: Record<string, unknown> = {}) =>
  doc(
    node(
      createSerializedList("bullet", [node(createSerializedListItem([text("item")], 1), itemExtra) as never]),
      extra,
    ),
  );

interface HostileCase {
  /** Text that must show up as text (escaped), proving the payload was neither dropped nor parsed. */
  shownAsText?: string;
  state: unknown;
}

const SCRIPT = "<script>alert(1)</script>";

/** Each payload is in a different place; together they cover every field the renderer reads. */
const HOSTILE_CASES: Record<string, HostileCase> = {
  // Text
  "script tag in text": { state: inParagraph(text(SCRIPT)), shownAsText: SCRIPT },
  "img onerror in text": { state: inParagraph(text('<img src=x onerror="alert(1)">')), shownAsText: "<img src=x" },
  "svg onload in text": { state: inParagraph(text("<svg/onload=alert(1)>")), shownAsText: "<svg/onload" },
  "attribute breakout in text": {
    state: inParagraph(text('"><iframe src="javascript:alert(1)">')),
    shownAsText: '"><iframe',
  },
  "style element in text": { state: inParagraph(text("<style>body{display:none}</style>")), shownAsText: "<style>" },
  "closing tags in text": {
    state: inParagraph(text('</p></body><a href="javascript:alert(1)">x</a>')),
    shownAsText: "</p>",
  },
  "comment trick in text": { state: inParagraph(text("<!--<script>-->alert(1)<!---->")), shownAsText: "<!--<script>" },
  "entities in text stay text": {
    state: inParagraph(text("&lt;script&gt;alert(1)&lt;/script&gt;")),
    shownAsText: "&lt;script&gt;",
  },
  "mathml in text": {
    state: inParagraph(text('<math><mi xlink:href="javascript:alert(1)">x</mi></math>')),
    shownAsText: "<math>",
  },
  "script in a heading": { state: doc(createSerializedHeading("h2", [text(SCRIPT)])), shownAsText: SCRIPT },
  "script in link text": {
    state: inParagraph(node(createSerializedLink("https://example.com", [text(SCRIPT)]), {})),
    shownAsText: SCRIPT,
  },
  // Link URLs and attributes
  "javascript: link": { state: inParagraph(link("javascript:alert(1)")) },
  "mixed-case javascript: link with a tab": { state: inParagraph(link("JaVa\tScRiPt:alert(1)")) },
  "entity-encoded javascript: link": { state: inParagraph(link("javascript&#58;alert(1)")) },
  "data: link": { state: inParagraph(link("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")) },
  "vbscript: link": { state: inParagraph(link("vbscript:msgbox(1)")) },
  "protocol-relative link": { state: inParagraph(link("//evil.example/")) },
  "quote breakout in a valid URL": { state: inParagraph(link('https://example.com/"onmouseover="alert(1)')) },
  "link title with markup": {
    state: inParagraph(link("https://example.com", { title: `"><img src=x onerror=alert(1)>` })),
  },
  "link target and rel injection": {
    state: inParagraph(link("https://example.com", { target: '_blank" onclick="alert(1)', rel: "x onclick=alert(1)" })),
  },
  "javascript: autolink": { state: inParagraph(link("javascript:alert(1)", { type: "autolink" })) },
  // Images
  "javascript: image": { state: inParagraph(image({ src: "javascript:alert(1)" })) },
  "foreign image": { state: inParagraph(image({ src: "https://evil.example/track.png" })) },
  "svg data image": { state: inParagraph(image({ src: "data:image/svg+xml,<svg onload=alert(1)>" })) },
  "image src breakout": { state: inParagraph(image({ src: `${IMAGE_SRC}" onerror="alert(1)` })) },
  "image alt breakout": { state: inParagraph(image({ altText: `"><script>alert(1)</script>` })) },
  "image alt event handler": { state: inParagraph(image({ altText: '" onerror="alert(1)' })) },
  "image width injection": { state: inParagraph(image({ width: '100" onerror="alert(1)' })) },
  // Tables
  "script in a table cell": { state: table(cell([paragraph(text(SCRIPT))])), shownAsText: SCRIPT },
  "colspan injection": { state: table(cell([paragraph(text("x"))], { colSpan: "2 onclick=alert(1)" })) },
  "cell background CSS": {
    state: table(cell([paragraph(text("x"))], { backgroundColor: "red;background:url(javascript:alert(1))" })),
  },
  "cell header state injection": {
    state: table(cell([paragraph(text("x"))], { headerState: '1" onclick="alert(1)' })),
  },
  "table row outside a table": { state: doc(createSerializedTableRow([cell([paragraph(text("x"))]) as never])) },
  // Code
  "markup breaking out of a code block": {
    state: doc(createSerializedCode("html", [createSerializedCodeText(`</code></pre>${SCRIPT}`)])),
    shownAsText: `</code></pre>${SCRIPT}`,
  },
  "code language breakout": { state: code('"><script>alert(1)</script>') },
  "code language event handler": { state: code("js onmouseover=alert(1)") },
  "code token type breakout": {
    state: doc(
      createSerializedCode("js", [
        node(createSerializedCodeText("x"), { highlightType: '"><img src=x onerror=alert(1)>' }),
      ]),
    ),
  },
  "code token type from the prototype": {
    state: doc(createSerializedCode("js", [node(createSerializedCodeText("x"), { highlightType: "constructor" })])),
  },
  // Headings and lists
  "script heading tag": { state: doc(node(createSerializedHeading("h2", [text("x")]), { tag: "script" })) },
  "heading tag with an attribute": {
    state: doc(node(createSerializedHeading("h2", [text("x")]), { tag: 'h2 onclick="alert(1)"' })),
  },
  "iframe heading tag": { state: doc(node(createSerializedHeading("h2", [text("x")]), { tag: "iframe" })) },
  "list type breakout": { state: list({ listType: '"><script>alert(1)</script>' }) },
  "list start injection": { state: list({ listType: "number", tag: "ol", start: '1" onclick="alert(1)' }) },
  "list tag injection": { state: list({ tag: "script" }) },
  "checked injection": { state: list({ listType: "check" }, { checked: 'true" onclick="alert(1)' }) },
  // Unknown nodes and extra properties
  "raw HTML node": { state: doc(node(paragraph(), { type: "html", html: SCRIPT })) },
  "script node": { state: doc(node(paragraph(text("alert(1)")), { type: "script" })) },
  "unknown node holding text": {
    state: doc(node(paragraph(text("hidden")), { type: "iframe", src: "javascript:alert(1)" })),
  },
  "event handler properties on nodes": {
    state: doc(
      node(paragraph(node(text("x"), { onclick: "alert(1)", innerHTML: SCRIPT })), {
        onmouseover: "alert(1)",
        style: "color:red",
      }),
    ),
  },
  "prototype pollution keys": {
    state: JSON.parse(
      `{"root":{"type":"root","children":[{"type":"paragraph","__proto__":{"tag":"script"},"children":[{"type":"text","text":"x","constructor":{"prototype":{"x":1}}}]}]}}`,
    ),
  },
  "element alignment injection": {
    state: doc(node(paragraph(text("x")), { format: 'center" onclick="alert(1)', indent: "1 onclick=alert(1)" })),
  },
  // Styles and formats
  "url() in text style": { state: inParagraph(node(text("x"), { style: "background:url(javascript:alert(1))" })) },
  "expression() in text style": { state: inParagraph(node(text("x"), { style: "width:expression(alert(1))" })) },
  "style breakout in text style": { state: inParagraph(node(text("x"), { style: '"><script>alert(1)</script>' })) },
  "paragraph text style": { state: doc(node(paragraph(text("x")), { textStyle: "position:fixed;top:0;left:0" })) },
  "format out of range": { state: inParagraph(node(text("x"), { format: 0x7fffffff })) },
  "format as a string": { state: inParagraph(node(text("x"), { format: '1" onclick="alert(1)' })) },
};

describe("hostile documents", () => {
  it("cover at least 40 payloads", () => {
    expect(Object.keys(HOSTILE_CASES).length).toBeGreaterThanOrEqual(40);
  });

  describe.each(Object.entries(HOSTILE_CASES))("%s", (_name, { state, shownAsText }) => {
    it("is rejected by validation, or renders inert once validated", () => {
      const result = validateRichText(state);
      if (!result.ok) {
        expect(result.error.code).toMatch(/^[a-z_]+$/);
        return;
      }
      const html = renderRichTextToHtml(result.state);
      expect(findUnsafeHtml(html)).toEqual([]);
      if (shownAsText) expect(parseHtml(html).body.textContent).toContain(shownAsText);
    });

    it("renders inert even with validation bypassed", () => {
      const html = renderRichTextToHtml(state as SerializedEditorState);
      expect(findUnsafeHtml(html)).toEqual([]);
      // Text and attribute values are escaped, so a raw "<" can only ever start one of our own tags.
      expect(html).not.toMatch(/<(script|iframe|svg|style|math|object|embed|img [^>]*src="[^/])/i);
      if (shownAsText) expect(parseHtml(html).body.textContent).toContain(shownAsText);
    });
  });
});

describe("the inertness check itself", () => {
  it.each([
    ['<img src="x" onerror="alert(1)">', "onerror attribute on <img>"],
    ["<script>alert(1)</script>", "<script> element"],
    ['<a href=" JaVaScRiPt:alert(1)">x</a>', 'href=" JaVaScRiPt:alert(1)" on <a>'],
    ['<p style="color:red">x</p>', "style attribute on <p>"],
    ['<p class="evil">x</p>', 'class "evil" on <p>'],
  ])("finds the problem in %s", (html, problem) => {
    expect(findUnsafeHtml(html)).toEqual([problem]);
  });
});
