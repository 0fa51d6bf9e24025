const BASE = "http://portal.invalid";

// Browsers strip tabs and newlines and treat backslashes as slashes: "/\t/evil.com" is "//evil.com".
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;

/** A path a browser resolves on this site: one leading slash, no backslash or control characters. */
function isSitePath(path: string): boolean {
  if (!path.startsWith("/") || path.startsWith("//")) return false;
  if (UNSAFE_CHARACTERS.test(path)) return false;
  try {
    return new URL(path, BASE).origin === BASE;
  } catch {
    return false;
  }
}

function normalise(path: string): string | null {
  try {
    const url = new URL(path, BASE);
    if (url.origin !== BASE) return null;
    return url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
}

/**
 * Returns `target` only if it is a path on this site; anything else (absolute URLs, protocol-relative
 * `//host`, backslash tricks, control characters) falls back. Used for every `redirectTo`.
 *
 * The normalised result is checked again, because dot segments can produce a protocol-relative URL out of
 * an innocent-looking path ("/a/..//evil" becomes "//evil"). The percent-decoded path is checked too, so a
 * later decoding step (a proxy, another redirect) cannot turn "/%2F%2Fevil" into "//evil" either.
 */
export function safeRedirect(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || target.length === 0 || target.length > 2048) return fallback;
  if (!isSitePath(target)) return fallback;
  const result = normalise(target);
  if (result === null || !isSitePath(result)) return fallback;
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(new URL(result, BASE).pathname);
  } catch {
    return fallback;
  }
  const decodedResult = normalise(decodedPath);
  if (!isSitePath(decodedPath) || decodedResult === null || !isSitePath(decodedResult)) return fallback;
  return result;
}
