import crypto from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { listTaxonomy } from "~/models/pain-point.server";
import { resolvePainPointSlug } from "~/models/pain-point-page.server";
import { getRevision, getSolutionAccess, listSolutionPainPoints } from "~/models/solution.server";
import { action as taxonomyAction, loader as taxonomyLoader } from "~/routes/curate.taxonomy";
import { loader as painPointLoader } from "~/routes/pain-points.$slug";
import { browseCatalog, readCatalogRequest } from "~/services/catalog.server";
import { ConflictError, ForbiddenError, ValidationError } from "~/services/errors";
import { publishSolution, saveSolution, snapshotToInput } from "~/services/solutions.server";
import {
  changePainPointArea,
  createArea,
  createPainPoint,
  getTaxonomyForCuration,
  mergePainPoint,
  moveArea,
  movePainPoint,
  setPainPointRetired,
  slugFromName,
  updateArea,
  updatePainPoint,
} from "~/services/taxonomy.server";
import { createTeam, createUser } from "../factories/accounts";
import { contentInput, createSolutionAs, createTaxonomy } from "../factories/solution-workflow";
import { call, contextFor, cookieFor, getRequest, payload, postRequest } from "../support/remix";

const db = () => getDb();
const tag = () => crypto.randomBytes(3).toString("hex");

async function setup() {
  const [team, taxonomy] = await Promise.all([createTeam(db()), createTaxonomy(db())]);
  const [a, b, c] = taxonomy.painPoints as [
    (typeof taxonomy.painPoints)[number],
    (typeof taxonomy.painPoints)[number],
    (typeof taxonomy.painPoints)[number],
  ];
  return { team, taxonomy, a, b, c };
}

function entry(overrides: Partial<Record<"nameEn" | "nameZh" | "slug", string>> = {}) {
  const t = tag();
  return {
    nameEn: `Entry ${t}`,
    nameZh: `条目 ${t}`,
    slug: undefined as string | undefined,
    descriptionEn: "",
    descriptionZh: "",
    position: undefined as number | undefined,
    ...overrides,
  };
}

async function latestRevision(solutionId: string) {
  const access = (await getSolutionAccess(db(), solutionId))!;
  return { access, revision: (await getRevision(db(), solutionId, access.revision))! };
}

async function tagIds(solutionId: string) {
  return (await listSolutionPainPoints(db(), solutionId)).map((p) => p.id);
}

async function outboxRowsFor(ids: readonly string[]) {
  const rows = await db()
    .selectFrom("searchOutbox")
    .select((eb) => ["entityId", eb.fn.countAll<number>().as("n")])
    .where("entityType", "=", "solution")
    .where("entityId", "in", [...ids])
    .groupBy("entityId")
    .execute();
  return new Map(rows.map((r) => [r.entityId, Number(r.n)]));
}

async function auditEntries(targetId: string) {
  return db()
    .selectFrom("auditLog")
    .select(["action", "actorId", "details"])
    .where("targetId", "=", targetId)
    .orderBy("id")
    .execute();
}

async function areaOrder(areaId: string) {
  const area = (await listTaxonomy(db(), { includeRetired: true })).find((x) => x.id === areaId)!;
  return area.painPoints.map((p) => p.id);
}

