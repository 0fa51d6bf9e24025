import { describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { sessionCookie } from "~/lib/session.server";
import { ACCOUNT_FREE_FAILURES, IP_MAX_FAILURES } from "~/services/throttle.server";
import { setUserActive } from "~/services/users.server";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { loader as rootLoader } from "~/root";
import { createTeam, createUser } from "../factories/accounts";
import { call, contextFor, cookieFor, getRequest, payload, postRequest } from "../support/remix";

let ipCounter = 0;
/** Each test signs in from its own address so per-IP throttling of one test never touches another. */
function freshIp() {
  ipCounter += 1;
  return `198.51.100.${ipCounter}`;
}

async function signIn(fields: Record<string, string>, ip: string) {
  const request = postRequest("/login", fields);
  return call(async () => loginAction({ request, params: {}, context: await contextFor(request, { ip }) }));
}

describe("sign-in", () => {
  it("signs in, sets an HttpOnly SameSite=Lax cookie and goes to a same-site redirectTo", async () => {
    const user = await createUser(getDb());
    const result = await signIn(
      { email: user.email.toUpperCase(), password: user.password, redirectTo: "/admin/users?q=x" },
      freshIp(),
    );
    expect(result.status).toBe(302);
    expect(result.response!.headers.get("Location")).toBe("/admin/users?q=x");
    const cookie = result.response!.headers.get("Set-Cookie")!;
    expect(await sessionCookie.parse(cookie)).toMatch(/^[a-z2-7]{32}\.[a-z2-7]{32}$/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it("marks the cookie Secure over https", async () => {
    const user = await createUser(getDb());
    const request = new Request("https://portal.example/login", {
      method: "POST",
      body: new URLSearchParams({ email: user.email, password: user.password }),
    });
    const result = await call(async () =>
      loginAction({ request, params: {}, context: await contextFor(request, { ip: freshIp() }) }),
    );
    expect(result.response!.headers.get("Set-Cookie")).toMatch(/Secure/);
  });

  it("gives each sign-in a new token", async () => {
    const user = await createUser(getDb());
    const ip = freshIp();
    const first = await signIn({ email: user.email, password: user.password }, ip);
    const second = await signIn({ email: user.email, password: user.password }, ip);
    expect(await sessionCookie.parse(first.response!.headers.get("Set-Cookie"))).not.toBe(
      await sessionCookie.parse(second.response!.headers.get("Set-Cookie")),
    );
  });

  it.each([
    "https://evil.example/",
    "https:evil.example",
    "//evil.example/x",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/.//evil.example",
    "/a/..//evil.example",
    "/%2e%2e//evil.example",
    "/%2F%2Fevil.example",
    "/%5C%5Cevil.example",
    "javascript:alert(1)",
  ])("ignores the external redirectTo %j", async (redirectTo) => {
    const user = await createUser(getDb());
    const result = await signIn({ email: user.email, password: user.password, redirectTo }, freshIp());
    expect(result.response!.headers.get("Location")).toBe("/");
  });

  it("answers an unknown email and a wrong password identically", async () => {
    const user = await createUser(getDb());
    const wrong = await signIn({ email: user.email, password: "not-the-password" }, freshIp());
    const unknown = await signIn(
      { email: `nobody-${Date.now()}@example.com`, password: "not-the-password" },
      freshIp(),
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = (v: unknown) => ({ ...payload(v), values: undefined });
    expect(strip(wrong.value)).toEqual(strip(unknown.value));
    expect(payload(wrong.value).formError).toBe("errors:invalid_credentials");
  });

  it("answers 400 with field messages for missing or malformed fields", async () => {
    const result = await signIn({ email: "not-an-email", password: "" }, freshIp());
    expect(result.status).toBe(400);
    expect(payload(result.value).fieldErrors).toEqual({
      email: ["validation:email"],
      password: ["validation:required"],
    });
    const huge = await signIn({ email: `${"a".repeat(5000)}@example.com`, password: "x".repeat(5000) }, freshIp());
    expect(huge.status).toBe(400);
  });

  it("refuses a filled honeypot without checking the password", async () => {
    const user = await createUser(getDb());
    const result = await signIn({ email: user.email, password: user.password, website: "http://spam" }, freshIp());
    expect(result.status).toBe(400);
    expect(payload(result.value).fieldErrors._form).toEqual(["errors:bot"]);
  });

  it("tells a deactivated user so (only with the right password)", async () => {
    const team = await createTeam(getDb());
    await setUserActive(getDb(), team.admin, team.member.id, false);
    const right = await signIn({ email: team.member.email, password: team.member.password }, freshIp());
    expect(right.status).toBe(403);
    expect(payload(right.value).formError).toBe("errors:deactivated");
    const wrong = await signIn({ email: team.member.email, password: "nope-nope-nope" }, freshIp());
    expect(payload(wrong.value).formError).toBe("errors:invalid_credentials");
  });
});

describe("throttling", () => {
  it(`blocks an account after ${ACCOUNT_FREE_FAILURES} failures with 429 and Retry-After, even for the right password`, async () => {
    const user = await createUser(getDb());
    for (let i = 0; i < ACCOUNT_FREE_FAILURES; i++) {
      // Different addresses: the account limit holds however the attacker spreads out.
      expect((await signIn({ email: user.email, password: `wrong-${i}` }, freshIp())).status).toBe(401);
    }
    const blocked = await signIn({ email: user.email, password: user.password }, freshIp());
    expect(blocked.status).toBe(429);
    expect(
      Number(blocked.response?.headers.get("Retry-After") ?? (blocked.value as any)?.init?.headers?.["Retry-After"]),
    ).toBeGreaterThan(0);
  });

  it("blocks the same way whether or not the email has an account", async () => {
    const email = `ghost-${Date.now()}@example.com`;
    for (let i = 0; i < ACCOUNT_FREE_FAILURES; i++) await signIn({ email, password: `wrong-${i}` }, freshIp());
    expect((await signIn({ email, password: "whatever" }, freshIp())).status).toBe(429);
  });

  it(`blocks an IP after ${IP_MAX_FAILURES} failures in 10 minutes, across accounts`, async () => {
    const ip = freshIp();
    for (let i = 0; i < IP_MAX_FAILURES; i++) {
      expect((await signIn({ email: `spray-${i}-${Date.now()}@example.com`, password: "x" }, ip)).status).toBe(401);
    }
    const user = await createUser(getDb());
    expect((await signIn({ email: user.email, password: user.password }, ip)).status).toBe(429);
    expect((await signIn({ email: user.email, password: user.password }, freshIp())).status).toBe(302);
  });

  it("forgets an account's failures after a successful sign-in", async () => {
    const user = await createUser(getDb());
    for (let i = 0; i < ACCOUNT_FREE_FAILURES - 1; i++)
      await signIn({ email: user.email, password: "wrong" }, freshIp());
    expect((await signIn({ email: user.email, password: user.password }, freshIp())).status).toBe(302);
    for (let i = 0; i < ACCOUNT_FREE_FAILURES - 1; i++)
      await signIn({ email: user.email, password: "wrong" }, freshIp());
    expect((await signIn({ email: user.email, password: user.password }, freshIp())).status).toBe(302);
  });
});

describe("anonymous visitors", () => {
  it.each(["/", "/settings", "/admin/users", "/solutions/anything", "/no/such/page"])(
    "are sent from %s to sign in",
    async (path) => {
      const request = getRequest(path);
      const result = await call(async () => rootLoader({ request, params: {}, context: await contextFor(request) }));
      expect(result.status).toBe(302);
      const location = result.response!.headers.get("Location")!;
      expect(location.startsWith("/login")).toBe(true);
      if (path !== "/") expect(new URL(location, "http://x").searchParams.get("redirectTo")).toBe(path);
    },
  );

  it.each(["/login", "/signup", "/invitations/abc", "/reset-password/abc"])("may open %s", async (path) => {
    const request = getRequest(path);
    const result = await call(async () => rootLoader({ request, params: {}, context: await contextFor(request) }));
    expect(result.status).toBe(200);
  });

  it("treat a tampered cookie as not signed in, not an error", async () => {
    const request = getRequest("/settings", { Cookie: "sx_session=abc.def; other=1" });
    const result = await call(async () => rootLoader({ request, params: {}, context: await contextFor(request) }));
    expect(result.status).toBe(302);
  });

  it("signed-in users are sent away from the sign-in page", async () => {
    const user = await createUser(getDb());
    const request = getRequest("/login?redirectTo=/settings", { Cookie: await cookieFor(user.id) });
    const result = await call(async () => loginLoader({ request, params: {}, context: await contextFor(request) }));
    expect(result.response!.headers.get("Location")).toBe("/settings");
  });
});

describe("sign-out", () => {
  it("ends the session and clears the cookie", async () => {
    const user = await createUser(getDb());
    const cookie = await cookieFor(user.id);
    const request = postRequest("/logout", {}, { Cookie: cookie });
    const result = await call(async () => logoutAction({ request, params: {}, context: await contextFor(request) }));
    expect(result.response!.headers.get("Location")).toBe("/login");
    expect(result.response!.headers.get("Set-Cookie")).toMatch(/sx_session=;.*Max-Age=0/);
    const after = getRequest("/settings", { Cookie: cookie });
    expect((await contextFor(after)).auth.user).toBeNull();
  });
});
