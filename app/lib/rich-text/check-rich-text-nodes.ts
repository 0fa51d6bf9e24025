import { ALLOWED_CHILDREN, ALLOWED_NODE_TYPES } from "./node-structure-rules";
import { checkNodeProperties } from "./node-property-rules";
import { createRichTextError, type RichTextError } from "./rich-text-errors";
import { RICH_TEXT_LIMITS } from "./rich-text-limits";
import { isSerializedNodeLike, type SerializedNodeLike } from "./serialized-nodes";

interface PendingNode {
  node: unknown;
  path: string;
  parentType: string | null;
}

/**
 * Checks every node of an editor state (already known to be shallow enough) against the allow-list,
 * the structure rules and the property rules, in document order, and returns the first problem.
 */
export function checkRichTextNodes(state: unknown): RichTextError | null {
  if (typeof state !== "object" || state === null || !("root" in state)) {
    return createRichTextError("malformed", "Expected a Lexical editor state with a root node.");
  }
  const root = (state as { root: unknown }).root;
  if (!isSerializedNodeLike(root) || root.type !== "root") {
    return createRichTextError("malformed", "The editor state's root must be a node of type 'root'.", "root");
  }
  let imageCount = 0;
  const stack: PendingNode[] = [{ node: root, path: "root", parentType: null }];
  while (stack.length > 0) {
    const { node, path, parentType } = stack.pop()!;
    const error = checkPlacement(node, path, parentType) ?? checkNodeProperties(node as SerializedNodeLike, path);
    if (error) return error;
    const checked = node as SerializedNodeLike;
    if (checked.type === "image" && ++imageCount > RICH_TEXT_LIMITS.maxImages) {
      return createRichTextError(
        "too_many_images",
        `A document may contain at most ${RICH_TEXT_LIMITS.maxImages} images.`,
        path,
      );
    }
    if (Array.isArray(checked.children)) {
      for (let index = checked.children.length - 1; index >= 0; index--) {
        stack.push({ node: checked.children[index], path: `${path}.children[${index}]`, parentType: checked.type });
      }
    }
  }
  return null;
}

function checkPlacement(node: unknown, path: string, parentType: string | null): RichTextError | null {
  if (!isSerializedNodeLike(node)) {
    return createRichTextError("malformed", "Every node must be an object with a string 'type'.", path);
  }
  if (!ALLOWED_NODE_TYPES.has(node.type)) {
    return createRichTextError(
      "unknown_node",
      `Node type ${JSON.stringify(node.type.slice(0, 50))} is not allowed in a write-up.`,
      path,
    );
  }
  if (parentType === null) return null;
  const allowed = ALLOWED_CHILDREN[parentType];
  if (!allowed?.has(node.type)) {
    return createRichTextError(
      "malformed",
      `A '${node.type}' node cannot be placed inside a '${parentType}' node.`,
      path,
    );
  }
  return null;
}