describe("merging pain points", () => {
  it("re-tags every write-up in one go, once per write-up, with a revision note, an audit entry and search updates", async () => {
    const { team, a, b, c } = await setup();
    const published = { status: "published" as const, lead: team.lead };
    const onlyA = await createSolutionAs(db(), team.member, { painPointIds: [a.id, c.id], ...published });
    const both = await createSolutionAs(db(), team.member, { painPointIds: [a.id, c.id, b.id], ...published });
    const draft = await createSolutionAs(db(), team.member, { painPointIds: [a.id] });
    // Published without A; a pending (not yet live) change adds A.
    const pending = await createSolutionAs(db(), team.member, { painPointIds: [c.id], ...published });
    const live = await latestRevision(pending.id);
    await saveSolution(db(), team.member, pending.id, live.access.revision, {
      ...snapshotToInput(live.revision.snapshot),
      painPointIds: [c.id, a.id],
    });
    const affected = [onlyA.id, both.id, draft.id, pending.id];
    const before = new Map(await Promise.all(affected.map(async (id) => [id, await latestRevision(id)] as const)));
    const outboxBefore = await outboxRowsFor(affected);

    const result = await mergePainPoint(db(), team.curator, a.id, b.id);
    expect([...result.solutionIds].sort()).toEqual([...affected].sort());

    // The join table: A replaced by B, B once where the write-up had both, at the earlier place.
    expect(await tagIds(onlyA.id)).toEqual([b.id, c.id]);
    expect(await tagIds(both.id)).toEqual([b.id, c.id]);
    expect(await tagIds(draft.id)).toEqual([b.id]);
    expect(await tagIds(pending.id)).toEqual([c.id]);
    const leftovers = await db()
      .selectFrom("solutionPainPoints")
      .select("solutionId")
      .where("painPointId", "=", a.id)
      .execute();
    expect(leftovers).toEqual([]);

    // One new revision each, with the note and the re-mapped snapshot; the lock moved on by one.
    const note = `pain point "${a.nameEn}" merged into "${b.nameEn}"`;
    const expectedIds: Record<string, string[]> = {
      [onlyA.id]: [b.id, c.id],
      [both.id]: [b.id, c.id],
      [draft.id]: [b.id],
      [pending.id]: [c.id, b.id],
    };
    for (const id of affected) {
      const old = before.get(id)!;
      const now = await latestRevision(id);
      expect(now.access.revision).toBe(old.access.revision + 1);
      expect(now.revision.note).toBe(note);
      expect(now.revision.snapshot.painPointIds).toEqual(expectedIds[id]);
      expect({ ...now.revision.snapshot, painPointIds: [] }).toEqual({ ...old.revision.snapshot, painPointIds: [] });
      expect(now.revision.bodyHtml).toBe(old.revision.bodyHtml);
    }
    // A live write-up stays live on the new revision; pending changes stay pending.
    expect((await getSolutionAccess(db(), onlyA.id))!).toMatchObject({ pendingChange: null });
    expect((await getSolutionAccess(db(), onlyA.id))!.liveRevision).toBe(before.get(onlyA.id)!.access.revision + 1);
    const pendingNow = (await getSolutionAccess(db(), pending.id))!;
    expect(pendingNow).toMatchObject({
      pendingChange: "draft",
      liveRevision: before.get(pending.id)!.access.liveRevision,
    });
    expect(pendingNow.liveRevision).toBeLessThan(pendingNow.revision);

    // Editors still open on the old revision are told someone saved in between.
    const stale = before.get(draft.id)!;
    await expect(
      saveSolution(db(), team.member, draft.id, stale.access.revision, {
        ...snapshotToInput(stale.revision.snapshot),
        painPointIds: [b.id],
        summary: "late edit",
      }),
    ).rejects.toThrow(ConflictError);

    // Publishing the pending change brings B, never A, into the join table.
    await publishSolution(db(), team.lead, pending.id);
    expect(await tagIds(pending.id)).toEqual([c.id, b.id]);

    const audit = await auditEntries(a.id);
    expect(audit.at(-1)).toMatchObject({
      action: "pain_point.merged",
      actorId: team.curator.id,
      details: { target: { id: b.id, slug: b.slug }, solutionCount: 4 },
    });
    const outboxAfter = await outboxRowsFor(affected);
    for (const id of affected) expect(outboxAfter.get(id) ?? 0).toBeGreaterThan(outboxBefore.get(id) ?? 0);

    // The merged pain point is gone from the taxonomy; its slug leads to the target.
    const merged = await db().selectFrom("painPoints").select("mergedIntoId").where("id", "=", a.id).executeTakeFirst();
    expect(merged?.mergedIntoId).toBe(b.id);
    expect(
      (await listTaxonomy(db(), { includeRetired: true })).flatMap((x) => x.painPoints.map((p) => p.id)),
    ).not.toContain(a.id);
    expect(await resolvePainPointSlug(db(), a.slug)).toEqual({ id: b.id, slug: b.slug });
    const request = getRequest(`/pain-points/${a.slug}?page=1`, { Cookie: await cookieFor(team.member.id) });
    const redirect = await call(async () =>
      painPointLoader({ request, params: { slug: a.slug }, context: await contextFor(request) }),
    );
    expect(redirect.status).toBe(301);
    expect(redirect.response?.headers.get("Location")).toBe(`/pain-points/${b.slug}?page=1`);

    // An editor opened before the merge still sends the merged pain point: the write-up gets the target.
    await saveSolution(
      db(),
      team.member,
      draft.id,
      (await getSolutionAccess(db(), draft.id))!.revision,
      contentInput({ authorIds: [team.member.id], painPointIds: [a.id] }),
    );
    expect(await tagIds(draft.id)).toEqual([b.id]);
  });

  it("changes nothing at all when any step fails (one transaction)", async () => {
    const { team, a, b } = await setup();
    const s = await createSolutionAs(db(), team.member, { painPointIds: [a.id] });
    const before = await latestRevision(s.id);
    // Make the last step (the audit entry) fail for merges, in this test file's own schema only.
    await sql`create function refuse_merge_audit() returns trigger language plpgsql as $$
      begin if new.action = 'pain_point.merged' then raise exception 'refused for the test'; end if; return new; end $$`.execute(
      db(),
    );
    await sql`create trigger refuse_merge_audit before insert on audit_log for each row execute function refuse_merge_audit()`.execute(
      db(),
    );
    try {
      await expect(mergePainPoint(db(), team.curator, a.id, b.id)).rejects.toThrow(/refused for the test/);
    } finally {
      await sql`drop trigger refuse_merge_audit on audit_log`.execute(db());
      await sql`drop function refuse_merge_audit()`.execute(db());
    }
    expect(await tagIds(s.id)).toEqual([a.id]);
    const after = await latestRevision(s.id);
    expect(after.access.revision).toBe(before.access.revision);
    const source = await db().selectFrom("painPoints").select("mergedIntoId").where("id", "=", a.id).executeTakeFirst();
    expect(source?.mergedIntoId).toBeNull();
  });

  it("refuses merging into itself, into a retired or merged pain point, and unknown ids", async () => {
    const { team, taxonomy, a, b, c } = await setup();
    await expect(mergePainPoint(db(), team.curator, a.id, a.id)).rejects.toMatchObject({
      fieldErrors: { targetId: ["taxonomy:errors.mergeIntoItself"] },
    });
    await expect(mergePainPoint(db(), team.curator, a.id, taxonomy.retired.id)).rejects.toMatchObject({
      fieldErrors: { targetId: ["taxonomy:errors.mergeIntoRetired"] },
    });
    await expect(mergePainPoint(db(), team.curator, a.id, crypto.randomUUID())).rejects.toMatchObject({
      fieldErrors: { targetId: ["taxonomy:errors.unknown"] },
    });
    await expect(mergePainPoint(db(), team.curator, "not-an-id", b.id)).rejects.toMatchObject({
      fieldErrors: { id: ["taxonomy:errors.unknown"] },
    });
    await mergePainPoint(db(), team.curator, a.id, b.id);
    await expect(mergePainPoint(db(), team.curator, c.id, a.id)).rejects.toThrow(ValidationError);
    await expect(mergePainPoint(db(), team.curator, a.id, c.id)).rejects.toThrow(ValidationError);
    // Merging the target on: the first merged slug now leads straight to the newest target.
    await mergePainPoint(db(), team.curator, b.id, c.id);
    const chain = await db().selectFrom("painPoints").select("mergedIntoId").where("id", "=", a.id).executeTakeFirst();
    expect(chain?.mergedIntoId).toBe(c.id);
    expect(await resolvePainPointSlug(db(), a.slug)).toEqual({ id: c.id, slug: c.slug });
  });
});

