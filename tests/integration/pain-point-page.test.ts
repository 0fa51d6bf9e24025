import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { advanceClockForTests, resetClockForTests } from "~/lib/clock.server";
import { getDb } from "~/lib/db.server";
import { loader } from "~/routes/pain-points.$slug";
import { mergePainPoint, setPainPointRetired, updatePainPoint } from "~/services/taxonomy.server";
import { createTeam, createUser } from "../factories/accounts";
import { createSolutionAs, createTaxonomy } from "../factories/solution-workflow";
import { call, contextFor, cookieFor, getRequest, payload } from "../support/remix";

const db = () => getDb();

async function open(slug: string, userId?: string, query = "") {
  const request = getRequest(`/pain-points/${slug}${query}`, userId ? { Cookie: await cookieFor(userId) } : {});
  return call(async () => loader({ request, params: { slug }, context: await contextFor(request) }));
}

async function page(slug: string, userId: string, query = "") {
  const result = await open(slug, userId, query);
  expect(result.status).toBe(200);
  return payload(result.value);
}

/**
 * Two subsidiaries write about pain point `p`: `inside` publishes a confidential write-up (also tagged
 * `secret`) and keeps a draft; `other` publishes a group-visible one (also tagged `shared`).
 */
async function setup() {
  const [inside, other, taxonomy] = await Promise.all([createTeam(db()), createTeam(db()), createTaxonomy(db())]);
  const [p, shared, secret] = taxonomy.painPoints as [
    (typeof taxonomy.painPoints)[number],
    (typeof taxonomy.painPoints)[number],
    (typeof taxonomy.painPoints)[number],
  ];
  const outsider = await createUser(db());
  const confidential = await createSolutionAs(db(), inside.member, {
    painPointIds: [p.id, secret.id],
    status: "published",
    lead: inside.lead,
    overrides: { visibility: "subsidiary", title: `Confidential ${crypto.randomBytes(3).toString("hex")}` },
  });
  const draft = await createSolutionAs(db(), inside.member, { painPointIds: [p.id] });
  const open = await createSolutionAs(db(), other.member, {
    painPointIds: [shared.id, p.id],
    status: "published",
    lead: other.lead,
  });
  return { inside, other, outsider, taxonomy, p, shared, secret, confidential, draft, open };
}

