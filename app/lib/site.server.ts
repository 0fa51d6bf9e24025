import { getEnv } from "./env.server";

/** The portal's public origin, for links we hand out (invitations, resets, API URLs). */
export function siteOrigin(request: Request): string {
  const configured = getEnv().PUBLIC_URL;
  return configured ? new URL(configured).origin : new URL(request.url).origin;
}

export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}
