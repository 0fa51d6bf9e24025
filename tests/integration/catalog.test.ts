import { describe, expect, it } from "vitest";
import { advanceClockForTests, resetClockForTests } from "~/lib/clock.server";
import { getDb } from "~/lib/db.server";
import { browseCatalog, readCatalogRequest } from "~/services/catalog.server";
import { enqueueSolutionIndexing } from "~/models/search-outbox.server";
import { getSolutionAccess } from "~/models/solution.server";
import { conditionToSql } from "~/models/solution-visibility.server";
import { listableSolutions } from "~/policies/solution-visibility";
import { recordReuse } from "~/services/reuse.server";
import { archiveSolution, publishSolution, saveSolution, submitForReview } from "~/services/solutions.server";
import { createSubsidiary, createUser } from "../factories/accounts";
import { contentInput, createSolutionAs, createTaxonomy } from "../factories/solution-workflow";

/**
 * A hand-built world: two subsidiaries (A, B), three pain points, six write-ups:
 *   a1 A  p1       mep    transport 2023 Revit            group      published
 *   a2 A  p1,p2    bim    transport 2024 Revit,Navisworks group      published
 *   a3 A  p2       bim    water     2024 Python           subsidiary published (confidential)
 *   a4 A  p3       bim    water     2022 Python           group      draft
 *   b1 B  p2,p3    civil  energy    2024 Navisworks       group      published
 *   b2 B  p3       civil  energy    2021 -                group      published, then archived
 */
async function world() {
  const db = getDb();
  const taxonomy = await createTaxonomy(db);
  const [p1, p2, p3] = taxonomy.painPoints.map((p) => p.id) as [string, string, string];
  const A = await createSubsidiary(db);
  const B = await createSubsidiary(db);
  const aMember = await createUser(db, { subsidiaryId: A.id });
  const aLead = await createUser(db, { subsidiaryId: A.id, role: "lead" });
  const bMember = await createUser(db, { subsidiaryId: B.id });
  const bLead = await createUser(db, { subsidiaryId: B.id, role: "lead" });
  const curator = await createUser(db, { role: "curator" });
  const make = (
    author: typeof aMember,
    lead: typeof aLead,
    painPointIds: string[],
    o: Record<string, unknown>,
    status: "draft" | "published" = "published",
  ) =>
    createSolutionAs(db, author, {
      painPointIds,
      status,
      lead,
      overrides: { metrics: [], contacts: [], ...o } as never,
    });
  const a1 = await make(aMember, aLead, [p1], {
    disciplines: ["mep"],
    sector: "transport",
    year: 2023,
    technologies: ["Revit"],
    title: "A one",
  });
  const a2 = await make(aMember, aLead, [p1, p2], {
    disciplines: ["bim"],
    sector: "transport",
    year: 2024,
    technologies: ["Revit", "Navisworks"],
    title: "A two",
  });
  const a3 = await make(aMember, aLead, [p2], {
    disciplines: ["bim"],
    sector: "water",
    year: 2024,
    technologies: ["Python"],
    visibility: "subsidiary",
    title: "A three secret",
  });
  const a4 = await make(
    aMember,
    aLead,
    [p3],
    { disciplines: ["bim"], sector: "water", year: 2022, technologies: ["Python"], title: "A four draft" },
    "draft",
  );
  const b1 = await make(bMember, bLead, [p2, p3], {
    disciplines: ["civil"],
    sector: "energy",
    year: 2024,
    technologies: ["Navisworks"],
    title: "B one",
  });
  const b2 = await make(bMember, bLead, [p3], {
    disciplines: ["civil"],
    sector: "energy",
    year: 2021,
    technologies: [],
    title: "B two",
  });
  await archiveSolution(db, bLead, b2.id);
  return {
    db,
    areaId: taxonomy.areaId,
    p1,
    p2,
    p3,
    A,
    B,
    aMember,
    bMember,
    curator,
    ids: { a1: a1.id, a2: a2.id, a3: a3.id, a4: a4.id, b1: b1.id, b2: b2.id },
  };
}

function request(query: string) {
  return readCatalogRequest(new URLSearchParams(query));
}

