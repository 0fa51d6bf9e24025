import type { Request as ExpressRequest, Response as ExpressResponse } from "express";
import { unreadJsonText } from "./json-response.server";

/**
 * Express to Fetch and back for the API reads answered without Remix (api-routes.server.ts): the
 * same Request Remix's Express adapter would build for a GET or HEAD (the host as Express resolves
 * it behind trusted proxies, the original URL, every header, a signal that aborts when the client goes
 * away before the answer; its URL from `fetchUrlOf`), and the Response written back whole (API answers
 * are JSON of bounded size).
 */
export function toFetchRequest(req: ExpressRequest, res: ExpressResponse, url: string): Request {
  if (req.method !== "GET" && req.method !== "HEAD") throw new Error("only GET and HEAD requests are bridged");
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return new Request(url, { method: req.method, headers, signal: controller.signal });
}

/** The request's absolute URL as Remix's Express adapter builds it, normalised by URL. */
export function fetchUrlOf(req: ExpressRequest): string {
  // req.hostname leaves the port out; take it from X-Forwarded-Host or Host, as the adapter does.
  const portOf = (header: string | undefined) => Number.parseInt(header?.split(":")[1] ?? "", 10);
  const forwardedPort = portOf(req.get("X-Forwarded-Host"));
  const hostPort = portOf(req.get("host"));
  const port = Number.isSafeInteger(forwardedPort) ? forwardedPort : Number.isSafeInteger(hostPort) ? hostPort : "";
  return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`).href;
}

/** Writes the Response whole: from its kept JSON text when it has one (json-response.server.ts). */
export async function sendFetchResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  res.statusMessage = response.statusText;
  for (const [name, value] of response.headers) {
    // setHeader would keep only the last of several cookies: each is appended below.
    if (name === "set-cookie") continue;
    res.setHeader(name, value);
  }
  for (const cookie of response.headers.getSetCookie()) res.append("Set-Cookie", cookie);
  const text = unreadJsonText(response);
  if (text !== undefined) res.end(text);
  else res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
}