describe("retiring pain points", () => {
  it("keeps a retired pain point on its write-ups, out of pickers and browsing unless visible write-ups carry it", async () => {
    const { team, taxonomy, a, b, c } = await setup();
    const outsider = await createUser(db());
    const carrying = await createSolutionAs(db(), team.member, {
      painPointIds: [a.id],
      status: "published",
      lead: team.lead,
    });
    await createSolutionAs(db(), team.member, {
      painPointIds: [b.id],
      status: "published",
      lead: team.lead,
      overrides: { visibility: "subsidiary" },
    });
    await setPainPointRetired(db(), team.curator, a.id, true);
    await setPainPointRetired(db(), team.curator, b.id, true);
    await setPainPointRetired(db(), team.curator, c.id, true);
    expect((await auditEntries(a.id)).at(-1)).toMatchObject({ action: "pain_point.retired" });
    expect((await outboxRowsFor([carrying.id])).get(carrying.id)).toBeGreaterThanOrEqual(2);

    // Pickers for new write-ups: gone.
    const picker = (await listTaxonomy(db())).find((x) => x.id === taxonomy.areaId)!;
    expect(picker.painPoints.map((p) => p.id)).toEqual([]);

    // Browsing: a shows (a visible write-up carries it), b shows only to those who see its write-up, c never.
    const browsed = async (actor: typeof outsider) => {
      const catalog = await browseCatalog(db(), actor, readCatalogRequest(new URLSearchParams()), { strict: false });
      const area = catalog.facets.painPoints.find((x) => x.id === taxonomy.areaId);
      return (area?.painPoints ?? []).map((p) => p.id);
    };
    expect(await browsed(outsider)).toEqual([a.id]);
    expect(await browsed(team.member)).toEqual([a.id, b.id]);

    // Existing write-ups keep it and may still be saved with it; new ones cannot take it.
    expect(await tagIds(carrying.id)).toEqual([a.id]);
    const fresh = await createSolutionAs(db(), team.member, { painPointIds: [] });
    await expect(
      saveSolution(
        db(),
        team.member,
        fresh.id,
        fresh.revision,
        contentInput({ authorIds: [team.member.id], painPointIds: [c.id] }),
      ),
    ).rejects.toMatchObject({ fieldErrors: { painPointIds: ["solutions:errors.unknownPainPoint"] } });
    const current = await latestRevision(carrying.id);
    await expect(
      saveSolution(db(), team.member, carrying.id, current.access.revision, {
        ...snapshotToInput(current.revision.snapshot),
        summary: "Still tagged with the retired pain point.",
      }),
    ).resolves.toMatchObject({ unchanged: false });

    // Brought back: choosable again.
    await setPainPointRetired(db(), team.curator, c.id, false);
    expect((await auditEntries(c.id)).at(-1)).toMatchObject({ action: "pain_point.unretired" });
    const again = (await listTaxonomy(db())).find((x) => x.id === taxonomy.areaId)!;
    expect(again.painPoints.map((p) => p.id)).toEqual([c.id]);
    const latestFresh = (await getSolutionAccess(db(), fresh.id))!;
    await expect(
      saveSolution(
        db(),
        team.member,
        fresh.id,
        latestFresh.revision,
        contentInput({ authorIds: [team.member.id], painPointIds: [c.id] }),
      ),
    ).resolves.toMatchObject({ unchanged: false });
  });
});

