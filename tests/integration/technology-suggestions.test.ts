import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { getSolutionForReading } from "~/models/solution.server";
import { loader as technologiesLoader } from "~/routes/technologies";
import { getSolutionForEditing, saveSolution } from "~/services/solutions.server";
import { createTeam, createUser } from "../factories/accounts";
import { contentInput, createSolutionAs, createTaxonomy } from "../factories/solution-workflow";
import { call, contextFor, cookieFor, getRequest } from "../support/remix";

async function suggest(q: string, userId?: string) {
  const headers: Record<string, string> = userId ? { Cookie: await cookieFor(userId) } : {};
  const request = getRequest(`/technologies?q=${encodeURIComponent(q)}`, headers);
  const result = await call(async () =>
    technologiesLoader({ request, params: {}, context: await contextFor(request) }),
  );
  const response = result.response!;
  return {
    status: response.status,
    body: (await response.json()) as { suggestions?: string[]; error?: { code: string } },
  };
}

describe("GET /technologies (the tag input's suggestions)", () => {
  it("walks 401 -> 400 -> suggestions from readable write-ups only, any case, with LIKE wildcards taken literally", async () => {
    const db = getDb();
    const tag = crypto.randomBytes(3).toString("hex");
    const [team, taxonomy] = await Promise.all([createTeam(db), createTaxonomy(db)]);
    const outsider = await createUser(db);
    const painPointIds = [taxonomy.painPoints[0]!.id];
    await createSolutionAs(db, team.member, {
      painPointIds,
      status: "published",
      lead: team.lead,
      overrides: { technologies: [`Qx${tag} Revit`, `qx${tag} Revit API`, `Qx${tag} Navisworks`] },
    });
    await createSolutionAs(db, team.member, {
      painPointIds,
      status: "published",
      lead: team.lead,
      overrides: { visibility: "subsidiary", technologies: [`Qx${tag} Revit Secret Plug-in`] },
    });
    // A draft's tags are the draft authors' (and their lead's) business.
    await createSolutionAs(db, team.member, { painPointIds, overrides: { technologies: [`Qx${tag} Revit Draft`] } });

    expect((await suggest(`qx${tag}`)).status).toBe(401);
    expect(await suggest("x".repeat(200), outsider.id)).toMatchObject({ status: 400 });
    expect(await suggest("   ", outsider.id)).toEqual({ status: 200, body: { suggestions: [] } });

    const forOutsider = await suggest(`qx${tag} rev`, outsider.id);
    expect(forOutsider).toEqual({ status: 200, body: { suggestions: [`Qx${tag} Revit`, `qx${tag} Revit API`] } });
    expect((await suggest(`QX${tag} REVIT`, outsider.id)).body.suggestions).toEqual([
      `Qx${tag} Revit`,
      `qx${tag} Revit API`,
    ]);
    expect((await suggest(`Qx${tag} R_vit`, outsider.id)).body.suggestions).toEqual([]);
    expect((await suggest(`Qx${tag} %`, outsider.id)).body.suggestions).toEqual([]);

    const forLead = await suggest(`qx${tag} revit`, team.lead.id);
    expect(forLead.body.suggestions).toEqual([
      `Qx${tag} Revit`,
      `qx${tag} Revit API`,
      `Qx${tag} Revit Draft`,
      `Qx${tag} Revit Secret Plug-in`,
    ]);
  });
});

describe("technology tags when saved", () => {
  it("are trimmed, inner spaces collapsed and unique regardless of case; an existing tag keeps its spelling", async () => {
    const db = getDb();
    const tag = crypto.randomBytes(3).toString("hex");
    const [team, taxonomy] = await Promise.all([createTeam(db), createTaxonomy(db)]);
    const painPointIds = [taxonomy.painPoints[0]!.id];
    await createSolutionAs(db, team.member, { painPointIds, overrides: { technologies: [`Zq${tag} Dynamo`] } });
    const s = await createSolutionAs(db, team.member, { painPointIds });
    await saveSolution(
      db,
      team.member,
      s.id,
      s.revision,
      contentInput({
        authorIds: [team.member.id],
        painPointIds,
        title: s.title,
        technologies: [
          `  zq${tag}   dynamo `,
          `ZQ${tag} DYNAMO`,
          `Zq${tag}  Point   Cloud`,
          "",
          `zq${tag} point cloud`,
        ],
      }),
    );
    const { latest } = await getSolutionForEditing(db, team.member, s.id);
    expect(latest.snapshot.technologies).toEqual([`zq${tag} dynamo`, `Zq${tag} Point Cloud`]);
    const reading = await getSolutionForReading(db, s.id);
    expect(reading!.technologies).toEqual([`Zq${tag} Dynamo`, `Zq${tag} Point Cloud`]);
  });
});
