import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The id of this request: also in the X-Request-Id header and every log line about it. */
    requestId: string;
  }
}

export {};
