/**
 * Markdown in and out of write-ups: import of existing case studies, export for download. See the
 * two modules for what each direction keeps and drops; both go through remark's mdast.
 *
 * Import is for documents from authors, not for anonymous input: the Markdown parser (micromark)
 * slows down sharply on pathological inline nesting (about 2 s for 1,000 nested emphasis markers),
 * which no input check here can rule out. Run large imports off the request path.
 */
export { richTextToMarkdown } from "./markdown-export.server";
export { MarkdownImportError, markdownToRichText, MAX_MARKDOWN_LENGTH } from "./markdown-import.server";
