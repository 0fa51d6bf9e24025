import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeepAliveHttpClient, describeMeiliError, MeiliHttpError } from "../../search/http-client";

let server: http.Server;
let base: string;
const sockets = new Set<unknown>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    sockets.add(req.socket);
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if (req.url === "/missing") {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: "Index `x` not found.", code: "index_not_found" }));
      } else if (req.url === "/slow") {
        setTimeout(() => res.end("{}"), 2_000);
      } else if (req.url === "/empty") {
        res.writeHead(204).end();
      } else {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization, big: "x".repeat(10_000) }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("keep-alive http client", () => {
  it("sends method, headers and body, and parses the JSON answer", async () => {
    const client = createKeepAliveHttpClient();
    const result = (await client(`${base}/echo`, {
      method: "POST",
      headers: { Authorization: "Bearer k", "Content-Type": "application/json" },
      body: JSON.stringify({ a: 1 }),
    })) as { method: string; body: string; auth: string; big: string };
    expect(result.method).toBe("POST");
    expect(JSON.parse(result.body)).toEqual({ a: 1 });
    expect(result.auth).toBe("Bearer k");
    expect(result.big).toHaveLength(10_000);
    client.destroy();
  });

  it("sends a reused Headers object's headers every time, with a body's length for each request", async () => {
    const client = createKeepAliveHttpClient();
    const headers = new Headers({ Authorization: "Bearer shared" });
    const first = (await client(`${base}/echo`, { method: "POST", headers, body: "one" })) as {
      auth: string;
      body: string;
    };
    const second = (await client(`${base}/echo`, { method: "POST", headers, body: "second body" })) as {
      auth: string;
      body: string;
    };
    const other = (await client(`${base}/echo`, { headers: new Headers({ Authorization: "Bearer other" }) })) as {
      auth: string;
    };
    expect([first.auth, first.body]).toEqual(["Bearer shared", "one"]);
    expect([second.auth, second.body]).toEqual(["Bearer shared", "second body"]);
    expect(other.auth).toBe("Bearer other");
    client.destroy();
  });

  it("reuses one connection for consecutive requests", async () => {
    const client = createKeepAliveHttpClient();
    sockets.clear();
    for (let i = 0; i < 5; i++) await client(new URL("/echo", base));
    expect(sockets.size).toBe(1);
    client.destroy();
  });

  it("throws MeiliHttpError with status and code for a non-2xx answer", async () => {
    const client = createKeepAliveHttpClient();
    const error = await client(`${base}/missing`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeiliHttpError);
    expect(describeMeiliError(error)).toEqual({
      status: 404,
      code: "index_not_found",
      message: "Index `x` not found.",
    });
    expect(describeMeiliError(new Error("outer", { cause: error })).code).toBe("index_not_found");
    client.destroy();
  });

  it("returns undefined for an empty body", async () => {
    const client = createKeepAliveHttpClient();
    await expect(client(`${base}/empty`)).resolves.toBeUndefined();
    client.destroy();
  });

  it("honours an abort signal", async () => {
    const client = createKeepAliveHttpClient();
    const started = Date.now();
    await expect(client(`${base}/slow`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_500);
    client.destroy();
  });
});
