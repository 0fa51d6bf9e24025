import { readFileSync } from "node:fs";
import type { SerializedEditorState } from "lexical";
import { describe, expect, it } from "vitest";
import {
  MarkdownImportError,
  markdownToRichText,
  MAX_MARKDOWN_LENGTH,
  richTextToMarkdown,
} from "~/lib/rich-text/markdown.server";
import { renderRichTextToHtml, richTextToPlainText } from "~/lib/rich-text/render.server";
import {
  createSerializedImage,
  createSerializedLineBreak,
  createSerializedTab,
  TEXT_FORMAT,
} from "~/lib/rich-text/serialized-nodes";
import { createCaseStudyTemplate } from "~/lib/rich-text/template";
import { validateRichText } from "~/lib/rich-text/validate.server";
import { findUnsafeHtml, parseHtml } from "./inert-html";
import { createRandom, createRandomEditorState } from "./random-editor-state";
import { createRichDocument, doc, IMAGE_SRC, paragraph, text } from "./rich-text-fixtures";

type Json = Record<string, unknown>;

const MARKDOWN_FORMATS = TEXT_FORMAT.bold | TEXT_FORMAT.italic | TEXT_FORMAT.strikethrough | TEXT_FORMAT.code;

/**
 * The structure a reader sees, with what Markdown cannot carry left out: underline and other
 * non-Markdown formats, autolink vs link, code token splits, header flags of table cells.
 */
function outline(node: Json): unknown {
  const children = Array.isArray(node.children)
    ? mergeText((node.children as Json[]).map(outline) as Json[])
    : undefined;
  switch (node.type) {
    case "text":
    case "code-highlight":
      return { type: "text", text: node.text, format: (node.format as number) & MARKDOWN_FORMATS };
    case "autolink":
    case "link":
      return { type: "link", url: node.url, children };
    case "heading":
      return { type: "heading", tag: node.tag, children };
    case "list":
      return { type: "list", listType: node.listType, start: node.start, children };
    case "listitem":
      return { type: "listitem", checked: node.checked ?? null, children };
    case "code":
      return { type: "code", language: node.language ?? null, children };
    case "image":
      return { type: "image", src: node.src, altText: node.altText };
    default:
      return children ? { type: node.type, children } : { type: node.type };
  }
}

function mergeText(nodes: Json[]): Json[] {
  const merged: Json[] = [];
  for (const node of nodes) {
    const previous = merged[merged.length - 1];
    if (node.type === "text" && previous?.type === "text" && previous.format === node.format) {
      merged[merged.length - 1] = { ...previous, text: `${String(previous.text)}${String(node.text)}` };
    } else merged.push(node);
  }
  return merged;
}

function outlineOf(state: SerializedEditorState): unknown {
  return outline(state.root as unknown as Json);
}

function importValid(markdown: string): SerializedEditorState {
  const state = markdownToRichText(markdown);
  const result = validateRichText(state);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message} at ${result.error.path}`);
  return state;
}

const EVERY_CONSTRUCT = `# Title becomes h2

## Customer problem

### Details

#### Small print

##### Deeper

###### Deepest

Plain *italic* **bold** ***both*** ~~struck~~ \`code\` **bold \`code\` inside** *a ~~mix~~ of* marks.
A soft wrap, then a hard break\\
and a second line with [a link](https://example.com/a_(b) "Title"), [a reference][ref], <https://example.com/auto>,
www.example.org and li.na@example.com.

![Uploaded chart](${IMAGE_SRC}) and ![external picture](https://example.com/p.png) and ![relative](pic.png).

- Bullet one
- Bullet two
  - Nested bullet
    1. Deep numbered
- Bullet three

3. Third
4. Fourth

- [x] Done
- [ ] Open

> A quote
> over two lines.

\`\`\`TypeScript
const x = 1;
\treturn x;
\`\`\`

\`\`\`{.weird}
no language
\`\`\`

---

| Metric | Value |
| :----- | ----: |
| Time   | -70%  |
| Models | 6     |

<div>raw *html*</div>

Inline <span>html</span> stays text.

[ref]: https://example.com/ref
`;

