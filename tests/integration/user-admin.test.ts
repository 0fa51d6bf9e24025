import { describe, expect, it } from "vitest";
import { advanceClockForTests, resetClockForTests } from "~/lib/clock.server";
import { getDb } from "~/lib/db.server";
import { sessionCookie, validateSessionToken } from "~/lib/session.server";
import { getUserByEmail, getUserById } from "~/models/user.server";
import { action as acceptAction, loader as acceptLoader } from "~/routes/invitations.$token";
import { action as resetAction } from "~/routes/reset-password.$token";
import { action as usersAction, loader as usersLoader } from "~/routes/admin.users._index";
import { action as userAction, loader as userLoader } from "~/routes/admin.users.$userId";
import { action as subsidiariesAction, loader as subsidiariesLoader } from "~/routes/admin.subsidiaries";
import { loader as auditLoader } from "~/routes/admin.audit";
import { createSubsidiary, createTeam, createUser } from "../factories/accounts";
import { call, contextFor, cookieFor, getRequest, payload, postRequest } from "../support/remix";

async function as(userId: string) {
  return { Cookie: await cookieFor(userId) };
}

async function invite(actorId: string, fields: Record<string, string>) {
  const request = postRequest("/admin/users", { intent: "invite", ...fields }, await as(actorId));
  return call(async () => usersAction({ request, params: {}, context: await contextFor(request) }));
}

