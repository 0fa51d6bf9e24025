import "@remix-run/node";
import type { Speculation } from "./lib/api-speculation.server";
import type { RequestAuth } from "./lib/request-context.server";

declare module "@remix-run/node" {
  // Single fetch types: loaders and actions returning data() are unwrapped in useLoaderData & co.
  interface Future {
    v3_singleFetch: true;
  }

  interface AppLoadContext {
    /** The id of this request: also in the X-Request-Id header and every log line about it. */
    requestId: string;
    /** Who is asking, worked out once per request before Remix runs. */
    auth: RequestAuth;
    /** The client's address (behind a trusted proxy: from X-Forwarded-For), for throttling. */
    clientIp: string;
    /** An API read's work started while its token was checked (api-speculation.server.ts). */
    speculation?: Speculation;
  }
}

export {};
