import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { solutionsIndexUid } from "~/lib/search-index.server";
import { getSearch } from "~/lib/search.server";
import type { SessionUser } from "~/lib/session.server";
import { getSolutionAccess } from "~/models/solution.server";
import { action as editAction } from "~/routes/solutions.$slug.edit";
import { loader as historyLoader } from "~/routes/solutions.$slug.history";
import { loader as readLoader } from "~/routes/solutions.$slug._index";
import { ForbiddenError, NotFoundError, ValidationError } from "~/services/errors";
import { uploadImage } from "~/services/images.server";
import { deleteSolution, publishSolution, saveSolution } from "~/services/solutions.server";
import { createTeam, createUser } from "../factories/accounts";
import { contentInput, createSolutionAs, createTaxonomy } from "../factories/solution-workflow";
import { call, contextFor, cookieFor, getRequest, payload, postRequest } from "../support/remix";
import { indexPendingChanges, prepareSearchIndex } from "../support/search";

const PNG = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  ),
);

beforeAll(async () => {
  await prepareSearchIndex();
});

async function setup() {
  const db = getDb();
  const [team, taxonomy] = await Promise.all([createTeam(db), createTaxonomy(db)]);
  const [outsider, otherLead, otherAdmin, colleague] = await Promise.all([
    createUser(db),
    createUser(db, { role: "lead" }),
    createUser(db, { role: "admin" }),
    createUser(db, { subsidiaryId: team.subsidiary.id }),
  ]);
  return { db, team, outsider, otherLead, otherAdmin, colleague, painPointIds: [taxonomy.painPoints[0]!.id] };
}
type Setup = Awaited<ReturnType<typeof setup>>;

async function rowCounts(id: string) {
  const db = getDb();
  const count = async (table: "solutionRevisions" | "solutionTransitions" | "solutionSlugs" | "images") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("solutionId", "=", id)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    solution: (await getSolutionAccess(db, id)) ? 1 : 0,
    revisions: await count("solutionRevisions"),
    transitions: await count("solutionTransitions"),
    slugs: await count("solutionSlugs"),
    images: await count("images"),
  };
}

/** What deleting answers for this user: "deleted" or the refusal's class name. */
async function attempt(s: Setup, user: SessionUser, id: string, confirmation = { confirmed: true, title: "" }) {
  try {
    await deleteSolution(s.db, user, id, confirmation);
    return "deleted";
  } catch (error) {
    if (error instanceof NotFoundError) return "404";
    if (error instanceof ForbiddenError) return "403";
    if (error instanceof ValidationError) return "400";
    throw error;
  }
}

