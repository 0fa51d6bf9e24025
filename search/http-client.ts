import http from "node:http";
import https from "node:https";

/**
 * A keep-alive HTTP client for the Meilisearch JS client's `httpClient` option. With Node 20's
 * built-in fetch, every response over ~2 KB took ~44 ms on these machines (see STACK.md); node:http
 * with a keep-alive agent answers in well under a millisecond. The Meilisearch client expects the
 * parsed JSON body back and leaves error handling to us: non-2xx answers throw MeiliHttpError.
 */
export class MeiliHttpError extends Error {
  override name = "MeiliHttpError";
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The Meilisearch client passes the same Headers object (its key, its user agent) with every request;
 * copying it into a new Headers to list it cost about 0.06 ms a search. Its plain form is kept per
 * object, on the understanding (true of the client) that a Headers object is not changed once sent.
 */
const plainHeadersByInit = new WeakMap<object, Readonly<Record<string, string>>>();

function plainHeaders(init: HeadersInit | undefined): Record<string, string> {
  const key = typeof init === "object" ? init : undefined;
  let plain = key && plainHeadersByInit.get(key);
  if (!plain) {
    const listed: Record<string, string> = {};
    new Headers(init).forEach((value, name) => {
      listed[name] = value;
    });
    plain = listed;
    if (key) plainHeadersByInit.set(key, plain);
  }
  return { ...plain };
}

export type HttpClient = (input: RequestInfo | URL, init?: RequestInit) => Promise<unknown>;

/**
 * `timeoutMs` bounds each request here rather than through the Meilisearch client's own `timeout`
 * option: that one adds an abort listener per poll to waitTask's shared signal and never removes it.
 */
export function createKeepAliveHttpClient(
  options: { maxSockets?: number; timeoutMs?: number } = {},
): HttpClient & { destroy(): void } {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64, keepAliveMsecs: 10_000 };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);

  const client = (input: RequestInfo | URL, init: RequestInit = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const url = input instanceof URL ? input : new URL(typeof input === "string" ? input : input.url);
      const isHttps = url.protocol === "https:";
      const headers = plainHeaders(init.headers);
      const body = typeof init.body === "string" ? init.body : init.body == null ? undefined : String(init.body);
      if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));

      const request = (isHttps ? https : http).request(
        url,
        { method: init.method ?? "GET", headers, agent: isHttps ? httpsAgent : httpAgent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", reject);
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown;
            try {
              parsed = text === "" ? undefined : JSON.parse(text);
            } catch {
              parsed = undefined;
            }
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) return resolve(parsed);
            const detail = parsed as { message?: string; code?: string } | undefined;
            reject(new MeiliHttpError(status, detail?.code, detail?.message ?? `Meilisearch answered ${status}`));
          });
        },
      );
      const signal = init.signal;
      if (signal) {
        const abort = () => request.destroy(signal.reason as Error);
        if (signal.aborted) abort();
        else {
          signal.addEventListener("abort", abort, { once: true });
          request.once("close", () => signal.removeEventListener("abort", abort));
        }
      }
      if (options.timeoutMs) {
        request.setTimeout(options.timeoutMs, () =>
          request.destroy(new Error(`no answer from Meilisearch within ${options.timeoutMs} ms`)),
        );
      }
      request.on("error", reject);
      request.end(body);
    });

  return Object.assign(client, {
    destroy() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  });
}

/** Finds the HTTP status and Meilisearch error code inside whatever the client threw. */
export function describeMeiliError(error: unknown): { status?: number; code?: string; message: string } {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof MeiliHttpError)
      return { status: current.status, code: current.code, message: current.message };
    current = (current as { cause?: unknown }).cause;
  }
  return { message: error instanceof Error ? error.message : String(error) };
}
