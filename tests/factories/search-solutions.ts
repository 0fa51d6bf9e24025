import crypto from "node:crypto";
import { sql } from "kysely";
import type { Db, SolutionStatus, Visibility } from "~/lib/db.server";
import { enqueueSolutionIndexing } from "~/models/search-outbox.server";

/**
 * Write-ups for search tests, inserted directly with Kysely (the write-up services arrive separately)
 * together with their outbox row, in one transaction, exactly as the services do it.
 */
const EMPTY_BODY = { root: { type: "root", children: [], direction: null, format: "", indent: 0, version: 1 } };

function suffix(): string {
  return crypto.randomBytes(3).toString("hex");
}

export interface TaxonomyOptions {
  /** Appended to slugs so one test file can build several taxonomies. */
  tag?: string;
}

/** Two areas and six pain points, named in English and Chinese. */
export async function createSearchTaxonomy(db: Db, options: TaxonomyOptions = {}) {
  const tag = options.tag ? `-${options.tag}` : "";
  const area = (slug: string, nameEn: string, nameZh: string, position: number) =>
    db
      .insertInto("painPointAreas")
      .values({ slug: `${slug}${tag}`, nameEn, nameZh, position })
      .returning(["id", "slug", "nameEn", "nameZh"])
      .executeTakeFirstOrThrow();
  const design = await area("design-coordination", "Design coordination", "设计协同", 1);
  const site = await area("site-operations", "Site operations", "现场施工", 2);
  const painPoint = (areaId: string, slug: string, nameEn: string, nameZh: string, position: number) =>
    db
      .insertInto("painPoints")
      .values({ areaId, slug: `${slug}${tag}`, nameEn, nameZh, position })
      .returning(["id", "slug", "nameEn", "nameZh"])
      .executeTakeFirstOrThrow();
  return {
    areas: { design, site },
    painPoints: {
      clashes: await painPoint(
        design.id,
        "late-design-clashes",
        "Late discovery of design clashes",
        "设计碰撞发现过晚",
        1,
      ),
      review: await painPoint(design.id, "slow-design-review", "Slow design review cycles", "设计审查周期长", 2),
      codeCheck: await painPoint(
        design.id,
        "manual-code-checks",
        "Code compliance checks are manual",
        "规范审查依赖人工",
        3,
      ),
      safety: await painPoint(site.id, "site-safety-incidents", "Site safety incidents", "施工现场安全事故", 1),
      progress: await painPoint(site.id, "unclear-site-progress", "Unclear site progress", "施工进度不透明", 2),
      excavation: await painPoint(site.id, "excavation-risk", "Deep excavation risk", "深基坑风险", 3),
    },
  };
}

export type SearchTaxonomy = Awaited<ReturnType<typeof createSearchTaxonomy>>;

export interface SearchSolutionInput {
  subsidiaryId: string;
  title: string;
  summary?: string;
  bodyText?: string;
  status?: SolutionStatus;
  visibility?: Visibility;
  painPointIds?: string[];
  technologies?: string[];
  disciplines?: string[];
  sector?: string | null;
  client?: string | null;
  project?: string | null;
  year?: number | null;
  authorIds?: string[];
  featured?: boolean;
  reuseCount?: number;
  languages?: string[];
  publishedAt?: Date;
}

async function technologyIds(db: Db, names: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    await db
      .insertInto("technologies")
      .values({ name })
      .onConflict((oc) => oc.expression(sql`lower(name)`).doNothing())
      .execute();
    const row = await db
      .selectFrom("technologies")
      .select("id")
      .where(sql`lower(name)`, "=", name.toLowerCase())
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  return ids;
}

export async function createSearchSolution(db: Db, input: SearchSolutionInput) {
  const status = input.status ?? "published";
  const slug = `${input.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40)}-${suffix()}`;
  return db.transaction().execute(async (tx) => {
    const solution = await tx
      .insertInto("solutions")
      .values({
        slug,
        subsidiaryId: input.subsidiaryId,
        status,
        visibility: input.visibility ?? "group",
        liveRevision: status === "published" || status === "archived" ? 1 : null,
        title: input.title,
        summary: input.summary ?? "",
        body: JSON.stringify(EMPTY_BODY),
        bodyText: input.bodyText ?? "",
        sector: input.sector ?? null,
        client: input.client ?? null,
        project: input.project ?? null,
        year: input.year ?? null,
        disciplines: input.disciplines ?? [],
        languages: input.languages ?? ["en"],
        reuseCount: input.reuseCount ?? 0,
        featured: input.featured ?? false,
        createdBy: input.authorIds?.[0] ?? null,
        publishedAt: status === "published" || status === "archived" ? (input.publishedAt ?? new Date()) : null,
        archivedAt: status === "archived" ? new Date() : null,
      })
      .returning(["id", "slug", "title", "subsidiaryId", "status", "visibility"])
      .executeTakeFirstOrThrow();
    if (input.authorIds?.length) {
      await tx
        .insertInto("solutionAuthors")
        .values(input.authorIds.map((userId, position) => ({ solutionId: solution.id, userId, position })))
        .execute();
    }
    if (input.painPointIds?.length) {
      await tx
        .insertInto("solutionPainPoints")
        .values(input.painPointIds.map((painPointId, position) => ({ solutionId: solution.id, painPointId, position })))
        .execute();
    }
    if (input.technologies?.length) {
      const ids = await technologyIds(tx, input.technologies);
      await tx
        .insertInto("solutionTechnologies")
        .values(ids.map((technologyId) => ({ solutionId: solution.id, technologyId })))
        .execute();
    }
    await enqueueSolutionIndexing(tx, [solution.id]);
    return solution;
  });
}

/** Changes columns of a write-up and enqueues its re-indexing in the same transaction, like a service. */
export async function changeSearchSolution(
  db: Db,
  id: string,
  changes: Partial<{
    status: SolutionStatus;
    visibility: Visibility;
    title: string;
    summary: string;
    featured: boolean;
    reuseCount: number;
  }>,
) {
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable("solutions")
      .set({
        ...changes,
        ...(changes.status === "archived" ? { archivedAt: new Date() } : {}),
        ...(changes.title || changes.summary ? { revision: sql`revision + 1`, liveRevision: sql`revision + 1` } : {}),
        updatedAt: sql`now()`,
      })
      .where("id", "=", id)
      .execute();
    await enqueueSolutionIndexing(tx, [id]);
  });
}
