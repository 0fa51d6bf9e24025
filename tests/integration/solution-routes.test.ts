import { describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { getSolutionAccess } from "~/models/solution.server";
import { action as editAction, loader as editLoader } from "~/routes/solutions.$slug.edit";
import { loader as readLoader } from "~/routes/solutions.$slug._index";
import { loader as exportLoader } from "~/routes/solutions.$slug.export[.md]";
import { loader as imageLoader } from "~/routes/images.$id";
import { uploadImage } from "~/services/images.server";
import { publishSolution, saveSolution, sendBackSolution } from "~/services/solutions.server";
import { createTeam, createUser } from "../factories/accounts";
import { contentInput, createSolutionAs, createTaxonomy } from "../factories/solution-workflow";
import { call, contextFor, cookieFor, getRequest, payload } from "../support/remix";

async function setup() {
  const db = getDb();
  const [team, taxonomy] = await Promise.all([createTeam(db), createTaxonomy(db)]);
  const outsider = await createUser(db);
  const painPointIds = [taxonomy.painPoints[0]!.id];
  return { db, team, taxonomy, outsider, painPointIds };
}

async function as(userId: string) {
  return { Cookie: await cookieFor(userId) };
}

function multipart(path: string, fields: Record<string, string | string[]>, headers: Record<string, string>) {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields))
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body,
    headers: { Origin: "http://localhost", ...headers },
  });
}

function editFields(
  base: number,
  overrides: Record<string, string | string[]>,
  painPointIds: string[],
  authorId: string,
) {
  const input = contentInput({ authorIds: [authorId], painPointIds });
  return {
    intent: "save",
    baseRevision: String(base),
    title: input.title,
    summary: input.summary,
    painPointIds,
    authorIds: [authorId],
    visibility: "group",
    body: input.body,
    ...overrides,
  };
}