describe("markdownToRichText", () => {
  it("imports the sample case study (front matter stripped) with its headings, lists, link and bold text", () => {
    const source = readFileSync("/work/shared/samples/import-example.md", "utf8");
    const body = source.replace(/^---\n[\s\S]*?\n---\n/, "");
    expect(body.startsWith("\n## Customer problem")).toBe(true);
    const state = importValid(body);
    const blocks = state.root.children as unknown as Json[];
    expect(blocks.map((block) => block.type)).toEqual([
      "heading",
      "paragraph",
      "heading",
      "list",
      "heading",
      "paragraph",
      "heading",
      "paragraph",
      "heading",
      "list",
    ]);
    const headings = blocks.filter((block) => block.type === "heading");
    expect(headings.map((heading) => [heading.tag, (heading.children as Json[])[0]?.text])).toEqual([
      ["h2", "Customer problem"],
      ["h2", "Our approach"],
      ["h2", "Results"],
      ["h2", "How to reuse"],
      ["h2", "Contacts"],
    ]);
    const approach = outline(blocks[3]!) as Json;
    expect(approach).toMatchObject({ type: "list", listType: "bullet" });
    expect((approach.children as Json[]).map((item) => (item.children as Json[])[0]?.text)).toEqual([
      "A parameterised OpenFOAM case with the standard fire curves and boundary conditions.",
      "A Python script that generates the mesh from the tunnel's cross-section table.",
      "A review checklist that maps every result to the clause of the design code it verifies.",
    ]);
    expect(outline(blocks[5]!)).toEqual({
      type: "paragraph",
      children: [
        { type: "text", text: "Verification went from ", format: 0 },
        { type: "text", text: "two weeks to four days", format: TEXT_FORMAT.bold },
        { type: "text", text: "; six projects have used the template since.", format: 0 },
      ],
    });
    expect(outline(blocks[7]!)).toEqual({
      type: "paragraph",
      children: [
        { type: "text", text: "Download the template from the project archive and follow the README; see ", format: 0 },
        {
          type: "link",
          url: "https://example.com/tunnel-cfd-checklist",
          children: [{ type: "text", text: "the checklist", format: 0 }],
        },
        { type: "text", text: " for the review steps.", format: 0 },
      ],
    });
    expect(richTextToPlainText(state)).toContain(
      "Every tunnel project rebuilt its smoke-control CFD model from scratch, and reviewers could not compare results between projects",
    );
    const contact = JSON.stringify(blocks[9]);
    expect(contact).toContain('"url":"mailto:li.na@example.com"');
  });

  it("maps headings to h2-h4, and combines nested marks into one format", () => {
    const state = importValid(EVERY_CONSTRUCT);
    const blocks = (outlineOf(state) as Json).children as Json[];
    expect(blocks.slice(0, 6).map((block) => block.tag)).toEqual(["h2", "h2", "h3", "h4", "h4", "h4"]);
    const marks = blocks[6]!.children as Json[];
    expect(marks.slice(0, 14)).toEqual([
      { type: "text", text: "Plain ", format: 0 },
      { type: "text", text: "italic", format: TEXT_FORMAT.italic },
      { type: "text", text: " ", format: 0 },
      { type: "text", text: "bold", format: TEXT_FORMAT.bold },
      { type: "text", text: " ", format: 0 },
      { type: "text", text: "both", format: TEXT_FORMAT.bold | TEXT_FORMAT.italic },
      { type: "text", text: " ", format: 0 },
      { type: "text", text: "struck", format: TEXT_FORMAT.strikethrough },
      { type: "text", text: " ", format: 0 },
      { type: "text", text: "code", format: TEXT_FORMAT.code },
      { type: "text", text: " ", format: 0 },
      { type: "text", text: "bold ", format: TEXT_FORMAT.bold },
      { type: "text", text: "code", format: TEXT_FORMAT.bold | TEXT_FORMAT.code },
      { type: "text", text: " inside", format: TEXT_FORMAT.bold },
    ]);
    expect(marks).toContainEqual({ type: "text", text: "mix", format: TEXT_FORMAT.italic | TEXT_FORMAT.strikethrough });
  });

  it("turns soft wraps into spaces and hard breaks into line breaks; keeps safe links only", () => {
    const blocks = (outlineOf(importValid(EVERY_CONSTRUCT)) as Json).children as Json[];
    const paragraphJson = JSON.stringify(blocks[6]);
    expect(paragraphJson).toContain('"text":" marks. A soft wrap, then a hard break","format":0},{"type":"linebreak"}');
    for (const url of [
      "https://example.com/a_(b)",
      "https://example.com/ref",
      "https://example.com/auto",
      "http://www.example.org",
      "mailto:li.na@example.com",
    ]) {
      expect(paragraphJson).toContain(`"url":"${url}"`);
    }
  });

  it("keeps uploaded images, links external ones and drops others to their alt text", () => {
    const blocks = (outlineOf(importValid(EVERY_CONSTRUCT)) as Json).children as Json[];
    expect(blocks[7]).toEqual({
      type: "paragraph",
      children: [
        { type: "image", src: IMAGE_SRC, altText: "Uploaded chart" },
        { type: "text", text: " and ", format: 0 },
        {
          type: "link",
          url: "https://example.com/p.png",
          children: [{ type: "text", text: "external picture", format: 0 }],
        },
        { type: "text", text: " and relative.", format: 0 },
      ],
    });
  });

  it("nests lists the Lexical way, keeps numbering and task states", () => {
    const blocks = (outlineOf(importValid(EVERY_CONSTRUCT)) as Json).children as Json[];
    const item = (value: string, checked: boolean | null = null) => ({
      type: "listitem",
      checked,
      children: [{ type: "text", text: value, format: 0 }],
    });
    expect(blocks[8]).toEqual({
      type: "list",
      listType: "bullet",
      start: 1,
      children: [
        item("Bullet one"),
        item("Bullet two"),
        {
          type: "listitem",
          checked: null,
          children: [
            {
              type: "list",
              listType: "bullet",
              start: 1,
              children: [
                item("Nested bullet"),
                {
                  type: "listitem",
                  checked: null,
                  children: [{ type: "list", listType: "number", start: 1, children: [item("Deep numbered")] }],
                },
              ],
            },
          ],
        },
        item("Bullet three"),
      ],
    });
    expect(blocks[9]).toEqual({
      type: "list",
      listType: "number",
      start: 3,
      children: [item("Third"), item("Fourth")],
    });
    expect(blocks[10]).toEqual({
      type: "list",
      listType: "check",
      start: 1,
      children: [item("Done", true), item("Open", false)],
    });
    const numbered = (importValid(EVERY_CONSTRUCT).root.children[9] as unknown as Json).children as Json[];
    expect(numbered.map((listItem) => listItem.value)).toEqual([3, 4]);
  });

  it("imports quotes, code (with a valid language only), rules, tables and raw HTML as text", () => {
    const blocks = (outlineOf(importValid(EVERY_CONSTRUCT)) as Json).children as Json[];
    expect(blocks[11]).toEqual({
      type: "quote",
      children: [{ type: "text", text: "A quote over two lines.", format: 0 }],
    });
    expect(blocks[12]).toEqual({
      type: "code",
      language: "typescript",
      children: [
        { type: "text", text: "const x = 1;", format: 0 },
        { type: "linebreak" },
        { type: "tab" },
        { type: "text", text: "return x;", format: 0 },
      ],
    });
    expect(blocks[13]).toMatchObject({ type: "code", language: null });
    expect(blocks[14]).toEqual({ type: "horizontalrule" });
    const table = importValid(EVERY_CONSTRUCT).root.children[15] as unknown as Json;
    const rows = table.children as Json[];
    expect(rows).toHaveLength(3);
    expect(rows.map((row) => (row.children as Json[]).map((cell) => cell.headerState))).toEqual([
      [1, 1],
      [0, 0],
      [0, 0],
    ]);
    expect(richTextToPlainText(importValid(EVERY_CONSTRUCT))).toContain(
      "Metric\n\nValue\n\nTime\n\n-70%\n\nModels\n\n6",
    );
    expect(blocks[16]).toEqual({
      type: "paragraph",
      children: [{ type: "text", text: "<div>raw *html*</div>", format: 0 }],
    });
    expect(blocks[17]).toEqual({
      type: "paragraph",
      children: [{ type: "text", text: "Inline <span>html</span> stays text.", format: 0 }],
    });
  });

  it("flattens lists nested deeper than a write-up allows, keeping every item", () => {
    const deep = Array.from({ length: 15 }, (_, level) => `${"  ".repeat(level)}- level ${level}`).join("\n");
    const state = importValid(deep);
    const plain = richTextToPlainText(state);
    for (let level = 0; level < 15; level++) expect(plain).toContain(`level ${level}`);
  });

  it("survives container nesting that breaks the Markdown parser (20,000 quote levels)", () => {
    const state = importValid(`${">".repeat(20_000)} deep`);
    expect(richTextToPlainText(state)).toBe("deep");
  });

  it("refuses Markdown longer than 1 MB", () => {
    expect(() => markdownToRichText("x".repeat(MAX_MARKDOWN_LENGTH + 1))).toThrow(MarkdownImportError);
  });

  it("keeps at most 50 uploaded images, the rest as their alt text", () => {
    const state = importValid(Array.from({ length: 55 }, (_, index) => `![image ${index}](${IMAGE_SRC})`).join("\n\n"));
    const json = JSON.stringify(state);
    expect(json.match(/"type":"image"/g)).toHaveLength(50);
    expect(richTextToPlainText(state)).toContain("image 54");
  });
});

