import { $createLinkNode } from "@lexical/link";
import { $createHeadingNode, $createQuoteNode } from "@lexical/rich-text";
import { $createParagraphNode, $createTextNode, $getRoot, type ParagraphNode, type TextNode } from "lexical";
import { describe, expect, it } from "vitest";
import { $createImageNode } from "~/components/editor/nodes/image-node";
import { validateRichText } from "~/lib/rich-text/validate.server";
import { collectNodes, createTestEditor, pasteHtml, readReportedState, update } from "./headless";

const UPLOADED = "/images/0b5a2d1c-3e4f-4a5b-8c6d-7e8f9a0b1c2d";

const WEB_PAGE = `<h1 style="color:red">Pasted title</h1>
<p><span style="color:red;font-size:30px;font-weight:bold">Red bold</span> plain
<a href="/relative">relative</a> <a href="javascript:alert(1)">script</a>
<a href="https://example.com/ok" target="_top" rel="noopener">ok</a></p>
<h5>Level five</h5><img src="https://example.com/photo.png" alt="photo">
<blockquote><p>first</p><p>second</p></blockquote>
<table><tr><td style="background-color:red;vertical-align:top">cell</td></tr></table>
<p style="padding-inline-start: 2000px">far</p><script>alert(1)</script>`;

const GOOGLE_DOCS = `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1"><p dir="ltr"
style="line-height:1.38;margin-top:0pt"><span style="font-size:11pt;font-family:Arial;color:#ff0000;font-weight:700;
white-space:pre-wrap;">Bold red</span><span style="font-size:11pt;color:#000000;font-weight:400;">normal</span></p>
<h1 dir="ltr"><span style="font-size:20pt">Heading</span></h1></b>`;

const WORD = `<html><head><style>p.MsoNormal{color:red;font-size:30pt}</style></head><body>
<p class=MsoNormal><b><span lang=EN-US style='font-size:14.0pt;color:#C00000'>Hello</span></b><o:p></o:p></p>
<p class=MsoNormal><img width=100 height=50 src="file:///C:/Users/x/image001.png" alt="pic"></p></body></html>`;

describe("pasted HTML", () => {
  it.each([
    ["a web page", WEB_PAGE],
    ["Google Docs", GOOGLE_DOCS],
    ["Word", WORD],
  ])("from %s becomes a document the server accepts, without styles or foreign images", (_source, html) => {
    const editor = createTestEditor();
    pasteHtml(editor, html);
    const state = readReportedState(editor);
    const result = validateRichText(state);
    expect(result.ok ? "valid" : result.error).toBe("valid");
    const nodes = collectNodes(state.root);
    expect(nodes.filter((node) => node.style || node.textStyle)).toEqual([]);
    expect(nodes.filter((node) => node.type === "image")).toEqual([]);
  });

  it("keeps the structure of a web page: headings within h2-h4, bold, safe links, quote lines, tables", () => {
    const editor = createTestEditor();
    pasteHtml(editor, WEB_PAGE);
    const nodes = collectNodes(readReportedState(editor).root);
    expect(nodes.filter((node) => node.type === "heading").map((node) => node.tag)).toEqual(["h2", "h4"]);
    expect(nodes.find((node) => node.text === "Red bold")?.format).toBe(1);
    const links = nodes.filter((node) => node.type === "link");
    expect(links.map((link) => [link.url, link.target])).toEqual([["https://example.com/ok", null]]);
    expect(nodes.some((node) => typeof node.text === "string" && node.text.includes("relative"))).toBe(true);
    const quote = nodes.find((node) => node.type === "quote");
    expect(quote.children.map((child: any) => child.type)).toEqual(["text", "linebreak", "text"]);
    expect(nodes.find((node) => node.type === "tablecell")?.backgroundColor).toBeNull();
    expect(nodes.find((node) => node.text === "far")).toBeDefined();
  });

  it("is what Lexical would otherwise store: the same paste without cleanup is refused", () => {
    const editor = createTestEditor({ cleanup: false });
    pasteHtml(editor, WEB_PAGE);
    expect(validateRichText(readReportedState(editor)).ok).toBe(false);
  });
});

describe("cleanup transforms", () => {
  it("clear inline styles from text and from the block's remembered text style", () => {
    const editor = createTestEditor();
    let text: TextNode;
    update(editor, () => {
      text = $createTextNode("coloured").setStyle("color: red; font-family: Comic Sans");
      const paragraph = $createParagraphNode().append(text);
      paragraph.setTextStyle("color: red");
      $getRoot().append(paragraph);
    });
    editor.getEditorState().read(() => {
      expect(text.getStyle()).toBe("");
      expect(($getRoot().getFirstChildOrThrow() as ParagraphNode).getTextStyle()).toBe("");
    });
  });

  it("turn an image from elsewhere into a link to it, labelled with its description", () => {
    const editor = createTestEditor();
    update(editor, () => {
      $getRoot().append(
        $createParagraphNode().append(
          $createImageNode({ src: "https://example.com/diagram.png", altText: "Site diagram" }),
          $createImageNode({ src: UPLOADED, altText: "Our upload" }),
          $createImageNode({ src: "data:image/png;base64,AAAA", altText: "Inline data" }),
        ),
      );
    });
    const nodes = collectNodes(readReportedState(editor).root);
    const link = nodes.find((node) => node.type === "link");
    expect(link).toMatchObject({ url: "https://example.com/diagram.png" });
    expect(link.children[0].text).toBe("Site diagram");
    expect(nodes.filter((node) => node.type === "image").map((node) => node.src)).toEqual([UPLOADED]);
    expect(nodes.some((node) => node.text === "Inline data")).toBe(false);
  });

  it("wrap a foreign image that sat directly in the root in a paragraph", () => {
    const editor = createTestEditor();
    update(editor, () => {
      $getRoot().append($createImageNode({ src: "https://example.com/a.png", altText: "" }));
    });
    const state = readReportedState(editor);
    expect(state.root.children.map((child: any) => child.type)).toEqual(["paragraph"]);
    expect(validateRichText(state).ok).toBe(true);
  });

  it("unwrap links to addresses the server refuses and move headings into h2-h4", () => {
    const editor = createTestEditor();
    update(editor, () => {
      $getRoot().append(
        $createHeadingNode("h1").append($createTextNode("One")),
        $createHeadingNode("h6").append($createTextNode("Six")),
        $createParagraphNode().append($createLinkNode("tel:123").append($createTextNode("call"))),
        $createQuoteNode().append($createTextNode("fine as it is")),
      );
    });
    const state = readReportedState(editor);
    expect(state.root.children.map((child: any) => child.tag ?? child.type)).toEqual([
      "h2",
      "h4",
      "paragraph",
      "quote",
    ]);
    expect(collectNodes(state.root).some((node) => node.type === "link")).toBe(false);
    expect(validateRichText(state).ok).toBe(true);
  });
});