describe("write-up pages", () => {
  it("answer a former slug with a 301 to the current one, keeping the sub-path", async () => {
    const s = await setup();
    const solution = await createSolutionAs(s.db, s.team.member, {
      painPointIds: s.painPointIds,
      status: "published",
      lead: s.team.lead,
      overrides: { title: "First title" },
    });
    await saveSolution(
      s.db,
      s.team.lead,
      solution.id,
      solution.revision,
      contentInput({ authorIds: [s.team.member.id], painPointIds: s.painPointIds, title: "Second title" }),
    );
    await publishSolution(s.db, s.team.lead, solution.id);
    const current = (await getSolutionAccess(s.db, solution.id))!;
    expect(current.slug).not.toBe(solution.slug);
    for (const [path, loader, expected] of [
      [`/solutions/${solution.slug}`, readLoader, `/solutions/${current.slug}`],
      [`/solutions/${solution.slug}/edit?x=1`, editLoader, `/solutions/${current.slug}/edit?x=1`],
    ] as const) {
      const request = getRequest(path, await as(s.team.member.id));
      const result = await call(async () =>
        loader({ request, params: { slug: solution.slug }, context: await contextFor(request) }),
      );
      expect(result.status).toBe(301);
      expect(result.response!.headers.get("Location")).toBe(expected);
    }
  });

  it("are 404 for unknown slugs and for write-ups the reader may not see", async () => {
    const s = await setup();
    const secret = await createSolutionAs(s.db, s.team.member, {
      painPointIds: s.painPointIds,
      status: "published",
      lead: s.team.lead,
      overrides: { visibility: "subsidiary" },
    });
    for (const slug of ["no-such-write-up", secret.slug, "x".repeat(500)]) {
      const request = getRequest(`/solutions/${slug}`, await as(s.outsider.id));
      const result = await call(async () =>
        readLoader({ request, params: { slug }, context: await contextFor(request) }),
      );
      expect({ slug: slug.slice(0, 20), status: result.status }).toEqual({ slug: slug.slice(0, 20), status: 404 });
    }
    const md = getRequest(`/solutions/${secret.slug}/export.md`, await as(s.outsider.id));
    expect(
      (
        await call(async () =>
          exportLoader({ request: md, params: { slug: secret.slug }, context: await contextFor(md) }),
        )
      ).status,
    ).toBe(404);
  });

  it("export Markdown in the import format to readers", async () => {
    const s = await setup();
    const solution = await createSolutionAs(s.db, s.team.member, {
      painPointIds: s.painPointIds,
      status: "published",
      lead: s.team.lead,
    });
    const request = getRequest(`/solutions/${solution.slug}/export.md`, await as(s.outsider.id));
    const result = await call(async () =>
      exportLoader({ request, params: { slug: solution.slug }, context: await contextFor(request) }),
    );
    expect(result.status).toBe(200);
    expect(result.response!.headers.get("Content-Type")).toBe("text/markdown; charset=utf-8");
    const text = await result.response!.text();
    expect(text).toMatch(/^---\ntitle: /);
    expect(text).toContain(`subsidiary: ${s.team.subsidiary.code}`);
    expect(text).toContain(`- ${s.taxonomy.painPoints[0]!.slug}`);
    expect(text).toContain("We federate the discipline models every Friday.");
  });

  it("serve images with safe headers to readers only", async () => {
    const s = await setup();
    const solution = await createSolutionAs(s.db, s.team.member, { painPointIds: s.painPointIds });
    const png = Uint8Array.from(
      Buffer.from(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
        "base64",
      ),
    );
    const image = await uploadImage(s.db, s.team.member, solution.id, png);
    const request = getRequest(`/images/${image.id}`, await as(s.team.lead.id));
    const result = await call(async () =>
      imageLoader({ request, params: { id: image.id }, context: await contextFor(request) }),
    );
    expect(result.status).toBe(200);
    expect(Object.fromEntries(result.response!.headers)).toMatchObject({
      "content-type": "image/png",
      "content-disposition": "inline",
      "x-content-type-options": "nosniff",
    });
    const outsider = getRequest(`/images/${image.id}`, await as(s.outsider.id));
    expect(
      (
        await call(async () =>
          imageLoader({ request: outsider, params: { id: image.id }, context: await contextFor(outsider) }),
        )
      ).status,
    ).toBe(404);
  });
});