async function auditCount() {
  const row = await getDb()
    .selectFrom("auditLog")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function tokenFromUrl(url: string) {
  return url.split("/").at(-1)!;
}

describe("invitations", () => {
  it("an admin invites, the link is single-use, the invitee lands signed in with the right role", async () => {
    const team = await createTeam(getDb());
    const email = `new-${Date.now()}@example.com`;
    const before = await auditCount();
    const invited = await invite(team.admin.id, { email, role: "curator", subsidiaryId: team.subsidiary.id });
    expect(invited.status).toBe(200);
    const { url } = payload(invited.value);
    expect(url).toMatch(/^http:\/\/localhost\/invitations\/[a-z2-7]{32}\.[a-z2-7]{32}$/);
    expect(await auditCount()).toBe(before + 1);

    const token = tokenFromUrl(url);
    const view = await call(async () =>
      acceptLoader({
        request: getRequest(`/invitations/${token}`),
        params: { token },
        context: await contextFor(getRequest("/")),
      }),
    );
    expect(payload(view.value).invitation).toMatchObject({ email, role: "curator" });

    const accept = postRequest(`/invitations/${token}`, {
      displayName: "New Person",
      password: "Quartz-Willow-Ember-19",
      confirmPassword: "Quartz-Willow-Ember-19",
      locale: "zh",
    });
    const accepted = await call(async () =>
      acceptAction({ request: accept, params: { token }, context: await contextFor(accept) }),
    );
    expect(accepted.status).toBe(302);
    const sessionToken = await sessionCookie.parse(accepted.response!.headers.get("Set-Cookie"));
    const session = await validateSessionToken(getDb(), sessionToken);
    expect(session?.user).toMatchObject({
      email,
      role: "curator",
      subsidiaryId: team.subsidiary.id,
      displayName: "New Person",
      locale: "zh",
    });

    const again = await call(async () =>
      acceptAction({
        request: postRequest(`/invitations/${token}`, {
          displayName: "X",
          password: "Quartz-Willow-Ember-19",
          confirmPassword: "Quartz-Willow-Ember-19",
        }),
        params: { token },
        context: await contextFor(accept),
      }),
    );
    expect(again.status).toBe(400);
    expect(payload(again.value).formError).toBe("errors:link_used");
  });

  it("a lead invites members and leads to their own subsidiary only", async () => {
    const team = await createTeam(getDb());
    const other = await createSubsidiary(getDb());
    expect(
      (
        await invite(team.lead.id, {
          email: `m-${Date.now()}@example.com`,
          role: "member",
          subsidiaryId: team.subsidiary.id,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await invite(team.lead.id, {
          email: `l-${Date.now()}@example.com`,
          role: "lead",
          subsidiaryId: team.subsidiary.id,
        })
      ).status,
    ).toBe(200);

    const before = await auditCount();
    const curator = await invite(team.lead.id, {
      email: `c-${Date.now()}@example.com`,
      role: "curator",
      subsidiaryId: team.subsidiary.id,
    });
    expect(curator.status).toBe(403);
    expect(payload(curator.value).formError).toBe("errors:role_not_allowed");
    const elsewhere = await invite(team.lead.id, {
      email: `o-${Date.now()}@example.com`,
      role: "member",
      subsidiaryId: other.id,
    });
    expect(elsewhere.status).toBe(403);
    expect(await auditCount()).toBe(before);
  });

  it("refuses an existing email, an unknown subsidiary and malformed fields with field messages", async () => {
    const team = await createTeam(getDb());
    const existing = await invite(team.admin.id, {
      email: team.member.email.toUpperCase(),
      role: "member",
      subsidiaryId: team.subsidiary.id,
    });
    expect(existing.status).toBe(400);
    expect(payload(existing.value).fieldErrors).toEqual({ email: ["admin:errors.emailTaken"] });
    const unknown = await invite(team.admin.id, {
      email: `u-${Date.now()}@example.com`,
      role: "member",
      subsidiaryId: "7b0c1a4e-0000-4000-8000-000000000000",
    });
    expect(payload(unknown.value).fieldErrors).toEqual({ subsidiaryId: ["admin:errors.unknownSubsidiary"] });
    const malformed = await invite(team.admin.id, { email: "nope", role: "emperor", subsidiaryId: "x" });
    expect(malformed.status).toBe(400);
    expect(Object.keys(payload(malformed.value).fieldErrors).sort()).toEqual(["email", "role", "subsidiaryId"]);
  });

  it("expires after 7 days", async () => {
    const team = await createTeam(getDb());
    const email = `late-${Date.now()}@example.com`;
    const { url } = payload(
      (await invite(team.admin.id, { email, role: "member", subsidiaryId: team.subsidiary.id })).value,
    );
    const token = tokenFromUrl(url);
    advanceClockForTests(7 * 24 * 60 * 60 * 1000 + 1000);
    try {
      const request = postRequest(`/invitations/${token}`, {
        displayName: "Late",
        password: "Quartz-Willow-Ember-19",
        confirmPassword: "Quartz-Willow-Ember-19",
      });
      const result = await call(async () =>
        acceptAction({ request, params: { token }, context: await contextFor(request) }),
      );
      expect(payload(result.value).formError).toBe("errors:link_expired");
      expect(await getUserByEmail(getDb(), email)).toBeUndefined();
    } finally {
      resetClockForTests();
    }
  });

  it("refuses weak passwords and a tampered link", async () => {
    const team = await createTeam(getDb());
    const { url } = payload(
      (
        await invite(team.admin.id, {
          email: `w-${Date.now()}@example.com`,
          role: "member",
          subsidiaryId: team.subsidiary.id,
        })
      ).value,
    );
    const token = tokenFromUrl(url);
    for (const [password, problem] of [
      ["short", "auth:password.too_short"],
      ["password1234", "auth:password.too_common"],
    ] as const) {
      const request = postRequest(`/invitations/${token}`, { displayName: "W", password, confirmPassword: password });
      const result = await call(async () =>
        acceptAction({ request, params: { token }, context: await contextFor(request) }),
      );
      expect(payload(result.value).fieldErrors.password).toEqual([problem]);
    }
    const tampered = token.slice(0, -1) + (token.endsWith("a") ? "b" : "a");
    const view = await call(async () =>
      acceptLoader({
        request: getRequest("/"),
        params: { token: tampered },
        context: await contextFor(getRequest("/")),
      }),
    );
    expect(view.status).toBe(404);
  });
});

describe("managing users", () => {
  async function userPost(actorId: string, userId: string, fields: Record<string, string>) {
    const request = postRequest(`/admin/users/${userId}`, fields, await as(actorId));
    return call(async () => userAction({ request, params: { userId }, context: await contextFor(request) }));
  }

  it("a lead promotes a member of their subsidiary; the change is audited", async () => {
    const team = await createTeam(getDb());
    const before = await auditCount();
    expect((await userPost(team.lead.id, team.member.id, { intent: "role", role: "lead" })).status).toBe(200);
    expect((await getUserById(getDb(), team.member.id))?.role).toBe("lead");
    expect(await auditCount()).toBe(before + 1);
  });

  it("a lead may not make anyone curator or admin, nor touch other subsidiaries (404)", async () => {
    const team = await createTeam(getDb());
    const outsider = await createUser(getDb());
    expect((await userPost(team.lead.id, team.member.id, { intent: "role", role: "curator" })).status).toBe(403);
    expect((await userPost(team.lead.id, team.member.id, { intent: "role", role: "admin" })).status).toBe(403);
    expect((await userPost(team.lead.id, team.curator.id, { intent: "deactivate" })).status).toBe(403);
    expect((await userPost(team.lead.id, outsider.id, { intent: "deactivate" })).status).toBe(404);
    const view = await call(async () => {
      const request = getRequest(`/admin/users/${outsider.id}`, await as(team.lead.id));
      return userLoader({ request, params: { userId: outsider.id }, context: await contextFor(request) });
    });
    expect(view.status).toBe(404);
    expect((await getUserById(getDb(), team.member.id))?.role).toBe("member");
    expect((await getUserById(getDb(), outsider.id))?.deactivatedAt).toBeNull();
  });

  it("nobody edits themselves into admin", async () => {
    const team = await createTeam(getDb());
    const self = await userPost(team.lead.id, team.lead.id, { intent: "role", role: "admin" });
    expect(self.status).toBe(403);
    expect(payload(self.value).formError).toBe("errors:self_change");
    expect((await userPost(team.admin.id, team.admin.id, { intent: "deactivate" })).status).toBe(403);
  });

  it("answers 400 for an unknown intent or role and 404 for an unknown or malformed id", async () => {
    const team = await createTeam(getDb());
    expect((await userPost(team.admin.id, team.member.id, { intent: "explode" })).status).toBe(400);
    expect((await userPost(team.admin.id, team.member.id, { intent: "role", role: "emperor" })).status).toBe(400);
    expect(
      (await userPost(team.admin.id, "7b0c1a4e-0000-4000-8000-000000000000", { intent: "deactivate" })).status,
    ).toBe(404);
    expect((await userPost(team.admin.id, "../../etc", { intent: "deactivate" })).status).toBe(404);
  });

  it("members and curators get 403 from the user pages", async () => {
    const team = await createTeam(getDb());
    for (const who of [team.member, team.curator]) {
      const request = getRequest("/admin/users", await as(who.id));
      const result = await call(async () => usersLoader({ request, params: {}, context: await contextFor(request) }));
      expect(result.status).toBe(403);
    }
  });

  it("a lead's user list shows only their subsidiary whatever the URL asks", async () => {
    const team = await createTeam(getDb());
    const outsider = await createUser(getDb());
    const request = getRequest(`/admin/users?subsidiary=${outsider.subsidiaryId}`, await as(team.lead.id));
    const result = await call(async () => usersLoader({ request, params: {}, context: await contextFor(request) }));
    const ids = payload(result.value).users.map((u: { id: string }) => u.id);
    expect(ids).toContain(team.member.id);
    expect(ids).not.toContain(outsider.id);
  });

  it("a reset link sets a new password once and ends the old sessions", async () => {
    const team = await createTeam(getDb());
    const oldCookie = await cookieFor(team.member.id);
    const issued = await userPost(team.lead.id, team.member.id, { intent: "reset" });
    const token = tokenFromUrl(payload(issued.value).resetUrl);
    const request = postRequest(`/reset-password/${token}`, {
      password: "Saffron-Glacier-Rivet-55",
      confirmPassword: "Saffron-Glacier-Rivet-55",
    });
    const reset = await call(async () =>
      resetAction({ request, params: { token }, context: await contextFor(request) }),
    );
    expect(reset.status).toBe(302);
    expect((await contextFor(getRequest("/", { Cookie: oldCookie }))).auth.user).toBeNull();
    const again = await call(async () =>
      resetAction({
        request: postRequest(`/reset-password/${token}`, {
          password: "Saffron-Glacier-Rivet-56",
          confirmPassword: "Saffron-Glacier-Rivet-56",
        }),
        params: { token },
        context: await contextFor(request),
      }),
    );
    expect(payload(again.value).formError).toBe("errors:link_used");
  });
});

describe("subsidiaries and audit log", () => {
  async function subsidiaryPost(actorId: string, fields: Record<string, string>) {
    const request = postRequest("/admin/subsidiaries", fields, await as(actorId));
    return call(async () => subsidiariesAction({ request, params: {}, context: await contextFor(request) }));
  }

  it("admins create, rename and archive subsidiaries; codes are unique", async () => {
    const team = await createTeam(getDb());
    const code = `N${Date.now().toString(36).slice(-6).toUpperCase()}`;
    expect(
      (await subsidiaryPost(team.admin.id, { intent: "create", code, nameEn: `Name ${code}`, nameZh: "名称" })).status,
    ).toBe(200);
    const dup = await subsidiaryPost(team.admin.id, {
      intent: "create",
      code: code.toLowerCase(),
      nameEn: `Other ${code}`,
      nameZh: "其他",
    });
    expect(payload(dup.value).fieldErrors).toEqual({ code: ["admin:errors.codeTaken"] });
    const bad = await subsidiaryPost(team.admin.id, { intent: "create", code: "x", nameEn: "", nameZh: "" });
    expect(Object.keys(payload(bad.value).fieldErrors).sort()).toEqual(["code", "nameEn", "nameZh"]);
  });

  it("only admins see the subsidiaries and audit pages", async () => {
    const team = await createTeam(getDb());
    for (const who of [team.member, team.lead, team.curator]) {
      for (const [path, loader] of [
        ["/admin/subsidiaries", subsidiariesLoader],
        ["/admin/audit", auditLoader],
      ] as const) {
        const request = getRequest(path, await as(who.id));
        expect(
          (await call(async () => loader({ request, params: {}, context: await contextFor(request) }))).status,
        ).toBe(403);
      }
    }
    const request = getRequest("/admin/audit?action=user.role_changed&from=nonsense&page=-4", await as(team.admin.id));
    expect(
      (await call(async () => auditLoader({ request, params: {}, context: await contextFor(request) }))).status,
    ).toBe(200);
  });
});

describe("open sign-up", () => {
  it("is off unless SIGNUP_EMAIL_DOMAINS is set, then admits only those domains as members", async () => {
    const { signUp } = await import("~/services/users.server");
    const subsidiary = await createSubsidiary(getDb());
    const input = { displayName: "S", password: "Harbor-Quill-Meadow-90", subsidiaryId: subsidiary.id, locale: null };
    await expect(
      signUp(getDb(), { ...input, email: `a-${Date.now()}@example.com` }, { allowedDomains: [] }),
    ).rejects.toThrow();
    await expect(
      signUp(getDb(), { ...input, email: `a-${Date.now()}@evil.example` }, { allowedDomains: ["example.com"] }),
    ).rejects.toMatchObject({
      fieldErrors: { email: ["auth:errors.domainNotAllowed"] },
    });
    const { user } = await signUp(
      getDb(),
      { ...input, email: `ok-${Date.now()}@Example.com` },
      { allowedDomains: ["example.com"] },
    );
    expect(user.role).toBe("member");
    expect(user.subsidiaryId).toBe(subsidiary.id);
  });
});
