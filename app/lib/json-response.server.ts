import { singleton } from "./singleton.server";

/**
 * JSON answers whose serialised text is kept beside the Response, so the HTTP layer can write that text
 * to the socket instead of reading the body back out of its stream. For a search answer (~20 KB) the
 * round trip through the stream cost more than serialising it (decision 012 has the measurements).
 * The Response is an ordinary one: tests and Remix read its body as usual.
 */
// Process-wide: the routes that make these answers are in the Remix build, the HTTP layer that writes
// them is loaded from source by the start script, and each has its own copy of this module. A map per
// copy never matched, and every answer was read back out of its stream.
const texts = singleton("jsonResponseTexts", () => new WeakMap<Response, string>());

/** As `Response.json(data, init)`, remembering the text. */
export function jsonResponse(data: unknown, init: ResponseInit = {}): Response {
  const text = JSON.stringify(data);
  if (text === undefined) throw new TypeError("the value cannot be serialised as JSON");
  const headers = new Headers(init.headers);
  if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  const response = new Response(text, { ...init, headers });
  texts.set(response, text);
  return response;
}

/** The text a `jsonResponse` was made from, while nobody has read its body; else undefined. */
export function unreadJsonText(response: Response): string | undefined {
  return response.bodyUsed ? undefined : texts.get(response);
}
