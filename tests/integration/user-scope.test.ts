import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { now } from "~/lib/clock.server";
import { getDb } from "~/lib/db.server";
import { listOpenInvitations } from "~/models/account-link.server";
import { listUsers } from "~/models/user.server";
import { can } from "~/policies/policy";
import type { Actor } from "~/policies/roles";
import { isInvitationInScope, viewableUsers } from "~/policies/user-visibility";
import { loader as usersLoader } from "~/routes/admin.users._index";
import { inviteUser } from "~/services/users.server";
import { createTeam, createUser } from "../factories/accounts";
import { call, contextFor, cookieFor, getRequest, payload } from "../support/remix";

/**
 * The user list and the single "may view this account" check come from one scope (app/policies/
 * user-visibility.ts). For every kind of user, the accounts the list returns must be exactly those the
 * check allows, over every account in this file's database.
 */
let teams: Awaited<ReturnType<typeof createTeam>>[];
let actors: [string, Awaited<ReturnType<typeof createUser>>][];

async function everyUser() {
  return getDb().selectFrom("users").select(["id", "role", "subsidiaryId"]).execute();
}

async function everyOpenInvitation() {
  return getDb()
    .selectFrom("accountLinks")
    .select(["id", "subsidiaryId"])
    .where("kind", "=", "invitation")
    .where("usedAt", "is", null)
    .where("revokedAt", "is", null)
    .where("expiresAt", ">", now())
    .execute();
}

beforeAll(async () => {
  teams = [await createTeam(getDb()), await createTeam(getDb())];
  const loner = await createUser(getDb(), { role: "member" });
  actors = [
    ["member", teams[0]!.member],
    ["lead", teams[0]!.lead],
    ["curator", teams[0]!.curator],
    ["admin", teams[0]!.admin],
    ["lead of the other subsidiary", teams[1]!.lead],
    ["member alone in a subsidiary", loner],
  ];
  for (const team of teams) {
    for (const role of ["member", "lead"] as const) {
      await inviteUser(
        getDb(),
        team.admin,
        { email: `inv-${crypto.randomBytes(3).toString("hex")}@example.com`, role, subsidiaryId: team.subsidiary.id },
        { baseUrl: "http://localhost" },
      );
    }
  }
});

describe("user list scope = single check", () => {
  it("lists, for each kind of user, exactly the accounts can(user.view) allows", async () => {
    const users = await everyUser();
    expect(users.length).toBeGreaterThanOrEqual(9);
    for (const [name, who] of actors) {
      const actor: Actor = who;
      const listed = await listUsers(getDb(), { scope: viewableUsers(actor), limit: 10_000, offset: 0 });
      const allowed = users.filter((u) => can(actor, "user.view", { target: u })).map((u) => u.id);
      expect({ name, ids: listed.rows.map((u) => u.id).sort() }).toEqual({ name, ids: allowed.sort() });
      expect(listed.total, name).toBe(allowed.length);
    }
  });

  it("the scope is what the product says: admins all, leads their subsidiary, others themselves", async () => {
    const users = await everyUser();
    const idsOf = async (actor: Actor) =>
      (await listUsers(getDb(), { scope: viewableUsers(actor), limit: 10_000, offset: 0 })).rows
        .map((u) => u.id)
        .sort();
    const [team] = teams;
    expect(await idsOf(team!.admin)).toEqual(users.map((u) => u.id).sort());
    expect(await idsOf(team!.lead)).toEqual(
      users
        .filter((u) => u.subsidiaryId === team!.subsidiary.id)
        .map((u) => u.id)
        .sort(),
    );
    expect(await idsOf(team!.member)).toEqual([team!.member.id]);
    expect(await idsOf(team!.curator)).toEqual([team!.curator.id]);
  });

  it("an empty scope lists nobody", async () => {
    const listed = await listUsers(getDb(), { scope: { subsidiaryIds: [], userIds: [] }, limit: 100, offset: 0 });
    expect(listed).toEqual({ rows: [], total: 0 });
    expect(await listOpenInvitations(getDb(), { subsidiaryIds: [], userIds: [] }, now())).toEqual([]);
  });

  it("lists the open invitations of exactly the subsidiaries in scope", async () => {
    const invitations = await everyOpenInvitation();
    expect(invitations.length).toBeGreaterThanOrEqual(4);
    for (const [name, who] of actors) {
      const scope = viewableUsers(who);
      const listed = await listOpenInvitations(getDb(), scope, now());
      const allowed = invitations.filter(
        (i) => i.subsidiaryId && isInvitationInScope(scope, { subsidiaryId: i.subsidiaryId }),
      );
      expect({ name, ids: listed.map((i) => i.id).sort() }).toEqual({ name, ids: allowed.map((i) => i.id).sort() });
    }
  });

  it("the /admin/users page of a lead and of an admin shows the same scope, whatever the URL asks", async () => {
    const users = await everyUser();
    const invitations = await everyOpenInvitation();
    const other = teams[1]!.subsidiary.id;
    for (const who of [teams[0]!.lead, teams[0]!.admin]) {
      const request = getRequest(`/admin/users?subsidiary=${other}`, { Cookie: await cookieFor(who.id) });
      const result = await call(async () => usersLoader({ request, params: {}, context: await contextFor(request) }));
      const page = payload<{ users: { id: string }[]; total: number; invitations: { id: string }[] }>(result.value);
      const visible = users.filter((u) => can(who, "user.view", { target: u }));
      if (who.role === "admin") {
        // An admin's subsidiary filter narrows the (unlimited) scope.
        const inOther = visible.filter((u) => u.subsidiaryId === other);
        expect(page.total).toBe(inOther.length);
        expect(page.users.map((u) => u.id).sort()).toEqual(inOther.map((u) => u.id).sort());
      } else {
        expect(page.total).toBe(visible.length);
        expect(page.users.map((u) => u.id).sort()).toEqual(visible.map((u) => u.id).sort());
      }
      const scope = viewableUsers(who);
      expect(page.invitations.map((i) => i.id).sort()).toEqual(
        invitations
          .filter((i) => i.subsidiaryId && isInvitationInScope(scope, { subsidiaryId: i.subsidiaryId }))
          .map((i) => i.id)
          .sort(),
      );
    }
  });
});
