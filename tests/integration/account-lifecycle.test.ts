import crypto from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { advanceClockForTests, resetClockForTests } from "~/lib/clock.server";
import { getDb } from "~/lib/db.server";
import { sessionCookie, validateSessionToken } from "~/lib/session.server";
import { listSubsidiaries } from "~/models/subsidiary.server";
import { getUserByEmail, getUserById } from "~/models/user.server";
import { action as userAction } from "~/routes/admin.users.$userId";
import { action as usersAction } from "~/routes/admin.users._index";
import { action as acceptAction, loader as acceptLoader } from "~/routes/invitations.$token";
import { action as loginAction } from "~/routes/login";
import { action as settingsAction } from "~/routes/settings";
import { ForbiddenError, NotFoundError } from "~/services/errors";
import { createSubsidiary, setSubsidiaryArchived, updateSubsidiaryDetails } from "~/services/subsidiaries.server";
import { ACCOUNT_FREE_FAILURES, IP_BLOCK_MS, IP_MAX_FAILURES, IP_WINDOW_MS } from "~/services/throttle.server";
import { inviteUser } from "~/services/users.server";
import { createTeam, createUser } from "../factories/accounts";
import { call, contextFor, cookieFor, getRequest, payload, postRequest } from "../support/remix";

afterEach(() => resetClockForTests());

async function auditActions(targetId: string) {
  const rows = await getDb()
    .selectFrom("auditLog")
    .select("action")
    .where("targetId", "=", targetId)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.action);
}

async function signedIn(cookie: string) {
  return (await contextFor(getRequest("/", { Cookie: cookie }))).auth.user;
}

let ipCounter = 0;
function freshIp() {
  ipCounter += 1;
  return `192.0.2.${ipCounter}`;
}

async function signIn(email: string, password: string, ip: string) {
  const request = postRequest("/login", { email, password });
  return call(async () => loginAction({ request, params: {}, context: await contextFor(request, { ip }) }));
}

/** Retry-After of a 429, whether it came back as a Response or as a data() result. */
function retryAfter(result: Awaited<ReturnType<typeof signIn>>): number {
  const header =
    result.response?.headers.get("Retry-After") ??
    (result.value as { init?: { headers?: Record<string, string> } } | undefined)?.init?.headers?.["Retry-After"];
  return Number(header);
}

describe("honeypots", () => {
  it("the invitation form refuses a filled honeypot, creates no account and leaves the link usable", async () => {
    const team = await createTeam(getDb());
    const email = `pot-${crypto.randomBytes(3).toString("hex")}@example.com`;
    const link = await inviteUser(
      getDb(),
      team.admin,
      { email, role: "member", subsidiaryId: team.subsidiary.id },
      { baseUrl: "http://localhost" },
    );
    const token = link.url.split("/").at(-1)!;
    const fields = {
      displayName: "Bot",
      password: "Quartz-Willow-Ember-19",
      confirmPassword: "Quartz-Willow-Ember-19",
    };
    const request = postRequest(`/invitations/${token}`, { ...fields, website: "http://spam.example" });
    const result = await call(async () =>
      acceptAction({ request, params: { token }, context: await contextFor(request) }),
    );
    expect(result.status).toBe(400);
    expect(payload(result.value).fieldErrors._form).toEqual(["errors:bot"]);
    expect(await getUserByEmail(getDb(), email)).toBeUndefined();

    const view = await call(async () =>
      acceptLoader({
        request: getRequest(`/invitations/${token}`),
        params: { token },
        context: await contextFor(request),
      }),
    );
    expect(payload(view.value).invitation).toMatchObject({ email });
    const human = postRequest(`/invitations/${token}`, { ...fields, website: "" });
    const accepted = await call(async () =>
      acceptAction({ request: human, params: { token }, context: await contextFor(human) }),
    );
    expect(accepted.status).toBe(302);
    expect(await getUserByEmail(getDb(), email)).toMatchObject({ displayName: "Bot" });
  });

  it("the admin invite form refuses a filled honeypot and creates no invitation", async () => {
    const team = await createTeam(getDb());
    const email = `pot-${crypto.randomBytes(3).toString("hex")}@example.com`;
    const invite = async (website: string) => {
      const request = postRequest(
        "/admin/users",
        { intent: "invite", email, role: "member", subsidiaryId: team.subsidiary.id, website },
        { Cookie: await cookieFor(team.admin.id) },
      );
      return call(async () => usersAction({ request, params: {}, context: await contextFor(request) }));
    };
    const bot = await invite("http://spam.example");
    expect(bot.status).toBe(400);
    expect(payload(bot.value).fieldErrors._form).toEqual(["errors:bot"]);
    const links = () => getDb().selectFrom("accountLinks").select("id").where("email", "=", email).execute();
    expect(await links()).toHaveLength(0);
    expect(
      await getDb().selectFrom("auditLog").select("id").where("actorId", "=", team.admin.id).execute(),
    ).toHaveLength(0);

    expect((await invite("")).status).toBe(200);
    expect(await links()).toHaveLength(1);
  });
});

