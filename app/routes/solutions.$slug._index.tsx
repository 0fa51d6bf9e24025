import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime } from "~/components/ui/date-time";
import { FormError, Notice, SubmitButton } from "~/components/ui/form";
import { PainPointChips, useLocalizedName } from "~/components/solutions/pain-point-chips";
import { ReusePanel } from "~/components/solutions/reuse-panel";
import { StatusBadge } from "~/components/solutions/status-badge";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { formToObject, formValues } from "~/lib/forms";
import { detectLocale } from "~/lib/locale.server";
import { readIntent } from "~/lib/intent.server";
import { formFailureFromService } from "~/lib/responses.server";
import { resolveSolutionSlug } from "~/lib/solution-lookup.server";
import { useLooseT } from "~/lib/use-loose-t";
import { getSolutionForReading } from "~/models/solution.server";
import { getFeaturing } from "~/models/solution-reuse.server";
import { getSubsidiaryById } from "~/models/subsidiary.server";
import { can } from "~/policies/policy";
import { setSolutionFeatured } from "~/services/featuring.server";
import { countVisibleRevisions } from "~/services/solution-history.server";
import { listSolutionReuses, recordReuse, withdrawReuse } from "~/services/reuse.server";
import { findRelatedSolutions } from "~/services/search.server";
import { archiveSolution, requireReadableSolution, restoreSolution } from "~/services/solutions.server";
import { NotFoundError } from "~/services/errors";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.solution.title} · Solutions Exchange` : "Solutions Exchange" },
  { name: "description", content: data?.solution.summary ?? "" },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = requireUser(request, context);
  const db = getDb();
  const id = await resolveSolutionSlug(db, request, params.slug);
  let access;
  try {
    access = await requireReadableSolution(db, actor, id);
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response("No such write-up.", { status: 404 });
    throw error;
  }
  const locale = await detectLocale(request, actor.locale);
  const mayRecordReuse = can(actor, "solution.recordReuse", access);
  const [solution, revisionCount, related, reuses, featuring, ownSubsidiary] = await Promise.all([
    getSolutionForReading(db, id),
    countVisibleRevisions(db, actor, access),
    // Related write-ups are a help, not the page: if search is down, the page still shows.
    findRelatedSolutions(actor, id, 5, { locale, db }).catch(() => []),
    listSolutionReuses(db, actor, access),
    getFeaturing(db, id),
    mayRecordReuse ? getSubsidiaryById(db, actor.subsidiaryId) : undefined,
  ]);
  if (!solution) throw new Response("No such write-up.", { status: 404 });
  // The page shows the rendered HTML; the editor state stays on the server.
  const { body: _body, ...readable } = solution;
  return {
    solution: readable,
    revisionCount,
    related,
    reuses,
    featuring: featuring?.featured
      ? { featuredAt: featuring.featuredAt, featuredByName: featuring.featuredByName }
      : null,
    recordReuseFor: ownSubsidiary ? { nameEn: ownSubsidiary.nameEn, nameZh: ownSubsidiary.nameZh } : null,
    can: {
      feature: can(actor, "solution.feature", access),
      recordReuse: mayRecordReuse,
      edit: can(actor, "solution.edit", access),
      review:
        can(actor, "solution.review", access) ||
        (access.pendingChange === "in_review" && can(actor, "solution.review", { ...access, status: "in_review" })),
      archive: can(actor, "solution.archive", access),
      restore: can(actor, "solution.restore", access),
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = requireUser(request, context);
  const db = getDb();
  const id = await resolveSolutionSlug(db, request, params.slug);
  const form = await request.formData();
  const intent = readIntent(form, INTENTS);
  try {
    switch (intent) {
      case "archive":
        await archiveSolution(db, actor, id);
        break;
      case "restore":
        await restoreSolution(db, actor, id);
        break;
      case "feature":
      case "unfeature":
        await setSolutionFeatured(db, actor, id, intent === "feature");
        break;
      case "recordReuse":
        await recordReuse(db, actor, id, formToObject(form));
        break;
      case "withdrawReuse":
        await withdrawReuse(db, actor, id, String(form.get("reuseId") ?? ""));
        break;
    }
    return { ok: true as const, intent };
  } catch (error) {
    return formFailureFromService(error, { ...formValues(form), intent });
  }
}

const INTENTS = ["archive", "restore", "feature", "unfeature", "recordReuse", "withdrawReuse"] as const;
type Intent = (typeof INTENTS)[number];

const DONE_MESSAGES: Record<Intent, string> = {
  archive: "solutions:read.archived",
  restore: "solutions:read.restored",
  feature: "reuse:featuredDone",
  unfeature: "reuse:unfeaturedDone",
  recordReuse: "reuse:recorded",
  withdrawReuse: "reuse:withdrawn",
};

export default function SolutionPage() {
  const { t, i18n } = useTranslation(["solutions", "common", "search", "reuse"]);
  const lt = useLooseT();
  const name = useLocalizedName();
  const {
    solution,
    revisionCount,
    related,
    reuses,
    featuring,
    recordReuseFor,
    can: allowed,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const subsidiary = name({ nameEn: solution.subsidiaryNameEn, nameZh: solution.subsidiaryNameZh });
  // Problems with the reuse form show next to its fields; everything else above the page.
  const reuseFailure = result && !result.ok && result.values?.intent === "recordReuse" ? result : undefined;
  const pageFailure = result && !result.ok && !(reuseFailure && !reuseFailure.formError) ? result : undefined;
  const lang = i18n.language === "zh" ? "zh-Hans" : "en";
  const number = (value: number) => new Intl.NumberFormat(lang).format(value);

  return (
    <article className="solution" aria-labelledby="solution-title">
      {pageFailure ? <FormError error={pageFailure.formError} /> : null}
      {result?.ok ? (
        <Notice tone="success">
          {lt(DONE_MESSAGES[result.intent], { subsidiary: recordReuseFor ? name(recordReuseFor) : "" })}
        </Notice>
      ) : null}
      <header className="solution__header">
        <p className="solution__kicker">
          <span>{subsidiary}</span>
          {solution.status !== "published" || solution.pendingChange ? (
            <StatusBadge status={solution.status} pendingChange={solution.pendingChange} />
          ) : null}
          {solution.featured ? <span className="badge badge--featured">{t("reuse:featuredBadge")}</span> : null}
        </p>
        <h1 id="solution-title">{solution.title}</h1>
        {solution.summary ? <p className="solution__summary">{solution.summary}</p> : null}
        <PainPointChips painPoints={solution.painPoints} />
        <div className="solution__actions no-print">
          {allowed.edit ? (
            <Link className="button" to={`/solutions/${solution.slug}/edit`}>
              {t("read.edit")}
            </Link>
          ) : null}
          {allowed.review ? (
            <Link className="button button--secondary" to="/review">
              {t("read.review")}
            </Link>
          ) : null}
          <Link className="button button--secondary" to={`/solutions/${solution.slug}/history`}>
            {t("read.history")}
          </Link>
          <a className="button button--secondary" href={`/solutions/${solution.slug}.md`} download>
            {t("read.exportMarkdown")}
          </a>
          {allowed.archive ? (
            <Form method="post">
              <SubmitButton name="intent" value="archive" className="button button--secondary">
                {t("read.archive")}
              </SubmitButton>
            </Form>
          ) : null}
          {allowed.restore ? (
            <Form method="post">
              <SubmitButton name="intent" value="restore" className="button button--secondary">
                {t("read.restore")}
              </SubmitButton>
            </Form>
          ) : null}
          {allowed.feature ? (
            <Form method="post">
              <SubmitButton
                name="intent"
                value={solution.featured ? "unfeature" : "feature"}
                className="button button--secondary"
              >
                {t(solution.featured ? "reuse:unfeature" : "reuse:feature")}
              </SubmitButton>
            </Form>
          ) : null}
        </div>
        {featuring ? (
          <p className="solution__featured muted">
            {featuring.featuredByName ? `${t("reuse:featuredBy", { name: featuring.featuredByName })} · ` : null}
            {featuring.featuredAt ? <DateTime value={featuring.featuredAt} dateOnly /> : null}
          </p>
        ) : null}
      </header>

      {solution.visibility === "subsidiary" ? (
        <Notice tone="warning" print>
          {t("read.confidential", { subsidiary })}
        </Notice>
      ) : null}
      {solution.status === "archived" ? <Notice tone="warning">{t("read.archivedNotice")}</Notice> : null}
      {solution.status === "draft" || solution.status === "in_review" ? (
        <Notice>{t("read.draftNotice", { status: lt(`solutions:status.${solution.status}`) })}</Notice>
      ) : null}

      <div className="solution__layout">
        <div className="solution__main">
          {solution.metrics.length ? (
            <section aria-labelledby="metrics-title" className="metrics">
              <h2 id="metrics-title" className="visually-hidden">
                {t("read.metrics")}
              </h2>
              <ul className="metric-cards">
                {solution.metrics.map((m, i) => (
                  <li key={i} className="metric-card">
                    <span className="metric-card__value">
                      {m.value > 0 && m.unit === "%" ? "+" : ""}
                      {number(m.value)}
                      {m.unit ? <span className="metric-card__unit"> {m.unit}</span> : null}
                    </span>
                    <span className="metric-card__label">{m.label}</span>
                    {m.baseline !== null && m.baseline !== undefined ? (
                      <span className="metric-card__baseline">{t("read.baseline", { value: number(m.baseline) })}</span>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <div className="rich-text" dangerouslySetInnerHTML={{ __html: solution.bodyHtml }} />
          {solution.status === "published" || reuses.projects > 0 ? (
            <ReusePanel
              reuses={reuses}
              owner={subsidiary}
              recordFor={allowed.recordReuse ? recordReuseFor : null}
              failure={reuseFailure}
              formKey={result?.ok && result.intent === "recordReuse" ? `recorded-${reuses.projects}` : "reuse-form"}
            />
          ) : null}
        </div>
        <aside className="solution__facts" aria-label={t("read.subsidiary")}>
          <dl className="facts">
            <dt>{t("read.subsidiary")}</dt>
            <dd>
              {subsidiary} ({solution.subsidiaryCode})
            </dd>
            {solution.authors.length ? (
              <>
                <dt>{t("read.by")}</dt>
                <dd>{solution.authors.map((a) => a.displayName).join(", ")}</dd>
              </>
            ) : null}
            {solution.year ? (
              <>
                <dt>{t("read.year")}</dt>
                <dd>{solution.year}</dd>
              </>
            ) : null}
            {solution.sector ? (
              <>
                <dt>{t("read.sector")}</dt>
                <dd>{lt(`solutions:sectors.${solution.sector}`)}</dd>
              </>
            ) : null}
            {solution.client ? (
              <>
                <dt>{t("read.client")}</dt>
                <dd>{solution.client}</dd>
              </>
            ) : null}
            {solution.project ? (
              <>
                <dt>{t("read.project")}</dt>
                <dd>{solution.project}</dd>
              </>
            ) : null}
            {solution.disciplines.length ? (
              <>
                <dt>{t("read.disciplines")}</dt>
                <dd>{solution.disciplines.map((d) => lt(`solutions:disciplines.${d}`)).join(", ")}</dd>
              </>
            ) : null}
            {solution.technologies.length ? (
              <>
                <dt>{t("read.technologies")}</dt>
                <dd>
                  <ul className="tags">
                    {solution.technologies.map((tech) => (
                      <li key={tech}>
                        <Link className="tag" to={`/solutions?technology=${encodeURIComponent(tech)}`}>
                          {tech}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            ) : null}
            <dt>{t("read.updated")}</dt>
            <dd>
              <DateTime value={solution.updatedAt} dateOnly /> · {t("read.revisions", { count: revisionCount })}
            </dd>
          </dl>
          {solution.contacts.length ? (
            <section aria-labelledby="contacts-title">
              <h2 id="contacts-title" className="solution__aside-title">
                {t("read.contacts")}
              </h2>
              <ul className="plain-list">
                {solution.contacts.map((c, i) => (
                  <li key={i}>
                    <strong>{c.name}</strong>
                    {c.role ? `, ${c.role}` : ""}
                    {c.email ? (
                      <>
                        {" · "}
                        <a href={`mailto:${c.email}`}>{c.email}</a>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {related.length ? (
            <section aria-labelledby="related-title" className="related no-print">
              <h2 id="related-title" className="solution__aside-title">
                {t("search:related.heading")}
              </h2>
              <ul className="plain-list related__list">
                {related.map((r) => (
                  <li key={r.id}>
                    <Link to={`/solutions/${r.slug}`}>{r.title}</Link>
                    <span className="related__meta">
                      {r.subsidiary.code}
                      {r.sharedPainPoints > 0
                        ? ` · ${t("search:related.sharedPainPoints", { count: r.sharedPainPoints })}`
                        : ""}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </aside>
      </div>
    </article>
  );
}
