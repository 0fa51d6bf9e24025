import type { SerializedEditorState, SerializedLexicalNode } from "lexical";
import { describe, expect, it } from "vitest";
import { richTextToPlainText } from "~/lib/rich-text/render.server";
import {
  createSerializedImage,
  createSerializedLink,
  createSerializedList,
  createSerializedListItem,
  createSerializedTableRow,
  TEXT_FORMAT,
} from "~/lib/rich-text/serialized-nodes";
import { createCaseStudyTemplate } from "~/lib/rich-text/template";
import { validateRichText, type RichTextErrorCode } from "~/lib/rich-text/validate.server";
import { createRichDocument, doc, IMAGE_SRC, paragraph, text, withNode } from "./rich-text-fixtures";

function expectRejected(input: unknown, code: RichTextErrorCode): { message: string; path?: string } {
  const result = validateRichText(input);
  if (result.ok) throw new Error(`Expected ${code}, but the document was accepted`);
  expect(result.error.code).toBe(code);
  expect(result.error.message.length).toBeGreaterThan(10);
  return result.error;
}

function linkDocument(url: string, type = "link"): SerializedEditorState {
  return doc(paragraph({ ...createSerializedLink(url, [text("click")]), type } as SerializedLexicalNode));
}

function imageDocument(image: Record<string, unknown>): SerializedEditorState {
  return doc(paragraph({ ...createSerializedImage(IMAGE_SRC, "A chart"), ...image } as SerializedLexicalNode));
}

/** A list nested `levels` times (list > item > list > item ...), innermost item holding text. */
function nestedListObject(levels: number): SerializedEditorState {
  // Plain literals rather than the builders: this runs 100,000 times.
  let item: Record<string, unknown> = { type: "listitem", version: 1, value: 1, children: [text("deep")] };
  let list: Record<string, unknown> = {};
  for (let level = 0; level < levels; level++) {
    list = { type: "list", version: 1, listType: "bullet", start: 1, tag: "ul", children: [item] };
    item = { type: "listitem", version: 1, value: 1, children: [list] };
  }
  return doc(list as unknown as SerializedLexicalNode);
}

/** The same, written straight as a JSON string with minimal nodes, as an attacker would send it. */
function nestedListJson(levels: number): string {
  const open = '{"type":"list","listType":"bullet","children":[{"type":"listitem","children":[';
  return `{"root":{"type":"root","children":[${open.repeat(levels)}${"]}]}".repeat(levels)}]}}`;
}

describe("validateRichText accepts", () => {
  it.each(["en", "zh"] as const)("the %s case-study template, computing its text", (locale) => {
    const result = validateRichText(createCaseStudyTemplate(locale));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const heading = locale === "en" ? "Customer problem" : "客户问题";
    expect(result.text.startsWith(`${heading}\n\n`)).toBe(true);
    expect(result.state.root.children).toHaveLength(10);
  });

  it("a document with every node type, as a JSON string or as an object, with the same result", () => {
    const rich = createRichDocument();
    const fromObject = validateRichText(rich);
    const fromString = validateRichText(JSON.stringify(rich));
    expect(fromObject.ok).toBe(true);
    expect(fromString).toEqual(fromObject);
    if (!fromObject.ok) return;
    expect(fromObject.text).toContain(
      "Plain bold italic under struck code H2O x2\n\ta link and example.com/auto and mail",
    );
    expect(fromObject.text).toContain("Bullet one\n\nNested\n\nBullet two");
    expect(fromObject.text).toContain("const x = 1;\n\treturn x;");
    expect(fromObject.text).toContain("Metric\n\nValue\n\nTime\n\n-70%");
    const types = JSON.stringify(fromObject.state).match(/"type":"[a-z-]+"/g);
    for (const type of [
      "heading",
      "quote",
      "list",
      "listitem",
      "link",
      "autolink",
      "code",
      "code-highlight",
      "table",
      "tablerow",
      "tablecell",
      "horizontalrule",
      "image",
      "linebreak",
      "tab",
    ]) {
      expect(types).toContain(`"type":"${type}"`);
    }
  });

  it("computes the text itself: a text field sent by the browser is ignored", () => {
    const result = validateRichText({ ...doc(paragraph(text("real"))), text: "fake search text" });
    expect(result).toMatchObject({ ok: true, text: "real" });
    expect(richTextToPlainText(doc(paragraph(text("real"))))).toBe("real");
  });

  it("returns Lexical's re-serialization, without properties Lexical does not know", () => {
    const hostile = withNode(doc(paragraph(text("hi"))), "text", (node) => ({
      ...node,
      onclick: "alert(1)",
      html: "<b>",
    }));
    const result = validateRichText(hostile);
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result)).not.toContain("onclick");
    expect(JSON.stringify(result)).not.toContain("<b>");
  });

  it("safe link URLs", () => {
    for (const url of [
      "https://example.com/a?b=c&d=e#f",
      "http://example.org",
      "HTTPS://EXAMPLE.COM/",
      "mailto:li.na@example.com",
    ]) {
      expect(validateRichText(linkDocument(url)).ok, url).toBe(true);
    }
  });

  it("lists nested up to the depth limit of 20 nodes", () => {
    // 9 lists: lists at depths 1, 3, ..., 17, the innermost item at 18 and its text at 19.
    expect(validateRichText(nestedListObject(9)).ok).toBe(true);
    // 10 lists put the text at depth 21.
    expectRejected(nestedListObject(10), "too_deep");
  });

  it("50 images", () => {
    const images = Array.from({ length: 50 }, () => createSerializedImage(IMAGE_SRC, "A chart"));
    expect(validateRichText(doc(paragraph(...images))).ok).toBe(true);
  });
});

