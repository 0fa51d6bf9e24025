import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { solutionsIndexUid } from "~/lib/search-index.server";
import { getSearch } from "~/lib/search.server";
import { action as readAction, loader as readLoader } from "~/routes/solutions.$slug._index";
import { browseCatalog, readCatalogRequest } from "~/services/catalog.server";
import { ForbiddenError, NotFoundError, ValidationError } from "~/services/errors";
import { setSolutionFeatured } from "~/services/featuring.server";
import { listSolutionReuses, recordReuse, withdrawReuse } from "~/services/reuse.server";
import { searchSolutions } from "~/services/search.server";
import { inSharedTransaction } from "~/services/shared-transaction.server";
import { archiveSolution, requireReadableSolution } from "~/services/solutions.server";
import type { SolutionSearchDocument } from "../../search/solutions-index";
import { createTeam, createUser } from "../factories/accounts";
import { createSolutionAs, createTaxonomy } from "../factories/solution-workflow";
import { call, contextFor, cookieFor, getRequest, payload, postRequest } from "../support/remix";
import { indexPendingChanges, prepareSearchIndex, searchQuery } from "../support/search";

/**
 * Reuse records and featured best practices (product brief: "teams record that they are reusing a
 * solution, so reuse between subsidiaries becomes visible; HQ curators feature best practices"):
 * permissions per role and subsidiary, validation, reuse_count under concurrency, the outbox row in the
 * same transaction, and the search index after the worker drains.
 */
type Team = Awaited<ReturnType<typeof createTeam>>;
let owner: Team;
let other: Team;
let painPointIds: string[];

beforeAll(async () => {
  const db = getDb();
  await prepareSearchIndex();
  [owner, other] = await Promise.all([createTeam(db), createTeam(db)]);
  painPointIds = [(await createTaxonomy(db)).painPoints[0]!.id];
});

function publish(overrides: Parameters<typeof createSolutionAs>[2]["overrides"] = {}) {
  return createSolutionAs(getDb(), owner.member, { painPointIds, status: "published", lead: owner.lead, overrides });
}

