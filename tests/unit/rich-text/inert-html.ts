import { Window } from "happy-dom";

/**
 * Parses HTML the way a browser would (happy-dom, with JavaScript off) and lists everything in it that
 * could run code, load something foreign or restyle the page. An empty list means the HTML is inert.
 */
const browserWindow = new Window({
  settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true, disableIframePageLoading: true },
});

const DANGEROUS_ELEMENTS = new Set([
  "script",
  "iframe",
  "frame",
  "object",
  "embed",
  "svg",
  "math",
  "style",
  "link",
  "meta",
  "base",
  "form",
  "input",
  "button",
  "textarea",
  "template",
  "noscript",
  "video",
  "audio",
]);
const URL_ATTRIBUTES = new Set([
  "href",
  "src",
  "action",
  "formaction",
  "xlink:href",
  "srcset",
  "poster",
  "background",
  "cite",
  "data",
]);
const UNSAFE_SCHEME = /^(javascript|data|vbscript):/;

export function parseHtml(html: string) {
  return new browserWindow.DOMParser().parseFromString(`<!doctype html><body>${html}</body>`, "text/html");
}

export function findUnsafeHtml(html: string): string[] {
  const problems: string[] = [];
  for (const element of parseHtml(html).body.querySelectorAll("*")) {
    const tag = element.tagName.toLowerCase();
    if (DANGEROUS_ELEMENTS.has(tag)) problems.push(`<${tag}> element`);
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value ?? "";
      if (name.startsWith("on")) problems.push(`${name} attribute on <${tag}>`);
      if (name === "style") problems.push(`style attribute on <${tag}>`);
      const normalized = value.replace(/[\u0000-\u0020\u007f-\u00a0\u200b-\u200f\ufeff]/g, "").toLowerCase();
      if (URL_ATTRIBUTES.has(name) && (UNSAFE_SCHEME.test(normalized) || normalized.startsWith("//"))) {
        problems.push(`${name}="${value}" on <${tag}>`);
      }
      if (name === "class" && value.split(/\s+/).some((token) => token !== "" && !token.startsWith("rt-"))) {
        problems.push(`class "${value}" on <${tag}>`);
      }
    }
  }
  return problems;
}

/** The text a reader sees, with all whitespace removed, for comparing text content loosely. */
export function getTextWithoutWhitespace(html: string): string {
  return (parseHtml(html).body.textContent ?? "").replace(/\s+/g, "");
}
