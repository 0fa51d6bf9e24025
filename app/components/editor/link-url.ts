import { isAllowedLinkUrl } from "~/lib/rich-text/url-policy";

export type LinkUrlResult = { ok: true; url: string } | { ok: false; reason: "empty" | "invalid" };

const EMAIL_ADDRESS = /^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/;
const BARE_HOST = /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+(:\d+)?([/?#]\S*)?$/u;

/**
 * Reads what an author typed into the link field. People type `example.com` or `name@example.com`
 * far more often than a full URL, so those get `https://` or `mailto:`; the result must then pass the
 * same rule as the server (absolute http, https or mailto, written plainly).
 */
export function readLinkUrl(input: string): LinkUrlResult {
  const trimmed = input.trim();
  if (trimmed === "") return { ok: false, reason: "empty" };
  let candidate = trimmed;
  if (EMAIL_ADDRESS.test(trimmed)) candidate = `mailto:${trimmed}`;
  else if (BARE_HOST.test(trimmed)) candidate = `https://${trimmed}`;
  return isAllowedLinkUrl(candidate) ? { ok: true, url: candidate } : { ok: false, reason: "invalid" };
}

/** For LinkPlugin's `validateUrl`: links the editor creates (toolbar, pasted URL over a selection) must pass the server's rule. */
export function isValidLinkUrl(url: string): boolean {
  return isAllowedLinkUrl(url);
}
