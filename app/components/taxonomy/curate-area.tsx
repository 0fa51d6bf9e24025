import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocalizedName } from "~/components/solutions/pain-point-chips";
import { FormError, SubmitButton } from "~/components/ui/form";
import { CuratePainPoint } from "./curate-pain-point";
import { MoveButtons } from "./move-buttons";
import { TaxonomyEntryFields } from "./taxonomy-entry-fields";
import type { CuratedArea, FailureFor } from "./types";

/** One area of the curators' tree: its own forms, its pain points, and a form to add one. */
export function CurateArea({
  area,
  place,
  areas,
  failureFor,
  createdCount,
}: {
  area: CuratedArea;
  /** 1-based place among the areas. */
  place: number;
  areas: CuratedArea[];
  failureFor: FailureFor;
  /** Changes after each successful create, so the add form empties itself. */
  createdCount: number;
}) {
  const { t } = useTranslation("taxonomy");
  const name = useLocalizedName();
  const edit = failureFor("updateArea", area.id);
  const create = failureFor("createPainPoint", area.id);
  const headingId = `area-${area.id}`;

  return (
    <section className="card stack taxonomy-area" aria-labelledby={headingId}>
      <div className="taxonomy-entry__row">
        <MoveButtons
          id={area.id}
          name={name(area)}
          intents={{ up: "moveAreaUp", down: "moveAreaDown" }}
          isFirst={place === 1}
          isLast={place === areas.length}
        />
        <div className="taxonomy-entry__names">
          <h2 id={headingId} className="taxonomy-area__title">
            {area.nameEn} · <span lang="zh-Hans">{area.nameZh}</span>
          </h2>
          <div className="muted taxonomy-entry__meta">
            <code>{area.slug}</code> · {t("curate.painPointCount", { count: area.painPoints.length })}
          </div>
        </div>
      </div>
      {area.descriptionEn || area.descriptionZh ? (
        <p className="muted">{name({ nameEn: area.descriptionEn, nameZh: area.descriptionZh })}</p>
      ) : null}

      <details open={Boolean(edit)}>
        <summary>{t("curate.editArea")}</summary>
        <Form method="post" className="stack" preventScrollReset key={editKey(area, place)}>
          <input type="hidden" name="id" value={area.id} />
          <FormError error={edit?.formError ?? edit?.fieldErrors.id?.[0]} />
          <TaxonomyEntryFields
            kind="area"
            mode="edit"
            values={edit?.values ?? { ...area, position: String(place) }}
            errors={edit?.fieldErrors}
          />
          <div>
            <SubmitButton name="intent" value="updateArea">
              {t("curate.save")}
            </SubmitButton>
          </div>
        </Form>
      </details>

      {area.painPoints.length === 0 ? (
        <p className="muted">{t("curate.emptyArea")}</p>
      ) : (
        <ol className="taxonomy-entries">
          {area.painPoints.map((painPoint, index) => (
            <CuratePainPoint
              key={painPoint.id}
              painPoint={painPoint}
              place={index + 1}
              count={area.painPoints.length}
              areas={areas}
              failureFor={failureFor}
            />
          ))}
        </ol>
      )}

      <details open={Boolean(create)}>
        <summary>{t("curate.addPainPoint")}</summary>
        <Form method="post" className="stack" preventScrollReset key={`new-${createdCount}`}>
          {/* The area travels as `id` so a refusal is shown next to this area's form. */}
          <input type="hidden" name="id" value={area.id} />
          <input type="hidden" name="areaId" value={area.id} />
          <FormError error={create?.formError ?? create?.fieldErrors.areaId?.[0]} />
          <TaxonomyEntryFields
            kind="painPoint"
            mode="create"
            values={create?.values ?? {}}
            errors={create?.fieldErrors}
          />
          <div>
            <SubmitButton name="intent" value="createPainPoint">
              {t("curate.addPainPointSubmit")}
            </SubmitButton>
          </div>
        </Form>
      </details>
    </section>
  );
}

function editKey(area: CuratedArea, place: number) {
  return [area.slug, area.nameEn, area.nameZh, area.descriptionEn, area.descriptionZh, place].join("\u0000");
}
