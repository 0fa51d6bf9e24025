import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { listAuditLog, writeAuditLog } from "~/models/audit-log.server";
import { loader as auditLoader } from "~/routes/admin.audit";
import { action as userAction } from "~/routes/admin.users.$userId";
import { action as usersAction } from "~/routes/admin.users._index";
import { createSubsidiary, createTeam, createUser } from "../factories/accounts";
import { createSolutionAs, createTaxonomy } from "../factories/solution-workflow";
import { call, contextFor, cookieFor, getRequest, payload, postRequest } from "../support/remix";

interface AuditRow {
  action: string;
  targetType: string;
  targetId: string | null;
  targetName: string | null;
  targetNameZh: string | null;
  targetEmail: string | null;
  targetCode: string | null;
}

async function auditPage(adminId: string, query: string) {
  const request = getRequest(`/admin/audit?${query}`, { Cookie: await cookieFor(adminId) });
  const result = await call(async () => auditLoader({ request, params: {}, context: await contextFor(request) }));
  expect(result.status).toBe(200);
  return payload<{ entries: AuditRow[]; total: number }>(result.value);
}

async function post(path: string, actorId: string, fields: Record<string, string>, params: Record<string, string>) {
  const request = postRequest(path, fields, { Cookie: await cookieFor(actorId) });
  const action = path === "/admin/users" ? usersAction : userAction;
  return call(async () => action({ request, params, context: await contextFor(request) }));
}

describe("audit log: to whom", () => {
  it("names the user an admin action was done to, and filters by their email or name", async () => {
    const team = await createTeam(getDb());
    const target = await createUser(getDb(), {
      subsidiaryId: team.subsidiary.id,
      displayName: `Target Person ${crypto.randomBytes(2).toString("hex")}`,
    });
    const bystander = await createUser(getDb(), { subsidiaryId: team.subsidiary.id });
    const path = (id: string) => `/admin/users/${id}`;
    expect(
      (await post(path(target.id), team.admin.id, { intent: "role", role: "lead" }, { userId: target.id })).status,
    ).toBe(200);
    expect(
      (await post(path(bystander.id), team.admin.id, { intent: "role", role: "lead" }, { userId: bystander.id }))
        .status,
    ).toBe(200);

    const byEmail = await auditPage(team.admin.id, `target=${encodeURIComponent(target.email.toUpperCase())}`);
    expect(byEmail.total).toBe(1);
    expect(byEmail.entries[0]).toMatchObject({
      action: "user.role_changed",
      targetType: "user",
      targetId: target.id,
      targetName: target.displayName,
      targetEmail: target.email,
    });

    const byName = await auditPage(team.admin.id, `target=${encodeURIComponent(target.displayName.slice(7))}`);
    expect(byName.entries.map((e) => e.targetId)).toEqual([target.id]);

    const byId = await auditPage(team.admin.id, `target=${bystander.id}`);
    expect(byId.entries.map((e) => e.targetEmail)).toEqual([bystander.email]);
  });

  it("shows the invitee's email for an invitation, and finds it by that email", async () => {
    const team = await createTeam(getDb());
    const email = `invitee-${crypto.randomBytes(3).toString("hex")}@example.com`;
    const invited = await post(
      "/admin/users",
      team.admin.id,
      { intent: "invite", email, role: "member", subsidiaryId: team.subsidiary.id },
      {},
    );
    expect(invited.status).toBe(200);
    const page = await auditPage(team.admin.id, `target=${encodeURIComponent(email)}`);
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({ action: "user.invited", targetType: "invitation", targetEmail: email });
  });

  it("names subsidiaries (both languages, code) and write-ups (title)", async () => {
    const team = await createTeam(getDb());
    const tag = crypto.randomBytes(3).toString("hex").toUpperCase();
    const subsidiary = await createSubsidiary(getDb(), {
      code: `Q${tag}`,
      nameEn: `Quarry ${tag}`,
      nameZh: `采石 ${tag}`,
    });
    await writeAuditLog(getDb(), {
      actorId: team.admin.id,
      action: "subsidiary.renamed",
      targetType: "subsidiary",
      targetId: subsidiary.id,
      subsidiaryId: subsidiary.id,
    });
    const taxonomy = await createTaxonomy(getDb());
    const solution = await createSolutionAs(getDb(), team.member, {
      painPointIds: [taxonomy.painPoints[0]!.id],
      overrides: { title: `Tunnel scanning ${tag}` },
    });
    await writeAuditLog(getDb(), {
      actorId: team.lead.id,
      action: "solution.featured",
      targetType: "solution",
      targetId: solution.id,
      subsidiaryId: team.subsidiary.id,
    });

    const bySubsidiary = await auditPage(team.admin.id, `target=${encodeURIComponent(`采石 ${tag}`)}`);
    expect(bySubsidiary.entries).toEqual([
      expect.objectContaining({
        targetType: "subsidiary",
        targetName: `Quarry ${tag}`,
        targetNameZh: `采石 ${tag}`,
        targetCode: `Q${tag}`,
      }),
    ]);
    expect((await auditPage(team.admin.id, `target=q${tag.toLowerCase()}`)).entries.map((e) => e.targetId)).toEqual([
      subsidiary.id,
    ]);

    const bySolution = await auditPage(team.admin.id, `target=${encodeURIComponent(`tunnel SCANNING ${tag}`)}`);
    expect(bySolution.entries).toEqual([
      expect.objectContaining({ targetType: "solution", targetName: `Tunnel scanning ${tag}`, targetId: solution.id }),
    ]);
  });

  it("keeps the id of a target that no longer exists and shows no name", async () => {
    const team = await createTeam(getDb());
    const ghost = "6f1c3d9e-0000-4000-8000-00000000abcd";
    await writeAuditLog(getDb(), {
      actorId: team.admin.id,
      action: "user.role_changed",
      targetType: "user",
      targetId: ghost,
    });
    const { rows } = await listAuditLog(getDb(), { targetId: ghost, limit: 10, offset: 0 });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ targetId: ghost, targetName: null, targetEmail: null });
  });

  it("treats % and _ in the target filter literally, and combines it with the other filters", async () => {
    const team = await createTeam(getDb());
    await post(
      `/admin/users/${team.member.id}`,
      team.admin.id,
      { intent: "role", role: "lead" },
      { userId: team.member.id },
    );
    expect((await auditPage(team.admin.id, "target=%25")).total).toBe(0);
    expect((await auditPage(team.admin.id, "target=_")).total).toBe(0);
    const combined = await auditPage(
      team.admin.id,
      `target=${encodeURIComponent(team.member.email)}&action=user.deactivated`,
    );
    expect(combined.total).toBe(0);
    const matching = await auditPage(
      team.admin.id,
      `target=${encodeURIComponent(team.member.email)}&action=user.role_changed&actor=${encodeURIComponent(team.admin.email)}`,
    );
    expect(matching.total).toBe(1);
  });
});