async function outboxRows(solutionId: string) {
  const row = await getDb()
    .selectFrom("searchOutbox")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("entityId", "=", solutionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function reuseState(solutionId: string) {
  const db = getDb();
  const [solution, rows] = await Promise.all([
    db.selectFrom("solutions").select("reuseCount").where("id", "=", solutionId).executeTakeFirstOrThrow(),
    db
      .selectFrom("solutionReuses")
      .select(["project", "subsidiaryId", "userId"])
      .where("solutionId", "=", solutionId)
      .orderBy("createdAt")
      .execute(),
  ]);
  return { reuseCount: solution.reuseCount, rows };
}

async function auditActions(solutionId: string) {
  const rows = await getDb()
    .selectFrom("auditLog")
    .select("action")
    .where("targetId", "=", solutionId)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.action);
}

const UNKNOWN_ID = "7b0c1a4e-0000-4000-8000-000000000000";

describe("recording reuse", () => {
  it("records reuse for the recorder's own subsidiary, counts it, marks cross-subsidiary reuse and queues the index", async () => {
    const db = getDb();
    const s = await publish();
    const outboxBefore = await outboxRows(s.id);

    const first = await recordReuse(db, other.member, s.id, {
      project: "  Metro Line 12  ",
      note: "Used the clash matrix",
    });
    expect(first.reuseCount).toBe(1);
    const second = await recordReuse(db, owner.lead, s.id, { project: "Airport terminal" });
    expect(second.reuseCount).toBe(2);

    expect(await reuseState(s.id)).toEqual({
      reuseCount: 2,
      rows: [
        { project: "Metro Line 12", subsidiaryId: other.subsidiary.id, userId: other.member.id },
        { project: "Airport terminal", subsidiaryId: owner.subsidiary.id, userId: owner.lead.id },
      ],
    });
    expect(await outboxRows(s.id)).toBe(outboxBefore + 2);
    expect(await auditActions(s.id)).toEqual(["reuse.recorded", "reuse.recorded"]);

    const access = await requireReadableSolution(db, other.member, s.id);
    const list = await listSolutionReuses(db, other.member, access);
    expect(list).toMatchObject({ projects: 2, subsidiaries: 2, crossSubsidiaryProjects: 1 });
    expect(list.items.map((i) => [i.project, i.crossSubsidiary, i.canWithdraw, i.recordedByName])).toEqual([
      ["Airport terminal", false, false, owner.lead.displayName],
      ["Metro Line 12", true, true, other.member.displayName],
    ]);
    expect(list.items[1]!.note).toBe("Used the clash matrix");
  });

  it("lets every role record reuse of a write-up they may read; 404 when they may not read it, 403 when it is not published", async () => {
    const db = getDb();
    const s = await publish();
    for (const [i, user] of [other.member, other.lead, other.curator, other.admin, owner.member].entries()) {
      await expect(recordReuse(db, user, s.id, { project: `Project ${i}` })).resolves.toMatchObject({
        reuseCount: i + 1,
      });
    }

    const confidential = await publish({ visibility: "subsidiary" });
    for (const outsider of [other.member, other.lead]) {
      await expect(recordReuse(db, outsider, confidential.id, { project: "Leak" })).rejects.toThrow(NotFoundError);
    }
    // Headquarters' curators read everything, so they may record reuse of a confidential write-up.
    await expect(recordReuse(db, other.curator, confidential.id, { project: "HQ pilot" })).resolves.toMatchObject({
      reuseCount: 1,
    });

    const draft = await createSolutionAs(db, owner.member, { painPointIds });
    await expect(recordReuse(db, owner.member, draft.id, { project: "Own draft" })).rejects.toThrow(ForbiddenError);
    await expect(recordReuse(db, other.member, draft.id, { project: "Someone's draft" })).rejects.toThrow(
      NotFoundError,
    );
    await archiveSolution(db, owner.lead, confidential.id);
    await expect(recordReuse(db, owner.member, confidential.id, { project: "Archived" })).rejects.toThrow(
      ForbiddenError,
    );

    for (const id of [UNKNOWN_ID, "not-a-uuid", ""]) {
      await expect(recordReuse(db, other.admin, id, { project: "Nowhere" })).rejects.toThrow(NotFoundError);
    }
    expect((await reuseState(draft.id)).reuseCount).toBe(0);
  });

  it("refuses an empty or too long project, a too long note and a second record of the same project (any case)", async () => {
    const db = getDb();
    const s = await publish();
    const fieldErrors = async (input: { project?: unknown; note?: unknown }) => {
      const error = await recordReuse(db, other.member, s.id, input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).fieldErrors;
    };
    expect(await fieldErrors({ project: "" })).toEqual({ project: ["validation:required"] });
    expect(await fieldErrors({ project: "   " })).toEqual({ project: ["validation:required"] });
    expect(await fieldErrors({})).toEqual({ project: ["validation:required"] });
    expect(await fieldErrors({ project: "x".repeat(201) })).toEqual({ project: ["validation:tooLong"] });
    expect(await fieldErrors({ project: "Fine", note: "n".repeat(1001) })).toEqual({ note: ["validation:tooLong"] });
    expect((await reuseState(s.id)).reuseCount).toBe(0);

    await recordReuse(db, other.member, s.id, { project: "x".repeat(200), note: "n".repeat(1000) });
    await recordReuse(db, other.member, s.id, { project: "Riverside Hospital" });
    expect(await fieldErrors({ project: "riverside   HOSPITAL" })).toEqual({ project: ["reuse:errors.duplicate"] });
    // A colleague of the same subsidiary hits the same record ...
    await expect(recordReuse(db, other.lead, s.id, { project: "Riverside hospital" })).rejects.toMatchObject({
      code: "duplicate_reuse",
      status: 400,
    });
    // ... but another subsidiary may reuse it in a project of the same name.
    await recordReuse(db, owner.member, s.id, { project: "Riverside Hospital" });
    expect((await reuseState(s.id)).reuseCount).toBe(3);
  });

  it("keeps reuse_count equal to the number of records under concurrent records and withdrawals", async () => {
    const db = getDb();
    const s = await publish();
    const recorders = await Promise.all(
      Array.from({ length: 12 }, () => createUser(db, { subsidiaryId: other.subsidiary.id })),
    );
    const results = await Promise.allSettled(
      recorders.map((user, i) => recordReuse(db, user, s.id, { project: `Parallel project ${i}` })),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect((await reuseState(s.id)).reuseCount).toBe(12);
    expect((await reuseState(s.id)).rows).toHaveLength(12);

    // The same project twice at once: exactly one record.
    const twins = await Promise.allSettled(
      recorders.slice(0, 2).map((user) => recordReuse(db, user, s.id, { project: "Twin project" })),
    );
    expect(twins.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((await reuseState(s.id)).reuseCount).toBe(13);

    // Withdrawals and records interleaved.
    const records = await getDb()
      .selectFrom("solutionReuses")
      .select(["id", "userId"])
      .where("solutionId", "=", s.id)
      .execute();
    const mixed = await Promise.allSettled([
      ...records.slice(0, 5).map((r) => withdrawReuse(db, other.admin, s.id, r.id)),
      ...recorders.slice(0, 4).map((user, i) => recordReuse(db, user, s.id, { project: `Later project ${i}` })),
      // The same record withdrawn twice at once: one succeeds, the other finds nothing.
      withdrawReuse(db, other.lead, s.id, records[6]!.id),
      withdrawReuse(db, other.admin, s.id, records[6]!.id),
    ]);
    expect(mixed.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason)).toEqual([
      expect.any(NotFoundError),
    ]);
    const final = await reuseState(s.id);
    expect(final.rows).toHaveLength(13 - 5 + 4 - 1);
    expect(final.reuseCount).toBe(final.rows.length);
  });

  it("writes the record, the count and the outbox row in one transaction: a failed transaction leaves none of them", async () => {
    const db = getDb();
    const s = await publish();
    const outboxBefore = await outboxRows(s.id);
    await expect(
      inSharedTransaction(db, async (tx) => {
        const result = await recordReuse(tx, other.member, s.id, { project: "Rolled back" });
        expect(result.reuseCount).toBe(1);
        expect(await outboxRows(s.id)).toBe(outboxBefore); // not visible outside the transaction yet
        throw new Error("something later in the same transaction failed");
      }),
    ).rejects.toThrow("something later");
    expect(await reuseState(s.id)).toEqual({ reuseCount: 0, rows: [] });
    expect(await outboxRows(s.id)).toBe(outboxBefore);
    expect(await auditActions(s.id)).toEqual([]);

    const { id } = await recordReuse(db, other.member, s.id, { project: "Kept" });
    await expect(
      inSharedTransaction(db, async (tx) => {
        await withdrawReuse(tx, other.member, s.id, id);
        throw new Error("roll the withdrawal back");
      }),
    ).rejects.toThrow("roll the withdrawal back");
    expect((await reuseState(s.id)).reuseCount).toBe(1);
    expect(await outboxRows(s.id)).toBe(outboxBefore + 1);
  });
});

describe("withdrawing reuse", () => {
  it("is for the recorder, a lead of the reusing subsidiary and admins; 403 for others, 404 for unknown records", async () => {
    const db = getDb();
    const s = await publish();
    const colleague = await createUser(db, { subsidiaryId: other.subsidiary.id });
    const record = async (project: string) => (await recordReuse(db, other.member, s.id, { project })).id;

    const a = await record("A");
    for (const user of [colleague, owner.lead, owner.member, other.curator, owner.curator]) {
      await expect(withdrawReuse(db, user, s.id, a)).rejects.toThrow(ForbiddenError);
    }
    await expect(withdrawReuse(db, other.member, s.id, a)).resolves.toEqual({ reuseCount: 0 });
    const b = await record("B");
    await expect(withdrawReuse(db, other.lead, s.id, b)).resolves.toEqual({ reuseCount: 0 });
    const c = await record("C");
    await expect(withdrawReuse(db, owner.admin, s.id, c)).resolves.toEqual({ reuseCount: 0 });
    expect(await auditActions(s.id)).toEqual([
      "reuse.recorded",
      "reuse.withdrawn",
      "reuse.recorded",
      "reuse.withdrawn",
      "reuse.recorded",
      "reuse.withdrawn",
    ]);

    const d = await record("D");
    const elsewhere = await publish();
    for (const [solutionId, reuseId] of [
      [s.id, a], // already withdrawn
      [s.id, UNKNOWN_ID],
      [s.id, "not-a-uuid"],
      [elsewhere.id, d], // a record of another write-up
      [UNKNOWN_ID, d],
    ]) {
      await expect(withdrawReuse(db, other.admin, solutionId!, reuseId!)).rejects.toThrow(NotFoundError);
    }
    expect((await reuseState(s.id)).reuseCount).toBe(1);
  });

  it("is 404 once the write-up is confidential to another subsidiary, even for the recorder", async () => {
    const db = getDb();
    const s = await publish({ visibility: "subsidiary" });
    const { id } = await recordReuse(db, other.curator, s.id, { project: "HQ pilot" });
    await expect(withdrawReuse(db, other.member, s.id, id)).rejects.toThrow(NotFoundError);
    await expect(withdrawReuse(db, other.curator, s.id, id)).resolves.toEqual({ reuseCount: 0 });
  });
});

describe("featuring best practices", () => {
  it("lets curators and admins of any subsidiary feature a published write-up, with who and when, audit and outbox rows", async () => {
    const db = getDb();
    const s = await publish();
    for (const user of [owner.member, owner.lead, other.member, other.lead]) {
      await expect(setSolutionFeatured(db, user, s.id, true)).rejects.toThrow(ForbiddenError);
    }
    const outboxBefore = await outboxRows(s.id);
    await expect(setSolutionFeatured(db, other.curator, s.id, true)).resolves.toEqual({
      featured: true,
      changed: true,
    });
    const row = await db
      .selectFrom("solutions")
      .select(["featured", "featuredAt", "featuredBy"])
      .where("id", "=", s.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ featured: true, featuredBy: other.curator.id });
    expect(row.featuredAt).toBeInstanceOf(Date);
    expect(await outboxRows(s.id)).toBe(outboxBefore + 1);

    // Again: nothing changes, nothing is written.
    await expect(setSolutionFeatured(db, owner.admin, s.id, true)).resolves.toEqual({ featured: true, changed: false });
    expect(await outboxRows(s.id)).toBe(outboxBefore + 1);

    await expect(setSolutionFeatured(db, owner.admin, s.id, false)).resolves.toEqual({
      featured: false,
      changed: true,
    });
    expect(
      await db
        .selectFrom("solutions")
        .select(["featured", "featuredAt", "featuredBy"])
        .where("id", "=", s.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ featured: false, featuredAt: null, featuredBy: null });
    expect(await outboxRows(s.id)).toBe(outboxBefore + 2);
    expect(await auditActions(s.id)).toEqual(["solution.featured", "solution.unfeatured"]);
  });

  it("refuses write-ups that are not published (403), unknown ones (404), and rolls back with its transaction", async () => {
    const db = getDb();
    const draft = await createSolutionAs(db, owner.member, { painPointIds });
    await expect(setSolutionFeatured(db, other.curator, draft.id, true)).rejects.toThrow(ForbiddenError);
    const confidential = await publish({ visibility: "subsidiary" });
    // A member of another subsidiary does not even learn that it exists.
    await expect(setSolutionFeatured(db, other.member, confidential.id, true)).rejects.toThrow(NotFoundError);
    for (const id of [UNKNOWN_ID, "nope"]) {
      await expect(setSolutionFeatured(db, other.admin, id, true)).rejects.toThrow(NotFoundError);
    }

    const s = await publish();
    const outboxBefore = await outboxRows(s.id);
    await expect(
      inSharedTransaction(db, async (tx) => {
        await setSolutionFeatured(tx, other.curator, s.id, true);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await featuredFlag(s.id)).toBe(false);
    expect(await outboxRows(s.id)).toBe(outboxBefore);
    expect(await auditActions(s.id)).toEqual([]);
  });
});

async function featuredFlag(id: string) {
  const row = await getDb().selectFrom("solutions").select("featured").where("id", "=", id).executeTakeFirstOrThrow();
  return row.featured;
}

describe("search and catalog after the worker drains", () => {
  it("index the new reuse counts and featured flags; the featured facet counts them and both sorts follow", async () => {
    const db = getDb();
    const tag = `Reusecheck${Date.now().toString(36)}`;
    const [least, most, middle] = [
      await publish({ title: `${tag} least` }),
      await publish({ title: `${tag} most` }),
      await publish({ title: `${tag} middle` }),
    ];
    await recordReuse(db, other.member, most.id, { project: "P1" });
    await recordReuse(db, other.lead, most.id, { project: "P2" });
    await recordReuse(db, owner.member, most.id, { project: "P3" });
    await recordReuse(db, other.member, middle.id, { project: "P1" });
    const withdrawn = await recordReuse(db, other.member, least.id, { project: "P1" });
    await withdrawReuse(db, other.member, least.id, withdrawn.id);
    await setSolutionFeatured(db, other.curator, most.id, true);
    await setSolutionFeatured(db, other.curator, middle.id, true);
    await setSolutionFeatured(db, other.curator, middle.id, false);
    await indexPendingChanges();

    const index = getSearch().client.index<SolutionSearchDocument>(solutionsIndexUid());
    const documents = await Promise.all([least, most, middle].map((s) => index.getDocument(s.id)));
    expect(documents.map((d) => [d.reuseCount, d.featured])).toEqual([
      [0, false],
      [3, true],
      [1, false],
    ]);

    const result = await searchSolutions(other.member, searchQuery({ q: tag, sort: "reused" }), { locale: "en" });
    expect(result.hits.map((h) => h.id)).toEqual([most.id, middle.id, least.id]);
    expect(result.hits.map((h) => [h.reuseCount, h.featured])).toEqual([
      [3, true],
      [1, false],
      [0, false],
    ]);
    expect(result.facets.featured.find((f) => f.value === "true")?.count).toBe(1);
    expect(result.facets.featured.find((f) => f.value === "false")?.count).toBe(2);
    const featuredOnly = await searchSolutions(other.member, searchQuery({ q: tag, filters: { featured: ["true"] } }), {
      locale: "en",
    });
    expect(featuredOnly.hits.map((h) => h.id)).toEqual([most.id]);

    const catalog = await browseCatalog(db, other.member, readCatalogRequest(new URLSearchParams("sort=reused")), {
      strict: true,
      pageSize: 100,
    });
    const ours = catalog.items.filter((i) => i.title.startsWith(tag));
    expect(ours.map((i) => [i.id, i.reuseCount, i.featured])).toEqual([
      [most.id, 3, true],
      [middle.id, 1, false],
      [least.id, 0, false],
    ]);
  });
});

describe("the write-up page", () => {
  async function load(slug: string, userId: string) {
    const request = getRequest(`/solutions/${slug}`, { Cookie: await cookieFor(userId) });
    return call(async () => readLoader({ request, params: { slug }, context: await contextFor(request) }));
  }
  async function post(slug: string, userId: string, fields: Record<string, string>) {
    const request = postRequest(`/solutions/${slug}`, fields, { Cookie: await cookieFor(userId) });
    return call(async () => readAction({ request, params: { slug }, context: await contextFor(request) }));
  }

  it("offers featuring to curators and admins and reuse to every reader, in its can map", async () => {
    const s = await publish();
    const expectations: [Team["member"], { feature: boolean; recordReuse: boolean }][] = [
      [owner.member, { feature: false, recordReuse: true }],
      [other.member, { feature: false, recordReuse: true }],
      [other.lead, { feature: false, recordReuse: true }],
      [other.curator, { feature: true, recordReuse: true }],
      [owner.admin, { feature: true, recordReuse: true }],
    ];
    for (const [user, expected] of expectations) {
      const page = await load(s.slug, user.id);
      expect({ role: user.role, status: page.status, can: page.value?.can }).toMatchObject({
        role: user.role,
        status: 200,
        can: expected,
      });
    }
    const reader = await load(s.slug, other.member.id);
    expect(reader.value?.recordReuseFor).toEqual({ nameEn: other.subsidiary.nameEn, nameZh: other.subsidiary.nameZh });
    expect(reader.value?.reuses).toMatchObject({ projects: 0, items: [] });
  });

  it("records, lists and withdraws reuse and features through intents, with 400, 403 and 404 where due", async () => {
    const s = await publish();
    // Bad input: 400 with the field's message, and the typed values back.
    const empty = await post(s.slug, other.member.id, { intent: "recordReuse", project: " " });
    expect(empty.status).toBe(400);
    expect(payload(empty.value)).toMatchObject({
      ok: false,
      fieldErrors: { project: ["validation:required"] },
      values: { intent: "recordReuse" },
    });
    const long = await post(s.slug, other.member.id, { intent: "recordReuse", project: "p".repeat(201) });
    expect(payload(long.value).fieldErrors).toEqual({ project: ["validation:tooLong"] });
    expect((await post(s.slug, other.member.id, { intent: "explode" })).status).toBe(400);

    const ok = await post(s.slug, other.member.id, { intent: "recordReuse", project: "Harbour bridge", note: "" });
    expect({ status: ok.status, value: payload(ok.value) }).toEqual({
      status: 200,
      value: { ok: true, intent: "recordReuse" },
    });
    const duplicate = await post(s.slug, other.lead.id, { intent: "recordReuse", project: "HARBOUR BRIDGE" });
    expect(duplicate.status).toBe(400);
    expect(payload(duplicate.value).fieldErrors).toEqual({ project: ["reuse:errors.duplicate"] });

    const page = await load(s.slug, owner.member.id);
    expect(page.value?.reuses).toMatchObject({ projects: 1, subsidiaries: 1, crossSubsidiaryProjects: 1 });
    const [item] = page.value!.reuses.items;
    expect(item).toMatchObject({
      project: "Harbour bridge",
      note: null,
      crossSubsidiary: true,
      canWithdraw: false,
      recordedByName: other.member.displayName,
      subsidiary: { code: other.subsidiary.code },
    });

    // Forbidden on a readable write-up: 403; on an unreadable one: 404.
    expect((await post(s.slug, owner.member.id, { intent: "withdrawReuse", reuseId: item!.id })).status).toBe(403);
    expect((await post(s.slug, other.member.id, { intent: "feature" })).status).toBe(403);
    expect((await post(s.slug, other.member.id, { intent: "withdrawReuse", reuseId: UNKNOWN_ID })).status).toBe(404);
    const confidential = await publish({ visibility: "subsidiary" });
    expect((await load(confidential.slug, other.member.id)).status).toBe(404);
    expect((await post(confidential.slug, other.member.id, { intent: "recordReuse", project: "X" })).status).toBe(404);
    expect((await post(confidential.slug, other.lead.id, { intent: "feature" })).status).toBe(404);

    expect((await post(s.slug, other.member.id, { intent: "withdrawReuse", reuseId: item!.id })).status).toBe(200);
    expect((await load(s.slug, owner.member.id)).value?.reuses.projects).toBe(0);

    expect((await post(s.slug, other.curator.id, { intent: "feature" })).status).toBe(200);
    const featured = await load(s.slug, owner.member.id);
    expect(featured.value?.solution.featured).toBe(true);
    expect(featured.value?.featuring).toMatchObject({ featuredByName: other.curator.displayName });
    expect((await post(s.slug, owner.admin.id, { intent: "unfeature" })).status).toBe(200);
    expect((await load(s.slug, owner.member.id)).value?.featuring).toBeNull();
  });
});
