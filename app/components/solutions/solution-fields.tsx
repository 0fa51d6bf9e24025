import { useState, type ChangeEvent } from "react";
import { useTranslation } from "react-i18next";
import { SelectField, TextAreaField, TextField, useErrorText } from "~/components/ui/form";
import { DISCIPLINES, SECTORS, SOLUTION_LIMITS } from "~/lib/solution-fields";
import { useLooseT } from "~/lib/use-loose-t";
import { TechnologyInput } from "./technology-input";

export interface SolutionFieldValues {
  title: string;
  summary: string;
  painPointIds: string[];
  disciplines: string[];
  technologies: string[];
  sector: string | null;
  client: string | null;
  project: string | null;
  year: number | null;
  visibility: "group" | "subsidiary";
  metrics: { label: string; value: number | string; unit: string; baseline?: number | string | null }[];
  contacts: { name: string; role: string; email: string }[];
  authorIds: string[];
}

export interface TaxonomyOption {
  id: string;
  nameEn: string;
  nameZh: string;
  painPoints: {
    id: string;
    nameEn: string;
    nameZh: string;
    descriptionEn: string;
    descriptionZh: string;
    retiredAt: Date | string | null;
  }[];
}

interface Props {
  values: SolutionFieldValues;
  errors?: Record<string, string[]>;
  taxonomy: TaxonomyOption[];
  authorOptions: { id: string; displayName: string }[];
  onChange?: () => void;
}

/**
 * The structured part of a write-up. Plain form fields (they work without JavaScript); repeated rows
 * (metrics, contacts) are submitted as parallel lists: metricLabel, metricValue, ...
 */
