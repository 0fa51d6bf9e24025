import { afterEach, describe, expect, it } from "vitest";
import { advanceClockForTests, resetClockForTests } from "~/lib/clock.server";
import { getDb } from "~/lib/db.server";
import type { SessionUser } from "~/lib/session.server";
import { getSolutionAccess, getSolutionForReading } from "~/models/solution.server";
import { loader as myLoader } from "~/routes/my";
import { action as reviewAction, loader as reviewLoader } from "~/routes/review";
import { ForbiddenError, NotFoundError } from "~/services/errors";
import {
  archiveSolution,
  publishSolution,
  saveSolution,
  sendBackSolution,
  submitForReview,
} from "~/services/solutions.server";
import { createTeam, createUser } from "../factories/accounts";
import { contentInput, createSolutionAs, createTaxonomy } from "../factories/solution-workflow";
import { call, contextFor, cookieFor, getRequest, payload, postRequest } from "../support/remix";

afterEach(() => resetClockForTests());

async function setup() {
  const db = getDb();
  const [team, taxonomy] = await Promise.all([createTeam(db), createTaxonomy(db)]);
  const [otherLead, otherAdmin] = await Promise.all([
    createUser(db, { role: "lead" }),
    createUser(db, { role: "admin" }),
  ]);
  return { db, team, otherLead, otherAdmin, painPointIds: [taxonomy.painPoints[0]!.id] };
}

async function loadQueue(user: SessionUser) {
  const request = getRequest("/review", { Cookie: await cookieFor(user.id) });
  return call(async () => reviewLoader({ request, params: {}, context: await contextFor(request) }));
}

async function review(user: SessionUser, fields: Record<string, string>) {
  const request = postRequest("/review", fields, { Cookie: await cookieFor(user.id) });
  return call(async () => reviewAction({ request, params: {}, context: await contextFor(request) }));
}

describe("publishing across subsidiaries", () => {
  it("an admin of another subsidiary publishes a write-up and pending changes to it", async () => {
    const s = await setup();
    const solution = await createSolutionAs(s.db, s.team.member, { painPointIds: s.painPointIds, status: "in_review" });
    await publishSolution(s.db, s.otherAdmin, solution.id, "Approved by HQ");
    expect(await getSolutionAccess(s.db, solution.id)).toMatchObject({ status: "published" });

    const live = (await getSolutionAccess(s.db, solution.id))!;
    await saveSolution(
      s.db,
      s.team.member,
      solution.id,
      live.revision,
      contentInput({
        authorIds: [s.team.member.id],
        painPointIds: s.painPointIds,
        summary: "Changed after publishing",
      }),
    );
    await submitForReview(s.db, s.team.member, solution.id);
    await publishSolution(s.db, s.otherAdmin, solution.id);
    expect(await getSolutionForReading(s.db, solution.id)).toMatchObject({
      summary: "Changed after publishing",
      pendingChange: null,
    });
  });

  it("a lead of another subsidiary can neither publish nor send back: 404 while they cannot see it, 403 once they can", async () => {
    const s = await setup();
    const waiting = await createSolutionAs(s.db, s.team.member, { painPointIds: s.painPointIds, status: "in_review" });
    await expect(publishSolution(s.db, s.otherLead, waiting.id)).rejects.toThrow(NotFoundError);
    await expect(sendBackSolution(s.db, s.otherLead, waiting.id, "No")).rejects.toThrow(NotFoundError);

    // A published, group-visible write-up is readable to them; its pending changes are not theirs to judge.
    const published = await createSolutionAs(s.db, s.team.member, {
      painPointIds: s.painPointIds,
      status: "published",
      lead: s.team.lead,
    });
    await saveSolution(
      s.db,
      s.team.member,
      published.id,
      published.revision,
      contentInput({ authorIds: [s.team.member.id], painPointIds: s.painPointIds, summary: "Pending" }),
    );
    await submitForReview(s.db, s.team.member, published.id);
    await expect(publishSolution(s.db, s.otherLead, published.id)).rejects.toThrow(ForbiddenError);
    await expect(sendBackSolution(s.db, s.otherLead, published.id, "No")).rejects.toThrow(ForbiddenError);
    await expect(archiveSolution(s.db, s.otherLead, published.id)).rejects.toThrow(ForbiddenError);
    expect(await getSolutionAccess(s.db, published.id)).toMatchObject({ pendingChange: "in_review" });

    // The same through the review page's action: the status codes reach the page.
    const asPage = await review(s.otherLead, { intent: "publish", solutionId: waiting.id, comment: "" });
    expect(asPage.status).toBe(404);
    const sendBack = await review(s.otherLead, { intent: "sendBack", solutionId: published.id, comment: "No" });
    expect(sendBack.status).toBe(403);
    expect((await getSolutionAccess(s.db, waiting.id))?.status).toBe("in_review");
  });
});

