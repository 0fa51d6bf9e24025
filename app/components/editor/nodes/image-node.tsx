import {
  $applyNodeReplacement,
  $getDocument,
  DecoratorNode,
  type DOMExportOutput,
  type EditorConfig,
  type LexicalNode,
  type NodeKey,
  type SerializedLexicalNode,
  type SerializedPartial,
  type Spread,
} from "lexical";
import type { JSX } from "react";
import { isPortalImageSrc } from "~/lib/rich-text/url-policy";

export type SerializedImageNode = Spread<
  {
    src: string;
    altText: string;
    width?: number;
    height?: number;
  },
  SerializedLexicalNode
>;

export interface ImagePayload {
  src: string;
  altText: string;
  width?: number;
  height?: number;
  key?: NodeKey;
}

/**
 * An uploaded image (`/images/<uuid>`), inline like the Lexical playground's, so it can sit in a
 * paragraph, a list item or a table cell. The browser editor adds upload and resizing later; this
 * node only carries the data and renders a plain `<img>`.
 */
export class ImageNode extends DecoratorNode<JSX.Element> {
  __src: string;
  __altText: string;
  __width: number | undefined;
  __height: number | undefined;

  static override getType(): string {
    return "image";
  }

  static override clone(node: ImageNode): ImageNode {
    return new ImageNode(node.__src, node.__altText, node.__width, node.__height, node.__key);
  }

  /** Stored JSON is untrusted: anything of the wrong type becomes a value the validator will refuse. */
  static override importJSON(serializedNode: SerializedPartial<SerializedImageNode>): ImageNode {
    return $createImageNode({
      src: typeof serializedNode.src === "string" ? serializedNode.src : "",
      altText: typeof serializedNode.altText === "string" ? serializedNode.altText : "",
      width: toDimension(serializedNode.width),
      height: toDimension(serializedNode.height),
    });
  }

  constructor(src: string, altText: string, width?: number, height?: number, key?: NodeKey) {
    super(key);
    this.__src = src;
    this.__altText = altText;
    this.__width = width;
    this.__height = height;
  }

  override exportJSON(): SerializedImageNode {
    const json: SerializedImageNode = { type: "image", version: 1, src: this.__src, altText: this.__altText };
    if (this.__width !== undefined) json.width = this.__width;
    if (this.__height !== undefined) json.height = this.__height;
    return json;
  }

  /** Used for copy as HTML; a source that is not an uploaded image is left out rather than copied. */
  override exportDOM(): DOMExportOutput {
    const img = $getDocument().createElement("img");
    if (isPortalImageSrc(this.__src)) img.setAttribute("src", this.__src);
    img.setAttribute("alt", this.__altText);
    if (this.__width !== undefined) img.setAttribute("width", String(this.__width));
    if (this.__height !== undefined) img.setAttribute("height", String(this.__height));
    return { element: img };
  }

  override createDOM(config: EditorConfig): HTMLElement {
    const span = $getDocument().createElement("span");
    const className: unknown = config.theme.image;
    if (typeof className === "string") span.className = className;
    return span;
  }

  override updateDOM(): false {
    return false;
  }

  getSrc(): string {
    return this.getLatest().__src;
  }

  getAltText(): string {
    return this.getLatest().__altText;
  }

  setAltText(altText: string): this {
    const writable = this.getWritable();
    writable.__altText = altText;
    return writable;
  }

  override decorate(): JSX.Element {
    return (
      <img
        src={isPortalImageSrc(this.__src) ? this.__src : undefined}
        alt={this.__altText}
        width={this.__width}
        height={this.__height}
        loading="lazy"
      />
    );
  }
}

function toDimension(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}

export function $createImageNode({ src, altText, width, height, key }: ImagePayload): ImageNode {
  return $applyNodeReplacement(new ImageNode(src, altText, width, height, key));
}

export function $isImageNode(node: LexicalNode | null | undefined): node is ImageNode {
  return node instanceof ImageNode;
}