export function SolutionFields({ values, errors = {}, taxonomy, authorOptions, onChange }: Props) {
  const { t, i18n } = useTranslation("solutions");
  const lt = useLooseT();
  const errorText = useErrorText();
  const name = (item: { nameEn: string; nameZh: string }) => (i18n.language === "zh" ? item.nameZh : item.nameEn);
  const [painPointIds, setPainPointIds] = useState<string[]>(values.painPointIds);
  const [metrics, setMetrics] = useState(
    values.metrics.length ? values.metrics : [{ label: "", value: "", unit: "", baseline: "" }],
  );
  const [contacts, setContacts] = useState(
    values.contacts.length ? values.contacts : [{ name: "", role: "", email: "" }],
  );
  const changed = () => onChange?.();
  const full = painPointIds.length >= SOLUTION_LIMITS.painPointsMax;

  const togglePainPoint = (event: ChangeEvent<HTMLInputElement>) => {
    const { value, checked } = event.target;
    setPainPointIds((ids) => (checked ? [...ids, value] : ids.filter((id) => id !== value)));
    changed();
  };

  return (
    <div className="solution-fields stack" onInput={changed}>
      <TextField
        label={t("fields.title")}
        name="title"
        required
        maxLength={SOLUTION_LIMITS.titleMax}
        defaultValue={values.title}
        errors={errors.title}
      />
      <TextAreaField
        label={t("fields.summary")}
        name="summary"
        rows={3}
        maxLength={SOLUTION_LIMITS.summaryMax}
        hint={t("fields.summaryHint")}
        defaultValue={values.summary}
        errors={errors.summary}
      />

      <fieldset className="fieldset" aria-describedby="pain-points-hint">
        <legend>
          {t("fields.painPoints")} ({painPointIds.length}/{SOLUTION_LIMITS.painPointsMax})
        </legend>
        <p id="pain-points-hint" className="field__hint">
          {t("fields.painPointsHint")}
        </p>
        {errors.painPointIds ? (
          <ul className="field__errors" role="alert">
            {errors.painPointIds.map((e) => (
              <li key={e}>{errorText(e)}</li>
            ))}
          </ul>
        ) : null}
        <div className="pain-point-picker">
          {taxonomy.map((area) => {
            const options = area.painPoints.filter((p) => !p.retiredAt || painPointIds.includes(p.id));
            if (!options.length) return null;
            return (
              <details
                key={area.id}
                className="pain-point-picker__area"
                open={options.some((p) => painPointIds.includes(p.id))}
              >
                <summary>{name(area)}</summary>
                <ul className="checkbox-list">
                  {options.map((p) => {
                    const checked = painPointIds.includes(p.id);
                    return (
                      <li key={p.id}>
                        <label title={i18n.language === "zh" ? p.descriptionZh : p.descriptionEn}>
                          <input
                            type="checkbox"
                            name="painPointIds"
                            value={p.id}
                            checked={checked}
                            disabled={!checked && full}
                            onChange={togglePainPoint}
                          />{" "}
                          {name(p)}
                        </label>
                      </li>
                    );
                  })}
                </ul>
              </details>
            );
          })}
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>{t("fields.disciplines")}</legend>
        <ul className="checkbox-list checkbox-list--inline">
          {DISCIPLINES.map((d) => (
            <li key={d}>
              <label>
                <input type="checkbox" name="disciplines" value={d} defaultChecked={values.disciplines.includes(d)} />{" "}
                {lt(`solutions:disciplines.${d}`)}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>

      <TechnologyInput
        label={t("fields.technologies")}
        hint={t("fields.technologiesTagHint")}
        fallbackHint={t("fields.technologiesHint")}
        defaultValue={values.technologies}
        errors={errors.technologies}
        onChange={changed}
      />

      <div className="field-grid">
        <SelectField
          label={t("fields.sector")}
          name="sector"
          defaultValue={values.sector ?? ""}
          options={[
            { value: "", label: t("fields.noSector") },
            ...SECTORS.map((s) => ({ value: s, label: lt(`solutions:sectors.${s}`) })),
          ]}
          errors={errors.sector}
        />
        <TextField
          label={t("fields.client")}
          name="client"
          hint={t("fields.clientHint")}
          maxLength={200}
          defaultValue={values.client ?? ""}
          errors={errors.client}
        />
        <TextField
          label={t("fields.project")}
          name="project"
          maxLength={200}
          defaultValue={values.project ?? ""}
          errors={errors.project}
        />
        <TextField
          label={t("fields.year")}
          name="year"
          type="number"
          min={SOLUTION_LIMITS.yearMin}
          max={SOLUTION_LIMITS.yearMax}
          defaultValue={values.year ?? ""}
          errors={errors.year}
        />
      </div>

      <fieldset className="fieldset">
        <legend>{t("fields.visibility")}</legend>
        <label className="radio">
          <input type="radio" name="visibility" value="group" defaultChecked={values.visibility === "group"} />{" "}
          {t("fields.visibilityGroup")}
        </label>
        <label className="radio">
          <input
            type="radio"
            name="visibility"
            value="subsidiary"
            defaultChecked={values.visibility === "subsidiary"}
          />{" "}
          {t("fields.visibilitySubsidiary")}
        </label>
      </fieldset>

      <fieldset className="fieldset">
        <legend>{t("fields.metrics")}</legend>
        {errors.metrics ? <p className="field__errors">{errors.metrics.map(errorText).join(" ")}</p> : null}
        {metrics.map((m, i) => (
          <div key={i} className="row-fields">
            <TextField
              label={t("fields.metricLabel")}
              name="metricLabel"
              defaultValue={m.label}
              maxLength={100}
              errors={errors[`metrics.${i}.label`]}
            />
            <TextField
              label={t("fields.metricValue")}
              name="metricValue"
              type="number"
              step="any"
              defaultValue={String(m.value ?? "")}
              errors={errors[`metrics.${i}.value`]}
            />
            <TextField label={t("fields.metricUnit")} name="metricUnit" defaultValue={m.unit} maxLength={30} />
            <TextField
              label={t("fields.metricBaseline")}
              name="metricBaseline"
              type="number"
              step="any"
              defaultValue={m.baseline == null ? "" : String(m.baseline)}
            />
            <button
              type="button"
              className="button button--small button--secondary"
              onClick={() => {
                setMetrics((rows) => rows.filter((_, j) => j !== i));
                changed();
              }}
            >
              {t("fields.removeRow")}
            </button>
          </div>
        ))}
        {metrics.length < SOLUTION_LIMITS.metricsMax ? (
          <button
            type="button"
            className="button button--small button--secondary"
            onClick={() => setMetrics((rows) => [...rows, { label: "", value: "", unit: "", baseline: "" }])}
          >
            {t("fields.addMetric")}
          </button>
        ) : null}
      </fieldset>

      <fieldset className="fieldset">
        <legend>{t("fields.contacts")}</legend>
        {contacts.map((c, i) => (
          <div key={i} className="row-fields">
            <TextField
              label={t("fields.contactName")}
              name="contactName"
              defaultValue={c.name}
              maxLength={100}
              errors={errors[`contacts.${i}.name`]}
            />
            <TextField label={t("fields.contactRole")} name="contactRole" defaultValue={c.role} maxLength={100} />
            <TextField
              label={t("fields.contactEmail")}
              name="contactEmail"
              type="email"
              defaultValue={c.email}
              maxLength={254}
              errors={errors[`contacts.${i}.email`]}
            />
            <button
              type="button"
              className="button button--small button--secondary"
              onClick={() => {
                setContacts((rows) => rows.filter((_, j) => j !== i));
                changed();
              }}
            >
              {t("fields.removeRow")}
            </button>
          </div>
        ))}
        {contacts.length < SOLUTION_LIMITS.contactsMax ? (
          <button
            type="button"
            className="button button--small button--secondary"
            onClick={() => setContacts((rows) => [...rows, { name: "", role: "", email: "" }])}
          >
            {t("fields.addContact")}
          </button>
        ) : null}
      </fieldset>

      <fieldset className="fieldset">
        <legend>{t("fields.authors")}</legend>
        {errors.authorIds ? (
          <p className="field__errors" role="alert">
            {errors.authorIds.map(errorText).join(" ")}
          </p>
        ) : null}
        <ul className="checkbox-list checkbox-list--inline">
          {authorOptions.map((a) => (
            <li key={a.id}>
              <label>
                <input type="checkbox" name="authorIds" value={a.id} defaultChecked={values.authorIds.includes(a.id)} />{" "}
                {a.displayName}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
    </div>
  );
}