describe("catalog", () => {
  it("lists only published write-ups the reader may see, and counts only those", async () => {
    const w = await world();
    const forB = await browseCatalog(w.db, w.bMember, request(`subsidiary=${w.A.code}`), { strict: true });
    expect(forB.items.map((i) => i.title).sort()).toEqual(["A one", "A two"]);
    expect(forB.total).toBe(2);
    const areaCounts = forB.facets.painPoints.flatMap((a) => a.painPoints.map((p) => [p.id, p.count]));
    expect(Object.fromEntries(areaCounts)).toMatchObject({ [w.p1]: 2, [w.p2]: 1, [w.p3]: 0 });

    const forA = await browseCatalog(w.db, w.aMember, request(`subsidiary=${w.A.code}`), { strict: true });
    expect(forA.items.map((i) => i.title).sort()).toEqual(["A one", "A three secret", "A two"]);
    const forCurator = await browseCatalog(w.db, w.curator, request(`subsidiary=${w.A.code}&subsidiary=${w.B.code}`), {
      strict: true,
    });
    expect(forCurator.items.map((i) => i.title).sort()).toEqual(["A one", "A three secret", "A two", "B one"]);
  });

  it("counts every option given the other active filters (hand-computed)", async () => {
    const w = await world();
    // Pain points are this world's own, so other tests' write-ups never enter these counts.
    const result = await browseCatalog(
      w.db,
      w.bMember,
      request(`painPoint=${encodeURIComponent(await slugOf(w.p2))}&sector=transport`),
      { strict: true },
    );
    // Visible to B: a1, a2, b1. Filters: p2 AND transport -> a2 only.
    expect(result.items.map((i) => i.title)).toEqual(["A two"]);
    const count = (list: { value: string; count: number }[], value: string) =>
      list.find((o) => o.value === value)?.count;
    // sector counts ignore the sector filter: p2 -> a2 (transport), b1 (energy)
    expect(count(result.facets.sector, "transport")).toBe(1);
    expect(count(result.facets.sector, "energy")).toBe(1);
    expect(count(result.facets.sector, "water")).toBe(0);
    // pain point counts ignore the pain point filter: transport -> a1 (p1), a2 (p1, p2)
    const pains = Object.fromEntries(result.facets.painPoints.flatMap((a) => a.painPoints.map((p) => [p.id, p.count])));
    expect(pains).toMatchObject({ [w.p1]: 2, [w.p2]: 1, [w.p3]: 0 });
    // other facets use both filters: a2 only
    expect(count(result.facets.discipline, "bim")).toBe(1);
    expect(count(result.facets.discipline, "mep")).toBe(0);
    expect(count(result.facets.technology, "Navisworks")).toBe(1);
    expect(count(result.facets.technology, "Revit")).toBe(1);
    expect(count(result.facets.year, "2024")).toBe(1);
    expect(count(result.facets.subsidiary, w.A.code)).toBe(1);
    expect(count(result.facets.subsidiary, w.B.code)).toBe(0);
  });

  it("counts each write-up once per area, however many of the area's pain points it carries (hand-computed)", async () => {
    const w = await world();
    // A second area: q1 alone, and a write-up tagged p1 (first area) + q1 + q2 (second area).
    const second = await createTaxonomy(w.db);
    const [q1, q2] = second.painPoints.map((p) => p.id) as [string, string];
    const lead = await createUser(w.db, { subsidiaryId: w.A.id, role: "lead" });
    await createSolutionAs(w.db, w.aMember, {
      painPointIds: [w.p1, q1, q2],
      status: "published",
      lead,
      overrides: { title: "A across areas", metrics: [], contacts: [] },
    });
    const areaCount = (result: Awaited<ReturnType<typeof browseCatalog>>, id: string) =>
      result.facets.painPoints.find((a) => a.id === id)?.count;

    // Visible to B in the first area: a1 (p1), a2 (p1, p2), b1 (p2, p3), "across" (p1) -> 4 write-ups
    // carrying 6 tags. The second area: "across" only (q1, q2) -> 1 write-up, 2 tags.
    const all = await browseCatalog(w.db, w.bMember, request(""), { strict: true });
    expect(areaCount(all, w.areaId)).toBe(4);
    expect(areaCount(all, second.areaId)).toBe(1);
    const pains = Object.fromEntries(all.facets.painPoints.flatMap((a) => a.painPoints.map((p) => [p.id, p.count])));
    expect(pains).toMatchObject({ [w.p1]: 3, [w.p2]: 2, [w.p3]: 1, [q1]: 1, [q2]: 1 });

    // Other filters apply, the pain-point filter does not (like the pain points' own counts): A -> a1, a2,
    // "across" in the first area (a3 is confidential to A), "across" in the second.
    const ofA = await browseCatalog(
      w.db,
      w.bMember,
      request(`subsidiary=${w.A.code}&painPoint=${second.painPoints[0]!.slug}`),
      {
        strict: true,
      },
    );
    expect(ofA.items.map((i) => i.title)).toEqual(["A across areas"]);
    expect(areaCount(ofA, w.areaId)).toBe(3);
    expect(areaCount(ofA, second.areaId)).toBe(1);
    // A's member also sees a3 (p2, confidential): 4 in the first area.
    const forA = await browseCatalog(w.db, w.aMember, request(`subsidiary=${w.A.code}`), { strict: true });
    expect(areaCount(forA, w.areaId)).toBe(4);
  });

  it("ORs values within a filter and ANDs across filters; sorts by title", async () => {
    const w = await world();
    const result = await browseCatalog(
      w.db,
      w.bMember,
      request(`subsidiary=${w.A.code}&subsidiary=${w.B.code}&year=2023&year=2024&technology=navisworks&sort=title`),
      { strict: true },
    );
    expect(result.items.map((i) => i.title)).toEqual(["A two", "B one"]);
  });

  it('sorts "most reused" by reuse count, then by last update (not publication), then id', async () => {
    const w = await world();
    const C = await createSubsidiary(w.db);
    const [author, lead, reuser] = await Promise.all([
      createUser(w.db, { subsidiaryId: C.id }),
      createUser(w.db, { subsidiaryId: C.id, role: "lead" }),
      createUser(w.db, { subsidiaryId: w.B.id }),
    ]);
    const publish = async (title: string) => {
      advanceClockForTests(60_000);
      return createSolutionAs(w.db, author, { painPointIds: [w.p1], status: "published", lead, overrides: { title } });
    };
    try {
      const s1 = await publish("C one");
      const s2 = await publish("C two");
      const s3 = await publish("C three");
      await publish("C four");
      // s3, published before s4, is updated after it: most reused must put s3 first among the unreused.
      advanceClockForTests(60_000);
      const current = (await getSolutionAccess(w.db, s3.id))!;
      await saveSolution(
        w.db,
        author,
        s3.id,
        current.revision,
        contentInput({
          authorIds: [author.id],
          painPointIds: [w.p1],
          title: "C three",
          summary: "Now with a checklist.",
        }),
      );
      await submitForReview(w.db, author, s3.id);
      await publishSolution(w.db, lead, s3.id);
      await recordReuse(w.db, reuser, s2.id, { project: "Metro line 4" });
      await recordReuse(w.db, reuser, s2.id, { project: "Airport terminal" });
      await recordReuse(w.db, reuser, s1.id, { project: "Metro line 4" });

      const reused = await browseCatalog(w.db, w.bMember, request(`subsidiary=${C.code}&sort=reused`), {
        strict: true,
      });
      expect(reused.items.map((i) => [i.title, i.reuseCount])).toEqual([
        ["C two", 2],
        ["C one", 1],
        ["C three", 0],
        ["C four", 0],
      ]);
      const newest = await browseCatalog(w.db, w.bMember, request(`subsidiary=${C.code}&sort=newest`), {
        strict: true,
      });
      expect(newest.items.map((i) => i.title)).toEqual(["C four", "C three", "C two", "C one"]);
    } finally {
      resetClockForTests();
    }
  });

  it("keeps pages stable while new write-ups are published (asOf)", async () => {
    const w = await world();
    const first = await browseCatalog(w.db, w.curator, request(`subsidiary=${w.A.code}`), {
      strict: true,
      pageSize: 1,
    });
    expect(first.pages).toBe(3);
    advanceClockForTests(60_000);
    try {
      await createSolutionAs(w.db, w.aMember, {
        painPointIds: [w.p1],
        status: "published",
        lead: await createUser(w.db, { subsidiaryId: w.A.id, role: "lead" }),
        overrides: { title: "A newer" },
      });
      const second = await browseCatalog(
        w.db,
        w.curator,
        request(`subsidiary=${w.A.code}&page=2&asOf=${encodeURIComponent(first.asOf)}`),
        { strict: true, pageSize: 1 },
      );
      expect(second.total).toBe(3);
      const fresh = await browseCatalog(w.db, w.curator, request(`subsidiary=${w.A.code}`), {
        strict: true,
        pageSize: 1,
      });
      expect(fresh.total).toBe(4);
    } finally {
      resetClockForTests();
    }
  });

  it("refuses unknown filter values in strict mode and drops them otherwise", async () => {
    const w = await world();
    await expect(browseCatalog(w.db, w.bMember, request("painPoint=nope"), { strict: true })).rejects.toMatchObject({
      status: 400,
    });
    await expect(browseCatalog(w.db, w.bMember, request("sort=weird"), { strict: true })).rejects.toMatchObject({
      status: 400,
    });
    await expect(browseCatalog(w.db, w.bMember, request("page=0"), { strict: true })).rejects.toMatchObject({
      status: 400,
    });
    const lenient = await browseCatalog(w.db, w.bMember, request("painPoint=nope&year=abcd&page=-1&asOf=garbage"), {
      strict: false,
    });
    expect(lenient.unknown).toEqual([
      { filter: "painPoint", value: "nope" },
      { filter: "year", value: "abcd" },
    ]);
    expect(lenient.page).toBe(1);
  });
});

