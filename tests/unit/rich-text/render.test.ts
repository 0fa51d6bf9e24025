import type { SerializedLexicalNode } from "lexical";
import { describe, expect, it } from "vitest";
import { createEmptyRichText, renderRichTextToHtml, richTextToPlainText } from "~/lib/rich-text/render.server";
import {
  createSerializedCode,
  createSerializedCodeText,
  createSerializedHeading,
  createSerializedHorizontalRule,
  createSerializedImage,
  createSerializedLineBreak,
  createSerializedLink,
  createSerializedList,
  createSerializedListItem,
  createSerializedQuote,
  createSerializedTab,
  createSerializedTable,
  createSerializedTableCell,
  createSerializedTableRow,
  TABLE_HEADER_STATE,
  TEXT_FORMAT,
} from "~/lib/rich-text/serialized-nodes";
import { createCaseStudyTemplate } from "~/lib/rich-text/template";
import { validateRichText } from "~/lib/rich-text/validate.server";
import { findUnsafeHtml, getTextWithoutWhitespace } from "./inert-html";
import { createRandom, createRandomEditorState } from "./random-editor-state";
import { createRichDocument, doc, IMAGE_SRC, paragraph, text } from "./rich-text-fixtures";

const LINK_ATTRIBUTES = 'class="rt-link" rel="noopener noreferrer nofollow"';

