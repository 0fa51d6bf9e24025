import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocalizedName } from "~/components/solutions/pain-point-chips";
import { CheckboxField, FormError, SelectField, SubmitButton } from "~/components/ui/form";
import { MoveButtons } from "./move-buttons";
import { TaxonomyEntryFields } from "./taxonomy-entry-fields";
import type { CuratedArea, CuratedPainPoint, FailureFor } from "./types";

/** The forms of one pain point's row: edit, move within and between areas, retire, merge. */
const PAIN_POINT_INTENTS = ["updatePainPoint", "changeArea", "merge", "retire", "unretire"] as const;

export function CuratePainPoint({
  painPoint,
  place,
  count,
  areas,
  failureFor,
}: {
  painPoint: CuratedPainPoint;
  /** 1-based place in its area. */
  place: number;
  count: number;
  areas: CuratedArea[];
  failureFor: FailureFor;
}) {
  const { t } = useTranslation("taxonomy");
  const name = useLocalizedName();
  const own = name(painPoint);
  const failures = Object.fromEntries(PAIN_POINT_INTENTS.map((intent) => [intent, failureFor(intent, painPoint.id)]));
  const anyFailure = PAIN_POINT_INTENTS.map((intent) => failures[intent]).find(Boolean);
  const edit = failures.updatePainPoint;
  const mergeTargets = areas.flatMap((area) =>
    area.painPoints
      .filter((p) => p.id !== painPoint.id && !p.retiredAt)
      .map((p) => ({ value: p.id, label: `${name(area)} › ${name(p)}` })),
  );

  return (
    <li className="taxonomy-entry" id={`pain-point-${painPoint.id}`}>
      <div className="taxonomy-entry__row">
        <MoveButtons
          id={painPoint.id}
          name={own}
          intents={{ up: "movePainPointUp", down: "movePainPointDown" }}
          isFirst={place === 1}
          isLast={place === count}
        />
        <div className="taxonomy-entry__names">
          <strong>{painPoint.nameEn}</strong> · <span lang="zh-Hans">{painPoint.nameZh}</span>
          {painPoint.retiredAt ? <span className="badge badge--muted">{t("curate.retired")}</span> : null}
          <div className="muted taxonomy-entry__meta">
            <code>{painPoint.slug}</code> ·{" "}
            {t("curate.solutionCounts", {
              total: painPoint.solutionCounts.total,
              published: painPoint.solutionCounts.published,
            })}{" "}
            · <Link to={`/pain-points/${painPoint.slug}`}>{t("curate.openPage")}</Link>
          </div>
        </div>
      </div>
      {anyFailure ? <FormError error={anyFailure.formError ?? anyFailure.fieldErrors.id?.[0]} /> : null}
      <details className="taxonomy-entry__details" open={Boolean(anyFailure)}>
        <summary>{t("curate.editPainPoint")}</summary>
        <div className="stack">
          <Form method="post" className="stack" preventScrollReset key={editKey(painPoint, place)}>
            <input type="hidden" name="id" value={painPoint.id} />
            <TaxonomyEntryFields
              kind="painPoint"
              mode="edit"
              values={edit?.values ?? { ...painPoint, position: String(place) }}
              errors={edit?.fieldErrors}
            />
            <div>
              <SubmitButton name="intent" value="updatePainPoint">
                {t("curate.save")}
              </SubmitButton>
            </div>
          </Form>

          <Form method="post" className="inline-form" preventScrollReset>
            <input type="hidden" name="id" value={painPoint.id} />
            <SelectField
              label={t("curate.moveToArea")}
              name="areaId"
              defaultValue={failures.changeArea?.values?.areaId ?? painPoint.areaId}
              errors={failures.changeArea?.fieldErrors.areaId}
              options={areas.map((area) => ({ value: area.id, label: name(area) }))}
            />
            <SubmitButton name="intent" value="changeArea" className="button button--secondary">
              {t("curate.moveToAreaSubmit")}
            </SubmitButton>
          </Form>

          <Form method="post" className="stack" preventScrollReset>
            <input type="hidden" name="id" value={painPoint.id} />
            <p className="field__hint">{t("curate.retireHint")}</p>
            <div>
              {painPoint.retiredAt ? (
                <SubmitButton name="intent" value="unretire" className="button button--secondary">
                  {t("curate.unretire")}
                </SubmitButton>
              ) : (
                <SubmitButton name="intent" value="retire" className="button button--secondary">
                  {t("curate.retire")}
                </SubmitButton>
              )}
            </div>
          </Form>

          <Form method="post" className="stack taxonomy-merge" preventScrollReset>
            <input type="hidden" name="id" value={painPoint.id} />
            <h4>{t("curate.merge")}</h4>
            <p className="field__hint">{t("curate.mergeHint", { name: own })}</p>
            <SelectField
              label={t("curate.mergeTarget")}
              name="targetId"
              required
              defaultValue={failures.merge?.values?.targetId ?? ""}
              errors={failures.merge?.fieldErrors.targetId}
              options={[{ value: "", label: t("curate.chooseTarget") }, ...mergeTargets]}
            />
            <CheckboxField label={t("curate.mergeConfirm")} name="confirm" required />
            {failures.merge?.fieldErrors.confirm ? <FormError error={failures.merge.fieldErrors.confirm[0]} /> : null}
            <div>
              <SubmitButton name="intent" value="merge" className="button button--danger">
                {t("curate.mergeSubmit")}
              </SubmitButton>
            </div>
          </Form>
        </div>
      </details>
    </li>
  );
}

/** Remounts the edit form when the saved values change, so its fields show what was saved. */
function editKey(p: CuratedPainPoint, place: number) {
  return [p.slug, p.nameEn, p.nameZh, p.descriptionEn, p.descriptionZh, place].join("\u0000");
}