async function slugOf(id: string) {
  const row = await getDb().selectFrom("painPoints").select("slug").where("id", "=", id).executeTakeFirstOrThrow();
  return row.slug;
}

describe("catalog counts after changes", () => {
  it("never serves counts from before a change: publishing, archiving or confidentiality updates them at once", async () => {
    const w = await world();
    const query = request(`subsidiary=${w.A.code}`);
    const before = await browseCatalog(w.db, w.bMember, query, { strict: true });
    const again = await browseCatalog(w.db, w.bMember, query, { strict: true });
    expect(again.total).toBe(before.total);
    const lead = await createUser(w.db, { subsidiaryId: w.A.id, role: "lead" });
    await createSolutionAs(w.db, w.aMember, {
      painPointIds: [w.p1],
      status: "published",
      lead,
      overrides: { title: "A five" },
    });
    const afterPublish = await browseCatalog(w.db, w.bMember, query, { strict: true });
    expect(afterPublish.total).toBe(before.total + 1);
    await archiveSolution(w.db, lead, w.ids.a1);
    const afterArchive = await browseCatalog(w.db, w.bMember, query, { strict: true });
    expect(afterArchive.total).toBe(before.total);
    expect(afterArchive.items.map((i) => i.title)).not.toContain("A one");
  });

  it("shows a member the confidential write-ups of other subsidiaries they co-author", async () => {
    const w = await world();
    const { saveSolution } = await import("~/services/solutions.server");
    const { contentInput } = await import("../factories/solution-workflow");
    const { getSolutionAccess } = await import("~/models/solution.server");
    const secret = (await getSolutionAccess(w.db, w.ids.a3))!;
    const lead = await createUser(w.db, { subsidiaryId: w.A.id, role: "lead" });
    await saveSolution(
      w.db,
      lead,
      secret.id,
      secret.revision,
      contentInput({
        authorIds: [w.aMember.id, w.bMember.id],
        painPointIds: [w.p2],
        title: "A three secret",
        visibility: "subsidiary",
      }),
    );
    const { publishSolution } = await import("~/services/solutions.server");
    await publishSolution(w.db, lead, secret.id);
    const forB = await browseCatalog(w.db, w.bMember, request(`subsidiary=${w.A.code}`), { strict: true });
    expect(forB.items.map((i) => i.title)).toContain("A three secret");
  });
});

