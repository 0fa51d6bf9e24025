import { describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { createApiToken } from "~/services/api-tokens.server";
import { loader as listLoader } from "~/routes/api.v1.solutions";
import { loader as oneLoader } from "~/routes/api.v1.solutions.$slug";
import { loader as painPointsLoader } from "~/routes/api.v1.pain-points";
import { createTeam, createUser } from "../factories/accounts";
import { createSolutionAs, createTaxonomy } from "../factories/solution-workflow";
import { call, contextFor, getRequest } from "../support/remix";

async function setup() {
  const db = getDb();
  const [team, taxonomy] = await Promise.all([createTeam(db), createTaxonomy(db)]);
  const outsider = await createUser(db);
  const painPointIds = [taxonomy.painPoints[0]!.id];
  const open = await createSolutionAs(db, team.member, {
    painPointIds,
    status: "published",
    lead: team.lead,
    overrides: { title: "Open digital twin" },
  });
  const secret = await createSolutionAs(db, team.member, {
    painPointIds,
    status: "published",
    lead: team.lead,
    overrides: { title: "Secret digital twin", visibility: "subsidiary" },
  });
  const tokenFor = async (user: typeof outsider) =>
    (await createApiToken(db, user, { label: "t", expiresInDays: null })).token;
  return { team, taxonomy, outsider, open, secret, tokenFor };
}

async function get(path: string, loader: typeof listLoader, token: string | null, params: Record<string, string> = {}) {
  const request = getRequest(path, token ? { Authorization: `Bearer ${token}` } : {});
  const result = await call(async () => loader({ request, params, context: await contextFor(request) }));
  return { status: result.status, body: await result.response!.json() };
}

describe("JSON API v1: write-ups", () => {
  it("lists exactly what the caller may see, filtered by pain point slug or name", async () => {
    const s = await setup();
    const pain = s.taxonomy.painPoints[0]!;
    const outsider = await get(`/api/v1/solutions?painPoint=${pain.slug}`, listLoader, await s.tokenFor(s.outsider));
    expect(outsider.status).toBe(200);
    expect(outsider.body.items.map((i: { title: string }) => i.title)).toEqual(["Open digital twin"]);
    expect(outsider.body).toMatchObject({ total: 1, page: 1, limit: 20 });
    expect(outsider.body.items[0]).toMatchObject({
      slug: s.open.slug,
      subsidiary: { code: s.team.subsidiary.code },
      painPoints: [{ slug: pain.slug, name: pain.nameEn, nameZh: pain.nameZh }],
      url: `http://localhost/solutions/${s.open.slug}`,
    });
    const insider = await get(
      `/api/v1/solutions?painPoint=${encodeURIComponent(pain.nameZh)}&sort=title`,
      listLoader,
      await s.tokenFor(s.team.member),
    );
    expect(insider.body.items.map((i: { title: string }) => i.title)).toEqual([
      "Open digital twin",
      "Secret digital twin",
    ]);
  });

  it("answers 400 for bad parameters, 401 without a token", async () => {
    const s = await setup();
    const token = await s.tokenFor(s.outsider);
    for (const query of [
      "limit=0",
      "limit=1000",
      "limit=abc",
      "painPoint=no-such-pain",
      "sort=sideways",
      "page=-2",
      "year=19x9",
    ]) {
      const result = await get(`/api/v1/solutions?${query}`, listLoader, token);
      expect({ query, status: result.status, hasError: typeof result.body.error?.message === "string" }).toEqual({
        query,
        status: 400,
        hasError: true,
      });
    }
    expect((await get("/api/v1/solutions", listLoader, null)).status).toBe(401);
    expect((await get("/api/v1/solutions", listLoader, "sx_bogus.token")).status).toBe(401);
  });

  it("returns one write-up with its body as HTML and text; confidential and unknown ones are 404", async () => {
    const s = await setup();
    const mine = await get(
      `/api/v1/solutions/${s.secret.slug}`,
      oneLoader as typeof listLoader,
      await s.tokenFor(s.team.member),
      { slug: s.secret.slug },
    );
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      title: "Secret digital twin",
      visibility: "subsidiary",
      revision: expect.any(Number),
    });
    expect(mine.body.body.html).toContain("<p");
    expect(mine.body.body.text).toContain("We federate");
    const outsider = await get(
      `/api/v1/solutions/${s.secret.slug}`,
      oneLoader as typeof listLoader,
      await s.tokenFor(s.outsider),
      { slug: s.secret.slug },
    );
    expect(outsider).toEqual({ status: 404, body: { error: { code: "not_found", message: "No such write-up." } } });
    const unknown = await get("/api/v1/solutions/nope", oneLoader as typeof listLoader, await s.tokenFor(s.outsider), {
      slug: "nope",
    });
    expect(unknown.status).toBe(404);
  });

  it("lists the taxonomy with counts visible to the caller", async () => {
    const s = await setup();
    const pain = s.taxonomy.painPoints[0]!;
    const countFor = async (user: typeof s.outsider) => {
      const { body } = await get("/api/v1/pain-points", painPointsLoader as typeof listLoader, await s.tokenFor(user));
      return body.areas
        .flatMap((a: { painPoints: { slug: string; count: number }[] }) => a.painPoints)
        .find((p: { slug: string }) => p.slug === pain.slug)?.count;
    };
    expect(await countFor(s.outsider)).toBe(1);
    expect(await countFor(s.team.member)).toBe(2);
  });

  it("counts an area's write-ups once each, even when one carries two of its pain points (hand-computed)", async () => {
    const s = await setup();
    const [first, second] = [s.taxonomy.painPoints[0]!, s.taxonomy.painPoints[1]!];
    await createSolutionAs(getDb(), s.team.member, {
      painPointIds: [first.id, second.id],
      status: "published",
      lead: s.team.lead,
      overrides: { title: "Two pains, one area" },
    });
    const areaFor = async (user: typeof s.outsider) => {
      const { status, body } = await get(
        "/api/v1/pain-points",
        painPointsLoader as typeof listLoader,
        await s.tokenFor(user),
      );
      expect(status).toBe(200);
      return body.areas.find((a: { painPoints: { slug: string }[] }) =>
        a.painPoints.some((p) => p.slug === first.slug),
      ) as { count: number; painPoints: { slug: string; count: number }[] };
    };
    // Outsider: "Open" (first) and "Two pains" (first, second): 2 write-ups, 3 tags.
    const outsider = await areaFor(s.outsider);
    expect(outsider.count).toBe(2);
    expect(
      outsider.painPoints.filter((p) => p.slug === first.slug || p.slug === second.slug).map((p) => p.count),
    ).toEqual([2, 1]);
    // The team also sees "Secret" (first): 3 write-ups, 4 tags.
    expect((await areaFor(s.team.member)).count).toBe(3);
  });
});
