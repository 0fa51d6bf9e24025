import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, SelectField, SubmitButton, TextField } from "~/components/ui/form";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { formValues, parseForm } from "~/lib/forms";
import { isLocale } from "~/lib/i18n";
import { detectLocale } from "~/lib/locale.server";
import { formFailure, formFailureFromService } from "~/lib/responses.server";
import { NewSolutionSchema } from "~/lib/schemas/solution";
import { listSubsidiaries } from "~/models/subsidiary.server";
import { can } from "~/policies/policy";
import { createSolution } from "~/services/solutions.server";

export const meta: MetaFunction = () => [{ title: "Write up a solution · Solutions Exchange" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireUser(request, context);
  const subsidiaries = (await listSubsidiaries(getDb())).filter((s) =>
    can(actor, "solution.create", { subsidiaryId: s.id }),
  );
  return {
    subsidiaries: subsidiaries.map((s) => ({ id: s.id, code: s.code, nameEn: s.nameEn, nameZh: s.nameZh })),
    defaultSubsidiaryId: actor.subsidiaryId,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireUser(request, context);
  const form = await request.formData();
  const parsed = parseForm(NewSolutionSchema, form);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, parsed.values);
  const locale = await detectLocale(request, actor.locale);
  try {
    const created = await createSolution(getDb(), actor, { ...parsed.data, locale: isLocale(locale) ? locale : "en" });
    return redirect(`/solutions/${created.slug}/edit`);
  } catch (error) {
    return formFailureFromService(error, formValues(form));
  }
}

export default function NewSolution() {
  const { t, i18n } = useTranslation("solutions");
  const { subsidiaries, defaultSubsidiaryId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : undefined;
  return (
    <section className="card stack narrow" aria-labelledby="new-title">
      <h1 id="new-title">{t("new.title")}</h1>
      <p className="muted">{t("new.intro")}</p>
      <FormError error={failure?.formError} />
      <Form method="post" className="stack">
        <TextField
          label={t("new.titleLabel")}
          name="title"
          required
          maxLength={200}
          defaultValue={failure?.values?.title}
          errors={failure?.fieldErrors.title}
        />
        {subsidiaries.length > 1 ? (
          <SelectField
            label={t("new.subsidiary")}
            name="subsidiaryId"
            defaultValue={failure?.values?.subsidiaryId ?? defaultSubsidiaryId}
            options={subsidiaries.map((s) => ({
              value: s.id,
              label: `${i18n.language === "zh" ? s.nameZh : s.nameEn} (${s.code})`,
            }))}
            errors={failure?.fieldErrors.subsidiaryId}
          />
        ) : (
          <input type="hidden" name="subsidiaryId" value={defaultSubsidiaryId} />
        )}
        <SubmitButton>{t("new.create")}</SubmitButton>
      </Form>
    </section>
  );
}
