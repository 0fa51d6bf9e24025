import { createContext, useContext } from "react";

/**
 * The id the HTTP layer gives each request (also in the X-Request-Id header and the log line).
 * The server renders it into a meta tag so error pages in the browser can show the same id.
 */
export const RequestIdContext = createContext<string | undefined>(undefined);

export function useRequestId(): string | undefined {
  return useContext(RequestIdContext);
}

export const REQUEST_ID_HEADER = "x-request-id";
