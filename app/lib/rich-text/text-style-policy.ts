/**
 * Inline CSS on text nodes. Lexical's editor writes `style` only when a plugin sets one (font colour,
 * size…); ours has none, so the allow-list of properties is empty and any non-empty style is refused.
 * To allow, say, colour later: add `color` with a value pattern below. The forbidden fragments are
 * refused whatever the allow-list says, as a guard against a too-generous value pattern.
 */
const ALLOWED_STYLE_PROPERTIES: ReadonlyMap<string, RegExp> = new Map();

const FORBIDDEN_STYLE_FRAGMENTS = [
  "url(",
  "expression(",
  "javascript:",
  "vbscript:",
  "data:",
  "@import",
  "behavior",
  "-moz-binding",
  "position",
  "\\",
  "<",
  ">",
  "/*",
];

export function isAllowedTextStyle(style: unknown): boolean {
  if (style === undefined || style === "") return true;
  if (typeof style !== "string" || style.length > 1000) return false;
  const lower = style.toLowerCase();
  if (FORBIDDEN_STYLE_FRAGMENTS.some((fragment) => lower.includes(fragment))) return false;
  const declarations = lower
    .split(";")
    .map((declaration) => declaration.trim())
    .filter((declaration) => declaration !== "");
  return declarations.every((declaration) => {
    const colon = declaration.indexOf(":");
    if (colon <= 0) return false;
    const valuePattern = ALLOWED_STYLE_PROPERTIES.get(declaration.slice(0, colon).trim());
    return valuePattern !== undefined && valuePattern.test(declaration.slice(colon + 1).trim());
  });
}
