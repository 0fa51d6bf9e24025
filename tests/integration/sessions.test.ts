import { afterEach, describe, expect, it } from "vitest";
import { advanceClockForTests, resetClockForTests } from "~/lib/clock.server";
import { getDb } from "~/lib/db.server";
import {
  createSession,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  SESSION_REFRESH_INTERVAL_MS,
  validateSessionToken,
} from "~/lib/session.server";
import { changePassword } from "~/services/accounts.server";
import { changeUserRole, changeUserSubsidiary, setUserActive } from "~/services/users.server";
import { createApiToken } from "~/services/api-tokens.server";
import { validateApiToken } from "~/lib/api-token.server";
import { createSubsidiary, createTeam, createUser } from "../factories/accounts";

afterEach(() => resetClockForTests());

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

async function sessionRows(userId: string) {
  return getDb().selectFrom("sessions").selectAll().where("userId", "=", userId).execute();
}

describe("session tokens", () => {
  it("are <id>.<secret> with 160 random bits each, and the stored row holds only a hash of the secret", async () => {
    const user = await createUser(getDb());
    const { token } = await createSession(getDb(), user.id);
    const [id, secret] = token.split(".");
    expect(id).toMatch(/^[a-z2-7]{32}$/);
    expect(secret).toMatch(/^[a-z2-7]{32}$/);
    const [row] = await sessionRows(user.id);
    expect(row!.id).toBe(id);
    const stored = JSON.stringify({ ...row, secretHash: Buffer.from(row!.secretHash).toString("hex") });
    expect(stored).not.toContain(secret);
    expect(Buffer.from(row!.secretHash).toString("hex")).not.toContain(Buffer.from(secret!).toString("hex"));
    expect(row!.secretHash).toHaveLength(32);
  });

  it("validate, and reject a tampered secret, an unknown id or junk without throwing", async () => {
    const user = await createUser(getDb());
    const { token } = await createSession(getDb(), user.id);
    expect((await validateSessionToken(getDb(), token))?.user.id).toBe(user.id);
    const [id, secret] = token.split(".") as [string, string];
    const flipped = secret.slice(0, -1) + (secret.endsWith("a") ? "b" : "a");
    expect(await validateSessionToken(getDb(), `${id}.${flipped}`)).toBeNull();
    expect(await validateSessionToken(getDb(), `${"a".repeat(32)}.${secret}`)).toBeNull();
    for (const junk of [
      "",
      ".",
      "x.y",
      `${id}`,
      `${id}.${secret}.extra`,
      "'; drop table sessions; --",
      "é".repeat(500),
    ]) {
      expect(await validateSessionToken(getDb(), junk)).toBeNull();
    }
    expect(await sessionRows(user.id)).toHaveLength(1);
  });

  it("slide: refreshed at most hourly, extending the idle expiry", async () => {
    const user = await createUser(getDb());
    const { token, expiresAt } = await createSession(getDb(), user.id);
    advanceClockForTests(SESSION_REFRESH_INTERVAL_MS / 2);
    const early = await validateSessionToken(getDb(), token);
    expect(early?.refreshed).toBe(false);
    expect(early?.expiresAt.getTime()).toBe(expiresAt.getTime());

    advanceClockForTests(SESSION_REFRESH_INTERVAL_MS);
    const later = await validateSessionToken(getDb(), token);
    expect(later?.refreshed).toBe(true);
    expect(later!.expiresAt.getTime()).toBeGreaterThan(expiresAt.getTime());
  });

  it("expire after 30 idle days", async () => {
    const user = await createUser(getDb());
    const { token } = await createSession(getDb(), user.id);
    advanceClockForTests(SESSION_IDLE_MS - HOUR);
    expect(await validateSessionToken(getDb(), token)).not.toBeNull(); // refreshes
    advanceClockForTests(SESSION_IDLE_MS + HOUR);
    expect(await validateSessionToken(getDb(), token)).toBeNull();
    expect(await sessionRows(user.id)).toHaveLength(0);
  });

  it("end at the absolute cap even when used every day", async () => {
    const user = await createUser(getDb());
    const { token } = await createSession(getDb(), user.id);
    let alive = 0;
    for (let day = 1; day <= SESSION_ABSOLUTE_MS / DAY + 2; day++) {
      advanceClockForTests(DAY);
      if (await validateSessionToken(getDb(), token)) alive = day;
      else break;
    }
    expect(alive).toBe(SESSION_ABSOLUTE_MS / DAY - 1);
    expect(await validateSessionToken(getDb(), token)).toBeNull();
  });
});

describe("every session and API token ends", () => {
  async function signedInEverywhere(userId: string) {
    const a = await createSession(getDb(), userId);
    const b = await createSession(getDb(), userId);
    return { sessions: [a.token, b.token] };
  }

  async function assertAllEnded(userId: string, sessions: string[], apiToken: string) {
    for (const token of sessions) expect(await validateSessionToken(getDb(), token)).toBeNull();
    expect(await validateApiToken(getDb(), apiToken)).toBeNull();
    expect(await sessionRows(userId)).toHaveLength(0);
  }

  it("on a password change (the changing browser gets a new session)", async () => {
    const user = await createUser(getDb());
    const { sessions } = await signedInEverywhere(user.id);
    const api = await createApiToken(getDb(), { ...user, locale: null }, { label: "ci", expiresInDays: null });
    const fresh = await changePassword(getDb(), user, {
      currentPassword: user.password,
      newPassword: "Granite-Meadow-Compass-77",
    });
    for (const token of sessions) expect(await validateSessionToken(getDb(), token)).toBeNull();
    expect(await validateApiToken(getDb(), api.token)).toBeNull();
    expect((await validateSessionToken(getDb(), fresh.token))?.user.id).toBe(user.id);
  });

  it("on a role change", async () => {
    const team = await createTeam(getDb());
    const { sessions } = await signedInEverywhere(team.member.id);
    const api = await createApiToken(getDb(), team.member, { label: "x", expiresInDays: 5 });
    await changeUserRole(getDb(), team.lead, team.member.id, "lead");
    await assertAllEnded(team.member.id, sessions, api.token);
  });

  it("on a subsidiary change", async () => {
    const team = await createTeam(getDb());
    const other = await createSubsidiary(getDb());
    const { sessions } = await signedInEverywhere(team.member.id);
    const api = await createApiToken(getDb(), team.member, { label: "x", expiresInDays: null });
    await changeUserSubsidiary(getDb(), team.admin, team.member.id, other.id);
    await assertAllEnded(team.member.id, sessions, api.token);
  });

  it("on deactivation, and a deactivated user's old token is refused even if a row survived", async () => {
    const team = await createTeam(getDb());
    const { sessions } = await signedInEverywhere(team.member.id);
    const api = await createApiToken(getDb(), team.member, { label: "x", expiresInDays: null });
    await setUserActive(getDb(), team.admin, team.member.id, false);
    await assertAllEnded(team.member.id, sessions, api.token);

    // Even a session created behind the service's back is refused while the account is deactivated.
    const sneaky = await createSession(getDb(), team.member.id);
    expect(await validateSessionToken(getDb(), sneaky.token)).toBeNull();
  });
});