describe("hostile Markdown", () => {
  it.each([
    ["[x](javascript:alert(1))", "x"],
    ["[x](JAVASCRIPT:alert(1))", "x"],
    ["[x](data:text/html,<script>alert(1)</script>)", "x"],
    ["[x][evil]\n\n[evil]: javascript:alert(1)", "x"],
    ["<javascript:alert(1)>", "javascript:alert(1)"],
    ["![x](javascript:alert(1))", "x"],
    ["<script>alert(1)</script>", "<script>alert(1)</script>"],
    ['<img src=x onerror="alert(1)">', "<img src=x onerror"],
    ['Text <img src=x onerror="alert(1)"> inline', "<img src=x onerror"],
    ['<a href="javascript:alert(1)">x</a>', '<a href="javascript:alert(1)">'],
    ["<svg><script>alert(1)</script></svg>", "<svg>"],
    ['```"><script>alert(1)</script>\ncode\n```', "code"],
    ["| <script>alert(1)</script> |\n| - |\n| <img src=x onerror=alert(1)> |", "<script>"],
  ])("%j is imported as inert text", (markdown, visibleText) => {
    const state = importValid(markdown);
    expect(JSON.stringify(state)).not.toContain('"url":"javascript');
    const html = renderRichTextToHtml(state);
    expect(findUnsafeHtml(html)).toEqual([]);
    expect(parseHtml(html).body.textContent).toContain(visibleText);
  });
});

