import crypto from "node:crypto";
import type { Db } from "~/lib/db.server";
import { createEmptyRichText } from "~/lib/rich-text/render.server";
import type { SolutionContentInput } from "~/lib/schemas/solution";
import type { SessionUser } from "~/lib/session.server";
import { getSolutionAccess } from "~/models/solution.server";
import { createSolution, publishSolution, saveSolution, submitForReview } from "~/services/solutions.server";

/** A small taxonomy: one area with three pain points (and one retired). */
export async function createTaxonomy(db: Db) {
  const tag = crypto.randomBytes(3).toString("hex");
  const area = await db
    .insertInto("painPointAreas")
    .values({ slug: `area-${tag}`, nameEn: `Area ${tag}`, nameZh: `领域 ${tag}`, position: 1 })
    .returning("id")
    .executeTakeFirstOrThrow();
  const make = (n: number, retired = false) =>
    db
      .insertInto("painPoints")
      .values({
        areaId: area.id,
        slug: `pain-${tag}-${n}`,
        nameEn: `Pain ${tag} ${n}`,
        nameZh: `痛点 ${tag} ${n}`,
        position: n,
        retiredAt: retired ? new Date() : null,
      })
      .returning(["id", "slug", "nameEn", "nameZh"])
      .executeTakeFirstOrThrow();
  const painPoints = [await make(1), await make(2), await make(3)];
  const retired = await make(4, true);
  return { areaId: area.id, painPoints, retired };
}

export function paragraphState(text: string) {
  const state = createEmptyRichText();
  const root = state.root as unknown as { children: unknown[] };
  root.children = [
    {
      type: "paragraph",
      version: 1,
      direction: null,
      format: "",
      indent: 0,
      textFormat: 0,
      textStyle: "",
      children: [{ type: "text", version: 1, text, format: 0, style: "", mode: "normal", detail: 0 }],
    },
  ];
  return state;
}

export function contentInput(
  overrides: Partial<SolutionContentInput> & { authorIds: string[]; painPointIds: string[] },
): SolutionContentInput {
  return {
    title: "Clash detection workflow",
    summary: "Federated model checks every week.",
    disciplines: ["bim"],
    technologies: ["Navisworks", "Revit"],
    sector: "transport",
    client: "A metro operator",
    project: "Line 9",
    year: 2024,
    visibility: "group",
    metrics: [{ label: "Clashes found on site", value: -80, unit: "%" }],
    contacts: [{ name: "Li Na", role: "BIM lead", email: "li.na@example.com" }],
    body: JSON.stringify(paragraphState("We federate the discipline models every Friday.")),
    ...overrides,
  };
}

/** Creates a write-up through the real services and moves it to the requested status. */
export async function createSolutionAs(
  db: Db,
  author: SessionUser,
  options: {
    painPointIds: string[];
    status?: "draft" | "in_review" | "published";
    lead?: SessionUser;
    overrides?: Partial<SolutionContentInput>;
  },
) {
  const title = options.overrides?.title ?? `Solution ${crypto.randomBytes(3).toString("hex")}`;
  const created = await createSolution(db, author, { title, subsidiaryId: author.subsidiaryId, locale: "en" });
  await saveSolution(
    db,
    author,
    created.id,
    created.revision,
    contentInput({ authorIds: [author.id], painPointIds: options.painPointIds, ...options.overrides, title }),
  );
  if (options.status === "in_review" || options.status === "published") await submitForReview(db, author, created.id);
  if (options.status === "published") {
    if (!options.lead) throw new Error("publishing needs a lead");
    await publishSolution(db, options.lead, created.id);
  }
  return (await getSolutionAccess(db, created.id))!;
}
