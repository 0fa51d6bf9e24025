import { getEnv } from "./env.server";

/** The portal's public origin, for links we hand out (invitations, resets, API URLs). */
export function siteOrigin(request: Request): string {
  return siteOriginFor(new URL(request.url));
}

/** The same, from a request's URL. */
export function siteOriginFor(url: URL): string {
  const configured = getEnv().PUBLIC_URL;
  return configured ? new URL(configured).origin : url.origin;
}

export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}