describe("settings: signing out", () => {
  async function settingsPost(cookie: string, intent: string) {
    const request = postRequest("/settings", { intent }, { Cookie: cookie });
    return call(async () => settingsAction({ request, params: {}, context: await contextFor(request) }));
  }

  it("'sign out everywhere' ends every session of the user, this one included, and clears the cookie", async () => {
    const user = await createUser(getDb());
    const other = await createUser(getDb());
    const here = await cookieFor(user.id);
    const laptop = await cookieFor(user.id);
    const someoneElse = await cookieFor(other.id);
    const result = await settingsPost(here, "signOutEverywhere");
    expect(result.status).toBe(302);
    expect(result.response!.headers.get("Location")).toBe("/login");
    expect(result.response!.headers.get("Set-Cookie")).toMatch(/sx_session=;.*Max-Age=0/);
    expect(await signedIn(here)).toBeNull();
    expect(await signedIn(laptop)).toBeNull();
    expect((await signedIn(someoneElse))?.id).toBe(other.id);
    const sessions = await getDb().selectFrom("sessions").select("id").where("userId", "=", user.id).execute();
    expect(sessions).toEqual([]);
  });

  it("'sign out other sessions' keeps this one", async () => {
    const user = await createUser(getDb());
    const here = await cookieFor(user.id);
    const laptop = await cookieFor(user.id);
    const result = await settingsPost(here, "signOutOthers");
    expect(result.status).toBe(200);
    expect((await signedIn(here))?.id).toBe(user.id);
    expect(await signedIn(laptop)).toBeNull();
  });

  it("sends anonymous callers to sign in and answers 400 for an unknown intent", async () => {
    const user = await createUser(getDb());
    expect((await settingsPost(await cookieFor(user.id), "signOutTheUniverse")).status).toBe(400);
    const anonymous = await settingsPost("", "signOutEverywhere");
    expect(anonymous.status).toBe(302);
    expect(anonymous.response!.headers.get("Location")).toMatch(/^\/login/);
  });
});

describe("reactivation", () => {
  async function userPost(actorId: string, userId: string, intent: string) {
    const request = postRequest(`/admin/users/${userId}`, { intent }, { Cookie: await cookieFor(actorId) });
    return call(async () => userAction({ request, params: { userId }, context: await contextFor(request) }));
  }

  it("a lead reactivates a member: they may sign in again, old sessions stay ended, both changes audited", async () => {
    const team = await createTeam(getDb());
    const old = await cookieFor(team.member.id);
    expect((await userPost(team.lead.id, team.member.id, "deactivate")).status).toBe(200);
    expect(await signedIn(old)).toBeNull();
    expect((await signIn(team.member.email, team.member.password, freshIp())).status).toBe(403);

    expect((await userPost(team.lead.id, team.member.id, "reactivate")).status).toBe(200);
    expect((await getUserById(getDb(), team.member.id))?.deactivatedAt).toBeNull();
    expect(await signedIn(old)).toBeNull();
    const back = await signIn(team.member.email, team.member.password, freshIp());
    expect(back.status).toBe(302);
    const token = await sessionCookie.parse(back.response!.headers.get("Set-Cookie"));
    expect((await validateSessionToken(getDb(), token))?.user.id).toBe(team.member.id);
    expect(await auditActions(team.member.id)).toEqual(["user.deactivated", "user.reactivated"]);

    // Reactivating an active account changes nothing and writes no audit row.
    expect((await userPost(team.lead.id, team.member.id, "reactivate")).status).toBe(200);
    expect(await auditActions(team.member.id)).toEqual(["user.deactivated", "user.reactivated"]);
  });

  it("members may not reactivate anyone, and leads not outside their subsidiary", async () => {
    const team = await createTeam(getDb());
    const outsider = await createUser(getDb());
    await userPost(team.admin.id, team.member.id, "deactivate");
    await userPost(team.admin.id, outsider.id, "deactivate");
    expect((await userPost(team.curator.id, team.member.id, "reactivate")).status).toBe(403);
    expect((await userPost(team.lead.id, outsider.id, "reactivate")).status).toBe(404);
    expect((await getUserById(getDb(), team.member.id))?.deactivatedAt).not.toBeNull();
    expect((await getUserById(getDb(), outsider.id))?.deactivatedAt).not.toBeNull();
  });
});

