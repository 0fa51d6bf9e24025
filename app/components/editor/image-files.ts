import { $wrapNodeInElement } from "@lexical/utils";
import { $createParagraphNode, $getRoot, $getSelection, $insertNodes, $isRootOrShadowRoot } from "lexical";
import { $createImageNode } from "./nodes/image-node";

/** The formats the upload endpoint accepts; also the file picker's `accept`. */
export const ACCEPTED_IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;

export function isAcceptedImageFile(file: Pick<File, "type">): boolean {
  return (ACCEPTED_IMAGE_TYPES as readonly string[]).includes(file.type);
}

/** Splits dropped or pasted files into images we can upload and the rest, which we report by name. */
export function sortImageFiles<T extends Pick<File, "type">>(files: readonly T[]): { images: T[]; rejected: T[] } {
  return {
    images: files.filter(isAcceptedImageFile),
    rejected: files.filter((file) => !isAcceptedImageFile(file)),
  };
}

export interface UploadedImage {
  src: string;
  width?: number;
  height?: number;
}

/**
 * Inserts an uploaded image at the selection, or in a new paragraph at the end when the editor has
 * none yet (an author who uploads before clicking into the text). Images are inline, so one that
 * would land directly in the root gets a paragraph around it.
 */
export function $insertUploadedImage(image: UploadedImage, altText: string): void {
  const imageNode = $createImageNode({ ...image, altText });
  if ($getSelection() === null) {
    $getRoot().append($createParagraphNode().append(imageNode));
    imageNode.selectNext();
    return;
  }
  $insertNodes([imageNode]);
  const parent = imageNode.getParent();
  if (parent !== null && $isRootOrShadowRoot(parent)) $wrapNodeInElement(imageNode, $createParagraphNode).selectEnd();
}
