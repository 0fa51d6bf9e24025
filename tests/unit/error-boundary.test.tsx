import { Writable } from "node:stream";
import pino from "pino";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { StaticRouter } from "react-router-dom/server";
import { afterEach, describe, expect, it } from "vitest";
import { ErrorPage } from "~/components/error-page";
import { handleError } from "~/entry.server";
import { createI18n } from "~/lib/i18n";
import { ANONYMOUS } from "~/lib/request-context.server";
import { clearSingleton, setSingleton } from "~/lib/singleton.server";

afterEach(() => clearSingleton("logger"));

function captureLogs() {
  const lines: Record<string, any>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  setSingleton("logger", pino({ level: "info" }, stream));
  return lines;
}

describe("error page", () => {
  it("shows the title, message and request reference, in the reader's language", () => {
    const html = renderToString(
      <StaticRouter location="/">
        <I18nextProvider i18n={createI18n("zh")}>
          <ErrorPage title="出现错误" body="body text" requestId="req-42" />
        </I18nextProvider>
      </StaticRouter>,
    );
    expect(html).toContain("出现错误");
    expect(html).toContain("参考编号：req-42");
    expect(html).toContain('href="/"');
  });
});

describe("handleError", () => {
  it("logs unexpected errors once with the request id and the stack", async () => {
    const lines = captureLogs();
    const request = new Request("http://localhost/solutions", { headers: { "x-request-id": "req-7" } });
    handleError(new Error("loader exploded"), {
      request,
      params: {},
      context: { requestId: "req-7", auth: ANONYMOUS, clientIp: "127.0.0.1" },
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, requestId: "req-7", method: "GET", msg: "unhandled error" });
    expect(lines[0]!.err.message).toBe("loader exploded");
    expect(lines[0]!.err.stack).toContain("error-boundary.test.tsx");
  });

  it("does not log 404s and aborted requests", async () => {
    const lines = captureLogs();
    const aborted = new AbortController();
    aborted.abort();
    handleError(new Error("client went away"), {
      request: new Request("http://localhost/", { signal: aborted.signal }),
      params: {},
      context: { requestId: "x", auth: ANONYMOUS, clientIp: "127.0.0.1" },
    });
    const { UNSAFE_ErrorResponseImpl: ErrorResponseImpl } = await import("@remix-run/router");
    handleError(new ErrorResponseImpl(404, "Not Found", null), {
      request: new Request("http://localhost/x"),
      params: {},
      context: { requestId: "x", auth: ANONYMOUS, clientIp: "127.0.0.1" },
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual([]);
  });
});
