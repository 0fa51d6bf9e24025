import { $createListItemNode, $createListNode, type ListItemNode } from "@lexical/list";
import { $createHeadingNode } from "@lexical/rich-text";
import { $createParagraphNode, $createTextNode, $getRoot } from "lexical";
import { describe, expect, it } from "vitest";
import { $insertUploadedImage } from "~/components/editor/image-files";
import { $canIndentListItem } from "~/components/editor/plugins/ListTabIndentationPlugin";
import { $readBlockType } from "~/components/editor/toolbar-state";
import { validateRichText } from "~/lib/rich-text/validate.server";
import { createTestEditor, readReportedState, update } from "./headless";

const UPLOADED = { src: "/images/0b5a2d1c-3e4f-4a5b-8c6d-7e8f9a0b1c2d", width: 640, height: 480 };

describe("$insertUploadedImage", () => {
  it("inserts at the end in a paragraph of its own when the editor has no selection yet", () => {
    const editor = createTestEditor();
    update(editor, () => {
      $getRoot().append($createHeadingNode("h2").append($createTextNode("Results")));
    });
    update(editor, () => $insertUploadedImage(UPLOADED, "Clash report before and after"));
    const state = readReportedState(editor);
    const image = state.root.children.at(-1).children[0];
    expect(state.root.children.at(-1).type).toBe("paragraph");
    expect(image).toMatchObject({
      type: "image",
      src: UPLOADED.src,
      altText: "Clash report before and after",
      width: 640,
    });
    expect(validateRichText(state).ok).toBe(true);
  });

  it("inserts inline at the caret", () => {
    const editor = createTestEditor();
    update(editor, () => {
      const text = $createTextNode("before after");
      $getRoot().append($createParagraphNode().append(text));
      text.select(7, 7);
    });
    update(editor, () => $insertUploadedImage(UPLOADED, "Site photo"));
    const paragraph = readReportedState(editor).root.children[0];
    expect(paragraph.children.map((child: any) => child.text ?? child.type)).toEqual(["before ", "image", "after"]);
  });
});

describe("$canIndentListItem", () => {
  /** A list nested `levels` deep; returns the innermost item's key. */
  function buildNestedList(levels: number): { editor: ReturnType<typeof createTestEditor>; innermost: ListItemNode } {
    const editor = createTestEditor();
    let innermost!: ListItemNode;
    update(editor, () => {
      let list = $createListNode("bullet");
      $getRoot().append(list);
      for (let level = 1; level <= levels; level++) {
        innermost = $createListItemNode().append($createTextNode(`level ${level}`));
        list.append(innermost);
        if (level < levels) {
          const nested = $createListNode("bullet");
          list.append($createListItemNode().append(nested));
          list = nested;
        }
      }
    });
    return { editor, innermost };
  }

  it("allows nesting while the deepest text stays within the server's depth limit", () => {
    const shallow = buildNestedList(8);
    shallow.editor.getEditorState().read(() => expect($canIndentListItem(shallow.innermost)).toBe(true));
    const deep = buildNestedList(9);
    deep.editor.getEditorState().read(() => expect($canIndentListItem(deep.innermost)).toBe(false));
    expect(validateRichText(readReportedState(deep.editor)).ok).toBe(true);
  });
});

describe("$readBlockType", () => {
  it("names the block holding a node: headings by level, lists by their innermost type", () => {
    const editor = createTestEditor();
    const texts: Record<string, ReturnType<typeof $createTextNode>> = {};
    update(editor, () => {
      texts.heading = $createTextNode("h");
      texts.check = $createTextNode("c");
      texts.paragraph = $createTextNode("p");
      const checkList = $createListNode("check").append($createListItemNode(false).append(texts.check));
      $getRoot().append(
        $createHeadingNode("h3").append(texts.heading),
        $createListNode("bullet").append($createListItemNode().append(checkList)),
        $createParagraphNode().append(texts.paragraph),
      );
    });
    editor.getEditorState().read(() => {
      expect($readBlockType(texts.heading!)).toBe("h3");
      expect($readBlockType(texts.check!)).toBe("check");
      expect($readBlockType(texts.paragraph!)).toBe("paragraph");
    });
  });
});
