import { describe, expect, it } from "vitest";
import { contextFor } from "../support/remix";
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
      context: await contextFor(new Request("http://localhost/")),
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/solutions?page=2");
    const cookie = response.headers.get("Set-Cookie")!;
    expect(await localeCookie.parse(cookie)).toBe("zh");

    // The sign-in page is open to anonymous visitors, so the root loader answers there.
    const request = new Request("http://localhost/login", { headers: { Cookie: cookie } });
    const root = await rootLoader({ request, params: {}, context: await contextFor(request) });
    expect(root.locale).toBe("zh");
  });

  it("ignores an external redirectTo", async () => {
    const response = await action({
      request: post({ locale: "en", redirectTo: "https://evil.example/" }),
      params: {},
      context: await contextFor(new Request("http://localhost/")),
    });
    expect(response.headers.get("Location")).toBe("/");
  });

  it("answers 400 for an unknown language and sets no cookie", async () => {
    const response = await action({
      request: post({ locale: "xx" }),
      params: {},
      context: await contextFor(new Request("http://localhost/")),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("Set-Cookie")).toBeNull();
  });
});

describe("language switch for signed-in users", () => {
  it("also saves the choice as their preference, which the root follows", async () => {
    const { getDb } = await import("~/lib/db.server");
    const { createUser } = await import("../factories/accounts");
    const { cookieFor } = await import("../support/remix");
    const user = await createUser(getDb(), { locale: "en" });
    const cookie = await cookieFor(user.id);
    const request = new Request("http://localhost/language", {
      method: "POST",
      body: new URLSearchParams({ locale: "zh", redirectTo: "/solutions" }),
      headers: { Cookie: cookie },
    });
    await action({ request, params: {}, context: await contextFor(request) });
    const saved = await getDb()
      .selectFrom("users")
      .select("locale")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(saved.locale).toBe("zh");
    const page = new Request("http://localhost/solutions", { headers: { Cookie: cookie } });
    const root = await rootLoader({ request: page, params: {}, context: await contextFor(page) });
    expect(root.locale).toBe("zh");
  });
});
