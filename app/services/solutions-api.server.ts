import type { Db } from "~/lib/db.server";
import type { SessionUser } from "~/lib/session.server";
import { findSolutionBySlug, getSolutionForReading } from "~/models/solution.server";
import { browseCatalog, readCatalogRequest } from "./catalog.server";
import { NotFoundError, ValidationError } from "./errors";
import { disciplineName, sectorName } from "./solution-markdown.server";
import { countVisibleRevisions } from "./solution-history.server";
import { requireReadableSolution } from "./solutions.server";

/** The JSON API's view of write-ups: same permission rule and catalog as the pages. */
export async function listSolutionsForApi(db: Db, actor: SessionUser, params: URLSearchParams, origin: string) {
  const limitParam = params.get("limit");
  const limit = limitParam === null ? 20 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new ValidationError(
      { limit: ["limit must be a whole number from 1 to 100"] },
      "limit must be a whole number from 1 to 100.",
      "bad_limit",
    );
  }
  const catalog = await browseCatalog(db, actor, readCatalogRequest(params), { strict: true, pageSize: limit });
  return {
    items: catalog.items.map((item) => ({
      slug: item.slug,
      title: item.title,
      summary: item.summary,
      subsidiary: { code: item.subsidiaryCode, name: item.subsidiaryNameEn, nameZh: item.subsidiaryNameZh },
      painPoints: item.painPoints.map((p) => ({ slug: p.slug, name: p.nameEn, nameZh: p.nameZh })),
      year: item.year,
      visibility: item.visibility,
      reuseCount: item.reuseCount,
      publishedAt: item.publishedAt,
      updatedAt: item.updatedAt,
      url: `${origin}/solutions/${item.slug}`,
    })),
    total: catalog.total,
    page: catalog.page,
    limit,
    asOf: catalog.asOf,
  };
}

export async function getSolutionForApi(db: Db, actor: SessionUser, slug: string, origin: string) {
  const found = slug.length <= 200 ? await findSolutionBySlug(db, slug) : undefined;
  if (!found) throw new NotFoundError("No such write-up.");
  const access = await requireReadableSolution(db, actor, found.id);
  const [solution, revisions] = await Promise.all([
    getSolutionForReading(db, found.id),
    countVisibleRevisions(db, actor, access),
  ]);
  if (!solution) throw new NotFoundError("No such write-up.");
  const text = await db.selectFrom("solutions").select("bodyText").where("id", "=", found.id).executeTakeFirstOrThrow();
  return {
    slug: solution.slug,
    url: `${origin}/solutions/${solution.slug}`,
    title: solution.title,
    summary: solution.summary,
    status: solution.status,
    visibility: solution.visibility,
    subsidiary: { code: solution.subsidiaryCode, name: solution.subsidiaryNameEn, nameZh: solution.subsidiaryNameZh },
    painPoints: solution.painPoints.map((p) => ({ slug: p.slug, name: p.nameEn, nameZh: p.nameZh })),
    disciplines: solution.disciplines.map((d) => ({ key: d, name: disciplineName(d) })),
    technologies: solution.technologies,
    sector: solution.sector ? { key: solution.sector, name: sectorName(solution.sector) } : null,
    client: solution.client,
    project: solution.project,
    year: solution.year,
    metrics: solution.metrics,
    contacts: solution.contacts,
    authors: solution.authors.map((a) => ({ name: a.displayName, email: a.email })),
    reuseCount: solution.reuseCount,
    featured: solution.featured,
    revision: solution.liveRevision ?? solution.revision,
    revisions,
    publishedAt: solution.publishedAt,
    updatedAt: solution.updatedAt,
    body: { html: solution.bodyHtml, text: text.bodyText },
    movedFrom: found.slug !== slug ? slug : undefined,
  };
}

/** The taxonomy with, per pain point, how many published write-ups the caller may see carry it. */
export async function listPainPointsForApi(db: Db, actor: SessionUser) {
  const catalog = await browseCatalog(db, actor, readCatalogRequest(new URLSearchParams()), {
    strict: true,
    pageSize: 1,
  });
  return {
    areas: catalog.facets.painPoints.map((area) => ({
      slug: area.slug,
      name: area.nameEn,
      nameZh: area.nameZh,
      count: area.count,
      painPoints: area.painPoints.map((p) => ({
        slug: p.slug,
        name: p.nameEn,
        nameZh: p.nameZh,
        count: p.count,
        retired: p.retired,
      })),
    })),
    total: catalog.total,
  };
}
