import { describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import {
  findSolutionBySlug,
  getSolutionAccess,
  getSolutionForReading,
  listTransitions,
} from "~/models/solution.server";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "~/services/errors";
import { readImage, uploadImage } from "~/services/images.server";
import {
  archiveSolution,
  createSolution,
  getSolutionForEditing,
  publishSolution,
  requireReadableSolution,
  restoreRevision,
  restoreSolution,
  saveSolution,
  sendBackSolution,
  submitForReview,
} from "~/services/solutions.server";
import { createTeam, createUser } from "../factories/accounts";
import { contentInput, createSolutionAs, createTaxonomy, paragraphState } from "../factories/solution-workflow";

async function setup() {
  const db = getDb();
  const [team, taxonomy] = await Promise.all([createTeam(db), createTaxonomy(db)]);
  const outsider = await createUser(db);
  return { db, team, taxonomy, outsider, painPointIds: [taxonomy.painPoints[0]!.id] };
}

async function revisionNumbers(solutionId: string) {
  const rows = await getDb()
    .selectFrom("solutionRevisions")
    .select("revision")
    .where("solutionId", "=", solutionId)
    .orderBy("revision")
    .execute();
  return rows.map((r) => r.revision);
}

async function outboxCount(solutionId: string) {
  const row = await getDb()
    .selectFrom("searchOutbox")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("entityId", "=", solutionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("the write-up workflow", () => {
  it("goes draft -> in review -> published, recording every transition, visible to other subsidiaries only when published", async () => {
    const { db, team, outsider, painPointIds } = await setup();
    const draft = await createSolutionAs(db, team.member, { painPointIds });
    expect(draft.status).toBe("draft");
    await expect(requireReadableSolution(db, outsider, draft.id)).rejects.toThrow(NotFoundError);
    await expect(requireReadableSolution(db, team.lead, draft.id)).resolves.toBeTruthy();

    await submitForReview(db, team.member, draft.id);
    expect((await getSolutionAccess(db, draft.id))?.status).toBe("in_review");
    await expect(publishSolution(db, team.member, draft.id)).rejects.toThrow(ForbiddenError);
    expect(await outboxCount(draft.id)).toBe(0);

    await publishSolution(db, team.lead, draft.id, "Looks good");
    const published = (await getSolutionAccess(db, draft.id))!;
    expect(published).toMatchObject({ status: "published", liveRevision: published.revision, pendingChange: null });
    expect(await outboxCount(draft.id)).toBe(1);
    await expect(requireReadableSolution(db, outsider, draft.id)).resolves.toBeTruthy();

    const transitions = await listTransitions(db, draft.id);
    expect(transitions.map((t) => `${t.fromStatus}->${t.toStatus}`)).toEqual([
      "in_review->published",
      "draft->in_review",
      "new->draft",
    ]);
    expect(transitions[0]).toMatchObject({ comment: "Looks good", actorName: team.lead.displayName });
  });

  it("refuses to submit an incomplete write-up", async () => {
    const { db, team } = await setup();
    const created = await createSolution(db, team.member, {
      title: "Half done",
      subsidiaryId: team.subsidiary.id,
      locale: "en",
    });
    await expect(submitForReview(db, team.member, created.id)).rejects.toMatchObject({
      fieldErrors: { painPointIds: ["solutions:errors.painPointsCount"], summary: ["validation:required"] },
    });
  });

  it("sends back with a comment the authors see, then accepts a resubmission", async () => {
    const { db, team, painPointIds } = await setup();
    const s = await createSolutionAs(db, team.member, { painPointIds, status: "in_review" });
    await expect(sendBackSolution(db, team.lead, s.id, "  ")).rejects.toThrow(ValidationError);
    await sendBackSolution(db, team.lead, s.id, "Add the cost figures");
    const reading = await getSolutionForReading(db, s.id);
    expect(reading).toMatchObject({ status: "draft", reviewComment: "Add the cost figures" });
    await submitForReview(db, team.member, s.id);
    expect((await getSolutionForReading(db, s.id))?.reviewComment).toBeNull();
  });

  it("keeps confidential write-ups inside their subsidiary (404 outside), curators and admins see them", async () => {
    const { db, team, outsider, painPointIds } = await setup();
    const s = await createSolutionAs(db, team.member, {
      painPointIds,
      status: "published",
      lead: team.lead,
      overrides: { visibility: "subsidiary" },
    });
    await expect(requireReadableSolution(db, outsider, s.id)).rejects.toThrow(NotFoundError);
    const otherCurator = await createUser(db, { role: "curator" });
    await expect(requireReadableSolution(db, otherCurator, s.id)).resolves.toBeTruthy();
    const sameSubsidiaryMember = await createUser(db, { subsidiaryId: team.subsidiary.id });
    await expect(requireReadableSolution(db, sameSubsidiaryMember, s.id)).resolves.toBeTruthy();
  });
});

describe("editing a published write-up", () => {
  it("keeps readers on the live version until a lead publishes the member's changes; the slug follows the title", async () => {
    const { db, team, painPointIds } = await setup();
    const s = await createSolutionAs(db, team.member, {
      painPointIds,
      status: "published",
      lead: team.lead,
      overrides: { title: "Weekly clash review" },
    });
    const oldSlug = s.slug;
    const { latest } = await getSolutionForEditing(db, team.member, s.id);
    await saveSolution(
      db,
      team.member,
      s.id,
      latest.revision,
      contentInput({ authorIds: [team.member.id], painPointIds, title: "Weekly clash review with the contractor" }),
    );
    const pending = (await getSolutionForReading(db, s.id))!;
    expect(pending.title).toBe("Weekly clash review");
    expect(pending.pendingChange).toBe("draft");
    const outboxBefore = await outboxCount(s.id);

    await submitForReview(db, team.member, s.id);
    expect((await getSolutionAccess(db, s.id))?.pendingChange).toBe("in_review");
    await publishSolution(db, team.lead, s.id);
    const live = (await getSolutionForReading(db, s.id))!;
    expect(live).toMatchObject({
      title: "Weekly clash review with the contractor",
      pendingChange: null,
      status: "published",
    });
    expect(live.slug).not.toBe(oldSlug);
    expect(await findSolutionBySlug(db, oldSlug)).toMatchObject({ id: s.id, slug: live.slug });
    expect(await outboxCount(s.id)).toBe(outboxBefore + 1);
  });

  it("makes a confidential change effective for readers at once", async () => {
    const { db, team, outsider, painPointIds } = await setup();
    const s = await createSolutionAs(db, team.member, { painPointIds, status: "published", lead: team.lead });
    await requireReadableSolution(db, outsider, s.id);
    await saveSolution(
      db,
      team.member,
      s.id,
      s.revision,
      contentInput({ authorIds: [team.member.id], painPointIds, visibility: "subsidiary" }),
    );
    await expect(requireReadableSolution(db, outsider, s.id)).rejects.toThrow(NotFoundError);
  });

  it("lets a lead archive and restore, and nobody else", async () => {
    const { db, team, painPointIds } = await setup();
    const s = await createSolutionAs(db, team.member, { painPointIds, status: "published", lead: team.lead });
    await expect(archiveSolution(db, team.member, s.id)).rejects.toThrow(ForbiddenError);
    await archiveSolution(db, team.lead, s.id);
    expect((await getSolutionAccess(db, s.id))?.status).toBe("archived");
    await expect(restoreSolution(db, team.curator, s.id)).rejects.toThrow(ForbiddenError);
    await restoreSolution(db, team.lead, s.id);
    expect((await getSolutionAccess(db, s.id))?.status).toBe("published");
  });
});

describe("never losing an author's work", () => {
  it("lets exactly one of two concurrent saves from the same base revision win, 50 times, without gaps", async () => {
    const { db, team, painPointIds } = await setup();
    const s = await createSolutionAs(db, team.member, { painPointIds });
    let base = (await getSolutionAccess(db, s.id))!.revision;
    for (let run = 0; run < 50; run++) {
      const results = await Promise.allSettled(
        ["A", "B"].map((who) =>
          saveSolution(
            db,
            team.member,
            s.id,
            base,
            contentInput({ authorIds: [team.member.id], painPointIds, summary: `run ${run} by ${who}` }),
          ),
        ),
      );
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect({ run, won: won.length, lost: lost.length }).toEqual({ run, won: 1, lost: 1 });
      expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
      expect((lost[0]!.reason as ConflictError).status).toBe(409);
      base = (won[0] as PromiseFulfilledResult<{ revision: number }>).value.revision;
    }
    const numbers = await revisionNumbers(s.id);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    expect(numbers.at(-1)).toBe(base);
  });

  it("refuses a save from an old base (409) and saves nothing", async () => {
    const { db, team, painPointIds } = await setup();
    const s = await createSolutionAs(db, team.member, { painPointIds });
    const stale = s.revision - 1;
    await expect(
      saveSolution(
        db,
        team.member,
        s.id,
        stale,
        contentInput({ authorIds: [team.member.id], painPointIds, summary: "stale" }),
      ),
    ).rejects.toMatchObject({
      status: 409,
      details: { currentRevision: s.revision },
    });
    expect(await revisionNumbers(s.id)).toHaveLength(s.revision);
  });

  it("skips identical saves instead of stacking revisions", async () => {
    const { db, team, painPointIds } = await setup();
    const s = await createSolutionAs(db, team.member, { painPointIds });
    const input = contentInput({ authorIds: [team.member.id], painPointIds, title: s.title });
    const first = await saveSolution(db, team.member, s.id, s.revision, input);
    const second = await saveSolution(db, team.member, s.id, first.revision, input);
    expect(second).toMatchObject({ revision: first.revision, unchanged: true });
  });

  it("leaves the previous revision intact when the database fails during a save", async () => {
    const { db, team, painPointIds } = await setup();
    const s = await createSolutionAs(db, team.member, { painPointIds });
    const before = await getSolutionForReading(db, s.id);
    // A stray row with the next revision number makes the revision insert fail inside the transaction.
    await db
      .insertInto("solutionRevisions")
      .values({ solutionId: s.id, revision: s.revision + 1, snapshot: "{}", bodyHtml: "", bodyText: "" })
      .execute();
    await expect(
      saveSolution(
        db,
        team.member,
        s.id,
        s.revision,
        contentInput({ authorIds: [team.member.id], painPointIds, summary: "lost?" }),
      ),
    ).rejects.toThrow();
    const after = await getSolutionForReading(db, s.id);
    expect(after?.revision).toBe(s.revision);
    expect(after?.summary).toBe(before?.summary);
  });

  it("restores an old revision as a new revision", async () => {
    const { db, team, painPointIds } = await setup();
    const s = await createSolutionAs(db, team.member, { painPointIds, overrides: { summary: "first version" } });
    const v2 = await saveSolution(
      db,
      team.member,
      s.id,
      s.revision,
      contentInput({ authorIds: [team.member.id], painPointIds, title: s.title, summary: "second version" }),
    );
    const restored = await restoreRevision(db, team.member, s.id, s.revision, v2.revision);
    expect(restored.revision).toBe(v2.revision + 1);
    expect((await getSolutionForReading(db, s.id))?.summary).toBe("first version");
  });
});

describe("bad input", () => {
  it("refuses hostile bodies, unknown and retired pain points with field messages, storing nothing", async () => {
    const { db, team, taxonomy, painPointIds } = await setup();
    const s = await createSolutionAs(db, team.member, { painPointIds });
    const save = (overrides: Parameters<typeof contentInput>[0]) =>
      saveSolution(db, team.member, s.id, s.revision, contentInput(overrides));
    const link = paragraphState("x");
    (link.root as any).children[0].children = [
      {
        type: "link",
        url: "java\tscript:alert(1)",
        version: 1,
        direction: null,
        format: "",
        indent: 0,
        rel: null,
        target: null,
        title: null,
        children: [{ type: "text", text: "click", format: 0, style: "", mode: "normal", detail: 0, version: 1 }],
      },
    ];
    await expect(save({ authorIds: [team.member.id], painPointIds, body: JSON.stringify(link) })).rejects.toMatchObject(
      { fieldErrors: { body: expect.arrayContaining(["solutions:bodyErrors.bad_link"]) } },
    );
    await expect(save({ authorIds: [team.member.id], painPointIds, body: "{not json" })).rejects.toMatchObject({
      fieldErrors: { body: expect.arrayContaining(["solutions:bodyErrors.malformed"]) },
    });
    const deep = `{"root":${'{"type":"list","children":['.repeat(100_000)}`;
    await expect(save({ authorIds: [team.member.id], painPointIds, body: deep })).rejects.toThrow(ValidationError);
    await expect(
      save({ authorIds: [team.member.id], painPointIds: ["7b0c1a4e-0000-4000-8000-000000000000"] }),
    ).rejects.toMatchObject({ fieldErrors: { painPointIds: ["solutions:errors.unknownPainPoint"] } });
    await expect(save({ authorIds: [team.member.id], painPointIds: [taxonomy.retired.id] })).rejects.toMatchObject({
      fieldErrors: { painPointIds: ["solutions:errors.unknownPainPoint"] },
    });
    expect(await revisionNumbers(s.id)).toHaveLength(s.revision);
  });

  it("refuses edits by people who may not edit: other members 403, outsiders 404", async () => {
    const { db, team, outsider, painPointIds } = await setup();
    const s = await createSolutionAs(db, team.member, { painPointIds, status: "published", lead: team.lead });
    const colleague = await createUser(db, { subsidiaryId: team.subsidiary.id });
    const input = contentInput({ authorIds: [colleague.id], painPointIds });
    await expect(saveSolution(db, colleague, s.id, s.revision, input)).rejects.toThrow(ForbiddenError);
    await expect(saveSolution(db, outsider, s.id, s.revision, input)).rejects.toThrow(ForbiddenError);
    const confidential = await createSolutionAs(db, team.member, {
      painPointIds,
      status: "published",
      lead: team.lead,
      overrides: { visibility: "subsidiary" },
    });
    await expect(saveSolution(db, outsider, confidential.id, confidential.revision, input)).rejects.toThrow(
      NotFoundError,
    );
  });
});

describe("images", () => {
  const PNG = Uint8Array.from(
    Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      "base64",
    ),
  );

  it("are checked by content, stored, and served only to readers of their write-up", async () => {
    const { db, team, outsider, painPointIds } = await setup();
    const s = await createSolutionAs(db, team.member, {
      painPointIds,
      status: "published",
      lead: team.lead,
      overrides: { visibility: "subsidiary" },
    });
    const image = await uploadImage(db, team.member, s.id, PNG);
    expect(image).toMatchObject({ contentType: "image/png", src: `/images/${image.id}` });
    expect((await readImage(db, team.lead, image.id)).contentType).toBe("image/png");
    await expect(readImage(db, outsider, image.id)).rejects.toThrow(NotFoundError);
    await expect(readImage(db, team.lead, "not-a-uuid")).rejects.toThrow(NotFoundError);
  });

  it("refuse a text file renamed .png, an empty file, and uploads by non-editors", async () => {
    const { db, team, outsider, painPointIds } = await setup();
    const s = await createSolutionAs(db, team.member, { painPointIds });
    await expect(
      uploadImage(db, team.member, s.id, new TextEncoder().encode("<script>alert(1)</script>")),
    ).rejects.toMatchObject({ status: 400, code: "not_image", fieldErrors: { file: ["solutions:images.notImage"] } });
    await expect(uploadImage(db, team.member, s.id, new Uint8Array())).rejects.toThrow(ValidationError);
    await expect(uploadImage(db, outsider, s.id, PNG)).rejects.toThrow(NotFoundError);
  });
});
