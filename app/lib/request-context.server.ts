import { bearerToken, validateApiToken } from "./api-token.server";
import { getDb } from "./db.server";
import { getEnv } from "./env.server";
import {
  readSessionToken,
  serializeClearedSessionCookie,
  serializeSessionCookie,
  validateSessionToken,
  type SessionUser,
} from "./session.server";

/**
 * Who is making this request, worked out once per HTTP request (before Remix runs) and handed to every
 * loader and action in the load context. Pages use the session cookie; `/api/v1/*` requests with an
 * `Authorization: Bearer` header use that token only.
 */
export interface RequestAuth {
  user: SessionUser | null;
  via: "session" | "token" | null;
  sessionId: string | null;
  tokenId: string | null;
  /** Cookies to send back (a refreshed session, or clearing a dead one). */
  setCookies: string[];
  /** Seconds an API client must wait: its token is over its rate limit. */
  rateLimitedFor: number;
}

export interface AuthInput {
  path: string;
  cookie: string | null | undefined;
  authorization: string | null | undefined;
  secure: boolean;
}

export const ANONYMOUS: RequestAuth = {
  user: null,
  via: null,
  sessionId: null,
  tokenId: null,
  setCookies: [],
  rateLimitedFor: 0,
};

export function isApiPath(path: string): boolean {
  return path === "/api" || path.startsWith("/api/");
}

export async function authenticate(input: AuthInput): Promise<RequestAuth> {
  const db = getDb();
  const bearer = bearerToken(input.authorization);
  if (isApiPath(input.path) && input.authorization) {
    const auth = await validateApiToken(db, bearer);
    if (!auth) return { ...ANONYMOUS, via: "token" };
    return { ...ANONYMOUS, user: auth.user, via: "token", tokenId: auth.tokenId, rateLimitedFor: auth.rateLimitedFor };
  }

  const presented = await readSessionToken(input.cookie);
  if (!presented) return ANONYMOUS;
  const session = await validateSessionToken(db, presented);
  if (!session) return { ...ANONYMOUS, setCookies: [await serializeClearedSessionCookie(input.secure)] };
  return {
    ...ANONYMOUS,
    user: session.user,
    via: "session",
    sessionId: session.id,
    setCookies: session.refreshed ? [await serializeSessionCookie(presented, session.expiresAt, input.secure)] : [],
  };
}

/** Builds the same auth from a Fetch Request (tests and anything outside the Express layer). */
export function authenticateRequest(request: Request): Promise<RequestAuth> {
  const url = new URL(request.url);
  return authenticate({
    path: url.pathname,
    cookie: request.headers.get("Cookie"),
    authorization: request.headers.get("Authorization"),
    secure: url.protocol === "https:",
  });
}

/**
 * Cross-site request forgery defence: a state-changing request must come from this site. The Origin
 * header (or Referer when a browser sends no Origin) must match PUBLIC_URL, or this request's own
 * scheme and host. Requests authenticated by a bearer token carry no ambient credentials and skip it.
 */
export function isSameSiteRequest(input: {
  method: string;
  origin: string | null | undefined;
  referer: string | null | undefined;
  host: string | null | undefined;
  protocol: string;
}): boolean {
  if (["GET", "HEAD", "OPTIONS"].includes(input.method.toUpperCase())) return true;
  const publicUrl = getEnv().PUBLIC_URL;
  const expected = publicUrl ? new URL(publicUrl).origin : input.host ? `${input.protocol}://${input.host}` : null;
  if (!expected) return false;
  const source = input.origin && input.origin !== "null" ? input.origin : input.referer;
  if (!source) return false;
  try {
    return new URL(source).origin === expected.toLowerCase();
  } catch {
    return false;
  }
}
