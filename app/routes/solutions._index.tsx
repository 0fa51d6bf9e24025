import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { clearFiltersHref, pageHref, toggleFilterHref, type FilterKey } from "~/components/catalog/catalog-url";
import { FacetList, FacetOptionLink } from "~/components/catalog/facet-list";
import { SolutionCard } from "~/components/catalog/solution-card";
import { Notice } from "~/components/ui/form";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { useLooseT } from "~/lib/use-loose-t";
import { browseCatalog, canonicalCatalogSearch, readCatalogRequest } from "~/services/catalog.server";

export const meta: MetaFunction = () => [{ title: "Solutions · Solutions Exchange" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireUser(request, context);
  const url = new URL(request.url);
  const catalog = await browseCatalog(getDb(), actor, readCatalogRequest(url.searchParams), { strict: false });
  const canonical = canonicalCatalogSearch(url.searchParams, catalog);
  if (canonical) throw redirect(`/solutions${canonical}`, 301);
  return { ...catalog, filters: undefined };
}

export default function Catalog() {
  const { t, i18n } = useTranslation(["catalog", "solutions"]);
  const lt = useLooseT();
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  const [params] = useSearchParams();
  const name = (item: { nameEn: string; nameZh: string }) => (i18n.language === "zh" ? item.nameZh : item.nameEn);

  const chips: { key: FilterKey; value: string; label: string }[] = [
    ...data.facets.painPoints.flatMap((a) =>
      a.painPoints.filter((p) => p.selected).map((p) => ({ key: "painPoint" as const, value: p.slug, label: name(p) })),
    ),
    ...data.facets.subsidiary
      .filter((o) => o.selected)
      .map((o) => ({ key: "subsidiary" as const, value: o.value, label: name(o) })),
    ...data.facets.discipline
      .filter((o) => o.selected)
      .map((o) => ({ key: "discipline" as const, value: o.value, label: lt(`solutions:disciplines.${o.value}`) })),
    ...data.facets.sector
      .filter((o) => o.selected)
      .map((o) => ({ key: "sector" as const, value: o.value, label: lt(`solutions:sectors.${o.value}`) })),
    ...data.facets.technology
      .filter((o) => o.selected)
      .map((o) => ({ key: "technology" as const, value: o.value, label: o.value })),
    ...data.facets.year
      .filter((o) => o.selected)
      .map((o) => ({ key: "year" as const, value: o.value, label: o.value })),
  ];
  const selectedPainPoint = chips.length === 1 && chips[0]!.key === "painPoint" ? chips[0] : undefined;

  return (
    <div className="catalog">
      <div className="page-heading">
        <div>
          <h1>{t("title")}</h1>
          <p className="muted">{t("intro")}</p>
        </div>
        <Link className="button" to="/solutions/new">
          {t("writeOne")}
        </Link>
      </div>
      {data.unknown.length ? (
        <Notice tone="warning">
          {t("unknownFilters", { values: data.unknown.map((u) => `${u.filter}=${u.value}`).join(", ") })}
        </Notice>
      ) : null}

      <div className="catalog__layout">
        <aside className="catalog__facets" aria-label={t("filters")}>
          <section className="facet" aria-label={t("painPoints")}>
            <h2 className="facet__heading">{t("painPoints")}</h2>
            {data.facets.painPoints.map((area) => (
              <details
                key={area.id}
                className="pain-tree__area"
                open={area.painPoints.some((p) => p.selected) || data.facets.painPoints.length <= 3}
              >
                <summary>
                  <span>{name(area)}</span> <span className="facet__count">{area.count}</span>
                </summary>
                <ul className="facet__options">
                  {area.painPoints.map((p) => (
                    <li key={p.id}>
                      <FacetOptionLink
                        to={toggleFilterHref(location.search, "painPoint", p.slug)}
                        option={{ label: name(p), count: p.count, selected: p.selected }}
                      />
                    </li>
                  ))}
                </ul>
              </details>
            ))}
          </section>
          <FacetList
            title={t("subsidiary")}
            filter="subsidiary"
            options={data.facets.subsidiary.map((o) => ({ ...o, label: name(o) }))}
          />
          <FacetList
            title={t("discipline")}
            filter="discipline"
            options={data.facets.discipline.map((o) => ({ ...o, label: lt(`solutions:disciplines.${o.value}`) }))}
          />
          <FacetList
            title={t("sector")}
            filter="sector"
            options={data.facets.sector.map((o) => ({ ...o, label: lt(`solutions:sectors.${o.value}`) }))}
          />
          <FacetList
            title={t("technology")}
            filter="technology"
            options={data.facets.technology.map((o) => ({ ...o, label: o.value }))}
          />
          <FacetList
            title={t("year")}
            filter="year"
            options={data.facets.year.map((o) => ({ ...o, label: o.value }))}
          />
        </aside>

        <section className="catalog__results" aria-labelledby="results-heading">
          <div className="catalog__toolbar">
            <h2 id="results-heading" className="catalog__count">
              {t("results", { count: data.total })}
            </h2>
            <Form method="get" className="catalog__sort">
              {[...params.entries()]
                .filter(([key]) => key !== "sort" && key !== "page" && key !== "asOf")
                .map(([key, value], i) => (
                  <input key={`${key}-${i}`} type="hidden" name={key} value={value} />
                ))}
              <label htmlFor="catalog-sort">{t("sort")}</label>
              <select
                id="catalog-sort"
                name="sort"
                defaultValue={data.sort}
                onChange={(e) => e.currentTarget.form?.requestSubmit()}
              >
                <option value="newest">{t("sortNewest")}</option>
                <option value="reused">{t("sortReused")}</option>
                <option value="updated">{t("sortUpdated")}</option>
                <option value="title">{t("sortTitle")}</option>
              </select>
              <noscript>
                <button type="submit" className="button button--small">
                  {t("apply")}
                </button>
              </noscript>
            </Form>
          </div>

          {chips.length ? (
            <ul className="chips active-filters" aria-label={t("activeFilters")}>
              {chips.map((chip) => (
                <li key={`${chip.key}-${chip.value}`}>
                  <Link
                    className="chip chip--removable"
                    to={toggleFilterHref(location.search, chip.key, chip.value)}
                    aria-label={t("remove", { label: chip.label })}
                  >
                    {chip.label} <span aria-hidden="true">×</span>
                  </Link>
                </li>
              ))}
              <li>
                <Link to={clearFiltersHref(location.search)} className="active-filters__clear">
                  {t("clearAll")}
                </Link>
              </li>
            </ul>
          ) : null}
          {selectedPainPoint ? (
            <p>
              <Link to={`/pain-points/${selectedPainPoint.value}`}>{t("painPointPage")} →</Link>
            </p>
          ) : null}

          {data.items.length === 0 ? (
            <div className="empty-state card">
              <h3>{t("emptyTitle")}</h3>
              <p>{selectedPainPoint ? t("emptyPainPoint") : t("emptyFiltered")}</p>
              <Link className="button" to="/solutions/new">
                {t("writeOne")}
              </Link>
            </div>
          ) : (
            <ol className="solution-list">
              {data.items.map((item) => (
                <li key={item.id}>
                  <SolutionCard solution={item} />
                </li>
              ))}
            </ol>
          )}

          {data.pages > 1 ? (
            <nav className="pagination" aria-label={t("pagination")}>
              {data.page > 1 ? (
                <Link to={pageHref(location.search, data.page - 1, data.asOf)} rel="prev">
                  {t("previous")}
                </Link>
              ) : (
                <span />
              )}
              <span>{t("page", { page: data.page, pages: data.pages })}</span>
              {data.page < data.pages ? (
                <Link to={pageHref(location.search, data.page + 1, data.asOf)} rel="next">
                  {t("next")}
                </Link>
              ) : (
                <span />
              )}
            </nav>
          ) : null}
        </section>
      </div>
    </div>
  );
}
