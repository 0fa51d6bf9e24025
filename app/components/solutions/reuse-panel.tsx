import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime } from "~/components/ui/date-time";
import { SubmitButton, TextAreaField, TextField } from "~/components/ui/form";
import { REUSE_LIMITS } from "~/lib/reuse-fields";

export interface ReuseItemView {
  id: string;
  project: string;
  note: string | null;
  createdAt: string | Date;
  recordedByName: string | null;
  subsidiary: { code: string; nameEn: string; nameZh: string };
  crossSubsidiary: boolean;
  canWithdraw: boolean;
}

export interface ReuseSummaryView {
  items: ReuseItemView[];
  projects: number;
  subsidiaries: number;
  crossSubsidiaryProjects: number;
}

interface ReusePanelProps {
  reuses: ReuseSummaryView;
  /** The owning subsidiary's name, in the reader's language. */
  owner: string;
  /** The reader's subsidiary when they may record reuse; otherwise the form is not shown. */
  recordFor: { nameEn: string; nameZh: string } | null;
  /** The last "We are reusing this" submission, when it failed. */
  failure?: { fieldErrors: Record<string, string[]>; values?: Record<string, string> };
  /** Bumped after each successful record, to empty the form. */
  formKey: string;
}

/**
 * Who reuses a write-up: totals, the records (reuse by another subsidiary than the owner is marked,
 * that is what headquarters looks for), the "We are reusing this" form and withdraw buttons.
 */
export function ReusePanel({ reuses, owner, recordFor, failure, formKey }: ReusePanelProps) {
  const { t, i18n } = useTranslation("reuse");
  const name = (s: { nameEn: string; nameZh: string }) => (i18n.language === "zh" ? s.nameZh : s.nameEn);

  return (
    <section aria-labelledby="reuse-title" className="reuse card stack">
      <h2 id="reuse-title" className="reuse__title">
        {t("heading")}
      </h2>
      {reuses.projects > 0 ? (
        <p className="reuse__summary">
          <strong>
            {t("summary", {
              count: reuses.projects,
              subsidiaries: t("subsidiaryCount", { count: reuses.subsidiaries }),
            })}
          </strong>
          {reuses.crossSubsidiaryProjects > 0
            ? ` · ${t("crossSummary", { count: reuses.crossSubsidiaryProjects, owner })}`
            : null}
        </p>
      ) : (
        <p className="muted">{t("none")}</p>
      )}

      {reuses.items.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-label={t("listLabel")}>
            <thead>
              <tr>
                <th scope="col">{t("subsidiary")}</th>
                <th scope="col">{t("project")}</th>
                <th scope="col">{t("recordedBy")}</th>
                <th scope="col">{t("when")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("withdraw")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {reuses.items.map((item) => (
                <tr key={item.id}>
                  <td>
                    {name(item.subsidiary)}
                    {item.crossSubsidiary ? <span className="badge badge--cross">{t("crossSubsidiary")}</span> : null}
                  </td>
                  <td>
                    {item.project}
                    {item.note ? <p className="reuse__note muted">{item.note}</p> : null}
                  </td>
                  <td>{item.recordedByName ?? t("formerUser")}</td>
                  <td>
                    <DateTime value={item.createdAt} dateOnly />
                  </td>
                  <td>
                    {item.canWithdraw ? (
                      <Form method="post">
                        <input type="hidden" name="reuseId" value={item.id} />
                        <button
                          type="submit"
                          name="intent"
                          value="withdrawReuse"
                          className="button button--secondary button--small"
                          aria-label={t("withdrawLabel", { project: item.project })}
                        >
                          {t("withdraw")}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {recordFor ? (
        <Form method="post" className="stack reuse__form no-print" aria-labelledby="reuse-form-title" key={formKey}>
          <h3 id="reuse-form-title" className="reuse__form-title">
            {t("form.title")}
          </h3>
          <p className="muted">{t("form.intro", { subsidiary: name(recordFor) })}</p>
          <TextField
            label={t("form.project")}
            hint={t("form.projectHint")}
            name="project"
            required
            maxLength={REUSE_LIMITS.projectMax}
            defaultValue={failure?.values?.project ?? ""}
            errors={failure?.fieldErrors.project}
          />
          <TextAreaField
            label={t("form.note")}
            hint={t("form.noteHint")}
            name="note"
            rows={3}
            maxLength={REUSE_LIMITS.noteMax}
            defaultValue={failure?.values?.note ?? ""}
            errors={failure?.fieldErrors.note}
          />
          <div>
            <SubmitButton name="intent" value="recordReuse">
              {t("form.submit")}
            </SubmitButton>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
