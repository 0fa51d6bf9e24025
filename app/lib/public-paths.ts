/**
 * The only pages anonymous visitors may open; everything else sends them to sign in. (Static assets and
 * /healthz never reach the page layer.)
 */
const PUBLIC_EXACT = new Set(["/login", "/signup", "/language"]);
const PUBLIC_PREFIXES = ["/invitations/", "/reset-password/"];

export function isPublicPath(pathname: string): boolean {
  const path = pathname.replace(/\.data$/, "").replace(/\/+$/, "") || "/";
  return PUBLIC_EXACT.has(path) || PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix));
}
