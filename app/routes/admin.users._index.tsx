import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime } from "~/components/ui/date-time";
import { FormError, Honeypot, Notice, SelectField, SubmitButton, TextField } from "~/components/ui/form";
import { Pagination, readPage } from "~/components/ui/pagination";
import { requireAbility } from "~/lib/auth.server";
import { now } from "~/lib/clock.server";
import { getDb } from "~/lib/db.server";
import { formValues, parseForm } from "~/lib/forms";
import { readIntent } from "~/lib/intent.server";
import { formFailure, formFailureFromService } from "~/lib/responses.server";
import { HONEYPOT_FIELD } from "~/lib/honeypot";
import { InviteSchema } from "~/lib/schemas/accounts";
import { siteOrigin } from "~/lib/site.server";
import { useLooseT } from "~/lib/use-loose-t";
import { listOpenInvitations } from "~/models/account-link.server";
import { listSubsidiaries } from "~/models/subsidiary.server";
import { listUsers } from "~/models/user.server";
import { can } from "~/policies/policy";
import { isRole, ROLES } from "~/policies/roles";
import { viewableUsers } from "~/policies/user-visibility";
import { inviteUser } from "~/services/users.server";

export const meta: MetaFunction = () => [{ title: "Users · Solutions Exchange" }];

const PAGE_SIZE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireAbility(request, context, "user.list");
  const db = getDb();
  const url = new URL(request.url);
  const page = readPage(url);
  const isAdmin = actor.role === "admin";
  // The policy decides whose accounts this user sees (leads: their own subsidiary), whatever the URL says;
  // the subsidiary filter only narrows a scope that spans every subsidiary.
  const scope = viewableUsers(actor);
  const subsidiaryFilter = scope.subsidiaryIds === "all" ? url.searchParams.get("subsidiary") : null;
  const role = url.searchParams.get("role");
  const status = url.searchParams.get("status");
  const [subsidiaries, users, invitations] = await Promise.all([
    listSubsidiaries(db),
    listUsers(db, {
      scope,
      subsidiaryId: subsidiaryFilter && /^[0-9a-f-]{36}$/i.test(subsidiaryFilter) ? subsidiaryFilter : undefined,
      query: url.searchParams.get("q")?.slice(0, 100) || undefined,
      role: isRole(role) ? role : undefined,
      status: status === "active" || status === "deactivated" ? status : undefined,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    }),
    listOpenInvitations(db, scope, now()),
  ]);
  const invitable = subsidiaries.filter((s) =>
    ROLES.some((r) => can(actor, "user.invite", { subsidiaryId: s.id, role: r })),
  );
  return {
    isAdmin,
    ownSubsidiaryId: actor.subsidiaryId,
    subsidiaries: subsidiaries.map((s) => ({ id: s.id, code: s.code, nameEn: s.nameEn, nameZh: s.nameZh })),
    invitableSubsidiaryIds: invitable.map((s) => s.id),
    assignableRoles: ROLES.filter((r) => can(actor, "user.invite", { subsidiaryId: actor.subsidiaryId, role: r })),
    users: users.rows,
    total: users.total,
    page,
    pages: Math.max(1, Math.ceil(users.total / PAGE_SIZE)),
    invitations,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireAbility(request, context, "user.list");
  const form = await request.formData();
  readIntent(form, ["invite"] as const);
  // A filled honeypot is a bot (or a password manager gone wild): create nothing.
  if (form.get(HONEYPOT_FIELD)) return formFailure({ _form: ["errors:bot"] }, formValues(form));
  const parsed = parseForm(InviteSchema, form);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, parsed.values);
  try {
    const link = await inviteUser(getDb(), actor, parsed.data, { baseUrl: siteOrigin(request) });
    return { ok: true as const, email: parsed.data.email, ...link };
  } catch (error) {
    return formFailureFromService(error, formValues(form));
  }
}

