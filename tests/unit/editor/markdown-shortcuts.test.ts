import { $convertFromMarkdownString } from "@lexical/markdown";
import { describe, expect, it } from "vitest";
import { EDITOR_MARKDOWN_TRANSFORMERS } from "~/components/editor/markdown-shortcuts";
import { EDITOR_NODES } from "~/components/editor/nodes";
import { validateRichText } from "~/lib/rich-text/validate.server";
import { collectNodes, createTestEditor, readReportedState, update } from "./headless";

function importMarkdown(markdown: string) {
  const editor = createTestEditor();
  update(editor, () => $convertFromMarkdownString(markdown, EDITOR_MARKDOWN_TRANSFORMERS));
  return readReportedState(editor);
}

describe("EDITOR_MARKDOWN_TRANSFORMERS", () => {
  it("only needs nodes the editor registers, and has no image or table transformer", () => {
    const registered = new Set(EDITOR_NODES);
    for (const transformer of EDITOR_MARKDOWN_TRANSFORMERS) {
      const dependencies = "dependencies" in transformer ? transformer.dependencies : [];
      for (const dependency of dependencies) expect(registered.has(dependency)).toBe(true);
    }
    const types = EDITOR_MARKDOWN_TRANSFORMERS.flatMap((t) => ("dependencies" in t ? t.dependencies : [])).map((node) =>
      node.getType(),
    );
    expect(types).not.toContain("image");
    expect(types).not.toContain("table");
  });

  it("maps # and ## to h2, ### to h3, #### to h4 and leaves deeper levels as text", () => {
    const state = importMarkdown("# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five");
    expect(state.root.children.map((node: any) => node.tag ?? node.type)).toEqual([
      "h2",
      "h2",
      "h3",
      "h4",
      "paragraph",
    ]);
    expect(state.root.children[4].children[0].text).toBe("##### Five");
  });

  it("builds lists, check lists, quotes, code, rules and inline formats the server accepts", () => {
    const state = importMarkdown(
      [
        "* star item",
        "+ plus item",
        "",
        "- [ ] open task",
        "- [x] done task",
        "",
        "1. first",
        "",
        "> quoted",
        "",
        "---",
        "",
        "```ts",
        "const a = 1;",
        "```",
        "",
        "**bold** *italic* ~~gone~~ `code` [site](https://example.com)",
      ].join("\n"),
    );
    const types = collectNodes(state.root).map((node) => node.listType ?? node.type);
    expect(types).toEqual(
      expect.arrayContaining(["bullet", "check", "number", "quote", "horizontalrule", "code", "link"]),
    );
    const result = validateRichText(state);
    expect(result.ok ? "valid" : result.error).toBe("valid");
  });

  it("reports no node state, which Lexical's list shortcuts would otherwise leave on `*` and `+` lists", () => {
    const state = importMarkdown("* star item");
    expect(JSON.stringify(state)).not.toContain('"$"');
  });

  it("makes a link only of an address the server accepts", () => {
    const state = importMarkdown("[bad](javascript:alert(1)) and [good](https://example.com)");
    const links = collectNodes(state.root).filter((node) => node.type === "link");
    expect(links.map((link) => link.url)).toEqual(["https://example.com"]);
    const texts = collectNodes(state.root).map((node) => node.text ?? "");
    expect(texts.join("")).toContain("[bad](javascript:alert(1))");
  });
});
