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
 * One option: a link that toggles it, or, when no visible write-up would match (count 0) and it is not
 * selected, greyed text that is not a link (following it could only lead to an empty list).
 */
export function FacetOptionLink({
  to,
  option,
  nofollow = false,
}: {
  to: string;
  option: Omit<FacetOption, "value">;
  nofollow?: boolean;
}) {
  const content = (
    <>
      <span className="facet__check" aria-hidden="true">
        {option.selected ? "☑" : "☐"}
      </span>
      <span className="facet__label">{option.label}</span>
      <span className="facet__count">{option.count}</span>
    </>
  );
  if (option.count === 0 && !option.selected) {
    return (
      <span className="facet__option facet__option--empty" aria-disabled="true">
        {content}
      </span>
    );
  }
  return (
    <Link
      to={to}
      className={`facet__option${option.selected ? " facet__option--selected" : ""}`}
      aria-current={option.selected ? "true" : undefined}
      rel={nofollow ? "nofollow" : undefined}
      preventScrollReset
    >
      {content}
    </Link>
  );
}

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
      <FacetOptionLink to={toggleFilterHref(location.search, filter, o.value)} option={o} nofollow />
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