export default function AdminUsers() {
  const { t, i18n } = useTranslation(["admin", "auth"]);
  const lt = useLooseT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const failure = result && !result.ok ? result : undefined;
  const invited = result && result.ok ? result : undefined;
  const nameOf = (s: { nameEn: string; nameZh: string; code: string }) =>
    `${i18n.language === "zh" ? s.nameZh : s.nameEn} (${s.code})`;
  const own = data.subsidiaries.find((s) => s.id === data.ownSubsidiaryId);

  return (
    <div className="stack-lg">
      <h1>{data.isAdmin || !own ? t("users.title") : t("users.titleFor", { subsidiary: nameOf(own) })}</h1>

      <section className="card stack" aria-labelledby="invite-title">
        <h2 id="invite-title">{t("users.invite")}</h2>
        {invited ? (
          <Notice tone="success">
            <p>
              {t("users.invitationReady", { email: invited.email, date: new Date(invited.expiresAt).toUTCString() })}
            </p>
            <code className="secret" data-testid="invitation-link">
              {invited.url}
            </code>
            {invited.emailed ? <p>{t("users.invitationEmailed")}</p> : null}
          </Notice>
        ) : null}
        <FormError error={failure?.formError ?? failure?.fieldErrors._form?.[0]} />
        <Form method="post" className="inline-form" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <Honeypot name={HONEYPOT_FIELD} label={t("auth:signIn.honeypot")} />
          <TextField
            label={t("users.email")}
            name="email"
            type="email"
            required
            defaultValue={invited ? "" : failure?.values?.email}
            errors={failure?.fieldErrors.email}
          />
          <SelectField
            label={t("users.role")}
            name="role"
            defaultValue={failure?.values?.role ?? "member"}
            options={data.assignableRoles.map((r) => ({ value: r, label: lt(`auth:roles.${r}`) }))}
            errors={failure?.fieldErrors.role}
          />
          <SelectField
            label={t("users.subsidiary")}
            name="subsidiaryId"
            defaultValue={failure?.values?.subsidiaryId ?? data.ownSubsidiaryId}
            options={data.subsidiaries
              .filter((s) => data.invitableSubsidiaryIds.includes(s.id))
              .map((s) => ({ value: s.id, label: nameOf(s) }))}
            errors={failure?.fieldErrors.subsidiaryId}
          />
          <SubmitButton name="intent" value="invite">
            {t("users.inviteSubmit")}
          </SubmitButton>
        </Form>
        {data.invitations.length ? (
          <details>
            <summary>
              {t("users.openInvitations")} ({data.invitations.length})
            </summary>
            <ul className="plain-list">
              {data.invitations.map((inv) => (
                <li key={inv.id}>
                  {inv.email} · {lt(`auth:roles.${inv.role}`)} · {inv.subsidiaryCode} · {t("users.invitedBy")}{" "}
                  {inv.inviterName ?? "—"} · {t("users.expires")} <DateTime value={inv.expiresAt} />
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>

      <section className="stack" aria-labelledby="list-title">
        <h2 id="list-title" className="visually-hidden">
          {t("users.title")}
        </h2>
        <Form method="get" className="inline-form" role="search">
          <TextField
            label={t("users.search")}
            name="q"
            type="search"
            defaultValue={params.get("q") ?? ""}
            maxLength={100}
          />
          <SelectField
            label={t("users.role")}
            name="role"
            defaultValue={params.get("role") ?? ""}
            options={[
              { value: "", label: t("users.allRoles") },
              ...ROLES.map((r) => ({ value: r, label: lt(`auth:roles.${r}`) })),
            ]}
          />
          <SelectField
            label={t("users.status")}
            name="status"
            defaultValue={params.get("status") ?? ""}
            options={[
              { value: "", label: t("users.any") },
              { value: "active", label: t("users.active") },
              { value: "deactivated", label: t("users.deactivated") },
            ]}
          />
          {data.isAdmin ? (
            <SelectField
              label={t("users.subsidiary")}
              name="subsidiary"
              defaultValue={params.get("subsidiary") ?? ""}
              options={[
                { value: "", label: t("users.allSubsidiaries") },
                ...data.subsidiaries.map((s) => ({ value: s.id, label: nameOf(s) })),
              ]}
            />
          ) : null}
          <button type="submit" className="button button--secondary">
            {t("users.filter")}
          </button>
        </Form>
        <p className="muted">{t("users.total", { count: data.total })}</p>
        {data.users.length === 0 ? (
          <p>{t("users.none")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("users.name")}</th>
                  <th scope="col">{t("users.email")}</th>
                  <th scope="col">{t("users.role")}</th>
                  <th scope="col">{t("users.subsidiary")}</th>
                  <th scope="col">{t("users.lastSeen")}</th>
                </tr>
              </thead>
              <tbody>
                {data.users.map((u) => (
                  <tr key={u.id} className={u.deactivatedAt ? "row--muted" : undefined}>
                    <td>
                      <Link to={`/admin/users/${u.id}`}>{u.displayName}</Link>
                      {u.deactivatedAt ? <span className="badge badge--muted">{t("users.deactivated")}</span> : null}
                    </td>
                    <td>{u.email}</td>
                    <td>{lt(`auth:roles.${u.role}`)}</td>
                    <td>{u.subsidiaryCode}</td>
                    <td>{u.lastSeenAt ? <DateTime value={u.lastSeenAt} /> : t("users.never")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={data.page} pages={data.pages} />
      </section>
    </div>
  );
}
