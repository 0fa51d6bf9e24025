import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createI18n } from "./lib/i18n";
import { detectLocale } from "./lib/locale.server";
import { getLogger } from "./lib/logger.server";
import { REQUEST_ID_HEADER, RequestIdContext } from "./lib/request-id";

const ABORT_DELAY = 5_000;

export const streamTimeout = ABORT_DELAY;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const requestId = request.headers.get(REQUEST_ID_HEADER) ?? undefined;
  // The root loader chose the locale (it knows the signed-in user); fall back for error renders.
  const rootData = remixContext.staticHandlerContext.loaderData?.root as { locale?: string } | undefined;
  const locale = rootData?.locale === "zh" || rootData?.locale === "en" ? rootData.locale : await detectLocale(request);
  const i18n = createI18n(locale);
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <RequestIdContext.Provider value={requestId}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />
        </I18nextProvider>
      </RequestIdContext.Provider>,
      {
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) getLogger().error({ err: error, requestId }, "render error");
        },
      },
    );
    setTimeout(abort, ABORT_DELAY + 1_000);
  });
}

/** Unexpected loader/action/render errors: one log line with the request id and the stack. */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  // Unknown URLs and thrown 4xx responses are answers, not failures.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  getLogger().error(
    { err: error, requestId: request.headers.get(REQUEST_ID_HEADER), method: request.method, url: request.url },
    "unhandled error",
  );
};