describe("deleting a write-up: who may", () => {
  it("a never-published one: its authors, the owning lead and admins; others 403, or 404 if they cannot see it", async () => {
    const s = await setup();
    const cases: [string, SessionUser, "draft" | "in_review", string][] = [
      ["other member (cannot see drafts)", s.outsider, "draft", "404"],
      ["other subsidiary's lead", s.otherLead, "draft", "404"],
      ["colleague, not an author", s.colleague, "in_review", "404"],
      ["curator (reads everything)", s.team.curator, "draft", "403"],
      ["author", s.team.member, "draft", "deleted"],
      ["author, in review", s.team.member, "in_review", "deleted"],
      ["owning lead", s.team.lead, "in_review", "deleted"],
      ["admin of another subsidiary", s.otherAdmin, "draft", "deleted"],
    ];
    for (const [who, user, status, expected] of cases) {
      const solution = await createSolutionAs(s.db, s.team.member, { painPointIds: s.painPointIds, status });
      expect({ who, outcome: await attempt(s, user, solution.id) }).toEqual({ who, outcome: expected });
      expect({ who, left: (await rowCounts(solution.id)).solution }).toEqual({
        who,
        left: expected === "deleted" ? 0 : 1,
      });
    }
  });

  it("a published one: only the owning lead and admins, with the title typed; authors must ask them", async () => {
    const s = await setup();
    const publish = (visibility: "group" | "subsidiary" = "group") =>
      createSolutionAs(s.db, s.team.member, {
        painPointIds: s.painPointIds,
        status: "published",
        lead: s.team.lead,
        overrides: { visibility },
      });
    const group = await publish();
    const confidential = await publish("subsidiary");
    const withTitle = async (id: string) => ({ title: (await getSolutionAccess(s.db, id))!.title });

    for (const [who, user, expected] of [
      ["author", s.team.member, "403"],
      ["colleague", s.colleague, "403"],
      ["other member", s.outsider, "403"],
      ["other subsidiary's lead", s.otherLead, "403"],
      ["curator", s.team.curator, "403"],
    ] as const) {
      expect({
        who,
        outcome: await attempt(s, user, group.id, { confirmed: true, ...(await withTitle(group.id)) }),
      }).toEqual({
        who,
        outcome: expected,
      });
    }
    // Confidential: people outside the subsidiary do not learn it exists.
    expect(
      await attempt(s, s.outsider, confidential.id, { confirmed: true, ...(await withTitle(confidential.id)) }),
    ).toBe("404");
    expect(
      await attempt(s, s.otherLead, confidential.id, { confirmed: true, ...(await withTitle(confidential.id)) }),
    ).toBe("404");

    // The owning lead: a wrong or missing title is a 400 and nothing is deleted.
    await expect(deleteSolution(s.db, s.team.lead, group.id, { confirmed: true, title: "" })).rejects.toMatchObject({
      status: 400,
      fieldErrors: { confirmTitle: ["solutions:delete.titleMismatch"] },
    });
    await expect(deleteSolution(s.db, s.team.lead, group.id, { title: `${group.title} (typo)` })).rejects.toThrow(
      ValidationError,
    );
    expect((await rowCounts(group.id)).solution).toBe(1);
    expect(await attempt(s, s.team.lead, group.id, { confirmed: false, title: `  ${group.title} ` })).toBe("deleted");
    expect(
      await attempt(s, s.otherAdmin, confidential.id, { confirmed: false, ...(await withTitle(confidential.id)) }),
    ).toBe("deleted");
  });

  it("an unknown id is 404", async () => {
    const s = await setup();
    expect(await attempt(s, s.team.admin, "7b0c1a4e-0000-4000-8000-000000000000")).toBe("404");
    expect(await attempt(s, s.team.admin, "not-a-uuid")).toBe("404");
  });
});

