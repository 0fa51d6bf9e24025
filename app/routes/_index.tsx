import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SolutionCard } from "~/components/catalog/solution-card";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { listReviewQueue } from "~/models/solution.server";
import { browseCatalog, readCatalogRequest } from "~/services/catalog.server";

export const meta: MetaFunction = () => [{ title: "Solutions Exchange" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireUser(request, context);
  const db = getDb();
  const [catalog, queue] = await Promise.all([
    browseCatalog(db, actor, readCatalogRequest(new URLSearchParams()), { strict: false, pageSize: 6 }),
    actor.role === "lead" || actor.role === "admin"
      ? listReviewQueue(db, actor.role === "admin" ? null : actor.subsidiaryId)
      : [],
  ]);
  return {
    latest: catalog.items,
    total: catalog.total,
    areas: catalog.facets.painPoints.map((area) => ({
      ...area,
      painPoints: area.painPoints
        .filter((p) => p.count > 0)
        .sort((a, b) => b.count - a.count)
        .slice(0, 5),
    })),
    reviewWaiting: queue.length,
  };
}

export default function Home() {
  const { t, i18n } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const name = (item: { nameEn: string; nameZh: string }) => (i18n.language === "zh" ? item.nameZh : item.nameEn);
  return (
    <div className="stack-lg">
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">{t("home.title")}</h1>
        <p className="hero__lead">{t("home.intro")}</p>
        <p className="button-row">
          <Link className="button" to="/solutions">
            {t("home.allSolutions", { count: data.total })}
          </Link>
          <Link className="button button--secondary" to="/solutions/new">
            {t("home.write")}
          </Link>
          {data.reviewWaiting > 0 ? (
            <Link className="button button--secondary" to="/review">
              {t("home.reviewWaiting", { count: data.reviewWaiting })}
            </Link>
          ) : null}
        </p>
      </section>

      <section aria-labelledby="areas-title" className="stack">
        <h2 id="areas-title">{t("home.browseByPainPoint")}</h2>
        <ul className="area-grid">
          {data.areas.map((area) => (
            <li key={area.id} className="card area-card">
              <h3>
                <Link
                  to={`/solutions?${area.painPoints.map((p) => `painPoint=${encodeURIComponent(p.slug)}`).join("&")}`}
                >
                  {name(area)}
                </Link>{" "}
                <span className="facet__count">{area.count}</span>
              </h3>
              <ul className="plain-list">
                {area.painPoints.map((p) => (
                  <li key={p.id}>
                    <Link to={`/solutions?painPoint=${encodeURIComponent(p.slug)}`}>{name(p)}</Link>{" "}
                    <span className="facet__count">{p.count}</span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="latest-title" className="stack">
        <h2 id="latest-title">{t("home.latest")}</h2>
        {data.latest.length === 0 ? (
          <p>
            {t("home.emptyCatalog")} <Link to="/solutions/new">{t("home.write")}</Link>
          </p>
        ) : (
          <ol className="solution-list">
            {data.latest.map((item) => (
              <li key={item.id}>
                <SolutionCard solution={item} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
