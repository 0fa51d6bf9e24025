import { createRichTextError, type RichTextError } from "./rich-text-errors";
import { RICH_TEXT_LIMITS } from "./rich-text-limits";

export type ReadJsonResult = { ok: true; value: unknown } | { ok: false; error: RichTextError };

/**
 * Turns what the browser sent (a JSON string, or an object a route already parsed) into plain JSON
 * data that is small enough and shallow enough to hand to Lexical, whose parser recurses: a
 * 100,000-level document must be refused here, by a loop, before anything recursive sees it.
 */
export function readRichTextJson(input: unknown): ReadJsonResult {
  if (typeof input === "string") return readJsonString(input);
  if (typeof input === "object" && input !== null) return readJsonObject(input);
  return { ok: false, error: createRichTextError("malformed", "Expected a Lexical editor state as JSON.") };
}

function readJsonString(json: string): ReadJsonResult {
  if (exceedsByteLimit(json)) return { ok: false, error: tooLarge() };
  let value: unknown;
  try {
    // V8's JSON.parse does not recurse, so deep input cannot overflow the stack here.
    value = JSON.parse(json);
  } catch {
    return { ok: false, error: createRichTextError("malformed", "The document is not valid JSON.") };
  }
  const nestingError = findExcessiveNesting(value);
  return nestingError ? { ok: false, error: nestingError } : { ok: true, value };
}

function readJsonObject(input: object): ReadJsonResult {
  // Depth first: JSON.stringify recurses and would overflow on a deep object.
  const nestingError = findExcessiveNesting(input);
  if (nestingError) return { ok: false, error: nestingError };
  let json: string | undefined;
  try {
    json = JSON.stringify(input);
  } catch {
    return { ok: false, error: createRichTextError("malformed", "The document cannot be written as JSON.") };
  }
  if (json === undefined) return { ok: false, error: createRichTextError("malformed", "Expected JSON data.") };
  if (exceedsByteLimit(json)) return { ok: false, error: tooLarge() };
  // A fresh copy: plain data only (no prototypes, getters or shared references from the caller).
  return { ok: true, value: JSON.parse(json) as unknown };
}

function tooLarge(): RichTextError {
  const megabytes = RICH_TEXT_LIMITS.maxJsonBytes / (1024 * 1024);
  return createRichTextError("too_large", `The document is larger than ${megabytes} MB of JSON.`);
}

function exceedsByteLimit(json: string): boolean {
  const limit = RICH_TEXT_LIMITS.maxJsonBytes;
  // UTF-8 needs at least one byte per UTF-16 unit and at most three.
  if (json.length > limit) return true;
  if (json.length * 3 <= limit) return false;
  let bytes = 0;
  for (let index = 0; index < json.length; index++) {
    const unit = json.charCodeAt(index);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff) {
      bytes += 4;
      index++;
    } else bytes += 3;
    if (bytes > limit) return true;
  }
  return false;
}

interface PendingValue {
  value: unknown;
  jsonDepth: number;
  nodeDepth: number;
  path: string;
}

/**
 * Walks the JSON with an explicit stack. Node depth counts nodes from the root (an object inside a
 * `children` array or `$slots` is one level deeper); JSON depth bounds everything else. A budget on
 * visited values stops objects that share (or cycle through) the same sub-object from blowing up.
 */
export function findExcessiveNesting(root: unknown): RichTextError | null {
  const { maxNodeDepth, maxJsonDepth, maxJsonBytes } = RICH_TEXT_LIMITS;
  let budget = maxJsonBytes / 2;
  const stack: PendingValue[] = [{ value: root, jsonDepth: 0, nodeDepth: -1, path: "" }];
  while (stack.length > 0) {
    const { value, jsonDepth, nodeDepth, path } = stack.pop()!;
    if (--budget < 0) return tooLarge();
    if (typeof value !== "object" || value === null) continue;
    if (jsonDepth > maxJsonDepth) {
      return createRichTextError("too_deep", `The document is nested more than ${maxJsonDepth} levels deep.`, path);
    }
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) {
        stack.push({ value: value[index], jsonDepth: jsonDepth + 1, nodeDepth, path: `${path}[${index}]` });
      }
      continue;
    }
    if (nodeDepth > maxNodeDepth) {
      return createRichTextError("too_deep", `The document nests nodes more than ${maxNodeDepth} levels deep.`, path);
    }
    const entries = Object.entries(value);
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, child] = entries[index]!;
      const childPath = path === "" ? key : `${path}.${key}`;
      const holdsNodes = key === "children" || key === "$slots";
      // The editor state's `root` is depth 0; nodes in a `children` array are one below their parent.
      const childNodeDepth = key === "root" && path === "" ? 0 : holdsNodes ? nodeDepth + 1 : nodeDepth;
      if (holdsNodes && typeof child === "object" && child !== null && !Array.isArray(child)) {
        // `$slots` maps names to nodes: step over the map so its nodes count one level, not two.
        for (const [slotName, slotNode] of Object.entries(child)) {
          stack.push({
            value: slotNode,
            jsonDepth: jsonDepth + 2,
            nodeDepth: childNodeDepth,
            path: `${childPath}.${slotName}`,
          });
        }
        continue;
      }
      stack.push({ value: child, jsonDepth: jsonDepth + 1, nodeDepth: childNodeDepth, path: childPath });
    }
  }
  return null;
}
