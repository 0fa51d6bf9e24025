import { describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { loader as readingLoader } from "~/routes/solutions.$slug._index";
import { loader as historyLoader } from "~/routes/solutions.$slug.history";
import { NotFoundError } from "~/services/errors";
import { compareRevisions, getRevisionForReading, getSolutionHistory } from "~/services/solution-history.server";
import { getSolutionForApi } from "~/services/solutions-api.server";
import { publishSolution, saveSolution } from "~/services/solutions.server";
import { createTeam, createUser } from "../factories/accounts";
import { contentInput, createSolutionAs, createTaxonomy, paragraphState } from "../factories/solution-workflow";
import { call, contextFor, cookieFor, getRequest } from "../support/remix";

async function setup() {
  const db = getDb();
  const [team, taxonomy] = await Promise.all([createTeam(db), createTaxonomy(db)]);
  const outsider = await createUser(db);
  const colleague = await createUser(db, { subsidiaryId: team.subsidiary.id });
  const otherAdmin = await createUser(db, { role: "admin" });
  return { db, team, taxonomy, outsider, colleague, otherAdmin, painPointIds: [taxonomy.painPoints[0]!.id] };
}

/** A published write-up (group-visible) with one unapproved edit by its author on top. */
async function publishedWithPendingEdit(s: Awaited<ReturnType<typeof setup>>) {
  const solution = await createSolutionAs(s.db, s.team.member, {
    painPointIds: s.painPointIds,
    status: "published",
    lead: s.team.lead,
    overrides: { summary: "The approved summary." },
  });
  const pending = await saveSolution(
    s.db,
    s.team.member,
    solution.id,
    solution.revision,
    contentInput({
      authorIds: [s.team.member.id],
      painPointIds: s.painPointIds,
      title: solution.title,
      summary: "SECRET unapproved summary.",
      body: JSON.stringify(paragraphState("SECRET unapproved body text.")),
    }),
  );
  return { solution, live: solution.revision, pending: pending.revision };
}

async function loadHistory(userId: string, slug: string, query = "") {
  const request = getRequest(`/solutions/${slug}/history${query}`, { Cookie: await cookieFor(userId) });
  return call(async () => historyLoader({ request, params: { slug }, context: await contextFor(request) }));
}

describe("history of a published write-up with unapproved edits", () => {
  it("hides revisions above the live one from readers who may neither edit nor review it", async () => {
    const s = await setup();
    const { solution, live, pending } = await publishedWithPendingEdit(s);
    expect(pending).toBe(live + 1);

    for (const reader of [s.outsider, s.colleague, s.team.curator]) {
      const page = await loadHistory(reader.id, solution.slug);
      expect(page.status).toBe(200);
      const data = page.value!;
      expect({ role: reader.role, revisions: data.revisions.map((r) => r.revision) }).toEqual({
        role: reader.role,
        revisions: Array.from({ length: live }, (_, i) => live - i),
      });
      expect(data.revision).toBe(live);
      expect(data.transitions.every((t) => t.revision <= live)).toBe(true);
      expect(JSON.stringify(data)).not.toContain("SECRET");

      // Asking for the pending revision directly, or comparing with it, is "not found".
      for (const query of [`?rev=${pending}`, `?from=${live}&to=${pending}`, `?from=${pending}&to=1`]) {
        const refused = await loadHistory(reader.id, solution.slug, query);
        expect({ role: reader.role, query, status: refused.status }).toEqual({
          role: reader.role,
          query,
          status: 404,
        });
      }
      await expect(getRevisionForReading(s.db, reader, solution.id, pending)).rejects.toThrow(NotFoundError);
      await expect(compareRevisions(s.db, reader, solution.id, live, pending)).rejects.toThrow(NotFoundError);
      // The live revision itself is theirs to read.
      expect((await getRevisionForReading(s.db, reader, solution.id, live)).revision).toBe(live);
    }
  });

  it("shows them to the authors, the owning lead and admins anywhere", async () => {
    const s = await setup();
    const { solution, live, pending } = await publishedWithPendingEdit(s);
    for (const reader of [s.team.member, s.team.lead, s.team.admin, s.otherAdmin]) {
      const page = await loadHistory(reader.id, solution.slug, `?rev=${pending}&from=${live}&to=${pending}`);
      expect({ role: reader.role, status: page.status }).toEqual({ role: reader.role, status: 200 });
      const data = page.value!;
      expect(data.revisions[0]!.revision).toBe(pending);
      expect(data.revision).toBe(pending);
      expect(data.viewed?.html).toContain("SECRET unapproved body text.");
      expect(data.comparison?.fields).toContainEqual({
        field: "summary",
        before: "The approved summary.",
        after: "SECRET unapproved summary.",
      });
    }
  });

  it("counts only the revisions each reader may see, on the reading page and in the API", async () => {
    const s = await setup();
    const { solution, live, pending } = await publishedWithPendingEdit(s);
    const count = async (reader: { id: string; role: string }) => {
      const request = getRequest(`/solutions/${solution.slug}`, { Cookie: await cookieFor(reader.id) });
      const page = await call(async () =>
        readingLoader({ request, params: { slug: solution.slug }, context: await contextFor(request) }),
      );
      const api = await getSolutionForApi(s.db, (await contextFor(request)).auth.user!, solution.slug, "http://x");
      return { role: reader.role, page: page.value?.revisionCount, api: api.revisions };
    };
    for (const reader of [s.outsider, s.colleague])
      expect(await count(reader)).toEqual({ role: reader.role, page: live, api: live });
    for (const reader of [s.team.member, s.team.lead])
      expect(await count(reader)).toEqual({ role: reader.role, page: pending, api: pending });
  });

  it("becomes visible to every reader once a lead publishes the edit", async () => {
    const s = await setup();
    const { solution, pending } = await publishedWithPendingEdit(s);
    await publishSolution(s.db, s.team.lead, solution.id);
    const history = await getSolutionHistory(s.db, s.outsider, solution.id);
    expect(history.latestRevision).toBe(pending);
    expect(history.revisions[0]!.revision).toBe(pending);
    expect(history.transitions[0]).toMatchObject({ toStatus: "published", revision: pending });
  });

  it("of a draft shows every revision to whoever may read the draft (there is no live revision)", async () => {
    const s = await setup();
    const draft = await createSolutionAs(s.db, s.team.member, { painPointIds: s.painPointIds });
    const history = await getSolutionHistory(s.db, s.team.curator, draft.id);
    expect(history.revisions.map((r) => r.revision)).toEqual([2, 1]);
    await expect(getSolutionHistory(s.db, s.outsider, draft.id)).rejects.toThrow(NotFoundError);
  });
});

describe("comparing revisions", () => {
  it("lists changed fields with their values as readers see them and a word diff of the body", async () => {
    const s = await setup();
    const [first, second] = [s.taxonomy.painPoints[0]!, s.taxonomy.painPoints[1]!];
    const draft = await createSolutionAs(s.db, s.team.member, {
      painPointIds: [first.id],
      overrides: { summary: "Weekly checks.", disciplines: ["bim"], visibility: "group" },
    });
    const changed = await saveSolution(
      s.db,
      s.team.member,
      draft.id,
      draft.revision,
      contentInput({
        authorIds: [s.team.member.id, s.colleague.id],
        painPointIds: [first.id, second.id],
        title: draft.title,
        summary: "Daily checks.",
        disciplines: ["bim", "structural"],
        visibility: "subsidiary",
        sector: "healthcare",
        metrics: [{ label: "Clashes found on site", value: -80, unit: "%", baseline: 120 }],
        body: JSON.stringify(paragraphState("We federate the discipline models every Monday.")),
      }),
    );
    const en = await compareRevisions(s.db, s.team.member, draft.id, draft.revision, changed.revision, "en");
    const byField = Object.fromEntries(en.fields.map((f) => [f.field, f]));
    expect(Object.keys(byField).sort()).toEqual(
      ["authorIds", "disciplines", "metrics", "painPoints", "sector", "summary", "visibility"].sort(),
    );
    expect(byField.summary).toEqual({ field: "summary", before: "Weekly checks.", after: "Daily checks." });
    expect(byField.authorIds).toEqual({
      field: "authorIds",
      before: s.team.member.displayName,
      after: `${s.team.member.displayName}, ${s.colleague.displayName}`,
    });
    expect(byField.disciplines!.after).toBe("BIM, Structural");
    expect(byField.sector).toMatchObject({ before: "Transport", after: "Healthcare" });
    expect(byField.visibility).toMatchObject({
      before: "Everyone in the group",
      after: "Confidential: my subsidiary plus headquarters curators",
    });
    expect(byField.painPoints!.after).toBe(`${first.nameEn}, ${second.nameEn}`);
    expect(byField.metrics!.after).toBe("Clashes found on site: -80 % (baseline 120)");
    expect(en.text.filter((p) => p.change === "removed").map((p) => p.value.trim())).toEqual(["Friday"]);
    expect(en.text.filter((p) => p.change === "added").map((p) => p.value.trim())).toEqual(["Monday"]);

    const zh = await compareRevisions(s.db, s.team.member, draft.id, draft.revision, changed.revision, "zh");
    const zhByField = Object.fromEntries(zh.fields.map((f) => [f.field, f]));
    expect(zhByField.painPoints!.after).toBe(`${first.nameZh}, ${second.nameZh}`);
    expect(zhByField.sector!.after).toBe("医疗");
    expect(zhByField.authorIds!.after).toContain(s.colleague.displayName);
    expect(JSON.stringify(zh.fields)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it("answers 404 for revisions that do not exist", async () => {
    const s = await setup();
    const draft = await createSolutionAs(s.db, s.team.member, { painPointIds: s.painPointIds });
    await expect(compareRevisions(s.db, s.team.member, draft.id, 1, 99)).rejects.toThrow(NotFoundError);
    const page = await loadHistory(s.team.member.id, draft.slug, "?rev=99");
    expect(page.status).toBe(404);
  });
});