describe("the review queue (/review)", () => {
  it("lists what waits for the lead's subsidiary, oldest first, with its age; admins see every subsidiary", async () => {
    const s = await setup();
    const first = await createSolutionAs(s.db, s.team.member, { painPointIds: s.painPointIds, status: "in_review" });
    advanceClockForTests(60 * 60_000);
    const second = await createSolutionAs(s.db, s.team.member, { painPointIds: s.painPointIds, status: "in_review" });
    advanceClockForTests(60 * 60_000);
    // Pending changes to a published write-up wait too.
    const changed = await createSolutionAs(s.db, s.team.member, {
      painPointIds: s.painPointIds,
      status: "published",
      lead: s.team.lead,
    });
    await saveSolution(
      s.db,
      s.team.member,
      changed.id,
      changed.revision,
      contentInput({ authorIds: [s.team.member.id], painPointIds: s.painPointIds, summary: "Pending" }),
    );
    await submitForReview(s.db, s.team.member, changed.id);
    // Neither drafts nor another subsidiary's items.
    await createSolutionAs(s.db, s.team.member, { painPointIds: s.painPointIds });
    const elsewhere = await createUser(s.db, { subsidiaryId: s.otherLead.subsidiaryId });
    const foreign = await createSolutionAs(s.db, elsewhere, { painPointIds: s.painPointIds, status: "in_review" });
    advanceClockForTests(50 * 60 * 60_000);

    const queue = await loadQueue(s.team.lead);
    expect(queue.status).toBe(200);
    expect(queue.value!.items.map((i) => [i.id, i.waitingHours])).toEqual([
      [first.id, 52],
      [second.id, 51],
      [changed.id, 50],
    ]);
    expect(queue.value!.items[2]).toMatchObject({ status: "published", pendingChange: "in_review" });

    const all = (await loadQueue(s.otherAdmin)).value!.items.map((i) => i.id);
    expect(all).toEqual(expect.arrayContaining([first.id, second.id, changed.id, foreign.id]));
    expect(all.indexOf(first.id)).toBeLessThan(all.indexOf(second.id));
    expect(all.indexOf(second.id)).toBeLessThan(all.indexOf(changed.id));

    expect((await loadQueue(s.team.member)).status).toBe(403);
    expect((await loadQueue(s.team.curator)).status).toBe(403);
  });

  it("publishes and sends back from the queue; a send-back needs a comment; unknown intents are 400", async () => {
    const s = await setup();
    const a = await createSolutionAs(s.db, s.team.member, { painPointIds: s.painPointIds, status: "in_review" });
    const b = await createSolutionAs(s.db, s.team.member, { painPointIds: s.painPointIds, status: "in_review" });

    const published = await review(s.team.lead, { intent: "publish", solutionId: a.id, comment: "Good" });
    expect(published.status).toBe(302);
    expect(published.response!.headers.get("Location")).toBe("/review?done=published");
    expect((await getSolutionAccess(s.db, a.id))?.status).toBe("published");

    const empty = await review(s.team.lead, { intent: "sendBack", solutionId: b.id, comment: "  " });
    expect(empty.status).toBe(400);
    expect(payload(empty.value)).toMatchObject({
      fieldErrors: { comment: ["solutions:errors.commentRequired"] },
      values: { solutionId: b.id },
    });
    const tooLong = await review(s.team.lead, { intent: "sendBack", solutionId: b.id, comment: "x".repeat(2001) });
    expect(tooLong.status).toBe(400);
    expect((await review(s.team.lead, { intent: "approve", solutionId: b.id, comment: "" })).status).toBe(400);
    expect((await review(s.team.lead, { intent: "publish", solutionId: "not-a-uuid", comment: "" })).status).toBe(404);
    expect((await getSolutionAccess(s.db, b.id))?.status).toBe("in_review");

    const sentBack = await review(s.team.lead, { intent: "sendBack", solutionId: b.id, comment: "Add costs" });
    expect(sentBack.status).toBe(200);
    expect(payload(sentBack.value)).toEqual({ ok: true, intent: "sendBack" });
    expect(await getSolutionForReading(s.db, b.id)).toMatchObject({ status: "draft", reviewComment: "Add costs" });
    expect((await loadQueue(s.team.lead)).value!.items.map((i) => i.id)).toEqual([]);
  });
});

