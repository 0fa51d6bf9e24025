/** Why a document was refused. The UI translates by `code`; `message` is English for logs and tests. */
export type RichTextErrorCode =
  | "too_large"
  | "malformed"
  | "too_deep"
  | "unknown_node"
  | "bad_link"
  | "bad_style"
  | "too_many_images"
  | "bad_image"
  | "missing_alt"
  | "bad_format"
  | "bad_heading"
  | "bad_list_type"
  | "bad_code_language";

export interface RichTextError {
  code: RichTextErrorCode;
  message: string;
  /** Where in the JSON, e.g. `root.children[2].children[0]`. */
  path?: string;
}

export function createRichTextError(code: RichTextErrorCode, message: string, path?: string): RichTextError {
  return path === undefined ? { code, message } : { code, message, path };
}