describe("editing the taxonomy", () => {
  it("creates areas and pain points with derived kebab-case slugs, numbered when taken", async () => {
    const { team } = await setup();
    const t = tag();
    const area = await createArea(db(), team.curator, entry({ nameEn: `Design Coordination ${t}` }));
    expect(area.slug).toBe(`design-coordination-${t}`);
    const first = await createPainPoint(db(), team.curator, {
      ...entry({ nameEn: `Late Design Changes! ${t}` }),
      areaId: area.id,
    });
    expect(first.slug).toBe(`late-design-changes-${t}`);
    const second = await createPainPoint(db(), team.curator, {
      ...entry({ nameEn: `Late-design changes ${t}` }),
      areaId: area.id,
    });
    expect(second.slug).toBe(`late-design-changes-${t}-2`);
    expect(await areaOrder(area.id)).toEqual([first.id, second.id]);
    expect(slugFromName("运维", "pain-point")).toBe("yun-wei");
    expect((await auditEntries(first.id))[0]).toMatchObject({ action: "pain_point.created", actorId: team.curator.id });
  });

  it("refuses duplicate slugs and names with field errors", async () => {
    const { team, taxonomy, a, b } = await setup();
    await expect(
      createPainPoint(db(), team.curator, { ...entry({ slug: a.slug }), areaId: taxonomy.areaId }),
    ).rejects.toMatchObject({ fieldErrors: { slug: ["taxonomy:errors.slugTaken"] } });
    await expect(
      createPainPoint(db(), team.curator, {
        ...entry({ nameEn: a.nameEn.toUpperCase(), nameZh: a.nameZh }),
        areaId: taxonomy.areaId,
      }),
    ).rejects.toMatchObject({
      fieldErrors: { nameEn: ["taxonomy:errors.nameTaken"], nameZh: ["taxonomy:errors.nameTaken"] },
    });
    await expect(updatePainPoint(db(), team.curator, b.id, { ...entry({ slug: a.slug }) })).rejects.toMatchObject({
      fieldErrors: { slug: ["taxonomy:errors.slugTaken"] },
    });
    await expect(
      createPainPoint(db(), team.curator, { ...entry({ slug: "Not Kebab" }), areaId: taxonomy.areaId }),
    ).rejects.toMatchObject({ fieldErrors: { slug: ["taxonomy:errors.slugFormat"] } });
    await expect(
      createPainPoint(db(), team.curator, { ...entry(), areaId: crypto.randomUUID() }),
    ).rejects.toMatchObject({ fieldErrors: { areaId: ["taxonomy:errors.unknownArea"] } });
    const area = await createArea(db(), team.curator, entry());
    await expect(createArea(db(), team.curator, entry({ slug: area.slug }))).rejects.toMatchObject({
      fieldErrors: { slug: ["taxonomy:errors.slugTaken"] },
    });
  });

  it("renames: names change everywhere, the slug stays unless edited, and an edited slug keeps the old one redirecting", async () => {
    const { team, a, b } = await setup();
    const s = await createSolutionAs(db(), team.member, { painPointIds: [a.id], status: "published", lead: team.lead });
    const outboxBefore = (await outboxRowsFor([s.id])).get(s.id) ?? 0;

    await updatePainPoint(db(), team.curator, a.id, {
      ...entry({ nameEn: "Clashes found on site", nameZh: "现场发现碰撞" }),
    });
    const renamed = await db()
      .selectFrom("painPoints")
      .select(["slug", "nameEn", "nameZh"])
      .where("id", "=", a.id)
      .executeTakeFirst();
    expect(renamed).toEqual({ slug: a.slug, nameEn: "Clashes found on site", nameZh: "现场发现碰撞" });
    expect((await outboxRowsFor([s.id])).get(s.id)).toBe(outboxBefore + 1);

    const newSlug = `clashes-on-site-${tag()}`;
    await updatePainPoint(db(), team.curator, a.id, {
      ...entry({ nameEn: "Clashes found on site", nameZh: "现场发现碰撞", slug: newSlug }),
    });
    expect(await resolvePainPointSlug(db(), a.slug)).toEqual({ id: a.id, slug: newSlug });
    expect(await resolvePainPointSlug(db(), newSlug)).toEqual({ id: a.id, slug: newSlug });
    // The old slug stays reserved for the page it redirects to...
    await expect(updatePainPoint(db(), team.curator, b.id, entry({ slug: a.slug }))).rejects.toMatchObject({
      fieldErrors: { slug: ["taxonomy:errors.slugTaken"] },
    });
    // ...but the pain point itself may take it back.
    await updatePainPoint(db(), team.curator, a.id, {
      ...entry({ nameEn: "Clashes found on site", nameZh: "现场发现碰撞", slug: a.slug }),
    });
    expect(await resolvePainPointSlug(db(), newSlug)).toEqual({ id: a.id, slug: a.slug });
    expect((await auditEntries(a.id)).map((e) => e.action)).toEqual([
      "pain_point.updated",
      "pain_point.updated",
      "pain_point.updated",
    ]);
  });

  it("reorders pain points (up, down, position) and areas, and moves pain points between areas", async () => {
    const { team, taxonomy, a, b, c } = await setup();
    await movePainPoint(db(), team.curator, c.id, { direction: "up" });
    expect(await areaOrder(taxonomy.areaId)).toEqual([a.id, c.id, b.id, taxonomy.retired.id]);
    await movePainPoint(db(), team.curator, a.id, { direction: "down" });
    expect(await areaOrder(taxonomy.areaId)).toEqual([c.id, a.id, b.id, taxonomy.retired.id]);
    await movePainPoint(db(), team.curator, c.id, { direction: "up" }); // already first: nothing happens
    await updatePainPoint(db(), team.curator, b.id, { ...entry({ nameEn: b.nameEn, nameZh: b.nameZh }), position: 1 });
    expect(await areaOrder(taxonomy.areaId)).toEqual([b.id, c.id, a.id, taxonomy.retired.id]);
    expect((await auditEntries(c.id)).map((e) => e.action)).toEqual(["pain_point.moved"]);

    const s = await createSolutionAs(db(), team.member, { painPointIds: [a.id] });
    const outboxBefore = (await outboxRowsFor([s.id])).get(s.id) ?? 0;
    const other = await createArea(db(), team.curator, entry());
    const already = await createPainPoint(db(), team.curator, { ...entry(), areaId: other.id });
    await changePainPointArea(db(), team.curator, a.id, other.id);
    expect(await areaOrder(other.id)).toEqual([already.id, a.id]);
    expect(await areaOrder(taxonomy.areaId)).toEqual([b.id, c.id, taxonomy.retired.id]);
    expect((await outboxRowsFor([s.id])).get(s.id)).toBe(outboxBefore + 1);
    await expect(changePainPointArea(db(), team.curator, a.id, crypto.randomUUID())).rejects.toMatchObject({
      fieldErrors: { areaId: ["taxonomy:errors.unknownArea"] },
    });

    const third = await createArea(db(), team.curator, entry());
    const areaIds = async () =>
      (await getTaxonomyForCuration(db(), team.curator))
        .map((x) => x.id)
        .filter((id) => [other.id, third.id].includes(id));
    expect(await areaIds()).toEqual([other.id, third.id]);
    await moveArea(db(), team.curator, third.id, { direction: "up" });
    expect(await areaIds()).toEqual([third.id, other.id]);
    await updateArea(db(), team.curator, other.id, { ...entry({ nameEn: `Renamed ${tag()}` }), position: 1 });
    const firstArea = (await getTaxonomyForCuration(db(), team.curator))[0]!;
    expect(firstArea.id).toBe(other.id);
    expect((await auditEntries(third.id)).map((e) => e.action)).toEqual([
      "pain_point_area.created",
      "pain_point_area.moved",
    ]);
  });

  it("counts write-ups per pain point for curators", async () => {
    const { team, a } = await setup();
    await createSolutionAs(db(), team.member, { painPointIds: [a.id], status: "published", lead: team.lead });
    await createSolutionAs(db(), team.member, { painPointIds: [a.id] });
    const tree = await getTaxonomyForCuration(db(), team.curator);
    const counted = tree.flatMap((x) => x.painPoints).find((p) => p.id === a.id);
    expect(counted?.solutionCounts).toEqual({ total: 2, published: 1 });
  });

  it("is for curators and admins only", async () => {
    const { team, a } = await setup();
    for (const actor of [team.member, team.lead]) {
      await expect(setPainPointRetired(db(), actor, a.id, true)).rejects.toThrow(ForbiddenError);
      await expect(createArea(db(), actor, entry())).rejects.toThrow(ForbiddenError);
      await expect(getTaxonomyForCuration(db(), actor)).rejects.toThrow(ForbiddenError);
    }
  });
});