describe("catalog counts in memory", () => {
  /** The total as PostgreSQL counts it for this reader: the rule compiled to SQL, no filters. */
  async function totalInPostgres(actor: Parameters<typeof listableSolutions>[0]) {
    const row = await getDb()
      .selectFrom("solutions")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where((eb) => conditionToSql(eb, listableSolutions(actor)))
      .where("publishedAt", "<=", new Date())
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it("agree with PostgreSQL for every kind of reader, before and after changes", async () => {
    const w = await world();
    const aLead = await createUser(w.db, { subsidiaryId: w.A.id, role: "lead" });
    const readers = [w.aMember, w.bMember, aLead, w.curator];
    const check = async () => {
      for (const reader of readers) {
        expect((await browseCatalog(w.db, reader, request(""), { strict: true })).total).toBe(
          await totalInPostgres(reader),
        );
      }
    };
    await check();
    await archiveSolution(w.db, aLead, w.ids.a1);
    await check();
    await createSolutionAs(w.db, w.aMember, { painPointIds: [w.p3], status: "published", lead: aLead });
    await check();
  });

  it("are not broken by an outbox row that names no write-up id", async () => {
    const w = await world();
    const query = request(`subsidiary=${w.A.code}`);
    const before = (await browseCatalog(w.db, w.bMember, query, { strict: true })).total;
    await w.db.insertInto("searchOutbox").values({ entityType: "solution", entityId: "not-a-uuid" }).execute();
    expect((await browseCatalog(w.db, w.bMember, query, { strict: true })).total).toBe(before);
  });

  it("see a change whose transaction took its outbox number before a later one that committed first", async () => {
    const w = await world();
    const query = request(`subsidiary=${w.A.code}`);
    const before = (await browseCatalog(w.db, w.bMember, query, { strict: true })).total;

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let numbered!: () => void;
    const hasNumber = new Promise<void>((resolve) => (numbered = resolve));
    // A slow transaction: unpublishes a1 and takes its outbox number, then waits before committing.
    const slow = w.db.transaction().execute(async (tx) => {
      await tx.updateTable("solutions").set({ status: "archived" }).where("id", "=", w.ids.a1).execute();
      await enqueueSolutionIndexing(tx, [w.ids.a1]);
      numbered();
      await gate;
    });
    await hasNumber;
    // A later change commits first, and a request reads the catalog in between.
    await enqueueSolutionIndexing(w.db, [w.ids.a2]);
    expect((await browseCatalog(w.db, w.bMember, query, { strict: true })).total).toBe(before);

    release();
    await slow;
    // Nothing else changes; the slow transaction's row alone must show.
    expect((await browseCatalog(w.db, w.bMember, query, { strict: true })).total).toBe(before - 1);
  });
});
