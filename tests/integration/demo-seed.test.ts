import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "~/lib/db.server";
import { findPasswordProblem, hashPassword, verifyPassword } from "~/lib/password.server";
import { truncateDataTables } from "~/models/data-reset.server";
import { DEMO_PLAN, DEMO_USERS, readDemoWriteUps } from "~/services/demo-content.server";
import { DEMO_PASSWORD, DemoSeedRefusedError, seedDemoContent } from "~/services/demo-seed.server";
import { listDemoSignIns, prepareDemoContent } from "~/services/demo-startup.server";
import { main as seedCli } from "../../scripts/seed";
import { CliError } from "../../scripts/lib/cli";

/**
 * The demo content (issue 5): what `npm start` loads into an empty database with DEMO=true, and
 * `npm run seed [-- --reset]`. Expected numbers come from scripts/demo-content/.
 */
let output: string[];
beforeEach(() => {
  output = [];
  vi.spyOn(console, "log").mockImplementation((line: string) => void output.push(line));
});
afterEach(() => vi.restoreAllMocks());

async function count(table: "users" | "subsidiaries" | "solutions" | "painPoints" | "painPointAreas") {
  const row = await getDb()
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function solutions() {
  return getDb()
    .selectFrom("solutions")
    .select(["id", "slug", "status", "visibility", "revision", "liveRevision", "pendingChange", "publishedAt"])
    .orderBy("slug")
    .execute();
}

/** How many later edits demo-plan.json makes to each write-up. */
const plannedEdits = DEMO_PLAN.revisions.reduce(
  (edits, r) => edits.set(r.slug, (edits.get(r.slug) ?? 0) + 1),
  new Map<string, number>(),
);

describe("the demo seed", () => {
  it("loads 6 subsidiaries, 26 pain points, 20 users of every role and 40 write-ups through the services", async () => {
    const report = await seedDemoContent(getDb());
    expect(report).toMatchObject({
      subsidiaries: 6,
      painPoints: 26,
      synonymGroups: 29,
      users: 20,
      solutions: { published: 35, inReview: 2, draft: 3 },
      revisions: DEMO_PLAN.revisions.length,
      reuses: DEMO_PLAN.reuses.length,
      featured: DEMO_PLAN.featured.length,
    });
    console.info(`demo seed: ${report.milliseconds} ms`);

    expect(await count("subsidiaries")).toBe(6);
    expect(await count("painPointAreas")).toBe(6);
    expect(await count("painPoints")).toBe(26);
    expect(await count("users")).toBe(20);
    const roles = await getDb().selectFrom("users").select("role").distinct().execute();
    expect(roles.map((r) => r.role).sort()).toEqual(["admin", "curator", "lead", "member"]);

    const rows = await solutions();
    expect(rows).toHaveLength(40);
    const byStatus = (status: string) => rows.filter((r) => r.status === status).map((r) => r.slug);
    expect(byStatus("published")).toHaveLength(35);
    expect(byStatus("in_review").sort()).toEqual([...DEMO_PLAN.inReview].sort());
    expect(byStatus("draft").sort()).toEqual([
      "ctu-structural-calculation-notebooks",
      "hq-early-stage-embodied-carbon",
      "szx-pedestrian-wind-comfort-cfd",
    ]);
    expect(rows.filter((r) => r.visibility === "subsidiary")).toHaveLength(4);
    // The write-ups keep the slugs of their files.
    expect(rows.map((r) => r.slug)).toEqual(readDemoWriteUps().map((f) => f.name.replace(/\.md$/, "")));

    // Create + save = 2 revisions; every demo-plan edit adds one, published by the lead.
    for (const row of rows) {
      const expected = 2 + (plannedEdits.get(row.slug) ?? 0);
      expect({ slug: row.slug, revision: row.revision }).toEqual({ slug: row.slug, revision: expected });
      if (row.status === "published") expect(row.liveRevision, row.slug).toBe(expected);
      expect(row.pendingChange, row.slug).toBeNull();
    }
    expect(rows.find((r) => r.slug === "hq-common-data-environment-rollout")?.revision).toBe(4);

    // Published by the subsidiary's lead, never in the future, in chronological order.
    const transitions = await getDb()
      .selectFrom("solutionTransitions")
      .innerJoin("solutions", "solutions.id", "solutionTransitions.solutionId")
      .innerJoin("users", "users.id", "solutionTransitions.actorId")
      .select(["solutions.slug", "solutionTransitions.toStatus", "solutionTransitions.at", "users.role"])
      .where("solutionTransitions.toStatus", "=", "published")
      .execute();
    expect(transitions.length).toBe(35 + DEMO_PLAN.revisions.length);
    expect(new Set(transitions.map((t) => t.role))).toEqual(new Set(["lead"]));
    for (const row of rows.filter((r) => r.publishedAt)) {
      expect(new Date(row.publishedAt!).getTime(), row.slug).toBeLessThan(Date.now());
    }

    // Reuse recorded and best practices featured through the services: counts match the records, and
    // every record lies between the write-up's publication and now.
    const reuse = await getDb()
      .selectFrom("solutions")
      .select([
        "solutions.slug",
        "solutions.reuseCount",
        "solutions.featured",
        "solutions.featuredBy",
        "solutions.featuredAt",
        "solutions.publishedAt",
        (eb) =>
          eb
            .selectFrom("solutionReuses")
            .select((inner) => inner.fn.countAll<number>().as("n"))
            .whereRef("solutionReuses.solutionId", "=", "solutions.id")
            .as("records"),
        (eb) =>
          eb
            .selectFrom("solutionReuses")
            .select((inner) => inner.fn.min("solutionReuses.createdAt").as("first"))
            .whereRef("solutionReuses.solutionId", "=", "solutions.id")
            .as("firstReuse"),
      ])
      .execute();
    const expectedReuses = DEMO_PLAN.reuses.reduce(
      (counts, r) => counts.set(r.slug, (counts.get(r.slug) ?? 0) + 1),
      new Map<string, number>(),
    );
    for (const row of reuse) {
      expect({ slug: row.slug, reuseCount: row.reuseCount, records: Number(row.records) }).toEqual({
        slug: row.slug,
        reuseCount: expectedReuses.get(row.slug) ?? 0,
        records: expectedReuses.get(row.slug) ?? 0,
      });
      if (row.firstReuse) {
        expect(new Date(row.firstReuse as Date).getTime(), row.slug).toBeGreaterThan(row.publishedAt!.getTime());
        expect(new Date(row.firstReuse as Date).getTime(), row.slug).toBeLessThan(Date.now());
      }
    }
    const featured = reuse.filter((r) => r.featured);
    expect(featured.map((r) => r.slug).sort()).toEqual(DEMO_PLAN.featured.map((f) => f.slug).sort());
    for (const row of featured) {
      expect(row.featuredBy, row.slug).not.toBeNull();
      expect(row.featuredAt!.getTime(), row.slug).toBeGreaterThan(row.publishedAt!.getTime());
    }

    // Every published write-up is queued for the search index.
    const queued = await getDb().selectFrom("searchOutbox").select("entityId").distinct().execute();
    const queuedIds = new Set(queued.map((q) => q.entityId));
    for (const row of rows.filter((r) => r.status === "published")) expect(queuedIds.has(row.id), row.slug).toBe(true);

    // Every demo account signs in with the demo password.
    const user = await getDb()
      .selectFrom("users")
      .select("passwordHash")
      .where("email", "=", "li.na@example.com")
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(user.passwordHash!, DEMO_PASSWORD)).toBe(true);
    expect((await listDemoSignIns(getDb())).map((a) => a.email)).toEqual(DEMO_USERS.map((u) => u.email));
  }, 120_000);

  it("refuses to seed a database that is not empty, and changes nothing", async () => {
    const before = await solutions();
    await expect(seedDemoContent(getDb())).rejects.toThrow(DemoSeedRefusedError);
    await expect(seedCli([])).rejects.toThrow(CliError);
    await expect(seedCli([])).rejects.toThrow(/the database is not empty \(20 users.*npm run seed -- --reset/);
    expect(await solutions()).toEqual(before);
  }, 60_000);

  it("npm run seed -- --reset deletes everything and loads the demo content again", async () => {
    const before = await solutions();
    const extra = await getDb()
      .insertInto("subsidiaries")
      .values({ code: "EXTRA", nameEn: "Extra", nameZh: "额外" })
      .returning("id")
      .executeTakeFirstOrThrow();

    expect(await seedCli(["--reset"])).toBe(0);
    expect(output[0]).toMatch(
      /^Deleted all data, then loaded the demo content in [\d.]+ s: 6 subsidiaries, 26 pain points/,
    );
    expect(output.join("\n")).toContain(`Demo sign-ins, all with the password ${DEMO_PASSWORD}:`);

    const after = await solutions();
    expect(after.map((r) => [r.slug, r.status])).toEqual(before.map((r) => [r.slug, r.status]));
    expect(after.map((r) => r.id).some((id) => before.some((b) => b.id === id))).toBe(false);
    expect(await count("subsidiaries")).toBe(6);
    expect(
      await getDb().selectFrom("subsidiaries").select("id").where("id", "=", extra.id).executeTakeFirst(),
    ).toBeUndefined();
    // The old write-ups are queued, so the outbox worker removes them from the search index.
    const queued = await getDb()
      .selectFrom("searchOutbox")
      .select("entityId")
      .where(
        "entityId",
        "in",
        before.map((b) => b.id),
      )
      .execute();
    expect(new Set(queued.map((q) => q.entityId)).size).toBe(before.length);
  }, 120_000);
});

describe("start-up (prepareDemoContent)", () => {
  it("lists demo accounts only while they still have the demo password", async () => {
    const state = await prepareDemoContent(getDb(), { enabled: true });
    expect(state.kind).toBe("demo");
    if (state.kind !== "demo") return;
    expect(state.seeded).toBeUndefined();
    expect(state.password).toBe(DEMO_PASSWORD);
    expect(state.accounts[0]).toEqual({
      email: "zhang.wei@example.com",
      displayName: "Zhang Wei",
      role: "admin",
      subsidiaryCode: "HQ",
    });

    await getDb()
      .updateTable("users")
      .set({ passwordHash: await hashPassword("A-New-Private-Password-7") })
      .where("email", "=", "zhang.wei@example.com")
      .execute();
    const after = await prepareDemoContent(getDb(), { enabled: true });
    expect(after.kind === "demo" && after.accounts.map((a) => a.email)).not.toContain("zhang.wei@example.com");
    expect(after.kind === "demo" && after.accounts).toHaveLength(19);
  }, 60_000);

  it("seeds an empty database when DEMO is on, and explains how to start when it is off", async () => {
    await truncateDataTables(getDb());
    expect(await prepareDemoContent(getDb(), { enabled: false })).toEqual({ kind: "no-users", demoEnabled: false });
    expect(await count("solutions")).toBe(0);

    const state = await prepareDemoContent(getDb(), { enabled: true });
    expect(state.kind).toBe("demo");
    expect(state.kind === "demo" && state.seeded?.solutions).toEqual({ published: 35, inReview: 2, draft: 3 });
    expect(state.kind === "demo" && state.accounts).toHaveLength(20);
  }, 120_000);

  it("the demo password passes the password policy for every demo account", () => {
    for (const user of DEMO_USERS)
      expect(findPasswordProblem(DEMO_PASSWORD, { email: user.email }), user.email).toBeNull();
  });
});