describe("renderRichTextToHtml", () => {
  it("renders headings and text formats with the theme's classes", () => {
    const html = renderRichTextToHtml(
      doc(
        createSerializedHeading("h2", [text("Results")]),
        createSerializedHeading("h3", [text("Cost")]),
        createSerializedHeading("h4", [text("Note")]),
        paragraph(
          text("a "),
          text("b", TEXT_FORMAT.bold),
          text("i", TEXT_FORMAT.italic),
          text("bi", TEXT_FORMAT.bold | TEXT_FORMAT.italic),
          text("u", TEXT_FORMAT.underline),
          text("s", TEXT_FORMAT.strikethrough),
          text("c", TEXT_FORMAT.code),
          text("2", TEXT_FORMAT.subscript),
          text("3", TEXT_FORMAT.superscript),
        ),
      ),
    );
    expect(html).toBe(
      '<h2 class="rt-h2">Results</h2><h3 class="rt-h3">Cost</h3><h4 class="rt-h4">Note</h4>' +
        '<p class="rt-paragraph">a <strong class="rt-bold">b</strong><em class="rt-italic">i</em>' +
        '<strong class="rt-bold"><em class="rt-italic">bi</em></strong><span class="rt-underline">u</span>' +
        '<s class="rt-strikethrough">s</s><code class="rt-text-code">c</code><sub class="rt-subscript">2</sub>' +
        '<sup class="rt-superscript">3</sup></p>',
    );
  });

  it("renders links: external ones open in a new tab, mail links do not", () => {
    const html = renderRichTextToHtml(
      doc(
        paragraph(
          createSerializedLink("https://example.com/a?b=1&c=2", [text("docs")]),
          text(" "),
          createSerializedLink("mailto:li.na@example.com", [text("mail")]),
        ),
      ),
    );
    expect(html).toBe(
      `<p class="rt-paragraph"><a href="https://example.com/a?b=1&amp;c=2" ${LINK_ATTRIBUTES} target="_blank">docs</a> ` +
        `<a href="mailto:li.na@example.com" ${LINK_ATTRIBUTES}>mail</a></p>`,
    );
  });

  it("renders nested, numbered and check lists", () => {
    const html = renderRichTextToHtml(
      doc(
        createSerializedList(
          "number",
          [
            createSerializedListItem([text("one")], 3),
            createSerializedListItem(
              [
                createSerializedList("check", [
                  createSerializedListItem([text("done")], 1, true),
                  createSerializedListItem([text("open")], 2, false),
                ]),
              ],
              4,
            ),
            createSerializedListItem([text("two")], 4),
          ],
          3,
        ),
      ),
    );
    expect(html).toBe(
      '<ol class="rt-list-ol" start="3"><li class="rt-list-item" value="3">one</li>' +
        '<li class="rt-list-item rt-list-item--nested" value="4"><ul class="rt-list-ul rt-list-check">' +
        '<li class="rt-list-item rt-checklist-item--checked" role="checkbox" aria-checked="true">done</li>' +
        '<li class="rt-list-item rt-checklist-item--unchecked" role="checkbox" aria-checked="false">open</li></ul></li>' +
        '<li class="rt-list-item" value="4">two</li></ol>',
    );
  });

  it("renders quotes, escaped code blocks with a language class, tables, rules, images and empty paragraphs", () => {
    const html = renderRichTextToHtml(
      doc(
        createSerializedQuote([text("Less rework"), createSerializedLineBreak(), text("— client")]),
        createSerializedCode("ts", [
          { ...createSerializedCodeText("if"), highlightType: "keyword" } as SerializedLexicalNode,
          createSerializedCodeText(" (a < b && c) {"),
          createSerializedLineBreak(),
          createSerializedTab(),
          createSerializedCodeText("</script>"),
        ]),
        createSerializedTable([
          createSerializedTableRow([createSerializedTableCell([paragraph(text("Metric"))], TABLE_HEADER_STATE.row)]),
          createSerializedTableRow([createSerializedTableCell([paragraph(text("-70%"))])]),
        ]),
        createSerializedHorizontalRule(),
        paragraph({
          ...createSerializedImage(IMAGE_SRC, 'Cross "section"'),
          width: 640,
          height: 480,
        } as SerializedLexicalNode),
        paragraph(),
      ),
    );
    expect(html).toBe(
      '<blockquote class="rt-quote">Less rework<br />— client</blockquote>' +
        '<pre class="rt-code rt-language-ts"><code><span class="rt-token-keyword">if</span> (a &lt; b &amp;&amp; c) {\n\t&lt;/script&gt;</code></pre>' +
        '<table class="rt-table"><tbody><tr class="rt-table-row"><th class="rt-table-cell rt-table-cell--header" scope="col"><p class="rt-paragraph">Metric</p></th></tr>' +
        '<tr class="rt-table-row"><td class="rt-table-cell"><p class="rt-paragraph">-70%</p></td></tr></tbody></table>' +
        '<hr class="rt-hr" />' +
        `<p class="rt-paragraph"><img class="rt-image" src="${IMAGE_SRC}" alt="Cross &quot;section&quot;" loading="lazy" width="640" height="480" /></p>` +
        '<p class="rt-paragraph"><br /></p>',
    );
  });

  it("renders alignment and indentation as classes, never as styles", () => {
    const centred = { ...paragraph(text("x")), format: "center", indent: 2 };
    expect(renderRichTextToHtml(doc(centred))).toBe('<p class="rt-paragraph rt-align-center rt-indent-2">x</p>');
  });

  it("renders an empty document as one empty paragraph", () => {
    expect(renderRichTextToHtml(createEmptyRichText())).toBe('<p class="rt-paragraph"><br /></p>');
    expect(richTextToPlainText(createEmptyRichText())).toBe("");
  });

  it("renders a link whose URL is not allowed as its text only", () => {
    const html = renderRichTextToHtml(doc(paragraph(createSerializedLink("javascript:alert(1)", [text("click")]))));
    expect(html).toBe('<p class="rt-paragraph">click</p>');
  });

  it("produces inert HTML for every document the editor allows", () => {
    expect(findUnsafeHtml(renderRichTextToHtml(createRichDocument()))).toEqual([]);
  });
});

describe("state → HTML → text", () => {
  const documents = [
    ["the rich document", createRichDocument()],
    ["the English template", createCaseStudyTemplate("en")],
    ["the Chinese template", createCaseStudyTemplate("zh")],
    ...Array.from(
      { length: 40 },
      (_, index) => [`random document ${index + 1}`, createRandomEditorState(createRandom(index + 1))] as const,
    ),
  ] as const;

  it.each(documents)("keeps the text of %s", (_name, state) => {
    const validated = validateRichText(state);
    if (!validated.ok) throw new Error(validated.error.message);
    const html = renderRichTextToHtml(validated.state);
    expect(getTextWithoutWhitespace(html)).toBe(richTextToPlainText(validated.state).replace(/\s+/g, ""));
    expect(richTextToPlainText(validated.state)).toBe(validated.text);
  });
});