describe("deleting a write-up: what happens", () => {
  it("removes it with its revisions, transitions, slugs and images in one go, audited, and out of search", async () => {
    const s = await setup();
    const solution = await createSolutionAs(s.db, s.team.member, {
      painPointIds: s.painPointIds,
      status: "published",
      lead: s.team.lead,
      overrides: { title: "Deletable clash review" },
    });
    await uploadImage(s.db, s.team.member, solution.id, PNG);
    // A renamed write-up answers on two slugs.
    await saveSolution(
      s.db,
      s.team.lead,
      solution.id,
      solution.revision,
      contentInput({ authorIds: [s.team.member.id], painPointIds: s.painPointIds, title: "Deletable clash review v2" }),
    );
    await publishSolution(s.db, s.team.lead, solution.id);
    const renamed = (await getSolutionAccess(s.db, solution.id))!;
    const slugs = [solution.slug, renamed.slug];
    expect(slugs[0]).not.toBe(slugs[1]);

    await indexPendingChanges();
    const index = getSearch().client.index(solutionsIndexUid());
    expect((await index.getDocument(solution.id)).id).toBe(solution.id);
    const before = await rowCounts(solution.id);
    expect(before).toMatchObject({ solution: 1, slugs: 2, images: 1 });

    await deleteSolution(s.db, s.team.lead, solution.id, { title: renamed.title });
    expect(await rowCounts(solution.id)).toEqual({ solution: 0, revisions: 0, transitions: 0, slugs: 0, images: 0 });

    const audit = await s.db
      .selectFrom("auditLog")
      .select(["action", "actorId", "subsidiaryId", "details"])
      .where("targetId", "=", solution.id)
      .execute();
    expect(audit).toEqual([
      {
        action: "solution.deleted",
        actorId: s.team.lead.id,
        subsidiaryId: s.team.subsidiary.id,
        details: expect.objectContaining({
          title: renamed.title,
          status: "published",
          revisions: before.revisions,
          images: 1,
          slugs: expect.arrayContaining(slugs),
        }),
      },
    ]);
    const outbox = await s.db
      .selectFrom("searchOutbox")
      .select("id")
      .where("entityId", "=", solution.id)
      .where("processedAt", "is", null)
      .execute();
    expect(outbox).toHaveLength(1);

    await indexPendingChanges();
    await expect(index.getDocument(solution.id)).rejects.toThrow();

    // Every slug it ever had is now simply unknown.
    for (const slug of slugs) {
      const cookie = { Cookie: await cookieFor(s.team.lead.id) };
      for (const loader of [readLoader, historyLoader]) {
        const request = getRequest(`/solutions/${slug}`, cookie);
        const result = await call(async () =>
          loader({ request, params: { slug }, context: await contextFor(request) }),
        );
        expect({ slug, status: result.status }).toEqual({ slug, status: 404 });
      }
    }
  });
});

describe("the edit page's delete form", () => {
  async function post(userId: string, slug: string, fields: Record<string, string>) {
    const request = postRequest(`/solutions/${slug}/edit`, fields, { Cookie: await cookieFor(userId) });
    return call(async () => editAction({ request, params: { slug }, context: await contextFor(request) }));
  }

  it("walks 404 -> 403 -> 400 -> redirect to My write-ups", async () => {
    const s = await setup();
    const draft = await createSolutionAs(s.db, s.team.member, { painPointIds: s.painPointIds });
    expect((await post(s.outsider.id, draft.slug, { intent: "delete", confirm: "yes" })).status).toBe(404);
    expect((await post(s.team.curator.id, draft.slug, { intent: "delete", confirm: "yes" })).status).toBe(403);
    const unconfirmed = await post(s.team.member.id, draft.slug, { intent: "delete" });
    expect(unconfirmed.status).toBe(400);
    expect(payload(unconfirmed.value).fieldErrors).toEqual({ confirm: ["solutions:delete.confirmRequired"] });
    expect((await post(s.team.member.id, draft.slug, { intent: "remove", confirm: "yes" })).status).toBe(400);
    expect((await rowCounts(draft.id)).solution).toBe(1);

    const done = await post(s.team.member.id, draft.slug, { intent: "delete", confirm: "yes" });
    expect(done.status).toBe(302);
    expect(done.response!.headers.get("Location")).toBe("/my?done=deleted");
    expect((await rowCounts(draft.id)).solution).toBe(0);
    expect((await post(s.team.member.id, draft.slug, { intent: "delete", confirm: "yes" })).status).toBe(404);
  });

  it("asks for the title of a published write-up", async () => {
    const s = await setup();
    const published = await createSolutionAs(s.db, s.team.member, {
      painPointIds: s.painPointIds,
      status: "published",
      lead: s.team.lead,
    });
    const wrong = await post(s.team.lead.id, published.slug, {
      intent: "delete",
      confirm: "yes",
      confirmTitle: "nope",
    });
    expect(wrong.status).toBe(400);
    expect(payload(wrong.value).fieldErrors).toEqual({ confirmTitle: ["solutions:delete.titleMismatch"] });
    const right = await post(s.team.lead.id, published.slug, { intent: "delete", confirmTitle: published.title });
    expect(right.status).toBe(302);
    expect((await rowCounts(published.id)).solution).toBe(0);
  });
});
