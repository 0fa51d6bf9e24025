import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it, vi } from "vitest";
import { rememberApiTokenCheck, startSpeculation, takeSpeculation, type Speculate } from "~/lib/api-speculation.server";
import { ANONYMOUS, type RequestAuth } from "~/lib/request-context.server";
import type { SessionUser } from "~/lib/session.server";

let serial = 0;
function user(overrides: Partial<SessionUser> = {}): SessionUser {
  serial += 1;
  return {
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, "0")}`,
    email: `u${serial}@example.test`,
    displayName: `User ${serial}`,
    role: "member",
    subsidiaryId: "10000000-0000-4000-8000-000000000001",
    locale: "en",
    ...overrides,
  };
}

const checked = (who: SessionUser | null, rateLimitedFor = 0): RequestAuth => ({
  ...ANONYMOUS,
  user: who,
  via: "token",
  tokenId: who ? "tok" : null,
  rateLimitedFor,
});

const url = new URL("http://localhost/api/v1/search?q=bim");
const token = () => `sx_${(serial += 1)}.secret-${serial}`;
const context = (speculation: AppLoadContext["speculation"]) => ({ speculation }) as AppLoadContext;

describe("starting an API read's work while its token is checked", () => {
  it("starts nothing for a token it has not seen pass a check", () => {
    const speculate = vi.fn<Speculate>(() => Promise.resolve("early"));
    expect(startSpeculation(speculate, url, token())).toBeUndefined();
    expect(startSpeculation(speculate, url, null)).toBeUndefined();
    expect(speculate).not.toHaveBeenCalled();
  });

  it("starts the work as the user the token had at its last check", async () => {
    const who = user();
    const presented = token();
    rememberApiTokenCheck(presented, checked(who));
    const speculate = vi.fn<Speculate>(() => Promise.resolve("early"));
    const speculation = startSpeculation(speculate, url, presented);
    expect(speculate).toHaveBeenCalledWith({ url, user: who });
    expect(speculation?.user).toEqual(who);
    expect(await takeSpeculation(context(speculation), who)).toBe("early");
  });

  it("keys on the whole token: the same id with another secret starts nothing", () => {
    const presented = token();
    rememberApiTokenCheck(presented, checked(user()));
    const speculate = vi.fn<Speculate>(() => Promise.resolve("early"));
    expect(startSpeculation(speculate, url, `${presented}x`)).toBeUndefined();
    expect(speculate).not.toHaveBeenCalled();
  });

  it("forgets a token whose check failed (revoked, expired, unknown)", () => {
    const presented = token();
    rememberApiTokenCheck(presented, checked(user()));
    rememberApiTokenCheck(presented, checked(null));
    const speculate = vi.fn<Speculate>(() => Promise.resolve("early"));
    expect(startSpeculation(speculate, url, presented)).toBeUndefined();
    expect(speculate).not.toHaveBeenCalled();
  });

  it("starts nothing for a token over its budget until its window has passed", () => {
    const presented = token();
    const at = Date.now();
    rememberApiTokenCheck(presented, checked(user(), 30), at);
    const speculate = vi.fn<Speculate>(() => Promise.resolve("early"));
    expect(startSpeculation(speculate, url, presented, at + 29_000)).toBeUndefined();
    expect(speculate).not.toHaveBeenCalled();
    expect(startSpeculation(speculate, url, presented, at + 30_000)).toBeDefined();
  });

  it("forgets a token not checked for ten minutes", () => {
    const presented = token();
    const at = Date.now();
    rememberApiTokenCheck(presented, checked(user()), at);
    const speculate = vi.fn<Speculate>(() => Promise.resolve("early"));
    expect(startSpeculation(speculate, url, presented, at + 10 * 60_000 + 1)).toBeUndefined();
  });

  it("keeps at most 2,000 tokens, dropping the least recently checked", () => {
    const first = token();
    rememberApiTokenCheck(first, checked(user()));
    const last = token();
    for (let i = 0; i < 2_000; i++) rememberApiTokenCheck(i === 1_999 ? last : token(), checked(user()));
    const speculate = vi.fn<Speculate>(() => Promise.resolve("early"));
    expect(startSpeculation(speculate, url, first)).toBeUndefined();
    expect(startSpeculation(speculate, url, last)).toBeDefined();
  });

  it("survives a route whose early work throws or declines", () => {
    const presented = token();
    rememberApiTokenCheck(presented, checked(user()));
    expect(
      startSpeculation(
        () => {
          throw new Error("boom");
        },
        url,
        presented,
      ),
    ).toBeUndefined();
    expect(startSpeculation(() => undefined, url, presented)).toBeUndefined();
    expect(startSpeculation(undefined, url, presented)).toBeUndefined();
  });
});

describe("using the early work", () => {
  it.each([
    ["role", { role: "curator" }],
    ["subsidiary", { subsidiaryId: "10000000-0000-4000-8000-000000000002" }],
    ["language", { locale: "zh" }],
    ["name", { displayName: "Renamed" }],
  ] as const)("throws it away when the checked user's %s differs", async (_field, change) => {
    const presumed = user();
    const speculation = { user: presumed, result: Promise.resolve("early") };
    expect(await takeSpeculation(context(speculation), { ...presumed, ...change })).toBeUndefined();
  });

  it("throws it away for another user, and when it failed", async () => {
    const presumed = user();
    expect(
      await takeSpeculation(context({ user: presumed, result: Promise.resolve("early") }), user()),
    ).toBeUndefined();
    const failed = Promise.reject(new Error("Meilisearch said no"));
    failed.catch(() => undefined);
    expect(await takeSpeculation(context({ user: presumed, result: failed }), presumed)).toBeUndefined();
    expect(await takeSpeculation(context(undefined), presumed)).toBeUndefined();
  });
});
