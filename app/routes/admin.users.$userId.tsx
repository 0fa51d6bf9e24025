import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime } from "~/components/ui/date-time";
import { FormError, Notice, SelectField, SubmitButton } from "~/components/ui/form";
import { requireAbility } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { readIntent } from "~/lib/intent.server";
import { formFailure, formFailureFromService } from "~/lib/responses.server";
import { RoleChangeSchema, SubsidiaryChangeSchema } from "~/lib/schemas/accounts";
import { siteOrigin } from "~/lib/site.server";
import { useLooseT } from "~/lib/use-loose-t";
import { listSubsidiaries } from "~/models/subsidiary.server";
import { getUserById } from "~/models/user.server";
import { can } from "~/policies/policy";
import { ROLES } from "~/policies/roles";
import { changeUserRole, changeUserSubsidiary, issuePasswordReset, setUserActive } from "~/services/users.server";

export const meta: MetaFunction = () => [{ title: "User · Solutions Exchange" }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = requireAbility(request, context, "user.list");
  const db = getDb();
  const user = UUID.test(params.userId ?? "") ? await getUserById(db, params.userId!) : undefined;
  // Someone outside the lead's subsidiary is "not found", not "forbidden".
  if (!user || !can(actor, "user.view", { target: user })) throw new Response("No such user.", { status: 404 });
  const subsidiaries = await listSubsidiaries(db);
  return {
    user,
    subsidiaries: subsidiaries.map((s) => ({ id: s.id, code: s.code, nameEn: s.nameEn, nameZh: s.nameZh })),
    roleOptions: ROLES.filter((role) => role === user.role || can(actor, "user.changeRole", { target: user, role })),
    can: {
      changeRole: ROLES.some((role) => role !== user.role && can(actor, "user.changeRole", { target: user, role })),
      changeSubsidiary: can(actor, "user.changeSubsidiary", { target: user }),
      deactivate: can(actor, "user.deactivate", { target: user }),
      issueReset: can(actor, "user.issueReset", { target: user }),
    },
  };
}

const INTENTS = ["role", "subsidiary", "deactivate", "reactivate", "reset"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = requireAbility(request, context, "user.list");
  const db = getDb();
  const form = await request.formData();
  const intent = readIntent(form, INTENTS);
  const userId = UUID.test(params.userId ?? "") ? params.userId! : "00000000-0000-0000-0000-000000000000";
  try {
    switch (intent) {
      case "role": {
        const parsed = parseForm(RoleChangeSchema, form);
        if (!parsed.ok) return formFailure(parsed.fieldErrors);
        await changeUserRole(db, actor, userId, parsed.data.role);
        return { ok: true as const, intent };
      }
      case "subsidiary": {
        const parsed = parseForm(SubsidiaryChangeSchema, form);
        if (!parsed.ok) return formFailure(parsed.fieldErrors);
        await changeUserSubsidiary(db, actor, userId, parsed.data.subsidiaryId);
        return { ok: true as const, intent };
      }
      case "deactivate":
      case "reactivate":
        await setUserActive(db, actor, userId, intent === "reactivate");
        return { ok: true as const, intent };
      case "reset": {
        const link = await issuePasswordReset(db, actor, userId, { baseUrl: siteOrigin(request) });
        return { ok: true as const, intent, resetUrl: link.url, expiresAt: link.expiresAt };
      }
    }
  } catch (error) {
    return formFailureFromService(error);
  }
}

export default function AdminUser() {
  const { t, i18n } = useTranslation(["admin", "auth"]);
  const lt = useLooseT();
  const { user, subsidiaries, roleOptions, can: allowed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : undefined;
  const success = result && result.ok ? result : undefined;
  const subsidiary = subsidiaries.find((s) => s.id === user.subsidiaryId);
  const nameOf = (s: { nameEn: string; nameZh: string; code: string }) =>
    `${i18n.language === "zh" ? s.nameZh : s.nameEn} (${s.code})`;

  return (
    <div className="stack-lg">
      <h1>{t("user.title", { name: user.displayName })}</h1>
      {user.deactivatedAt ? <Notice tone="warning">{t("user.isDeactivated")}</Notice> : null}
      {success && success.intent !== "reset" ? <Notice tone="success">{t("user.saved")}</Notice> : null}
      {success && "resetUrl" in success && success.resetUrl ? (
        <Notice tone="success">
          <p>{t("user.resetReady", { date: new Date(success.expiresAt).toUTCString() })}</p>
          <code className="secret" data-testid="reset-link">
            {success.resetUrl}
          </code>
        </Notice>
      ) : null}
      <FormError error={failure?.formError} />
      <dl className="facts card">
        <dt>{t("users.email")}</dt>
        <dd>{user.email}</dd>
        <dt>{t("users.role")}</dt>
        <dd>{lt(`auth:roles.${user.role}`)}</dd>
        <dt>{t("users.subsidiary")}</dt>
        <dd>{subsidiary ? nameOf(subsidiary) : "—"}</dd>
        <dt>{t("users.lastSeen")}</dt>
        <dd>{user.lastSeenAt ? <DateTime value={user.lastSeenAt} /> : t("users.never")}</dd>
      </dl>
      <p className="muted">{t("user.endsSessions")}</p>

      {allowed.changeRole ? (
        <Form method="post" className="inline-form card">
          <input type="hidden" name="intent" value="role" />
          <SelectField
            label={t("user.changeRole")}
            name="role"
            defaultValue={user.role}
            options={roleOptions.map((r) => ({ value: r, label: lt(`auth:roles.${r}`) }))}
            errors={failure?.fieldErrors.role}
          />
          <SubmitButton name="intent" value="role">
            {t("user.save")}
          </SubmitButton>
        </Form>
      ) : null}

      {allowed.changeSubsidiary ? (
        <Form method="post" className="inline-form card">
          <input type="hidden" name="intent" value="subsidiary" />
          <SelectField
            label={t("user.changeSubsidiary")}
            name="subsidiaryId"
            defaultValue={user.subsidiaryId}
            options={subsidiaries.map((s) => ({ value: s.id, label: nameOf(s) }))}
            errors={failure?.fieldErrors.subsidiaryId}
          />
          <SubmitButton name="intent" value="subsidiary">
            {t("user.save")}
          </SubmitButton>
        </Form>
      ) : null}

      <div className="button-row">
        {allowed.issueReset && !user.deactivatedAt ? (
          <Form method="post">
            <SubmitButton name="intent" value="reset" className="button button--secondary">
              {t("user.issueReset")}
            </SubmitButton>
          </Form>
        ) : null}
        {allowed.deactivate ? (
          <Form method="post">
            {user.deactivatedAt ? (
              <SubmitButton name="intent" value="reactivate" className="button button--secondary">
                {t("user.reactivate")}
              </SubmitButton>
            ) : (
              <SubmitButton name="intent" value="deactivate" className="button button--danger">
                {t("user.deactivate")}
              </SubmitButton>
            )}
          </Form>
        ) : null}
      </div>
    </div>
  );
}
