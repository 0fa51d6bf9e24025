import type { AppLoadContext } from "@remix-run/node";
import { getDb } from "~/lib/db.server";
import { authenticateRequest } from "~/lib/request-context.server";
import { createSession, sessionCookie } from "~/lib/session.server";

/**
 * Builds the load context exactly as the Express layer does (real session lookup in the real
 * database), so tests can call loaders and actions directly.
 */
export async function contextFor(request: Request, options: { ip?: string } = {}): Promise<AppLoadContext> {
  return {
    requestId: "test-request",
    auth: await authenticateRequest(request),
    clientIp: options.ip ?? "203.0.113.7",
  };
}

/** A Cookie header for a fresh real session of this user. */
export async function cookieFor(userId: string): Promise<string> {
  const { token } = await createSession(getDb(), userId);
  return sessionCookie.serialize(token).then((c) => c.split(";")[0]!);
}

export const BASE = "http://localhost";

export function getRequest(path: string, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}${path}`, { headers });
}

export function postRequest(
  path: string,
  fields: Record<string, string | string[]>,
  headers: Record<string, string> = {},
): Request {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  return new Request(`${BASE}${path}`, { method: "POST", body, headers: { Origin: BASE, ...headers } });
}

/** Calls a loader or action, returning the Response whether it was returned or thrown. */
export async function call<T>(run: () => Promise<T>): Promise<{ response?: Response; value?: T; status: number }> {
  try {
    const value = await run();
    if (value instanceof Response) return { response: value, status: value.status };
    const init = (value as { init?: { status?: number } } | null)?.init;
    return { value, status: init?.status ?? 200 };
  } catch (thrown) {
    if (thrown instanceof Response) return { response: thrown, status: thrown.status };
    const init = (thrown as { init?: { status?: number }; type?: string } | null)?.init;
    if ((thrown as { type?: string })?.type === "DataWithResponseInit")
      return { value: thrown as T, status: init?.status ?? 200 };
    throw thrown;
  }
}

/** The payload of a `data()` result or a plain object. */
export function payload<T = any>(value: unknown): T {
  if (
    value &&
    typeof value === "object" &&
    "type" in value &&
    (value as { type: string }).type === "DataWithResponseInit"
  ) {
    return (value as unknown as { data: T }).data;
  }
  return value as T;
}
