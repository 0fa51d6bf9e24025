import { createHeadlessEditor } from "@lexical/headless";
import { $getRoot, $isElementNode, type SerializedLexicalNode } from "lexical";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { EDITOR_NODES } from "~/components/editor/nodes";
import { $createImageNode, $isImageNode, type ImageNode } from "~/components/editor/nodes/image-node";
import { richTextTheme } from "~/components/editor/theme";
import { ALLOWED_CHILDREN, ALLOWED_NODE_TYPES, LEAF_TYPES } from "~/lib/rich-text/node-structure-rules";
import { PROPERTY_CHECKS } from "~/lib/rich-text/node-property-rules";
import { createSerializedImage, createSerializedHorizontalRule } from "~/lib/rich-text/serialized-nodes";
import { validateRichText } from "~/lib/rich-text/validate.server";
import { doc, IMAGE_SRC, paragraph } from "./rich-text-fixtures";

function createEditor() {
  return createHeadlessEditor({
    nodes: [...EDITOR_NODES],
    onError: (error) => {
      throw error;
    },
  });
}

describe("EDITOR_NODES", () => {
  it("registers exactly the node types write-ups may use, and the validator has rules for each", () => {
    expect(EDITOR_NODES.map((node) => node.getType())).toEqual([
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
    ]);
    expect([...ALLOWED_NODE_TYPES].sort()).toEqual(
      [...EDITOR_NODES.map((node) => node.getType()), "root", "paragraph", "text", "linebreak", "tab"].sort(),
    );
    for (const type of ALLOWED_NODE_TYPES) {
      expect(PROPERTY_CHECKS[type], type).toBeDefined();
      expect(type in ALLOWED_CHILDREN || LEAF_TYPES.has(type), type).toBe(true);
    }
  });

  it("every class in the theme starts with rt-, which is all the sanitizer lets through", () => {
    const classes = JSON.stringify(richTextTheme).match(/"[^"]*":"([^"]*)"/g) ?? [];
    expect(classes.length).toBeGreaterThan(40);
    for (const entry of classes) expect(entry).toMatch(/:"rt-[a-z0-9-]+"$/);
  });

  it("loads a horizontal rule headless", () => {
    const state = createEditor().parseEditorState(doc(createSerializedHorizontalRule()));
    expect(state.read(() => $getRoot().getFirstChild()?.getType())).toBe("horizontalrule");
  });
});

describe("ImageNode", () => {
  const serialized = {
    ...createSerializedImage(IMAGE_SRC, "Tunnel section"),
    width: 640,
    height: 480,
  } as SerializedLexicalNode;

  it("round-trips its JSON through Lexical", () => {
    const state = createEditor().parseEditorState(doc(paragraph(serialized)));
    expect(state.toJSON().root.children[0]).toMatchObject({ children: [serialized] });
    const result = validateRichText(doc(paragraph(serialized)));
    expect(result.ok && result.state.root.children[0]).toMatchObject({ children: [serialized] });
  });

  it("leaves out width and height when there are none", () => {
    const editor = createEditor();
    editor.update(
      () => {
        const image = $createImageNode({ src: IMAGE_SRC, altText: "Chart" });
        expect(image.exportJSON()).toEqual({ type: "image", version: 1, src: IMAGE_SRC, altText: "Chart" });
        expect(image.isInline()).toBe(true);
        expect(image.getTextContent()).toBe("");
      },
      { discrete: true },
    );
  });

  it("decorates as a plain lazy <img>, without a source that is not an uploaded image", () => {
    const editor = createEditor();
    const hostile = { ...serialized, src: "javascript:alert(1)" } as SerializedLexicalNode;
    const state = editor.parseEditorState(doc(paragraph(serialized), paragraph(hostile)));
    const markup = state.read(() =>
      $getRoot()
        .getChildren()
        .map((block) => {
          const image = $isElementNode(block) ? block.getFirstChild() : null;
          expect($isImageNode(image)).toBe(true);
          return renderToStaticMarkup((image as ImageNode).decorate());
        }),
    );
    expect(markup).toEqual([
      `<img src="${IMAGE_SRC}" alt="Tunnel section" width="640" height="480" loading="lazy"/>`,
      '<img alt="Tunnel section" width="640" height="480" loading="lazy"/>',
    ]);
  });
});
