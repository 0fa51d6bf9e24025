import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxField, FormError, Notice, SubmitButton, TextField } from "~/components/ui/form";
import { requireAbility } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { formValues, parseForm } from "~/lib/forms";
import { readIntent } from "~/lib/intent.server";
import { formFailure, formFailureFromService } from "~/lib/responses.server";
import { SubsidiarySchema } from "~/lib/schemas/accounts";
import { listSubsidiaries } from "~/models/subsidiary.server";
import { createSubsidiary, setSubsidiaryArchived, updateSubsidiaryDetails } from "~/services/subsidiaries.server";

export const meta: MetaFunction = () => [{ title: "Subsidiaries · Solutions Exchange" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAbility(request, context, "subsidiary.manage");
  return { subsidiaries: await listSubsidiaries(getDb(), { includeArchived: true }) };
}

const INTENTS = ["create", "update", "archive", "restore"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireAbility(request, context, "subsidiary.manage");
  const db = getDb();
  const form = await request.formData();
  const intent = readIntent(form, INTENTS);
  const id = String(form.get("id") ?? "");
  try {
    if (intent === "archive" || intent === "restore") {
      await setSubsidiaryArchived(db, actor, id, intent === "archive");
      return { ok: true as const, intent, id };
    }
    const parsed = parseForm(SubsidiarySchema, form);
    if (!parsed.ok) return formFailure(parsed.fieldErrors, { ...parsed.values, intent, id });
    if (intent === "create") await createSubsidiary(db, actor, parsed.data);
    else await updateSubsidiaryDetails(db, actor, id, parsed.data);
    return { ok: true as const, intent, id };
  } catch (error) {
    return formFailureFromService(error, { ...formValues(form), intent, id });
  }
}

export default function AdminSubsidiaries() {
  const { t } = useTranslation("admin");
  const { subsidiaries } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : undefined;
  const failedFor = (intent: string, id = "") =>
    failure && failure.values?.intent === intent && (failure.values?.id ?? "") === id ? failure : undefined;

  return (
    <div className="stack-lg">
      <h1>{t("subsidiaries.title")}</h1>
      {result?.ok ? (
        <Notice tone="success">{t(result.intent === "create" ? "subsidiaries.created" : "subsidiaries.saved")}</Notice>
      ) : null}
      <FormError error={failure?.formError} />
      <div className="stack">
        {subsidiaries.map((s) => {
          const f = failedFor("update", s.id);
          return (
            <details key={s.id} className="card" open={Boolean(f)}>
              <summary>
                <strong>{s.code}</strong> · {s.nameEn} · {s.nameZh}
                {s.isHeadquarters ? <span className="badge">{t("subsidiaries.isHeadquarters")}</span> : null}
                {s.archivedAt ? <span className="badge badge--muted">{t("subsidiaries.archived")}</span> : null}
              </summary>
              <Form method="post" className="inline-form">
                <input type="hidden" name="id" value={s.id} />
                <SubsidiaryFields
                  values={f?.values ?? { ...s, isHeadquarters: s.isHeadquarters ? "on" : "" }}
                  errors={f?.fieldErrors}
                />
                <SubmitButton name="intent" value="update">
                  {t("subsidiaries.save")}
                </SubmitButton>
              </Form>
              <Form method="post">
                <input type="hidden" name="id" value={s.id} />
                {s.archivedAt ? (
                  <SubmitButton name="intent" value="restore" className="button button--secondary">
                    {t("subsidiaries.restore")}
                  </SubmitButton>
                ) : (
                  <SubmitButton name="intent" value="archive" className="button button--secondary">
                    {t("subsidiaries.archive")}
                  </SubmitButton>
                )}
              </Form>
            </details>
          );
        })}
      </div>
      <section className="card stack" aria-labelledby="new-subsidiary">
        <h2 id="new-subsidiary">{t("subsidiaries.create")}</h2>
        <Form method="post" className="inline-form">
          <SubsidiaryFields values={failedFor("create")?.values ?? {}} errors={failedFor("create")?.fieldErrors} />
          <SubmitButton name="intent" value="create">
            {t("subsidiaries.createSubmit")}
          </SubmitButton>
        </Form>
      </section>
    </div>
  );
}

function SubsidiaryFields({ values, errors }: { values: Record<string, unknown>; errors?: Record<string, string[]> }) {
  const { t } = useTranslation("admin");
  const text = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : "");
  return (
    <>
      <TextField
        label={t("subsidiaries.code")}
        name="code"
        required
        maxLength={16}
        defaultValue={text("code")}
        errors={errors?.code}
      />
      <TextField
        label={t("subsidiaries.nameEn")}
        name="nameEn"
        required
        maxLength={100}
        defaultValue={text("nameEn")}
        errors={errors?.nameEn}
      />
      <TextField
        label={t("subsidiaries.nameZh")}
        name="nameZh"
        required
        maxLength={100}
        defaultValue={text("nameZh")}
        errors={errors?.nameZh}
      />
      <CheckboxField
        label={t("subsidiaries.isHeadquarters")}
        name="isHeadquarters"
        defaultChecked={values.isHeadquarters === "on" || values.isHeadquarters === true}
      />
    </>
  );
}
