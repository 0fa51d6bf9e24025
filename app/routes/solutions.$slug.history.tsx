import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TextDiff } from "~/components/solutions/text-diff";
import { DateTime } from "~/components/ui/date-time";
import { FormError, SubmitButton } from "~/components/ui/form";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { readIntent } from "~/lib/intent.server";
import { detectLocale } from "~/lib/locale.server";
import { formFailureFromService, rethrowAsResponse } from "~/lib/responses.server";
import { COMPARED_FIELD_LABELS } from "~/lib/solution-fields";
import { resolveSolutionSlug } from "~/lib/solution-lookup.server";
import { useLooseT } from "~/lib/use-loose-t";
import { can } from "~/policies/policy";
import { compareRevisions, getRevisionForReading, getSolutionHistory } from "~/services/solution-history.server";
import { restoreRevision } from "~/services/solutions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `History: ${data.title} · Solutions Exchange` : "History · Solutions Exchange" },
];

function readRevision(value: string | null): number | undefined {
  if (!value || !/^\d{1,6}$/.test(value)) return undefined;
  return Number(value);
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = requireUser(request, context);
  const db = getDb();
  const id = await resolveSolutionSlug(db, request, params.slug);
  const url = new URL(request.url);
  try {
    const history = await getSolutionHistory(db, actor, id);
    const view = readRevision(url.searchParams.get("rev"));
    const from = readRevision(url.searchParams.get("from"));
    const to = readRevision(url.searchParams.get("to"));
    const viewed = view ? await getRevisionForReading(db, actor, id, view) : null;
    const locale = await detectLocale(request, actor.locale);
    const comparison = from && to ? await compareRevisions(db, actor, id, from, to, locale) : null;
    return {
      slug: history.solution.slug,
      title: history.solution.title,
      revision: history.latestRevision,
      liveRevision: history.solution.liveRevision,
      canRestore: can(actor, "solution.edit", history.solution),
      revisions: history.revisions,
      transitions: history.transitions,
      viewed: viewed ? { revision: viewed.revision, title: viewed.snapshot.title, html: viewed.bodyHtml } : null,
      comparison: comparison
        ? {
            from: comparison.from.revision,
            to: comparison.to.revision,
            fields: comparison.fields,
            text: comparison.text,
          }
        : null,
    };
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = requireUser(request, context);
  const db = getDb();
  const id = await resolveSolutionSlug(db, request, params.slug);
  const form = await request.formData();
  readIntent(form, ["restore"] as const);
  const revision = readRevision(String(form.get("revision") ?? ""));
  const base = readRevision(String(form.get("baseRevision") ?? ""));
  if (!revision || !base) return { ok: false as const, fieldErrors: {}, formError: "validation:invalid" };
  try {
    await restoreRevision(db, actor, id, revision, base);
  } catch (error) {
    return formFailureFromService(error);
  }
  return redirect(`/solutions/${params.slug}/edit`);
}

export default function History() {
  const { t } = useTranslation("solutions");
  const lt = useLooseT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : undefined;
  return (
    <div className="stack-lg">
      <p>
        <Link to={`/solutions/${data.slug}`}>← {data.title}</Link>
      </p>
      <h1>{t("history.title", { title: data.title })}</h1>
      <FormError error={failure?.formError} />

      {data.viewed ? (
        <section className="card stack" aria-labelledby="viewed-title">
          <h2 id="viewed-title">
            {t("history.revision", { revision: data.viewed.revision })}: {data.viewed.title}
          </h2>
          <div className="rich-text" dangerouslySetInnerHTML={{ __html: data.viewed.html }} />
        </section>
      ) : null}

      {data.comparison ? (
        <section className="card stack" aria-labelledby="compare-title">
          <h2 id="compare-title">
            {t("history.compare")}: {data.comparison.from} → {data.comparison.to}
          </h2>
          <h3>{t("history.fieldChanges")}</h3>
          {data.comparison.fields.length === 0 ? (
            <p>{t("history.noFieldChanges")}</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("history.field")}</th>
                    <th scope="col">{t("history.before")}</th>
                    <th scope="col">{t("history.after")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.comparison.fields.map((f) => (
                    <tr key={f.field}>
                      <th scope="row">{lt(COMPARED_FIELD_LABELS[f.field])}</th>
                      <td>
                        <del>{f.before}</del>
                      </td>
                      <td>
                        <ins>{f.after}</ins>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3>{t("history.textChanges")}</h3>
          <TextDiff parts={data.comparison.text} />
        </section>
      ) : null}

      <section className="stack" aria-labelledby="revisions-title">
        <h2 id="revisions-title">{t("history.revisions")}</h2>
        <Form method="get" className="stack">
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("history.from")}</th>
                  <th scope="col">{t("history.to")}</th>
                  <th scope="col">#</th>
                  <th scope="col">{t("read.updated")}</th>
                  <th scope="col">{t("read.by")}</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {data.revisions.map((r, i) => (
                  <tr key={r.revision}>
                    <td>
                      <input
                        type="radio"
                        name="from"
                        value={r.revision}
                        defaultChecked={i === 1}
                        aria-label={`${t("history.from")} ${r.revision}`}
                      />
                    </td>
                    <td>
                      <input
                        type="radio"
                        name="to"
                        value={r.revision}
                        defaultChecked={i === 0}
                        aria-label={`${t("history.to")} ${r.revision}`}
                      />
                    </td>
                    <td>
                      {r.revision}
                      {r.revision === data.revision ? <span className="badge">{t("history.current")}</span> : null}
                      {r.revision === data.liveRevision ? <span className="badge">{t("history.live")}</span> : null}
                      {r.note ? <span className="muted"> · {r.note}</span> : null}
                    </td>
                    <td>
                      <DateTime value={r.createdAt} />
                    </td>
                    <td>{r.createdByName ?? "—"}</td>
                    <td>
                      <Link to={`?rev=${r.revision}`}>{t("history.view")}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.revisions.length > 1 ? (
            <button type="submit" className="button button--secondary">
              {t("history.compareSelected")}
            </button>
          ) : null}
        </Form>
        {data.canRestore && data.viewed && data.viewed.revision !== data.revision ? (
          <Form method="post">
            <input type="hidden" name="revision" value={data.viewed.revision} />
            <input type="hidden" name="baseRevision" value={data.revision} />
            <SubmitButton name="intent" value="restore" className="button button--secondary">
              {t("history.restore")}
            </SubmitButton>
          </Form>
        ) : null}
      </section>

      <section className="stack" aria-labelledby="transitions-title">
        <h2 id="transitions-title">{t("history.transitions")}</h2>
        <ul className="plain-list timeline">
          {data.transitions.map((tr) => (
            <li key={tr.id}>
              <DateTime value={tr.at} /> · {tr.actorName ?? "—"} · {lt(`solutions:status.${tr.fromStatus}`)} →{" "}
              {lt(`solutions:status.${tr.toStatus}`)} ({t("history.revision", { revision: tr.revision })})
              {tr.comment ? <q className="timeline__comment">{tr.comment}</q> : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