describe("My write-ups (/my)", () => {
  it("lists the user's drafts, items in review, sent-back items and pending changes, newest first", async () => {
    const s = await setup();
    const draft = await createSolutionAs(s.db, s.team.member, { painPointIds: s.painPointIds });
    advanceClockForTests(60_000);
    const inReview = await createSolutionAs(s.db, s.team.member, { painPointIds: s.painPointIds, status: "in_review" });
    advanceClockForTests(60_000);
    const sentBack = await createSolutionAs(s.db, s.team.member, { painPointIds: s.painPointIds, status: "in_review" });
    await sendBackSolution(s.db, s.team.lead, sentBack.id, "Needs figures");
    advanceClockForTests(60_000);
    const pending = await createSolutionAs(s.db, s.team.member, {
      painPointIds: s.painPointIds,
      status: "published",
      lead: s.team.lead,
    });
    await saveSolution(
      s.db,
      s.team.member,
      pending.id,
      pending.revision,
      contentInput({ authorIds: [s.team.member.id], painPointIds: s.painPointIds, summary: "Unpublished edit" }),
    );
    // Not listed: a published write-up without changes, an archived one, and a colleague's draft.
    const done = await createSolutionAs(s.db, s.team.member, {
      painPointIds: s.painPointIds,
      status: "published",
      lead: s.team.lead,
    });
    const archived = await createSolutionAs(s.db, s.team.member, {
      painPointIds: s.painPointIds,
      status: "published",
      lead: s.team.lead,
    });
    await archiveSolution(s.db, s.team.lead, archived.id);
    const colleague = await createUser(s.db, { subsidiaryId: s.team.subsidiary.id });
    const theirs = await createSolutionAs(s.db, colleague, { painPointIds: s.painPointIds });

    const request = getRequest("/my", { Cookie: await cookieFor(s.team.member.id) });
    const page = await call(async () => myLoader({ request, params: {}, context: await contextFor(request) }));
    expect(page.status).toBe(200);
    const items = page.value!.items;
    expect(items.map((i) => i.id)).toEqual([pending.id, sentBack.id, inReview.id, draft.id]);
    expect(items.map((i) => [i.status, i.pendingChange, i.reviewComment])).toEqual([
      ["published", "draft", null],
      ["draft", null, "Needs figures"],
      ["in_review", null, null],
      ["draft", null, null],
    ]);
    for (const hidden of [done.id, archived.id, theirs.id]) expect(items.map((i) => i.id)).not.toContain(hidden);

    const anonymous = getRequest("/my");
    const redirected = await call(async () =>
      myLoader({ request: anonymous, params: {}, context: await contextFor(anonymous) }),
    );
    expect(redirected.status).toBe(302);
    expect(redirected.response!.headers.get("Location")).toBe("/login?redirectTo=%2Fmy");
  });
});
