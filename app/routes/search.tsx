import { data as withStatus, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useLocation, useNavigation, useRouteError, useSubmit } from "@remix-run/react";
import { useEffect, useRef, type FormEvent } from "react";
import { ActiveFilterChips, activeFilters } from "~/components/search-page/active-filters";
import { FacetSection } from "~/components/search-page/facet-section";
import { SearchErrorPage } from "~/components/search-page/search-error";
import { SearchEmpty } from "~/components/search-page/search-empty";
import { SearchResultCard } from "~/components/search-page/search-result-card";
import { Notice } from "~/components/ui/form";
import { Pagination } from "~/components/ui/pagination";
import { requireUser } from "~/lib/auth.server";
import { detectLocale } from "~/lib/locale.server";
import { useRequestId } from "~/lib/request-id";
import { parseSearchQuery, SEARCH_LIMITS, SEARCH_SORTS } from "~/lib/search-params";
import { useLooseT } from "~/lib/use-loose-t";
import { SearchFailedError, searchSolutions } from "~/services/search.server";
import searchStyles from "../styles/search.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: searchStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.query.q ? `${data.query.q} · Search · Solutions Exchange` : "Search · Solutions Exchange" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = parseSearchQuery(new URL(request.url).searchParams);
  if (!parsed.ok) {
    throw new Response(parsed.problems.map((p) => `${p.param}: ${p.message}`).join("; "), { status: 400 });
  }
  const locale = await detectLocale(request, user.locale);
  let result;
  try {
    result = await searchSolutions(user, parsed.query, { locale });
  } catch (error) {
    // The search could not run with the reader's permission filter: the page fails (500) with a
    // message saying so, never with results from an unfiltered search.
    if (error instanceof SearchFailedError) {
      throw withStatus({ code: error.code, message: error.message }, { status: 500 });
    }
    throw error;
  }
  return {
    query: result.query,
    hits: result.hits,
    total: result.total,
    totalPages: result.totalPages,
    processingTimeMs: result.processingTimeMs,
    facets: result.facets,
    painPointGroups: result.painPointGroups,
    totalWithout: result.totalWithout,
    closestPainPoints: result.closestPainPoints,
    degraded: result.degraded,
  };
}

export function ErrorBoundary() {
  return <SearchErrorPage error={useRouteError()} requestId={useRequestId()} />;
}

/** How long typing pauses before the results follow. */
const TYPING_DEBOUNCE_MS = 250;

/**
 * Results follow the form as you type: every change submits the GET form (replacing the history
 * entry), typing after a short pause. Remix aborts the loader request of a navigation that a newer one
 * replaces, so a slow, stale answer never overwrites a fresh one. Without JavaScript the same form
 * submits with its buttons.
 */
function useLiveSearch() {
  const submit = useSubmit();
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return (event: FormEvent<HTMLFormElement>) => {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    if ("searchIgnore" in target.dataset) return;
    const form = event.currentTarget;
    window.clearTimeout(timer.current);
    const send = () => submit(form, { replace: true, preventScrollReset: true });
    if (target instanceof HTMLInputElement && target.type === "search") {
      timer.current = window.setTimeout(send, TYPING_DEBOUNCE_MS);
    } else {
      send();
    }
  };
}

export default function SearchPage() {
  const data = useLoaderData<typeof loader>();
  const { query } = data;
  const t = useLooseT();
  const navigation = useNavigation();
  const location = useLocation();
  const onChange = useLiveSearch();
  const queryInput = useRef<HTMLInputElement>(null);
  const busy = navigation.state === "loading" && navigation.location.pathname === "/search";
  const filters = activeFilters(query, data.facets);

  // A link that changed the query (a pain point chip, "clear") must show in the box, unless the
  // reader is typing in it.
  useEffect(() => {
    const input = queryInput.current;
    if (input && document.activeElement !== input && input.value !== query.q) input.value = query.q;
  }, [query.q, location.key]);

  const capped = data.total >= SEARCH_LIMITS.maxTotalHits;
  return (
    <div className="search-page">
      <Form method="get" action="/search" className="search-page__form" onChange={onChange} role="search">
        <div className="search-page__bar">
          <label htmlFor="search-q" className="visually-hidden">
            {t("search:queryLabel")}
          </label>
          <input
            ref={queryInput}
            id="search-q"
            type="search"
            name="q"
            defaultValue={query.q}
            placeholder={t("search:placeholder")}
            maxLength={SEARCH_LIMITS.queryMax}
            autoComplete="off"
          />
          <button type="submit" className="button">
            {t("search:submit")}
          </button>
        </div>

        <div className="search-page__layout">
          <aside className="search-page__facets" aria-label={t("search:facets.heading")}>
            <h2 className="visually-hidden">{t("search:facets.heading")}</h2>
            <FacetSection
              facet="painPoint"
              title={t("search:facets.painPoint")}
              values={data.facets.painPoint}
              groups={data.painPointGroups.map((g) => ({ key: g.area, label: g.label, values: g.values }))}
            />
            <FacetSection facet="subsidiary" title={t("search:facets.subsidiary")} values={data.facets.subsidiary} />
            <FacetSection facet="discipline" title={t("search:facets.discipline")} values={data.facets.discipline} />
            <FacetSection facet="sector" title={t("search:facets.sector")} values={data.facets.sector} />
            <FacetSection facet="technology" title={t("search:facets.technology")} values={data.facets.technology} />
            <FacetSection facet="year" title={t("search:facets.year")} values={data.facets.year} />
            <FacetSection
              facet="featured"
              title={t("search:facets.featured")}
              values={data.facets.featured.filter((f) => f.value === "true")}
            />
            <noscript>
              <button type="submit" className="button button--secondary">
                {t("search:applyFilters")}
              </button>
            </noscript>
          </aside>

          <section className="search-page__results" aria-busy={busy || undefined} aria-live="polite">
            <div className="search-page__summary">
              <h1>{query.q ? t("search:resultsFor", { q: query.q }) : t("search:title")}</h1>
              <p className="muted">
                {t(capped ? "search:summaryCapped" : "search:summary", {
                  total: data.total,
                  ms: data.processingTimeMs,
                })}
                {busy ? <span className="search-page__loading"> · {t("search:loading")}</span> : null}
              </p>
              <label className="search-page__sort">
                {t("search:sort.label")}{" "}
                <select name="sort" defaultValue={query.sort} key={query.sort}>
                  {SEARCH_SORTS.map((sort) => (
                    <option key={sort} value={sort}>
                      {t(`search:sort.${sort}`)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            {data.degraded ? <Notice tone="warning">{t("search:degraded")}</Notice> : null}
            <ActiveFilterChips query={query} filters={filters} />
            {data.hits.length === 0 ? (
              <SearchEmpty
                query={query}
                filters={filters}
                totalWithout={data.totalWithout}
                closestPainPoints={data.closestPainPoints}
              />
            ) : (
              <ol className="search-page__hits">
                {data.hits.map((hit) => (
                  <li key={hit.id}>
                    <SearchResultCard hit={hit} />
                  </li>
                ))}
              </ol>
            )}
            <Pagination page={query.page} pages={data.totalPages} />
          </section>
        </div>
      </Form>
    </div>
  );
}
