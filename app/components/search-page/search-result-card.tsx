import { Link } from "@remix-run/react";
import { useLooseT } from "~/lib/use-loose-t";
import { hrefForPainPoint } from "./search-links";

export interface SearchHitView {
  id: string;
  slug: string;
  title: string;
  year: number | null;
  reuseCount: number;
  featured: boolean;
  subsidiary: { code: string; name: string };
  painPoints: { slug: string; name: string }[];
  /** Safe HTML from the server: escaped text whose only tags are <mark>. */
  highlights: { title: string; snippet: string };
}

/** One search result: highlighted title and snippet, pain point chips, subsidiary, year, reuse count. */
export function SearchResultCard({ hit }: { hit: SearchHitView }) {
  const t = useLooseT();
  return (
    <article className="search-result" aria-labelledby={`result-${hit.id}`}>
      <h2 className="search-result__title" id={`result-${hit.id}`}>
        <Link
          to={`/solutions/${encodeURIComponent(hit.slug)}`}
          dangerouslySetInnerHTML={{ __html: hit.highlights.title }}
        />
      </h2>
      <p className="search-result__meta">
        <span title={t("search:result.subsidiary")}>{hit.subsidiary.name}</span>
        {hit.year ? <span title={t("search:result.year")}>{hit.year}</span> : null}
        <span>{t("search:result.reuseCount", { count: hit.reuseCount })}</span>
        {hit.featured ? <span className="badge badge--featured">{t("search:result.featured")}</span> : null}
      </p>
      {hit.highlights.snippet ? (
        <p className="search-result__snippet" dangerouslySetInnerHTML={{ __html: hit.highlights.snippet }} />
      ) : null}
      {hit.painPoints.length > 0 ? (
        <ul className="chip-list" aria-label={t("search:result.painPoints")}>
          {hit.painPoints.map((p) => (
            <li key={p.slug}>
              <Link className="chip" to={hrefForPainPoint(p.slug)}>
                {p.name}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
