import { describe, expect, it } from "vitest";
import { localeCookie } from "~/lib/locale.server";
import { action } from "~/routes/language";
import { loader as rootLoader } from "~/root";

function post(body: Record<string, string>) {
  return new Request("http://localhost/language", { method: "POST", body: new URLSearchParams(body) });
}

describe("language switch", () => {
  it("saves the language in a cookie and goes back to the page", async () => {
    const response = await action({
      request: post({ locale: "zh", redirectTo: "/solutions?page=2" }),
      params: {},
      context: { requestId: "t" },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/solutions?page=2");
    const cookie = response.headers.get("Set-Cookie")!;
    expect(await localeCookie.parse(cookie)).toBe("zh");

    const root = await rootLoader({
      request: new Request("http://localhost/", { headers: { Cookie: cookie } }),
      params: {},
      context: { requestId: "t" },
    });
    expect(root.locale).toBe("zh");
  });

  it("ignores an external redirectTo", async () => {
    const response = await action({
      request: post({ locale: "en", redirectTo: "https://evil.example/" }),
      params: {},
      context: { requestId: "t" },
    });
    expect(response.headers.get("Location")).toBe("/");
  });

  it("answers 400 for an unknown language and sets no cookie", async () => {
    const response = await action({ request: post({ locale: "xx" }), params: {}, context: { requestId: "t" } });
    expect(response.status).toBe(400);
    expect(response.headers.get("Set-Cookie")).toBeNull();
  });
});