describe("the curators' page /curate/taxonomy", () => {
  async function load(userId?: string) {
    const request = getRequest("/curate/taxonomy", userId ? { Cookie: await cookieFor(userId) } : {});
    return call(async () => taxonomyLoader({ request, params: {}, context: await contextFor(request) }));
  }

  async function post(userId: string, fields: Record<string, string>) {
    const request = postRequest("/curate/taxonomy", fields, { Cookie: await cookieFor(userId) });
    return call(async () => taxonomyAction({ request, params: {}, context: await contextFor(request) }));
  }

  it("sends anonymous visitors to sign in, refuses members and leads (403), serves curators and admins", async () => {
    const { team, taxonomy } = await setup();
    const anonymous = await load();
    expect(anonymous.status).toBe(302);
    expect(anonymous.response?.headers.get("Location")).toContain("/login");
    for (const user of [team.member, team.lead]) {
      expect((await load(user.id)).status).toBe(403);
      expect((await post(user.id, { intent: "retire", id: taxonomy.painPoints[0]!.id })).status).toBe(403);
    }
    for (const user of [team.curator, team.admin]) {
      const page = await load(user.id);
      expect(page.status).toBe(200);
      const area = payload(page.value).areas.find((x: { id: string }) => x.id === taxonomy.areaId);
      expect(area.painPoints.map((p: { id: string }) => p.id)).toEqual([
        ...taxonomy.painPoints.map((p) => p.id),
        taxonomy.retired.id,
      ]);
    }
  });

  it("runs each intent, answering 400 with field messages for bad input and unknown ids or intents", async () => {
    const { team, taxonomy, a, b } = await setup();
    const t = tag();
    const created = await post(team.curator.id, {
      intent: "createPainPoint",
      id: taxonomy.areaId,
      areaId: taxonomy.areaId,
      nameEn: `Handover data gaps ${t}`,
      nameZh: `交付数据缺失 ${t}`,
      slug: "",
      descriptionEn: "Operators receive incomplete asset data.",
      descriptionZh: "运维方收到的资产数据不完整。",
      position: "",
    });
    expect(created.status).toBe(200);
    expect(payload(created.value)).toEqual({ ok: true, intent: "createPainPoint", id: taxonomy.areaId });
    expect(await resolvePainPointSlug(db(), `handover-data-gaps-${t}`)).toBeTruthy();

    const duplicate = await post(team.curator.id, {
      intent: "updatePainPoint",
      id: b.id,
      nameEn: b.nameEn,
      nameZh: b.nameZh,
      slug: a.slug,
    });
    expect(duplicate.status).toBe(400);
    expect(payload(duplicate.value)).toMatchObject({
      ok: false,
      fieldErrors: { slug: ["taxonomy:errors.slugTaken"] },
      values: { intent: "updatePainPoint", id: b.id, slug: a.slug },
    });

    const empty = await post(team.curator.id, { intent: "createArea", nameEn: "", nameZh: "x", slug: "Bad Slug" });
    expect(empty.status).toBe(400);
    expect(payload(empty.value).fieldErrors).toMatchObject({
      nameEn: ["validation:required"],
      slug: ["taxonomy:errors.slugFormat"],
    });

    for (const intent of ["retire", "movePainPointUp", "updatePainPoint"]) {
      const unknown = await post(team.curator.id, { intent, id: crypto.randomUUID(), nameEn: "n", nameZh: "n" });
      expect(unknown.status).toBe(400);
      expect(payload(unknown.value).fieldErrors).toEqual({ id: ["taxonomy:errors.unknown"] });
    }
    const badTarget = await post(team.curator.id, { intent: "merge", id: a.id, targetId: "nope", confirm: "on" });
    expect(badTarget.status).toBe(400);
    expect(payload(badTarget.value).fieldErrors).toEqual({ targetId: ["taxonomy:errors.unknown"] });
    const unconfirmed = await post(team.curator.id, { intent: "merge", id: a.id, targetId: b.id });
    expect(unconfirmed.status).toBe(400);
    expect(payload(unconfirmed.value).fieldErrors).toEqual({ confirm: ["taxonomy:errors.confirmMerge"] });

    const unknownIntent = await post(team.curator.id, { intent: "delete", id: a.id });
    expect(unknownIntent.status).toBe(400);
    expect(payload(unknownIntent.value)).toMatchObject({ formError: "errors:unknownIntent" });

    const merged = await post(team.curator.id, { intent: "merge", id: a.id, targetId: b.id, confirm: "on" });
    expect(merged.status).toBe(200);
    expect(await resolvePainPointSlug(db(), a.slug)).toEqual({ id: b.id, slug: b.slug });

    const moved = await post(team.admin.id, { intent: "movePainPointDown", id: b.id });
    expect(moved.status).toBe(200);
    expect(await areaOrder(taxonomy.areaId)).toEqual([
      taxonomy.painPoints[2]!.id,
      b.id,
      taxonomy.retired.id,
      (await resolvePainPointSlug(db(), `handover-data-gaps-${t}`))!.id,
    ]);
  });
});
