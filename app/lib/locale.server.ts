import { createCookie } from "@remix-run/node";
import Negotiator from "negotiator";
import { DEFAULT_LOCALE, isLocale, SUPPORTED_LOCALES, type Locale } from "./i18n";

export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/** Accept-Language tags we understand, mapped to our locales (zh-TW readers still prefer zh to en). */
const LANGUAGE_TAGS = ["en", "en-US", "en-GB", "zh", "zh-CN", "zh-Hans", "zh-SG", "zh-TW", "zh-HK", "zh-Hant"];

export function localeFromAcceptLanguage(header: string | null): Locale | undefined {
  if (!header) return undefined;
  const best = new Negotiator({ headers: { "accept-language": header } }).language(LANGUAGE_TAGS);
  if (!best) return undefined;
  const base = best.split("-")[0];
  return isLocale(base) ? base : undefined;
}

/** The user's saved choice, then the cookie, then Accept-Language, then English. */
export async function detectLocale(request: Request, saved?: string | null): Promise<Locale> {
  if (isLocale(saved)) return saved;
  return detectLocaleFromHeaders(request.headers.get("Cookie"), request.headers.get("Accept-Language"));
}

/** The same choice without a saved one, from raw headers (the Express layer answers before Remix). */
export async function detectLocaleFromHeaders(
  cookie: string | null | undefined,
  acceptLanguage: string | null | undefined,
): Promise<Locale> {
  const fromCookie: unknown = await localeCookie.parse(cookie ?? null).catch(() => undefined);
  if (isLocale(fromCookie)) return fromCookie;
  return localeFromAcceptLanguage(acceptLanguage ?? null) ?? DEFAULT_LOCALE;
}

export { SUPPORTED_LOCALES };
