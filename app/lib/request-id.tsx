import { createContext, useContext, useSyncExternalStore } from "react";

/**
 * The id the HTTP layer gives each request (also in the X-Request-Id header and the log line).
 * The server renders it into a meta tag so error pages in the browser can show the same id.
 */
export const RequestIdContext = createContext<string | undefined>(undefined);

export const REQUEST_ID_HEADER = "x-request-id";

/**
 * After a client-side navigation or form submission the page reflects a later request than the
 * document's: Remix's data request (`/path.data`). The browser entry records that response's id here,
 * so an error page shows the id of the request that failed, the one in the server's log line.
 */
let latestDataRequestId: string | undefined;
const listeners = new Set<() => void>();

export function recordDataRequestId(id: string): void {
  if (id === latestDataRequestId) return;
  latestDataRequestId = id;
  for (const listener of listeners) listener();
}

/** The id recorded last (tests). */
export function getLatestDataRequestId(): string | undefined {
  return latestDataRequestId;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The id of the latest server round trip this page shows: the latest data request, else the document. */
export function useRequestId(): string | undefined {
  const documentId = useContext(RequestIdContext);
  const dataId = useSyncExternalStore(
    subscribe,
    () => latestDataRequestId,
    () => undefined,
  );
  return dataId ?? documentId;
}

/** Wraps `fetch` so every same-origin Remix data response's X-Request-Id is recorded (browser only). */
export function trackDataRequestIds(target: { fetch: typeof fetch; location: Location }): void {
  const nativeFetch = target.fetch.bind(target);
  target.fetch = async (input, init) => {
    const response = await nativeFetch(input, init);
    try {
      const url = new URL(input instanceof Request ? input.url : String(input), target.location.href);
      const id = response.headers.get(REQUEST_ID_HEADER);
      if (id && url.origin === target.location.origin && url.pathname.endsWith(".data")) recordDataRequestId(id);
    } catch {
      // Not a URL we can read: not one of Remix's data requests.
    }
    return response;
  };
}
