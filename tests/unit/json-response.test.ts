import { describe, expect, it, vi } from "vitest";
import { jsonResponse, unreadJsonText } from "~/lib/json-response.server";

describe("jsonResponse", () => {
  it("is an ordinary JSON Response, as Response.json would make it", async () => {
    const data = { hits: [{ title: "隧道 <mark>clash</mark>" }], total: 1 };
    const response = jsonResponse(data, { status: 201, headers: { "Cache-Control": "no-store" } });
    expect(response.status).toBe(201);
    expect(response.headers.get("Content-Type")).toBe("application/json");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual(data);
  });

  it("keeps the text it was made from until somebody reads the body", async () => {
    const response = jsonResponse({ a: [1, "二"] });
    expect(unreadJsonText(response)).toBe('{"a":[1,"二"]}');
    await response.text();
    expect(unreadJsonText(response)).toBeUndefined();
  });

  it("finds the text from another copy of the module (the Remix build's routes make it, the HTTP layer reads it)", async () => {
    vi.resetModules();
    const otherCopy = await import("~/lib/json-response.server");
    expect(otherCopy.jsonResponse).not.toBe(jsonResponse);
    expect(unreadJsonText(otherCopy.jsonResponse({ q: "碰撞" }))).toBe('{"q":"碰撞"}');
    expect(otherCopy.unreadJsonText(jsonResponse([1]))).toBe("[1]");
  });

  it("keeps no text for other Responses", () => {
    expect(unreadJsonText(Response.json({ a: 1 }))).toBeUndefined();
    expect(unreadJsonText(new Response("{}"))).toBeUndefined();
  });

  it("keeps a content type the caller chose", () => {
    const response = jsonResponse({}, { headers: { "Content-Type": "application/problem+json" } });
    expect(response.headers.get("Content-Type")).toBe("application/problem+json");
  });

  it("refuses what JSON cannot hold, as Response.json does", () => {
    expect(() => jsonResponse(undefined)).toThrow(TypeError);
    expect(() => jsonResponse({ n: 1n })).toThrow(TypeError);
  });
});
