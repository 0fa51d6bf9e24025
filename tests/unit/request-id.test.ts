import { describe, expect, it } from "vitest";
import { getLatestDataRequestId, trackDataRequestIds } from "~/lib/request-id";

function fakeWindow(answers: Record<string, string | null>) {
  const seen: string[] = [];
  const target = {
    location: new URL("http://portal.test/solutions") as unknown as Location,
    fetch: (async (input: RequestInfo | URL) => {
      const url = new URL(input instanceof Request ? input.url : String(input), "http://portal.test");
      seen.push(url.pathname);
      const id = answers[url.href] ?? null;
      return new Response("x", { status: 500, headers: id ? { "X-Request-Id": id } : {} });
    }) as typeof fetch,
  };
  trackDataRequestIds(target);
  return { target, seen };
}

describe("request ids of Remix data requests", () => {
  it("records the X-Request-Id of same-origin .data responses and passes every response through", async () => {
    const { target, seen } = fakeWindow({
      "http://portal.test/solutions.data?_routes=root": "id-data-1",
      "http://portal.test/_root.data": "id-data-2",
      "http://portal.test/images/1": "id-image",
      "http://other.test/x.data": "id-other",
    });
    const response = await target.fetch("/solutions.data?_routes=root");
    expect(response.status).toBe(500);
    expect(getLatestDataRequestId()).toBe("id-data-1");

    await target.fetch("/images/1");
    await target.fetch("http://other.test/x.data");
    expect(getLatestDataRequestId()).toBe("id-data-1");

    await target.fetch(new Request("http://portal.test/_root.data"));
    expect(getLatestDataRequestId()).toBe("id-data-2");
    expect(seen).toEqual(["/solutions.data", "/images/1", "/x.data", "/_root.data"]);
  });
});
