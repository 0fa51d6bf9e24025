import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormError, Notice, SubmitButton, TextAreaField } from "~/components/ui/form";
import { requireAbility } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { formValues } from "~/lib/forms";
import { readIntent } from "~/lib/intent.server";
import { formFailureFromService } from "~/lib/responses.server";
import { useLooseT } from "~/lib/use-loose-t";
import { SYNONYM_LIMITS } from "~/lib/synonym-terms";
import {
  createSynonymGroup,
  deleteSynonymGroup,
  listSynonymGroups,
  updateSynonymGroup,
} from "~/services/synonyms.server";
import searchStyles from "../styles/search.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: searchStyles }];

export const meta: MetaFunction = () => [{ title: "Search synonyms · Solutions Exchange" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAbility(request, context, "synonyms.manage");
  const groups = await listSynonymGroups(getDb());
  return { groups: groups.map((g) => ({ id: g.id, terms: g.terms })) };
}

const INTENTS = ["create", "update", "delete"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireAbility(request, context, "synonyms.manage");
  const form = await request.formData();
  const intent = readIntent(form, INTENTS);
  const id = String(form.get("id") ?? "");
  const terms = String(form.get("terms") ?? "").slice(0, 5_000);
  const db = getDb();
  try {
    if (intent === "create") await createSynonymGroup(db, actor, terms);
    else if (intent === "update") await updateSynonymGroup(db, actor, id, terms);
    else await deleteSynonymGroup(db, actor, id);
    return { ok: true as const, intent, id };
  } catch (error) {
    return formFailureFromService(error, { ...formValues(form), intent, id });
  }
}

/** Curators' page for the synonym groups search expands queries with (requires synonyms.manage). */
export default function CurateSynonyms() {
  const t = useLooseT();
  const { groups } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : undefined;
  const failedFor = (intent: string, id = "") =>
    failure && failure.values?.intent === intent && (failure.values?.id ?? "") === id ? failure : undefined;
  const done = result?.ok ? result.intent : undefined;

  return (
    <div className="stack-lg">
      <div className="stack">
        <h1>{t("search:synonyms.title")}</h1>
        <p>{t("search:synonyms.intro")}</p>
        {done ? (
          <Notice tone="success">
            {t(
              done === "create"
                ? "search:synonyms.created"
                : done === "update"
                  ? "search:synonyms.saved"
                  : "search:synonyms.deleted",
            )}
          </Notice>
        ) : null}
        {failure && !failure.values?.intent ? <FormError error={failure.formError} /> : null}
      </div>

      <section className="card stack" aria-labelledby="new-synonym-group">
        <h2 id="new-synonym-group">{t("search:synonyms.add")}</h2>
        <Form method="post" className="stack">
          <TextAreaField
            label={t("search:synonyms.terms")}
            hint={t("search:synonyms.termsHint")}
            name="terms"
            rows={3}
            required
            maxLength={SYNONYM_LIMITS.termsMax * (SYNONYM_LIMITS.termMax + 1)}
            defaultValue={failedFor("create")?.values?.terms ?? ""}
            errors={failedFor("create")?.fieldErrors.terms}
            key={done === "create" ? `created-${groups.length}` : "new"}
          />
          <div>
            <SubmitButton name="intent" value="create">
              {t("search:synonyms.addSubmit")}
            </SubmitButton>
          </div>
        </Form>
      </section>

      <section className="stack" aria-labelledby="synonym-groups">
        <h2 id="synonym-groups">{t("search:synonyms.count", { count: groups.length })}</h2>
        {groups.length === 0 ? <p className="muted">{t("search:synonyms.empty")}</p> : null}
        {groups.map((group) => {
          const failed = failedFor("update", group.id);
          return (
            <details key={group.id} className="card" open={Boolean(failed)}>
              <summary>
                <span className="synonym-group__terms">
                  {group.terms.map((term) => (
                    <span key={term} className="chip">
                      {term}
                    </span>
                  ))}
                </span>
              </summary>
              <Form method="post" className="stack">
                <input type="hidden" name="id" value={group.id} />
                <TextAreaField
                  label={t("search:synonyms.terms")}
                  hint={t("search:synonyms.termsHint")}
                  name="terms"
                  rows={Math.min(8, group.terms.length + 1)}
                  required
                  defaultValue={failed?.values?.terms ?? group.terms.join("\n")}
                  errors={failed?.fieldErrors.terms}
                />
                <div className="button-row">
                  <SubmitButton name="intent" value="update">
                    {t("search:synonyms.save")}
                  </SubmitButton>
                  <SubmitButton name="intent" value="delete" className="button button--danger">
                    {t("search:synonyms.delete")}
                  </SubmitButton>
                </div>
              </Form>
            </details>
          );
        })}
      </section>
    </div>
  );
}
