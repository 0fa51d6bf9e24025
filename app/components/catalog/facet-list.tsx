import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { toggleFilterHref, type FilterKey } from "./catalog-url";

export interface FacetOption {
  value: string;
  label: string;
  count: number;
  selected: boolean;
}

const VISIBLE_OPTIONS = 8;

/**
 * One facet as a list of links (works without JavaScript). Options with no matching write-up are
 * greyed out but stay listed, so the list doesn't jump as filters change; long lists fold away.
 */
export function FacetList({ title, filter, options }: { title: string; filter: FilterKey; options: FacetOption[] }) {
  const { t } = useTranslation("catalog");
  const location = useLocation();
  if (options.length === 0) return null;
  const first = options.slice(0, VISIBLE_OPTIONS);
  const rest = options.slice(VISIBLE_OPTIONS);
  const item = (o: FacetOption) => (
    <li key={o.value}>
      <Link
        to={toggleFilterHref(location.search, filter, o.value)}
        className={`facet__option${o.selected ? " facet__option--selected" : ""}${o.count === 0 && !o.selected ? " facet__option--empty" : ""}`}
        aria-current={o.selected ? "true" : undefined}
        rel="nofollow"
        preventScrollReset
      >
        <span className="facet__check" aria-hidden="true">
          {o.selected ? "☑" : "☐"}
        </span>
        <span className="facet__label">{o.label}</span>
        <span className="facet__count">{o.count}</span>
      </Link>
    </li>
  );
  return (
    <section className="facet" aria-label={title}>
      <h3 className="facet__title">{title}</h3>
      <ul className="facet__options">{first.map(item)}</ul>
      {rest.length ? (
        <details className="facet__more" open={rest.some((o) => o.selected)}>
          <summary>{t("showMore", { count: options.length })}</summary>
          <ul className="facet__options">{rest.map(item)}</ul>
        </details>
      ) : null}
    </section>
  );
}