describe("the pain point page", () => {
  it("never lists or counts a confidential write-up for outsiders, nor names its subsidiary", async () => {
    const s = await setup();
    const seen = await page(s.p.slug, s.outsider.id);
    expect(seen.painPoint).toMatchObject({
      id: s.p.id,
      nameEn: s.p.nameEn,
      nameZh: s.p.nameZh,
      retiredAt: null,
    });
    expect(seen.painPoint.areaNameZh).toMatch(/^领域 /);
    expect(seen.solutions.map((x: { id: string }) => x.id)).toEqual([s.open.id]);
    expect(seen.total).toBe(1);
    expect(seen.solvers).toEqual([
      expect.objectContaining({ id: s.other.subsidiary.id, code: s.other.subsidiary.code, count: 1 }),
    ]);
    expect(seen.related).toEqual([expect.objectContaining({ id: s.shared.id, slug: s.shared.slug, count: 1 })]);
    expect(JSON.stringify(seen)).not.toContain(s.inside.subsidiary.code);

    // The pain point only the confidential write-up carries is empty for outsiders.
    const secret = await page(s.secret.slug, s.outsider.id);
    expect(secret).toMatchObject({ solutions: [], total: 0, solvers: [], related: [] });
  });

  it("shows the confidential write-up to its own subsidiary and to curators, never drafts", async () => {
    const s = await setup();
    for (const reader of [s.inside.member, s.inside.lead, s.other.curator]) {
      const seen = await page(s.p.slug, reader.id);
      expect(new Set(seen.solutions.map((x: { id: string }) => x.id))).toEqual(new Set([s.confidential.id, s.open.id]));
      expect(seen.total).toBe(2);
      expect(seen.solvers.map((x: { id: string; count: number }) => [x.id, x.count]).sort()).toEqual(
        [
          [s.inside.subsidiary.id, 1],
          [s.other.subsidiary.id, 1],
        ].sort(),
      );
      expect(seen.related.map((x: { id: string }) => x.id).sort()).toEqual([s.shared.id, s.secret.id].sort());
    }
    // The other subsidiary's lead sees only what is visible to the group.
    const lead = await page(s.p.slug, s.other.lead.id);
    expect(lead.solutions.map((x: { id: string }) => x.id)).toEqual([s.open.id]);
  });

  it("pages the write-ups 20 at a time", async () => {
    const s = await setup();
    const second = await page(s.p.slug, s.outsider.id, "?page=2");
    expect(second).toMatchObject({ solutions: [], total: 1, page: 2, pages: 1 });
  });

  it("keeps its pages stable while others publish: the pager carries the snapshot time (asOf)", async () => {
    const s = await setup();
    advanceClockForTests(1_000);
    try {
      // 20 more group-visible write-ups on p: 21 for the outsider, two pages.
      for (let i = 0; i < 20; i++) {
        advanceClockForTests(1_000);
        await createSolutionAs(db(), s.other.member, {
          painPointIds: [s.p.id],
          status: "published",
          lead: s.other.lead,
          overrides: { title: `Paged ${i}` },
        });
      }
      const first = await page(s.p.slug, s.outsider.id);
      expect(first).toMatchObject({ total: 21, page: 1, pages: 2 });
      expect(first.asOf).toEqual(expect.any(String));
      const second = await page(s.p.slug, s.outsider.id, `?page=2&asOf=${encodeURIComponent(first.asOf)}`);
      expect(second.solutions.map((x: { id: string }) => x.id)).toEqual([s.open.id]);

      // A new write-up is published: under the snapshot page 2 still holds the same one.
      advanceClockForTests(60_000);
      await createSolutionAs(db(), s.other.member, {
        painPointIds: [s.p.id],
        status: "published",
        lead: s.other.lead,
        overrides: { title: "Published meanwhile" },
      });
      const again = await page(s.p.slug, s.outsider.id, `?page=2&asOf=${encodeURIComponent(first.asOf)}`);
      expect(again).toMatchObject({ total: 21, pages: 2, asOf: first.asOf });
      expect(again.solutions.map((x: { id: string }) => x.id)).toEqual([s.open.id]);
      // Without the snapshot (a fresh visit) the new one is there and everything moves down one.
      const fresh = await page(s.p.slug, s.outsider.id, "?page=2");
      expect(fresh.total).toBe(22);
      expect(fresh.solutions).toHaveLength(2);
      // A snapshot in the future or a nonsense one is "now".
      expect((await page(s.p.slug, s.outsider.id, "?asOf=2999-01-01T00:00:00Z")).total).toBe(22);
      expect((await page(s.p.slug, s.outsider.id, "?asOf=yesterday")).total).toBe(22);
    } finally {
      resetClockForTests();
    }
  });

  it("answers 301 for merged and former slugs (keeping the query), 404 for unknown ones, and sends visitors to sign in", async () => {
    const s = await setup();
    await mergePainPoint(db(), s.other.curator, s.shared.id, s.p.id);
    const merged = await open(s.shared.slug, s.outsider.id, "?page=1");
    expect(merged.status).toBe(301);
    expect(merged.response?.headers.get("Location")).toBe(`/pain-points/${s.p.slug}?page=1`);

    const renamed = `renamed-${crypto.randomBytes(3).toString("hex")}`;
    await updatePainPoint(db(), s.other.curator, s.p.id, {
      nameEn: s.p.nameEn,
      nameZh: s.p.nameZh,
      slug: renamed,
      descriptionEn: "",
      descriptionZh: "",
    });
    const former = await open(s.p.slug, s.outsider.id);
    expect(former.status).toBe(301);
    expect(former.response?.headers.get("Location")).toBe(`/pain-points/${renamed}`);
    // A slug merged into one that was re-slugged later still lands on the current page in one hop.
    const chained = await open(s.shared.slug, s.outsider.id);
    expect(chained.response?.headers.get("Location")).toBe(`/pain-points/${renamed}`);

    expect((await open("no-such-pain-point", s.outsider.id)).status).toBe(404);
    expect((await open("x".repeat(300), s.outsider.id)).status).toBe(404);
    const anonymous = await open(renamed);
    expect(anonymous.status).toBe(302);
    expect(anonymous.response?.headers.get("Location")).toContain("/login");
  });

  it("still shows a retired pain point, marked as retired, with its write-ups", async () => {
    const s = await setup();
    await setPainPointRetired(db(), s.other.curator, s.p.id, true);
    const seen = await page(s.p.slug, s.outsider.id);
    expect(seen.painPoint.retiredAt).not.toBeNull();
    expect(seen.total).toBe(1);
  });
});