describe("validateRichText rejects", () => {
  it("more than 1 MB of JSON, as a string or an object", () => {
    const big = doc(paragraph(text("x".repeat(1024 * 1024))));
    expectRejected(big, "too_large");
    expectRejected(JSON.stringify(big), "too_large");
    // Multi-byte characters count as bytes: 400,000 Chinese characters are 1.2 MB of UTF-8.
    expectRejected(doc(paragraph(text("字".repeat(400_000)))), "too_large");
  });

  it.each([
    ["not JSON", "{root:"],
    ["a number", 42],
    ["null", null],
    ["an array", "[]"],
    ["no root", { editorState: {} }],
    ["a root of the wrong type", { root: { type: "paragraph", children: [] } }],
    ["a root without children", { root: { type: "root" } }],
    ["a node without a type", doc({ children: [] } as unknown as SerializedLexicalNode)],
    ["a text node without text", withNode(doc(paragraph(text("x"))), "text", ({ text: _text, ...rest }) => rest)],
    ["a table row directly in the root", doc(createSerializedTableRow([]))],
    ["text directly in the root", doc(text("loose"))],
    [
      "a heading inside a paragraph",
      doc(paragraph({ type: "heading", tag: "h2", children: [], version: 1 } as SerializedLexicalNode)),
    ],
    ["children on a text node", withNode(doc(paragraph(text("x"))), "text", (node) => ({ ...node, children: [] }))],
    ["slots", withNode(doc(paragraph(text("x"))), "paragraph", (node) => ({ ...node, $slots: { a: text("x") } }))],
    ["node state", withNode(doc(paragraph(text("x"))), "text", (node) => ({ ...node, $: { secret: 1 } }))],
  ])("%s as malformed", (_name, input) => {
    expectRejected(input, "malformed");
  });

  it("a 100,000-level nested list sent as a JSON string (8 MB) before parsing it", () => {
    const json = nestedListJson(100_000);
    const started = performance.now();
    expectRejected(json, "too_large");
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("a 100,000-level nested list sent as an object, without recursing", () => {
    const error = expectRejected(nestedListObject(100_000), "too_deep");
    expect(error.message).toContain("20");
  });

  it("a 12,000-level nested list under 1 MB sent as a JSON string", () => {
    const json = nestedListJson(12_000);
    expect(json.length).toBeLessThan(1024 * 1024);
    expectRejected(json, "too_deep");
  });

  it("deeply nested JSON that is not made of nodes", () => {
    expectRejected(
      `{"root":{"type":"root","children":[],"junk":${"[".repeat(50_000)}${"]".repeat(50_000)}}}`,
      "too_deep",
    );
  });

  it("an object that contains itself", () => {
    const looped: Record<string, unknown> = { type: "paragraph", children: [] };
    (looped.children as unknown[]).push(looped);
    expectRejected({ root: { type: "root", children: [looped] } }, "too_deep");
  });

  it.each(["script", "html", "iframe", "mark", "hashtag", "collapsible-container", "__proto__"])(
    "the node type %j, naming it",
    (type) => {
      const error = expectRejected(
        doc(paragraph({ type, version: 1, text: "x" } as SerializedLexicalNode)),
        "unknown_node",
      );
      expect(error.message).toContain(JSON.stringify(type));
      expect(error.path).toBe("root.children[0].children[0]");
    },
  );

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    " javascript:alert(1)",
    "\u0000javascript:alert(1)",
    "\u200bjavascript:alert(1)",
    "javascript&#58;alert(1)",
    "javascript&#x3A;alert(1)",
    "javascript&colon;alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#0000106avascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "jav&Tab;ascript:alert(1)",
    "&amp;#106;avascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//evil.example/",
    "\\\\evil.example\\share",
    "/relative/path",
    "relative/path",
    "#fragment",
    "?query",
    "ftp://example.com/file",
    "file:///etc/passwd",
    "http://",
    "https:",
    "mailto",
    "",
    `https://example.com/${"a".repeat(3000)}`,
  ])("the link %j", (url) => {
    expectRejected(linkDocument(url), "bad_link");
  });

  it("an unsafe autolink and an unsafe link target", () => {
    expectRejected(linkDocument("javascript:alert(1)", "autolink"), "bad_link");
    expectRejected(
      withNode(linkDocument("https://example.com"), "link", (node) => ({ ...node, target: "javascript:alert(1)" })),
      "bad_link",
    );
    expectRejected(
      withNode(linkDocument("https://example.com"), "link", (node) => ({ ...node, url: 42 })),
      "bad_link",
    );
  });

  it.each([
    "color: red",
    "background-image: url(javascript:alert(1))",
    "width: expression(alert(1))",
    "position: fixed; top: 0",
    "behavior: url(x.htc)",
    "font-family: '</style><script>'",
    "x",
  ])("the text style %j", (style) => {
    expectRejected(
      withNode(doc(paragraph(text("x"))), "text", (node) => ({ ...node, style })),
      "bad_style",
    );
    expectRejected(
      withNode(doc(paragraph(text("x"))), "paragraph", (node) => ({ ...node, textStyle: style })),
      "bad_style",
    );
  });

  it("a table cell background that is not a plain colour", () => {
    const table = doc({
      type: "table",
      version: 1,
      children: [
        {
          type: "tablerow",
          version: 1,
          children: [
            { type: "tablecell", version: 1, backgroundColor: "red; background: url(x)", children: [paragraph()] },
          ],
        },
      ],
    } as unknown as SerializedLexicalNode);
    expectRejected(table, "bad_style");
  });

  it("51 images", () => {
    const images = Array.from({ length: 51 }, () => createSerializedImage(IMAGE_SRC, "A chart"));
    const error = expectRejected(doc(paragraph(...images)), "too_many_images");
    expect(error.message).toContain("50");
  });

  it.each([
    "https://evil.example/tracker.png",
    "//evil.example/x.png",
    "/images/not-a-uuid",
    "/images/../admin",
    `${IMAGE_SRC}?x=1`,
    `${IMAGE_SRC}/../../x`,
    "/images/0b5a2d1c-3e4f-1a5b-8c6d-7e8f9a0b1c2d",
    IMAGE_SRC.toUpperCase(),
    "javascript:alert(1)",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "",
  ])("the image source %j", (src) => {
    expectRejected(imageDocument({ src }), "bad_image");
  });

  it("image sizes that are not whole pixels", () => {
    expectRejected(imageDocument({ width: "100px" }), "bad_image");
    expectRejected(imageDocument({ height: -1 }), "bad_image");
  });

  it.each([[""], ["   "], [undefined], [42]])("the image alt text %j", (altText) => {
    expectRejected(imageDocument({ altText }), "missing_alt");
  });

  it.each([2048, -1, 1.5, "bold", TEXT_FORMAT.bold | 4096])("the text format %j", (format) => {
    expectRejected(
      withNode(doc(paragraph(text("x"))), "text", (node) => ({ ...node, format })),
      "bad_format",
    );
  });

  it.each(["h1", "h5", "h6", "script", 2])("the heading tag %j", (tag) => {
    expectRejected(
      doc({ type: "heading", tag, version: 1, children: [text("x")] } as unknown as SerializedLexicalNode),
      "bad_heading",
    );
  });

  it.each([
    ["ordered", "ul"],
    ["script", "ul"],
    ["number", "ul"],
    ["bullet", "ol"],
  ])("the list type %j with tag %j", (listType, tag) => {
    const list = { ...createSerializedList("bullet", [createSerializedListItem([text("x")], 1)]), listType, tag };
    expectRejected(doc(list as unknown as SerializedLexicalNode), "bad_list_type");
  });

  it.each(["JavaScript", "<script>", "c sharp", "a".repeat(31), 'js" onmouseover="x'])(
    "the code language %j",
    (language) => {
      const code = { type: "code", version: 1, language, children: [] };
      expectRejected(doc(code as unknown as SerializedLexicalNode), "bad_code_language");
    },
  );
});
