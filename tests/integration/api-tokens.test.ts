import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { advanceClockForTests, resetClockForTests } from "~/lib/clock.server";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";

const API_RATE_LIMIT_PER_MINUTE = getEnv().API_RATE_LIMIT_PER_MINUTE;
import { authenticate } from "~/lib/request-context.server";
import { loader as meLoader } from "~/routes/api.v1.me";
import { action as settingsAction, loader as settingsLoader } from "~/routes/settings";
import { createUser } from "../factories/accounts";
import { call, contextFor, cookieFor, getRequest, payload, postRequest } from "../support/remix";

afterEach(() => resetClockForTests());

async function createToken(userId: string, fields: Record<string, string> = {}) {
  const request = postRequest(
    "/settings",
    { intent: "createToken", label: "ci", ...fields },
    { Cookie: await cookieFor(userId) },
  );
  return call(async () => settingsAction({ request, params: {}, context: await contextFor(request) }));
}

async function me(token: string | null) {
  const request = getRequest("/api/v1/me", token === null ? {} : { Authorization: `Bearer ${token}` });
  return call(async () => meLoader({ request, params: {}, context: await contextFor(request) }));
}

describe("API tokens", () => {
  it("are shown once, stored hashed, and authenticate /api/v1 as exactly that user", async () => {
    const user = await createUser(getDb());
    const created = await createToken(user.id);
    const token: string = payload(created.value).token;
    expect(token).toMatch(/^sx_[a-z2-7]{32}\.[a-z2-7]{32}$/);
    const rows = await getDb().selectFrom("apiTokens").selectAll().where("userId", "=", user.id).execute();
    expect(JSON.stringify(rows)).not.toContain(token.split(".")[1]);

    const result = await me(token);
    expect(result.status).toBe(200);
    expect(await result.response!.json()).toMatchObject({ id: user.id, email: user.email, role: "member" });

    const listed = await call(async () => {
      const request = getRequest("/settings", { Cookie: await cookieFor(user.id) });
      return settingsLoader({ request, params: {}, context: await contextFor(request) });
    });
    const tokens = payload(listed.value).tokens;
    expect(tokens).toHaveLength(1);
    expect(tokens[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(tokens)).not.toContain(token);
  });

  it("answer 401 JSON for a missing, malformed, tampered or revoked token", async () => {
    const user = await createUser(getDb());
    const token: string = payload((await createToken(user.id)).value).token;
    for (const bad of [null, "", "nonsense", `${token}x`, token.replace(/.$/, (c) => (c === "a" ? "b" : "a"))]) {
      const result = await me(bad);
      expect(result.status).toBe(401);
      expect((await result.response!.json()).error.code).toBe("unauthorized");
    }
    const revoke = postRequest(
      "/settings",
      { intent: "revokeToken", tokenId: token.slice(3).split(".")[0]! },
      { Cookie: await cookieFor(user.id) },
    );
    expect(
      (await call(async () => settingsAction({ request: revoke, params: {}, context: await contextFor(revoke) })))
        .status,
    ).toBe(200);
    expect((await me(token)).status).toBe(401);
  });

  it("count requests only for tokens that exist, in an unlogged table", async () => {
    const user = await createUser(getDb());
    const token: string = payload((await createToken(user.id)).value).token;
    const unknownId = `sx_${"a".repeat(32)}`;
    expect((await me(`${unknownId}.${token.split(".")[1]}`)).status).toBe(401);
    expect((await me(token)).status).toBe(200);
    const keys = await getDb()
      .selectFrom("rateLimitBuckets")
      .select(["key", "count"])
      .where("key", "in", [`api:${unknownId.slice(3)}`, `api:${token.slice(3).split(".")[0]}`])
      .execute();
    expect(keys).toEqual([{ key: `api:${token.slice(3).split(".")[0]}`, count: 1 }]);
    const { rows } = await sql<{ relpersistence: string }>`
      select relpersistence from pg_class where oid = 'rate_limit_buckets'::regclass`.execute(getDb());
    expect(rows[0]?.relpersistence).toBe("u");
  });

  it("expire", async () => {
    const user = await createUser(getDb());
    const token: string = payload((await createToken(user.id, { expiresInDays: "1" })).value).token;
    expect((await me(token)).status).toBe(200);
    advanceClockForTests(25 * 60 * 60 * 1000);
    try {
      expect((await me(token)).status).toBe(401);
    } finally {
      resetClockForTests();
    }
  });

  it("validate their form", async () => {
    const user = await createUser(getDb());
    const result = await createToken(user.id, { label: "", expiresInDays: "400" });
    expect(result.status).toBe(400);
    expect(payload(result.value).fieldErrors).toEqual({
      label: ["validation:required"],
      expiresInDays: ["validation:tooBig"],
    });
  });

  it(`are limited to ${API_RATE_LIMIT_PER_MINUTE} requests a minute`, async () => {
    const user = await createUser(getDb());
    const token: string = payload((await createToken(user.id)).value).token;
    const input = { path: "/api/v1/me", cookie: null, authorization: `Bearer ${token}`, secure: false };
    // Start just after a minute boundary so all requests fall in one fixed window.
    advanceClockForTests(60_000 - (Date.now() % 60_000) + 500);
    const results = await Promise.all(Array.from({ length: API_RATE_LIMIT_PER_MINUTE }, () => authenticate(input)));
    expect(results.every((r) => r.rateLimitedFor === 0 && r.user?.id === user.id)).toBe(true);
    const over = await authenticate(input);
    expect(over.rateLimitedFor).toBeGreaterThan(0);
    expect(over.rateLimitedFor).toBeLessThanOrEqual(60);
    advanceClockForTests(61_000);
    try {
      expect((await authenticate(input)).rateLimitedFor).toBe(0);
    } finally {
      resetClockForTests();
    }
  });

  it("ignore session cookies on bearer requests and bearer headers outside the API", async () => {
    const user = await createUser(getDb());
    const cookie = await cookieFor(user.id);
    const viaApi = await authenticate({ path: "/api/v1/me", cookie, authorization: "Bearer junk", secure: false });
    expect(viaApi.user).toBeNull();
    const token: string = payload((await createToken(user.id)).value).token;
    const page = await authenticate({
      path: "/settings",
      cookie: null,
      authorization: `Bearer ${token}`,
      secure: false,
    });
    expect(page.user).toBeNull();
  });
});

describe("settings", () => {
  async function post(userId: string, fields: Record<string, string>, cookie?: string) {
    const request = postRequest("/settings", fields, { Cookie: cookie ?? (await cookieFor(userId)) });
    return call(async () => settingsAction({ request, params: {}, context: await contextFor(request) }));
  }

  it("update name and language", async () => {
    const user = await createUser(getDb());
    expect((await post(user.id, { intent: "profile", displayName: "Renamed", locale: "zh" })).status).toBe(200);
    const row = await getDb()
      .selectFrom("users")
      .select(["displayName", "locale"])
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ displayName: "Renamed", locale: "zh" });
    expect((await post(user.id, { intent: "profile", displayName: "", locale: "fr" })).status).toBe(400);
  });

  it("refuse a password change with the wrong current password or a common new one", async () => {
    const user = await createUser(getDb());
    const wrong = await post(user.id, {
      intent: "password",
      currentPassword: "nope",
      newPassword: "Cobalt-Fjord-Tulip-31",
      confirmPassword: "Cobalt-Fjord-Tulip-31",
    });
    expect(payload(wrong.value).fieldErrors).toEqual({ currentPassword: ["auth:errors.wrongCurrentPassword"] });
    const common = await post(user.id, {
      intent: "password",
      currentPassword: user.password,
      newPassword: "qwertyuiop",
      confirmPassword: "qwertyuiop",
    });
    expect(payload(common.value).fieldErrors).toEqual({ newPassword: ["auth:password.too_common"] });
    const differ = await post(user.id, {
      intent: "password",
      currentPassword: user.password,
      newPassword: "Cobalt-Fjord-Tulip-31",
      confirmPassword: "Cobalt-Fjord-Tulip-32",
    });
    expect(payload(differ.value).fieldErrors).toEqual({ confirmPassword: ["auth:errors.passwordsDiffer"] });
  });

  it("sign out other sessions but keep this one", async () => {
    const user = await createUser(getDb());
    const mine = await cookieFor(user.id);
    const other = await cookieFor(user.id);
    expect((await post(user.id, { intent: "signOutOthers" }, mine)).status).toBe(200);
    expect((await contextFor(getRequest("/", { Cookie: mine }))).auth.user?.id).toBe(user.id);
    expect((await contextFor(getRequest("/", { Cookie: other }))).auth.user).toBeNull();
  });

  it("answer 400 to an unknown intent", async () => {
    const user = await createUser(getDb());
    expect((await post(user.id, { intent: "become-admin" })).status).toBe(400);
    expect((await post(user.id, {})).status).toBe(400);
  });
});
