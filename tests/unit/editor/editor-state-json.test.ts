import { $createListItemNode, $createListNode } from "@lexical/list";
import { $createTextNode, $getRoot, createState, $setState } from "lexical";
import { describe, expect, it } from "vitest";
import { canOpenEditorState, serializeEditorState } from "~/components/editor/editor-state-json";
import { createCaseStudyTemplate } from "~/lib/rich-text/template";
import { createTestEditor, update } from "./headless";

describe("serializeEditorState", () => {
  it("writes Lexical's JSON without node state", () => {
    const editor = createTestEditor();
    const marker = createState("mdListMarker", { parse: (value) => (typeof value === "string" ? value : "-") });
    update(editor, () => {
      const list = $createListNode("bullet").append($createListItemNode().append($createTextNode("item")));
      $setState(list, marker, "*");
      $getRoot().append(list);
    });
    expect(JSON.stringify(editor.getEditorState().toJSON())).toContain('"$":{"mdListMarker":"*"}');
    const reported = serializeEditorState(editor.getEditorState());
    expect(reported).not.toContain("mdListMarker");
    expect(JSON.parse(reported).root.children[0].children[0].children[0].text).toBe("item");
  });
});

describe("canOpenEditorState", () => {
  it("accepts the case-study template in both languages", () => {
    expect(canOpenEditorState(JSON.stringify(createCaseStudyTemplate("en")))).toBe(true);
    expect(canOpenEditorState(JSON.stringify(createCaseStudyTemplate("zh")))).toBe(true);
  });

  it("refuses text that is not JSON, JSON without a root and nodes the editor does not know", () => {
    expect(canOpenEditorState("{not json")).toBe(false);
    expect(canOpenEditorState("{}")).toBe(false);
    const unknownNode = {
      root: {
        type: "root",
        version: 1,
        direction: null,
        format: "",
        indent: 0,
        children: [{ type: "youtube", version: 1, videoID: "x" }],
      },
    };
    expect(canOpenEditorState(JSON.stringify(unknownNode))).toBe(false);
  });
});
