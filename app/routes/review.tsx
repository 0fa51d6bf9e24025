import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, Notice, SubmitButton, TextAreaField } from "~/components/ui/form";
import { requireUser } from "~/lib/auth.server";
import { now } from "~/lib/clock.server";
import { getDb } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { readIntent } from "~/lib/intent.server";
import { formFailure, formFailureFromService } from "~/lib/responses.server";
import { ReviewCommentSchema } from "~/lib/schemas/solution";
import { listReviewQueue } from "~/models/solution.server";
import { publishSolution, sendBackSolution } from "~/services/solutions.server";

export const meta: MetaFunction = () => [{ title: "Review queue · Solutions Exchange" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireUser(request, context);
  if (actor.role !== "lead" && actor.role !== "admin")
    throw new Response("Only leads review write-ups.", { status: 403 });
  const items = await listReviewQueue(getDb(), actor.role === "admin" ? null : actor.subsidiaryId);
  const at = now().getTime();
  return {
    items: items.map((item) => ({
      ...item,
      waitingHours: item.submittedAt
        ? Math.max(0, Math.floor((at - new Date(item.submittedAt).getTime()) / 3_600_000))
        : 0,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireUser(request, context);
  const form = await request.formData();
  const intent = readIntent(form, ["publish", "sendBack"] as const);
  const id = String(form.get("solutionId") ?? "");
  const parsed = parseForm(ReviewCommentSchema, form);
  if (!parsed.ok) return formFailure(parsed.fieldErrors);
  try {
    if (intent === "publish") await publishSolution(getDb(), actor, id, parsed.data.comment || null);
    else await sendBackSolution(getDb(), actor, id, parsed.data.comment);
  } catch (error) {
    return formFailureFromService(error, { solutionId: id });
  }
  return intent === "publish" ? redirect("/review?done=published") : { ok: true as const, intent };
}

function useAge() {
  const { i18n } = useTranslation();
  const format = new Intl.RelativeTimeFormat(i18n.language === "zh" ? "zh-Hans" : "en", { numeric: "auto" });
  return (hours: number) =>
    hours < 48 ? format.format(-hours, "hour") : format.format(-Math.floor(hours / 24), "day");
}

export default function ReviewQueue() {
  const { t } = useTranslation("solutions");
  const { items } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const age = useAge();
  const failure = result && !result.ok ? result : undefined;
  return (
    <div className="stack-lg">
      <h1>{t("review.title")}</h1>
      <p className="muted">{t("review.intro")}</p>
      {result?.ok ? <Notice tone="success">{t("review.sentBack")}</Notice> : null}
      <FormError error={failure?.formError} />
      {items.length === 0 ? (
        <p>{t("review.empty")}</p>
      ) : (
        <ul className="work-list">
          {items.map((item) => (
            <li key={item.id} className="card work-list__item stack">
              <h2 className="work-list__title">
                <Link to={`/solutions/${item.slug}`}>{item.title}</Link>
              </h2>
              <p className="work-list__meta">
                {item.subsidiaryCode} · {item.status === "published" ? t("review.changes") : null}{" "}
                <span className="badge badge--warning">{t("review.waiting", { age: age(item.waitingHours) })}</span>
              </p>
              <Form method="post" className="stack">
                <input type="hidden" name="solutionId" value={item.id} />
                <TextAreaField
                  label={t("review.comment")}
                  name="comment"
                  rows={2}
                  maxLength={2000}
                  errors={failure?.values?.solutionId === item.id ? failure.fieldErrors.comment : undefined}
                />
                <div className="button-row">
                  <SubmitButton name="intent" value="publish">
                    {t("review.publish")}
                  </SubmitButton>
                  <SubmitButton name="intent" value="sendBack" className="button button--secondary">
                    {t("review.sendBack")}
                  </SubmitButton>
                </div>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
