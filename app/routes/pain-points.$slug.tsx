import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocalizedName } from "~/components/solutions/pain-point-chips";
import { DateTime } from "~/components/ui/date-time";
import { Notice } from "~/components/ui/form";
import { Pagination, readPage } from "~/components/ui/pagination";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { rethrowAsResponse } from "~/lib/responses.server";
import { getPainPointPage } from "~/services/pain-point-page.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data) return [{ title: "Solutions Exchange" }];
  const zh = (matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined)?.locale === "zh";
  const { painPoint } = data;
  return [
    { title: `${zh ? painPoint.nameZh : painPoint.nameEn} · Solutions Exchange` },
    {
      name: "description",
      content: (zh ? painPoint.descriptionZh : painPoint.descriptionEn) || painPoint.descriptionEn,
    },
  ];
};

/**
 * A pain point's page for every signed-in user: what it is, the published write-ups on it that the
 * reader may see, who solved it and what it goes with. Former and merged slugs answer with a 301.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = requireUser(request, context);
  const url = new URL(request.url);
  const result = await getPainPointPage(
    getDb(),
    actor,
    params.slug ?? "",
    readPage(url),
    url.searchParams.get("asOf"),
  ).catch(rethrowAsResponse);
  if (result.kind === "redirect") throw redirect(`/pain-points/${encodeURIComponent(result.slug)}${url.search}`, 301);
  const { kind: _kind, ...page } = result;
  return page;
}

const catalogHref = (params: Record<string, string>) => `/solutions?${new URLSearchParams(params).toString()}`;

export default function PainPointPage() {
  const { t } = useTranslation("taxonomy");
  const name = useLocalizedName();
  const { painPoint, solutions, total, page, pages, asOf, solvers, related } = useLoaderData<typeof loader>();
  const area = { nameEn: painPoint.areaNameEn, nameZh: painPoint.areaNameZh };
  const other = name({ nameEn: painPoint.nameZh, nameZh: painPoint.nameEn });
  // A description written in one language only is better than none.
  const description =
    name({ nameEn: painPoint.descriptionEn, nameZh: painPoint.descriptionZh }) ||
    painPoint.descriptionEn ||
    painPoint.descriptionZh;

  return (
    <article className="stack-lg" aria-labelledby="pain-point-title">
      <header className="solution__header">
        <p className="solution__kicker">
          <span>{t("page.kicker")}</span> · <span>{name(area)}</span>
        </p>
        <h1 id="pain-point-title">{name(painPoint)}</h1>
        <p className="muted">{other}</p>
        {description ? <p className="solution__summary">{description}</p> : null}
      </header>

      {painPoint.retiredAt ? <Notice tone="warning">{t("page.retiredNotice")}</Notice> : null}

      <div className="solution__layout">
        <section className="solution__main stack" aria-labelledby="pain-point-solutions">
          <div className="page-heading">
            <h2 id="pain-point-solutions">{t("page.solutions")}</h2>
            {total > 0 ? <Link to={catalogHref({ painPoint: painPoint.slug })}>{t("page.inCatalog")}</Link> : null}
          </div>
          {total === 0 ? (
            <p>
              {t("page.empty")} <Link to="/solutions/new">{t("page.writeOne")}</Link>
            </p>
          ) : (
            <>
              <p className="muted">{t("page.solutionCount", { count: total })}</p>
              <ul className="work-list">
                {solutions.map((s) => (
                  <li key={s.id} className="card work-list__item">
                    <h3 className="work-list__title">
                      <Link to={`/solutions/${s.slug}`}>{s.title}</Link>
                    </h3>
                    <p className="work-list__meta">
                      {name({ nameEn: s.subsidiaryNameEn, nameZh: s.subsidiaryNameZh })}
                      {s.year ? ` · ${s.year}` : ""}
                      {s.publishedAt ? (
                        <>
                          {" "}
                          · {t("page.published")} <DateTime value={s.publishedAt} dateOnly />
                        </>
                      ) : null}
                    </p>
                    {s.summary ? <p>{s.summary}</p> : null}
                  </li>
                ))}
              </ul>
              <Pagination page={page} pages={pages} asOf={asOf} />
            </>
          )}
        </section>

        <aside className="solution__facts">
          <h2 className="solution__aside-title">{t("page.solvers")}</h2>
          {solvers.length === 0 ? (
            <p className="muted">{t("page.noSolvers")}</p>
          ) : (
            <ul className="plain-list">
              {solvers.map((s) => (
                <li key={s.id}>
                  <Link to={catalogHref({ painPoint: painPoint.slug, subsidiary: s.code })}>
                    {t("page.solverCount", { name: name(s), count: s.count })}
                  </Link>
                </li>
              ))}
            </ul>
          )}

          <h2 className="solution__aside-title">{t("page.related")}</h2>
          {related.length === 0 ? (
            <p className="muted">{t("page.noRelated")}</p>
          ) : (
            <>
              <p className="muted">{t("page.relatedHint")}</p>
              <ul className="chips">
                {related.map((p) => (
                  <li key={p.id}>
                    <Link className="chip" to={`/pain-points/${p.slug}`}>
                      {name(p)} ({p.count})
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </aside>
      </div>
    </article>
  );
}
