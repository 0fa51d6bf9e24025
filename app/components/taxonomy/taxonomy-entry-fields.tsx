import { useTranslation } from "react-i18next";
import { TextAreaField, TextField } from "~/components/ui/form";
import { TAXONOMY_LIMITS } from "~/lib/taxonomy-fields";

export interface EntryValues {
  nameEn?: string;
  nameZh?: string;
  slug?: string;
  descriptionEn?: string;
  descriptionZh?: string;
  position?: string;
}

/** The fields an area and a pain point share: both names, slug, both descriptions, place. */
export function TaxonomyEntryFields({
  values,
  errors,
  mode,
  kind,
}: {
  values: EntryValues;
  errors?: Record<string, string[]>;
  mode: "create" | "edit";
  kind: "area" | "painPoint";
}) {
  const { t } = useTranslation("taxonomy");
  return (
    <>
      <div className="field-grid">
        <TextField
          label={t("fields.nameEn")}
          name="nameEn"
          required
          maxLength={TAXONOMY_LIMITS.nameMax}
          defaultValue={values.nameEn ?? ""}
          errors={errors?.nameEn}
        />
        <TextField
          label={t("fields.nameZh")}
          name="nameZh"
          required
          lang="zh-Hans"
          maxLength={TAXONOMY_LIMITS.nameMax}
          defaultValue={values.nameZh ?? ""}
          errors={errors?.nameZh}
        />
        <TextField
          label={t("fields.slug")}
          name="slug"
          hint={t(
            mode === "create"
              ? "fields.slugHintNew"
              : kind === "area"
                ? "fields.areaSlugHintEdit"
                : "fields.slugHintEdit",
          )}
          maxLength={TAXONOMY_LIMITS.slugMax}
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
          defaultValue={values.slug ?? ""}
          errors={errors?.slug}
        />
        <TextField
          label={t("fields.position")}
          name="position"
          type="number"
          min={1}
          max={TAXONOMY_LIMITS.positionMax}
          hint={t("fields.positionHint")}
          defaultValue={values.position ?? ""}
          errors={errors?.position}
        />
      </div>
      <TextAreaField
        label={t("fields.descriptionEn")}
        name="descriptionEn"
        rows={2}
        maxLength={TAXONOMY_LIMITS.descriptionMax}
        defaultValue={values.descriptionEn ?? ""}
        errors={errors?.descriptionEn}
      />
      <TextAreaField
        label={t("fields.descriptionZh")}
        name="descriptionZh"
        rows={2}
        lang="zh-Hans"
        maxLength={TAXONOMY_LIMITS.descriptionMax}
        defaultValue={values.descriptionZh ?? ""}
        errors={errors?.descriptionZh}
      />
    </>
  );
}
