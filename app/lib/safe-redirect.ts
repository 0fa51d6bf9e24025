/**
 * Returns `target` only if it is a path on this site; anything else (absolute URLs, protocol-relative
 * `//host`, backslash tricks, control characters) falls back. Used for every `redirectTo`.
 */
export function safeRedirect(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || target.length === 0 || target.length > 2048) return fallback;
  if (!target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  // Browsers strip tabs and newlines and treat backslashes as slashes: "/\t/evil.com" is "//evil.com".
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return fallback;
  try {
    const base = "http://portal.invalid";
    const url = new URL(target, base);
    if (url.origin !== base) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}