describe("the edit action", () => {
  it("saves, reports the new revision, and refuses stale bases with 409 and both versions", async () => {
    const s = await setup();
    const solution = await createSolutionAs(s.db, s.team.member, { painPointIds: s.painPointIds });
    const save = async (fields: Record<string, string | string[]>) => {
      const request = multipart(`/solutions/${solution.slug}/edit`, fields, await as(s.team.member.id));
      return call(async () =>
        editAction({ request, params: { slug: solution.slug }, context: await contextFor(request) }),
      );
    };
    const ok = await save(
      editFields(solution.revision, { summary: "From the action" }, s.painPointIds, s.team.member.id),
    );
    expect(ok.status).toBe(200);
    expect(payload(ok.value)).toMatchObject({ ok: true, revision: solution.revision + 1 });
    const stale = await save(editFields(solution.revision, { summary: "Stale tab" }, s.painPointIds, s.team.member.id));
    expect(stale.status).toBe(409);
    expect(payload(stale.value).conflict).toMatchObject({
      mine: { revision: solution.revision, text: expect.stringContaining("We federate") },
      theirs: { revision: solution.revision + 1, savedBy: s.team.member.displayName },
    });
    // Only the summary differs (the body text is the same): the conflict names that field.
    expect(payload(stale.value).conflict.mine.text).toBe(payload(stale.value).conflict.theirs.text);
    expect(payload(stale.value).conflict.fields).toEqual([
      { field: "summary", before: "From the action", after: "Stale tab" },
    ]);
  });

  it("loads the lead's comment and the possible authors (active colleagues plus current authors)", async () => {
    const s = await setup();
    const solution = await createSolutionAs(s.db, s.team.member, { painPointIds: s.painPointIds, status: "in_review" });
    await sendBackSolution(s.db, s.team.lead, solution.id, "Add the cost figures");
    const colleague = await createUser(s.db, { subsidiaryId: s.team.subsidiary.id });
    const request = getRequest(`/solutions/${solution.slug}/edit`, await as(s.team.member.id));
    const page = await call(async () =>
      editLoader({ request, params: { slug: solution.slug }, context: await contextFor(request) }),
    );
    expect(page.status).toBe(200);
    const data = page.value!;
    expect(data.solution.reviewComment).toBe("Add the cost figures");
    const authorIds = data.authorOptions.map((a) => a.id);
    expect(authorIds).toEqual(expect.arrayContaining([s.team.member.id, s.team.lead.id, colleague.id]));
    expect(authorIds).not.toContain(s.outsider.id);
    expect(data).not.toHaveProperty("technologySuggestions");
  });

  it("answers 400 with field messages for hostile or malformed input and stores nothing", async () => {
    const s = await setup();
    const solution = await createSolutionAs(s.db, s.team.member, { painPointIds: s.painPointIds });
    const save = async (fields: Record<string, string | string[]>) => {
      const request = multipart(`/solutions/${solution.slug}/edit`, fields, await as(s.team.member.id));
      return call(async () =>
        editAction({ request, params: { slug: solution.slug }, context: await contextFor(request) }),
      );
    };
    const base = solution.revision;
    const cases: [Record<string, string | string[]>, string][] = [
      [{ title: "x".repeat(5_000_000) }, "title"],
      [{ title: "" }, "title"],
      [{ painPointIds: ["7b0c1a4e-0000-4000-8000-000000000000"] }, "painPointIds"],
      [{ painPointIds: ["not-a-uuid"] }, "painPointIds"],
      [{ year: "twenty" }, "year"],
      [{ visibility: "everyone" }, "visibility"],
      [{ metricLabel: "Speed", metricValue: "fast" }, "metrics"],
      [{ contactName: "A", contactEmail: "not-an-email" }, "contacts"],
      [
        {
          body: '{"root":{"type":"root","children":[{"type":"script","version":1}],"direction":null,"format":"","indent":0,"version":1}}',
        },
        "body",
      ],
    ];
    for (const [overrides, field] of cases) {
      const result = await save(editFields(base, overrides, s.painPointIds, s.team.member.id));
      expect({ field, status: result.status, hasField: Boolean(payload(result.value).fieldErrors?.[field]) }).toEqual({
        field,
        status: 400,
        hasField: true,
      });
    }
    const bad = await save({ ...editFields(base, {}, s.painPointIds, s.team.member.id), intent: "delete-everything" });
    expect(bad.status).toBe(400);
    const badBase = await save(editFields(base, { baseRevision: "-1" }, s.painPointIds, s.team.member.id));
    expect(badBase.status).toBe(400);
    expect((await getSolutionAccess(s.db, solution.id))!.revision).toBe(base);
  });

  it("is 404 for outsiders and 403 for colleagues who are not authors", async () => {
    const s = await setup();
    const solution = await createSolutionAs(s.db, s.team.member, {
      painPointIds: s.painPointIds,
      status: "published",
      lead: s.team.lead,
      overrides: { visibility: "subsidiary" },
    });
    const colleague = await createUser(s.db, { subsidiaryId: s.team.subsidiary.id });
    for (const [user, status] of [
      [s.outsider, 404],
      [colleague, 403],
    ] as const) {
      const request = getRequest(`/solutions/${solution.slug}/edit`, await as(user.id));
      expect(
        (
          await call(async () =>
            editLoader({ request, params: { slug: solution.slug }, context: await contextFor(request) }),
          )
        ).status,
      ).toBe(status);
    }
  });
});
