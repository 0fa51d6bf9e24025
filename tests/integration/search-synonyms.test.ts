import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { action, loader } from "~/routes/curate.synonyms";
import { seedSynonyms } from "~/services/synonyms.server";
import { createTeam } from "../factories/accounts";
import { call, contextFor, cookieFor, getRequest, payload, postRequest } from "../support/remix";

/** /curate/synonyms: curators only, every change audit-logged and queued for Meilisearch in one transaction. */
let team: Awaited<ReturnType<typeof createTeam>>;

beforeAll(async () => {
  team = await createTeam(getDb());
});

async function get(userId: string) {
  const request = getRequest("/curate/synonyms", { Cookie: await cookieFor(userId) });
  return call(async () => loader({ request, params: {}, context: await contextFor(request) }));
}

async function post(userId: string, fields: Record<string, string>) {
  const request = postRequest("/curate/synonyms", fields, { Cookie: await cookieFor(userId) });
  return call(async () => action({ request, params: {}, context: await contextFor(request) }));
}

const pendingSynonymPushes = () =>
  getDb()
    .selectFrom("searchOutbox")
    .select("id")
    .where("entityType", "=", "synonyms")
    .where("processedAt", "is", null)
    .execute()
    .then((rows) => rows.length);

describe("/curate/synonyms", () => {
  it("sends anonymous visitors to sign in and refuses members and leads", async () => {
    const anonymous = await call(async () => {
      const request = getRequest("/curate/synonyms");
      return loader({ request, params: {}, context: await contextFor(request) });
    });
    expect(anonymous.status).toBe(302);
    expect((await get(team.member.id)).status).toBe(403);
    expect((await get(team.lead.id)).status).toBe(403);
    expect((await post(team.lead.id, { intent: "create", terms: "a\nb" })).status).toBe(403);
  });

  it("lets a curator add, edit and delete groups, each audit-logged and pushed through the outbox", async () => {
    const before = await pendingSynonymPushes();
    const created = await post(team.curator.id, { intent: "create", terms: "tunnel boring machine, TBM，盾构机" });
    expect(created.status).toBe(200);
    const listed = payload((await get(team.curator.id)).value).groups as { id: string; terms: string[] }[];
    const group = listed.find((g) => g.terms.includes("TBM"))!;
    expect(group.terms).toEqual(["tunnel boring machine", "TBM", "盾构机"]);

    expect(
      (await post(team.curator.id, { intent: "update", id: group.id, terms: "TBM\n盾构机\nshield machine" })).status,
    ).toBe(200);
    expect((await post(team.admin.id, { intent: "delete", id: group.id })).status).toBe(200);
    expect(await pendingSynonymPushes()).toBe(before + 3);

    const audit = await getDb()
      .selectFrom("auditLog")
      .select(["action", "actorId", "details"])
      .where("targetId", "=", group.id)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["synonyms.created", team.curator.id],
      ["synonyms.updated", team.curator.id],
      ["synonyms.deleted", team.admin.id],
    ]);
    expect(audit[1]!.details).toEqual({
      before: ["tunnel boring machine", "TBM", "盾构机"],
      after: ["TBM", "盾构机", "shield machine"],
    });
  });

  it("answers 400 with field messages for bad terms and unknown intents, 404 for a missing group", async () => {
    const tooFew = await post(team.curator.id, { intent: "create", terms: "only, ONLY" });
    expect(tooFew.status).toBe(400);
    expect(payload(tooFew.value).fieldErrors).toEqual({ terms: ["search:synonyms.errors.tooFew"] });
    const tooLong = await post(team.curator.id, { intent: "create", terms: `ok\n${"x".repeat(101)}` });
    expect(payload(tooLong.value).fieldErrors).toEqual({ terms: ["search:synonyms.errors.termTooLong"] });
    expect((await post(team.curator.id, { intent: "explode", terms: "a\nb" })).status).toBe(400);
    const missing = await post(team.curator.id, {
      intent: "delete",
      id: "00000000-0000-4000-8000-000000000000",
    });
    expect(missing.status).toBe(404);
  });
});

describe("seedSynonyms", () => {
  it("loads the 29 demo groups once, also inside the demo seed's transaction", async () => {
    const db = getDb();
    const before = await db.selectFrom("synonymGroups").select("id").execute();
    expect(await db.transaction().execute((tx) => seedSynonyms(tx))).toBe(29);
    expect(await seedSynonyms(db)).toBe(0);
    const after = await db.selectFrom("synonymGroups").select("terms").execute();
    expect(after.length - before.length).toBe(29);
    expect(after.map((g) => g.terms)).toContainEqual(["digital twin", "数字孪生"]);
  });
});
