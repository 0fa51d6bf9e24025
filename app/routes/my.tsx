import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StatusBadge } from "~/components/solutions/status-badge";
import { DateTime } from "~/components/ui/date-time";
import { Notice } from "~/components/ui/form";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { listMySolutions } from "~/models/solution.server";

export const meta: MetaFunction = () => [{ title: "My write-ups · Solutions Exchange" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireUser(request, context);
  return { items: await listMySolutions(getDb(), actor.id) };
}

export default function MyWriteUps() {
  const { t } = useTranslation("solutions");
  const { items } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="stack-lg">
      <div className="page-heading">
        <h1>{t("mine.title")}</h1>
        <Link className="button" to="/solutions/new">
          {t("mine.new")}
        </Link>
      </div>
      {params.get("done") === "deleted" ? <Notice tone="success">{t("mine.deleted")}</Notice> : null}
      <p className="muted">{t("mine.intro")}</p>
      {items.length === 0 ? (
        <p>{t("mine.empty")}</p>
      ) : (
        <ul className="work-list">
          {items.map((item) => (
            <li key={item.id} className="card work-list__item">
              <h2 className="work-list__title">
                <Link to={`/solutions/${item.slug}/edit`}>{item.title}</Link>
              </h2>
              <p className="work-list__meta">
                <StatusBadge status={item.status} pendingChange={item.pendingChange} />
                {item.reviewComment ? <span className="badge badge--warning">{t("mine.sentBack")}</span> : null} ·{" "}
                {item.subsidiaryCode} · <DateTime value={item.updatedAt} />
              </p>
              {item.reviewComment ? <p className="work-list__comment">“{item.reviewComment}”</p> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
