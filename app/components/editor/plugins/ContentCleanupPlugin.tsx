import { useLexicalComposerContext } from "@lexical/react/LexicalComposerContext";
import { useEffect } from "react";
import { registerContentCleanup } from "../content-cleanup";

/** Keeps pasted and typed content inside what the server accepts; see content-cleanup.ts. */
export function ContentCleanupPlugin(): null {
  const [editor] = useLexicalComposerContext();
  useEffect(() => registerContentCleanup(editor), [editor]);
  return null;
}
