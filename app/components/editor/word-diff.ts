import { diffWords } from "diff";

export interface DiffPart {
  kind: "same" | "added" | "removed";
  text: string;
}

/** Beyond this the comparison is not worth the wait; the two versions are still shown side by side. */
const DIFF_TIMEOUT_MS = 500;

let segmenter: Intl.Segmenter | null | undefined;

/**
 * Word boundaries from the platform: Chinese has no spaces between words, and without a dictionary
 * every sentence would be one "word". The Chinese segmenter also splits Latin text at spaces.
 */
function getWordSegmenter(): Intl.Segmenter | null {
  if (segmenter === undefined) {
    segmenter = typeof Intl.Segmenter === "function" ? new Intl.Segmenter("zh", { granularity: "word" }) : null;
  }
  return segmenter;
}

/**
 * What changed, word by word, from `before` to `after`: `added` is only in `after`, `removed` only in
 * `before`. Null when the texts differ so much that comparing them timed out.
 */
export function diffTextByWords(before: string, after: string): DiffPart[] | null {
  const changes = diffWords(before, after, {
    timeout: DIFF_TIMEOUT_MS,
    intlSegmenter: getWordSegmenter() ?? undefined,
  });
  if (changes === undefined) return null;
  return changes.map((change) => ({
    kind: change.added ? "added" : change.removed ? "removed" : "same",
    text: change.value,
  }));
}
