import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime } from "~/components/ui/date-time";
import { SelectField, TextField } from "~/components/ui/form";
import { Pagination, readPage } from "~/components/ui/pagination";
import { requireAbility } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { auditTargetLabel } from "~/lib/audit-target";
import { useLooseT } from "~/lib/use-loose-t";
import { listAuditActions, listAuditLog } from "~/models/audit-log.server";
import { listSubsidiaries } from "~/models/subsidiary.server";
import { getUserByEmail } from "~/models/user.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Solutions Exchange" }];

const PAGE_SIZE = 50;

function readDate(value: string | null): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAbility(request, context, "audit.read");
  const db = getDb();
  const url = new URL(request.url);
  const page = readPage(url);
  const actorEmail = url.searchParams.get("actor")?.trim();
  const actor = actorEmail ? await getUserByEmail(db, actorEmail.slice(0, 254)) : undefined;
  const subsidiary = url.searchParams.get("subsidiary");
  const to = readDate(url.searchParams.get("to"));
  const [entries, actions, subsidiaries] = await Promise.all([
    actorEmail && !actor
      ? { rows: [], total: 0 }
      : listAuditLog(db, {
          action: url.searchParams.get("action")?.slice(0, 100) || undefined,
          actorId: actor?.id,
          target: url.searchParams.get("target")?.trim().slice(0, 200) || undefined,
          subsidiaryId: subsidiary && /^[0-9a-f-]{36}$/i.test(subsidiary) ? subsidiary : undefined,
          from: readDate(url.searchParams.get("from")),
          to: to ? new Date(to.getTime() + 86_400_000) : undefined,
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
        }),
    listAuditActions(db),
    listSubsidiaries(db, { includeArchived: true }),
  ]);
  return {
    entries: entries.rows,
    total: entries.total,
    page,
    pages: Math.max(1, Math.ceil(entries.total / PAGE_SIZE)),
    actions,
    subsidiaries: subsidiaries.map((s) => ({ id: s.id, code: s.code })),
  };
}

export default function AuditLog() {
  const { t, i18n } = useTranslation("admin");
  const looseT = useLooseT();
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="stack-lg">
      <h1>{t("audit.title")}</h1>
      <Form method="get" className="inline-form">
        <SelectField
          label={t("audit.action")}
          name="action"
          defaultValue={params.get("action") ?? ""}
          options={[{ value: "", label: t("audit.allActions") }, ...data.actions.map((a) => ({ value: a, label: a }))]}
        />
        <TextField label={t("audit.who")} name="actor" type="email" defaultValue={params.get("actor") ?? ""} />
        <TextField
          label={t("audit.toWhom")}
          name="target"
          type="search"
          defaultValue={params.get("target") ?? ""}
          hint={t("audit.toWhomHint")}
        />
        <SelectField
          label={t("users.subsidiary")}
          name="subsidiary"
          defaultValue={params.get("subsidiary") ?? ""}
          options={[
            { value: "", label: t("users.allSubsidiaries") },
            ...data.subsidiaries.map((s) => ({ value: s.id, label: s.code })),
          ]}
        />
        <TextField label={t("audit.from")} name="from" type="date" defaultValue={params.get("from") ?? ""} />
        <TextField label={t("audit.to")} name="to" type="date" defaultValue={params.get("to") ?? ""} />
        <button type="submit" className="button button--secondary">
          {t("users.filter")}
        </button>
      </Form>
      {data.entries.length === 0 ? (
        <p>{t("audit.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("audit.when")}</th>
                <th scope="col">{t("audit.who")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.target")}</th>
                <th scope="col">{t("audit.details")}</th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((e) => (
                <tr key={e.id}>
                  <td>
                    <DateTime value={e.at} />
                  </td>
                  <td>{e.actorName ? `${e.actorName} <${e.actorEmail}>` : t("audit.system")}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    <span className="muted">
                      {looseT(`admin:audit.targetTypes.${e.targetType}`, { defaultValue: e.targetType })}
                    </span>{" "}
                    {auditTargetLabel(e, i18n.language)}
                    {e.subsidiaryCode ? ` · ${e.subsidiaryCode}` : ""}
                  </td>
                  <td>
                    <code className="details">{JSON.stringify(e.details)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={data.page} pages={data.pages} />
    </div>
  );
}