describe("throttling over time (fake clock)", () => {
  it("doubles an account's back-off with every further failure: 30 s, 60 s, 120 s, 240 s", async () => {
    const user = await createUser(getDb());
    for (let i = 0; i < ACCOUNT_FREE_FAILURES - 1; i++) {
      expect((await signIn(user.email, `wrong-${i}`, freshIp())).status).toBe(401);
    }
    // The fifth failure starts the back-off.
    expect((await signIn(user.email, "wrong-5", freshIp())).status).toBe(401);
    for (const seconds of [30, 60, 120, 240]) {
      const blocked = await signIn(user.email, user.password, freshIp());
      expect(blocked.status).toBe(429);
      expect(retryAfter(blocked)).toBe(seconds);
      // Still blocked one second before the end, even with the right password.
      advanceClockForTests((seconds - 1) * 1000);
      expect((await signIn(user.email, user.password, freshIp())).status).toBe(429);
      advanceClockForTests(1000);
      // The next failure doubles the wait.
      expect((await signIn(user.email, "wrong-again", freshIp())).status).toBe(401);
    }
    expect(retryAfter(await signIn(user.email, user.password, freshIp()))).toBe(480);
    advanceClockForTests(480_000);
    expect((await signIn(user.email, user.password, freshIp())).status).toBe(302);
    // Success forgets the failures: one more wrong password is not blocked.
    expect((await signIn(user.email, "wrong", freshIp())).status).toBe(401);
    expect((await signIn(user.email, user.password, freshIp())).status).toBe(302);
  });

  it("caps the account back-off at one hour", async () => {
    const user = await createUser(getDb());
    for (let i = 0; i < ACCOUNT_FREE_FAILURES + 12; i++) {
      // Wait out each block so every attempt counts as a failure.
      advanceClockForTests(60 * 60_000);
      await signIn(user.email, "wrong", freshIp());
    }
    expect(retryAfter(await signIn(user.email, user.password, freshIp()))).toBe(3600);
  });

  it("counts an IP's failures in a 10-minute window, blocks it for 10 minutes, then lets it in", async () => {
    const ip = freshIp();
    const user = await createUser(getDb());
    const spray = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const email = `spray-${crypto.randomBytes(3).toString("hex")}@example.com`;
        expect((await signIn(email, "wrong", ip)).status).toBe(401);
      }
    };
    await spray(IP_MAX_FAILURES - 1);
    // The window ends: those failures no longer count.
    advanceClockForTests(IP_WINDOW_MS + 1000);
    await spray(IP_MAX_FAILURES - 1);
    expect((await signIn(user.email, user.password, ip)).status).toBe(302);
    // The tenth failure inside the window blocks the address, for everyone signing in from it.
    await spray(1);
    const blocked = await signIn(user.email, user.password, ip);
    expect(blocked.status).toBe(429);
    expect(retryAfter(blocked)).toBe(IP_BLOCK_MS / 1000);
    expect((await signIn(user.email, user.password, freshIp())).status).toBe(302);
    advanceClockForTests(IP_BLOCK_MS - 1000);
    expect((await signIn(user.email, user.password, ip)).status).toBe(429);
    advanceClockForTests(1000);
    expect((await signIn(user.email, user.password, ip)).status).toBe(302);
    // After the block the count starts again from zero.
    await spray(IP_MAX_FAILURES - 1);
    expect((await signIn(user.email, user.password, ip)).status).toBe(302);
  });
});