describe("richTextToMarkdown", () => {
  it("writes GFM, escaping Markdown syntax in text", () => {
    const markdown = richTextToMarkdown(
      doc(
        paragraph(text("*not emphasis* [not](a link) # 1. <b>")),
        paragraph(text("bold", TEXT_FORMAT.bold), text(" and "), text("code", TEXT_FORMAT.code)),
      ),
    );
    expect(markdown).toBe("\\*not emphasis\\* \\[not]\\(a link) # 1. \\<b>\n\n**bold** and `code`\n");
  });

  it("writes uploaded images as Markdown images, which come back as images", () => {
    const state = doc(paragraph(createSerializedImage(IMAGE_SRC, "Chart")));
    const markdown = richTextToMarkdown(state);
    expect(markdown).toBe(`![Chart](${IMAGE_SRC})\n`);
    expect(outlineOf(markdownToRichText(markdown))).toEqual(outlineOf(state));
  });

  it("marks what Markdown cannot say: empty paragraphs and line breaks at the end of a line", () => {
    const state = doc(
      paragraph(text("a"), createSerializedLineBreak()),
      paragraph(),
      paragraph(createSerializedTab(), text("b")),
    );
    const markdown = richTextToMarkdown(state);
    expect(markdown).toBe("a<br>\n\n<p></p>\n\n&#x9;b\n");
    expect(outlineOf(markdownToRichText(markdown))).toEqual(outlineOf(state));
  });
});

describe("round trips", () => {
  it("Markdown → state → Markdown → state keeps the structure and the text of every construct", () => {
    const first = importValid(EVERY_CONSTRUCT);
    const markdown = richTextToMarkdown(first);
    const second = importValid(markdown);
    expect(second).toEqual(first);
    expect(richTextToPlainText(second)).toBe(richTextToPlainText(first));
    // And the Markdown is stable from then on.
    expect(richTextToMarkdown(second)).toBe(markdown);
  });

  it.each([
    ["the rich document", createRichDocument()],
    ["the English template", createCaseStudyTemplate("en")],
    ["the Chinese template", createCaseStudyTemplate("zh")],
  ])("state → Markdown → state keeps the text and the structure of %s", (_name, state) => {
    const back = importValid(richTextToMarkdown(state));
    expect(richTextToPlainText(back)).toBe(richTextToPlainText(state));
    expect(outlineOf(back)).toEqual(outlineOf(state));
  });

  it("state → Markdown → state keeps the text of 400 random editor documents full of Markdown syntax", () => {
    for (let seed = 1; seed <= 400; seed++) {
      const state = createRandomEditorState(createRandom(seed));
      const markdown = richTextToMarkdown(state);
      const back = importValid(markdown);
      expect({ seed, text: richTextToPlainText(back) }).toEqual({ seed, text: richTextToPlainText(state) });
    }
  }, 60_000);
});
