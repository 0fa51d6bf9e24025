import { useId, useState } from "react";
import type { SearchFacet } from "~/lib/search-params";
import { useLooseT } from "~/lib/use-loose-t";
import { facetValueLabel } from "./facet-label";

export interface FacetValueView {
  value: string;
  label: string;
  count: number;
  selected: boolean;
}

/** Values shown before "Show all"; a facet longer than this also gets a box to find a value. */
const VISIBLE_VALUES = 8;

function FacetCheckbox({ facet, value }: { facet: SearchFacet; value: FacetValueView }) {
  const t = useLooseT();
  const id = useId();
  const label = facetValueLabel(t, facet, value.value, value.label);
  return (
    <li className="facet__value">
      {/* Keyed by the selection, so a navigation that changes it re-renders the box checked or not. */}
      <input
        key={`${value.value}:${value.selected}`}
        id={id}
        type="checkbox"
        name={facet}
        value={value.value}
        defaultChecked={value.selected}
      />
      <label htmlFor={id}>
        <span className="facet__label">{label}</span>{" "}
        <span className="facet__count" aria-label={t("search:facets.count", { count: value.count })}>
          {value.count}
        </span>
      </label>
    </li>
  );
}

/**
 * One facet as checkboxes inside the search form: ticking submits the form (with JavaScript at once,
 * without it through the "Apply filters" button). Long facets show the first values, the rest behind
 * "Show all", and a box that narrows the list as you type.
 */
export function FacetSection({
  facet,
  title,
  values,
  groups,
}: {
  facet: SearchFacet;
  title: string;
  values: FacetValueView[];
  /** Pain points come grouped by area. */
  groups?: { key: string; label: string; values: FacetValueView[] }[];
}) {
  const t = useLooseT();
  const [needle, setNeedle] = useState("");
  const searchId = useId();
  if (values.length === 0) return null;
  const long = values.length > VISIBLE_VALUES;
  const matches = (v: FacetValueView) =>
    needle === "" ||
    facetValueLabel(t, facet, v.value, v.label).toLowerCase().includes(needle.toLowerCase()) ||
    v.value.toLowerCase().includes(needle.toLowerCase());

  const renderList = (list: FacetValueView[]) => {
    const shown = list.filter(matches);
    // Ticked values always stay in view, so they can be unticked.
    const head = needle || !long ? shown : shown.filter((v, i) => i < VISIBLE_VALUES || v.selected);
    const tail = needle || !long ? [] : shown.filter((v, i) => i >= VISIBLE_VALUES && !v.selected);
    return (
      <>
        <ul className="facet__values">
          {head.map((v) => (
            <FacetCheckbox key={v.value} facet={facet} value={v} />
          ))}
        </ul>
        {tail.length > 0 ? (
          <details className="facet__more">
            <summary>{t("search:facets.showAll", { count: shown.length })}</summary>
            <ul className="facet__values">
              {tail.map((v) => (
                <FacetCheckbox key={v.value} facet={facet} value={v} />
              ))}
            </ul>
          </details>
        ) : null}
      </>
    );
  };

  return (
    <fieldset className="facet">
      <legend className="facet__title">{title}</legend>
      {long ? (
        <>
          <label htmlFor={searchId} className="visually-hidden">
            {t("search:facets.filterValues", { facet: title })}
          </label>
          <input
            id={searchId}
            type="search"
            className="facet__search"
            placeholder={t("search:facets.filterValues", { facet: title })}
            value={needle}
            onChange={(event) => setNeedle(event.target.value)}
            // Narrows this list only: it has no name, and the form's live submit ignores it.
            data-search-ignore=""
            autoComplete="off"
          />
        </>
      ) : null}
      {groups
        ? groups.map((group) => {
            const list = group.values.filter(matches);
            if (list.length === 0) return null;
            return (
              <div key={group.key} className="facet__group">
                <p className="facet__group-title">{group.label || t("search:facets.otherArea")}</p>
                {renderList(group.values)}
              </div>
            );
          })
        : renderList(values)}
    </fieldset>
  );
}