describe("subsidiaries: rename and archive", () => {
  const code = () => `R${crypto.randomBytes(3).toString("hex").toUpperCase()}`;

  it("an admin renames a subsidiary (names and code), audited with before and after", async () => {
    const team = await createTeam(getDb());
    const before = code();
    const subsidiary = await createSubsidiary(getDb(), team.admin, {
      code: before,
      nameEn: `Old ${before}`,
      nameZh: `旧 ${before}`,
      isHeadquarters: false,
    });
    const after = code();
    const updated = await updateSubsidiaryDetails(getDb(), team.admin, subsidiary.id, {
      code: ` ${after.toLowerCase()} `,
      nameEn: `New ${after}`,
      nameZh: `新 ${after}`,
      isHeadquarters: true,
    });
    expect(updated).toMatchObject({ code: after, nameEn: `New ${after}`, nameZh: `新 ${after}`, isHeadquarters: true });
    const listed = (await listSubsidiaries(getDb())).find((s) => s.id === subsidiary.id);
    expect(listed).toMatchObject({ code: after, nameEn: `New ${after}` });
    expect(await auditActions(subsidiary.id)).toEqual(["subsidiary.created", "subsidiary.updated"]);
    const audit = await getDb()
      .selectFrom("auditLog")
      .select(["details", "actorId"])
      .where("targetId", "=", subsidiary.id)
      .where("action", "=", "subsidiary.updated")
      .executeTakeFirstOrThrow();
    expect(audit.actorId).toBe(team.admin.id);
    expect(audit.details).toMatchObject({
      before: { code: before, nameEn: `Old ${before}`, nameZh: `旧 ${before}`, isHeadquarters: false },
      after: { code: after, nameEn: `New ${after}`, nameZh: `新 ${after}`, isHeadquarters: true },
    });
  });

  it("refuses a rename to a taken code or English name, by non-admins, and of an unknown subsidiary", async () => {
    const team = await createTeam(getDb());
    const other = await createSubsidiary(getDb(), team.admin, {
      code: code(),
      nameEn: `Taken ${code()}`,
      nameZh: "已用",
      isHeadquarters: false,
    });
    const input = { code: team.subsidiary.code, nameEn: team.subsidiary.nameEn, nameZh: "改", isHeadquarters: false };
    await expect(
      updateSubsidiaryDetails(getDb(), team.admin, team.subsidiary.id, { ...input, code: other.code.toLowerCase() }),
    ).rejects.toMatchObject({ fieldErrors: { code: ["admin:errors.codeTaken"] } });
    await expect(
      updateSubsidiaryDetails(getDb(), team.admin, team.subsidiary.id, {
        ...input,
        nameEn: other.nameEn.toUpperCase(),
      }),
    ).rejects.toMatchObject({ fieldErrors: { nameEn: ["admin:errors.nameTaken"] } });
    for (const who of [team.member, team.lead, team.curator]) {
      await expect(updateSubsidiaryDetails(getDb(), who, team.subsidiary.id, input)).rejects.toBeInstanceOf(
        ForbiddenError,
      );
    }
    await expect(
      updateSubsidiaryDetails(getDb(), team.admin, "7b0c1a4e-0000-4000-8000-000000000000", input),
    ).rejects.toBeInstanceOf(NotFoundError);
    // Keeping its own code and name is not a clash.
    await expect(updateSubsidiaryDetails(getDb(), team.admin, team.subsidiary.id, input)).resolves.toMatchObject({
      nameZh: "改",
    });
  });

  it("an admin archives a subsidiary (hidden from pickers, no new invitations) and restores it", async () => {
    const team = await createTeam(getDb());
    const admin = await createUser(getDb(), { role: "admin" });
    await setSubsidiaryArchived(getDb(), admin, team.subsidiary.id, true);
    expect((await listSubsidiaries(getDb())).map((s) => s.id)).not.toContain(team.subsidiary.id);
    const archived = (await listSubsidiaries(getDb(), { includeArchived: true })).find(
      (s) => s.id === team.subsidiary.id,
    );
    expect(archived?.archivedAt).toBeInstanceOf(Date);
    await expect(
      inviteUser(
        getDb(),
        admin,
        {
          email: `late-${crypto.randomBytes(3).toString("hex")}@example.com`,
          role: "member",
          subsidiaryId: team.subsidiary.id,
        },
        { baseUrl: "http://localhost" },
      ),
    ).rejects.toMatchObject({ fieldErrors: { subsidiaryId: ["admin:errors.unknownSubsidiary"] } });

    await setSubsidiaryArchived(getDb(), admin, team.subsidiary.id, false);
    expect((await listSubsidiaries(getDb())).map((s) => s.id)).toContain(team.subsidiary.id);
    expect(await auditActions(team.subsidiary.id)).toEqual(["subsidiary.archived", "subsidiary.restored"]);
  });

  it("refuses archiving one's own subsidiary, by non-admins, and an unknown one", async () => {
    const team = await createTeam(getDb());
    await expect(setSubsidiaryArchived(getDb(), team.admin, team.subsidiary.id, true)).rejects.toMatchObject({
      code: "self_change",
    });
    for (const who of [team.member, team.lead, team.curator]) {
      await expect(setSubsidiaryArchived(getDb(), who, team.subsidiary.id, true)).rejects.toBeInstanceOf(
        ForbiddenError,
      );
    }
    await expect(
      setSubsidiaryArchived(getDb(), team.admin, "7b0c1a4e-0000-4000-8000-000000000000", true),
    ).rejects.toBeInstanceOf(NotFoundError);
    const row = (await listSubsidiaries(getDb(), { includeArchived: true })).find((s) => s.id === team.subsidiary.id);
    expect(row?.archivedAt).toBeNull();
    expect(await auditActions(team.subsidiary.id)).toEqual([]);
  });
});
