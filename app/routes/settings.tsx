import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Notice, SelectField, SubmitButton, TextField, FormError } from "~/components/ui/form";
import { DateTime } from "~/components/ui/date-time";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { readIntent } from "~/lib/intent.server";
import { formFailure, formFailureFromService } from "~/lib/responses.server";
import { ApiTokenSchema, ChangePasswordSchema, ProfileSchema } from "~/lib/schemas/accounts";
import { serializeClearedSessionCookie, serializeSessionCookie } from "~/lib/session.server";
import { isSecureRequest } from "~/lib/site.server";
import { now } from "~/lib/clock.server";
import { useLooseT } from "~/lib/use-loose-t";
import { getSubsidiaryById } from "~/models/subsidiary.server";
import { listUserSessions } from "~/models/session.server";
import { changePassword, signOutEverywhere, updateProfile } from "~/services/accounts.server";
import { createApiToken, listApiTokens, revokeOwnApiToken } from "~/services/api-tokens.server";
import { getUserById } from "~/models/user.server";

export const meta: MetaFunction = () => [{ title: "Settings · Solutions Exchange" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireUser(request, context);
  const db = getDb();
  const [user, sessions, tokens] = await Promise.all([
    getUserById(db, actor.id),
    listUserSessions(db, actor.id),
    listApiTokens(db, actor),
  ]);
  if (!user) throw redirect("/login");
  const subsidiary = await getSubsidiaryById(db, user.subsidiaryId);
  const at = now();
  return {
    user: { displayName: user.displayName, email: user.email, role: user.role, locale: user.locale },
    subsidiary: subsidiary ? { code: subsidiary.code, nameEn: subsidiary.nameEn, nameZh: subsidiary.nameZh } : null,
    sessions: sessions.map((s) => ({
      current: s.id === context.auth.sessionId,
      createdAt: s.createdAt,
      lastRefreshedAt: s.lastRefreshedAt,
      userAgent: s.userAgent,
      ip: s.ip,
    })),
    tokens: tokens.map((tok) => ({
      id: tok.id,
      label: tok.label,
      createdAt: tok.createdAt,
      expiresAt: tok.expiresAt,
      lastUsedAt: tok.lastUsedAt,
      state: tok.revokedAt ? "revoked" : tok.expiresAt && new Date(tok.expiresAt) <= at ? "expired" : "active",
    })),
  };
}

const INTENTS = ["profile", "password", "signOutOthers", "signOutEverywhere", "createToken", "revokeToken"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireUser(request, context);
  const db = getDb();
  const form = await request.formData();
  const intent = readIntent(form, INTENTS);
  const secure = isSecureRequest(request);
  const meta = { ip: context.clientIp, userAgent: request.headers.get("User-Agent") };

  switch (intent) {
    case "profile": {
      const parsed = parseForm(ProfileSchema, form);
      if (!parsed.ok) return formFailure(parsed.fieldErrors, parsed.values);
      await updateProfile(db, actor, parsed.data);
      return { ok: true as const, intent, message: "auth:settings.profileSaved" };
    }
    case "password": {
      const parsed = parseForm(ChangePasswordSchema, form);
      if (!parsed.ok) return formFailure(parsed.fieldErrors);
      try {
        const session = await changePassword(db, actor, parsed.data, meta);
        return data(
          { ok: true as const, intent, message: "auth:settings.passwordChanged" },
          { headers: { "Set-Cookie": await serializeSessionCookie(session.token, session.expiresAt, secure) } },
        );
      } catch (error) {
        return formFailureFromService(error);
      }
    }
    case "signOutOthers":
      await signOutEverywhere(db, actor.id, { keepSessionId: context.auth.sessionId ?? undefined });
      return { ok: true as const, intent, message: "auth:settings.othersSignedOut" };
    case "signOutEverywhere":
      await signOutEverywhere(db, actor.id);
      throw redirect("/login", { headers: { "Set-Cookie": await serializeClearedSessionCookie(secure) } });
    case "createToken": {
      const parsed = parseForm(ApiTokenSchema, form);
      if (!parsed.ok) return formFailure(parsed.fieldErrors, parsed.values);
      const token = await createApiToken(db, actor, {
        label: parsed.data.label,
        expiresInDays: parsed.data.expiresInDays ?? null,
      });
      return { ok: true as const, intent, message: "auth:settings.tokenCreated", token: token.token };
    }
    case "revokeToken": {
      try {
        await revokeOwnApiToken(db, actor, String(form.get("tokenId") ?? ""));
      } catch (error) {
        return formFailureFromService(error);
      }
      return { ok: true as const, intent, message: "auth:settings.revoked" };
    }
  }
}

export default function Settings() {
  const { t } = useTranslation(["auth", "common"]);
  const lt = useLooseT();
  const { user, subsidiary, sessions, tokens } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : undefined;
  const success = result && result.ok ? result : undefined;
  const subsidiaryName = subsidiary ? `${subsidiary.nameEn} · ${subsidiary.nameZh} (${subsidiary.code})` : "";

  return (
    <div className="stack-lg">
      <h1>{t("settings.title")}</h1>
      {success ? <Notice tone="success">{lt(success.message)}</Notice> : null}
      <FormError error={failure?.formError} />
      {success && "token" in success && success.token ? (
        <div className="notice notice--warning">
          <p>{t("settings.tokenCreated")}</p>
          <code className="secret" data-testid="new-token">
            {success.token}
          </code>
        </div>
      ) : null}

      <section className="card stack" aria-labelledby="profile-title">
        <h2 id="profile-title">{t("settings.profile")}</h2>
        <dl className="facts">
          <dt>{t("settings.email")}</dt>
          <dd>{user.email}</dd>
          <dt>{t("settings.role")}</dt>
          <dd>{lt(`auth:roles.${user.role}`)}</dd>
          <dt>{t("settings.subsidiary")}</dt>
          <dd>{subsidiaryName}</dd>
        </dl>
        {/* A full reload, so a new language applies to every string on the page at once. */}
        <Form method="post" className="stack" reloadDocument>
          <input type="hidden" name="intent" value="profile" />
          <TextField
            label={t("invitation.displayName")}
            name="displayName"
            defaultValue={user.displayName}
            required
            maxLength={100}
            errors={failure?.fieldErrors.displayName}
          />
          <SelectField
            label={t("fields.locale")}
            name="locale"
            defaultValue={user.locale ?? ""}
            options={[
              { value: "", label: t("fields.localeAuto") },
              { value: "en", label: "English" },
              { value: "zh", label: "简体中文" },
            ]}
          />
          <SubmitButton name="intent" value="profile">
            {t("settings.saveProfile")}
          </SubmitButton>
        </Form>
      </section>

      <section className="card stack" aria-labelledby="password-title">
        <h2 id="password-title">{t("settings.password")}</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="password" />
          <TextField
            label={t("fields.currentPassword")}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            errors={failure?.fieldErrors.currentPassword}
          />
          <TextField
            label={t("fields.newPassword")}
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            maxLength={256}
            hint={t("fields.passwordHint")}
            errors={failure?.fieldErrors.newPassword}
          />
          <TextField
            label={t("fields.confirmPassword")}
            name="confirmPassword"
            type="password"
            autoComplete="new-password"
            required
            errors={failure?.fieldErrors.confirmPassword}
          />
          <SubmitButton name="intent" value="password">
            {t("settings.changePassword")}
          </SubmitButton>
        </Form>
      </section>

      <section className="card stack" aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t("settings.sessions")}</h2>
        <p className="muted">{t("settings.sessionsIntro")}</p>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("settings.signedInAt")}</th>
                <th scope="col">{t("settings.lastActive")}</th>
                <th scope="col">IP</th>
                <th scope="col">User agent</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s, i) => (
                <tr key={i}>
                  <td>
                    <DateTime value={s.createdAt} />
                    {s.current ? <span className="badge">{t("settings.thisSession")}</span> : null}
                  </td>
                  <td>
                    <DateTime value={s.lastRefreshedAt} />
                  </td>
                  <td>{s.ip}</td>
                  <td className="truncate">{s.userAgent}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="button-row">
          <Form method="post">
            <SubmitButton name="intent" value="signOutOthers" className="button button--secondary">
              {t("settings.signOutOthers")}
            </SubmitButton>
          </Form>
          <Form method="post">
            <SubmitButton name="intent" value="signOutEverywhere" className="button button--danger">
              {t("settings.signOutEverywhere")}
            </SubmitButton>
          </Form>
        </div>
      </section>

      <section className="card stack" aria-labelledby="tokens-title">
        <h2 id="tokens-title">{t("settings.tokens")}</h2>
        <p className="muted">{t("settings.tokensIntro")}</p>
        {tokens.length === 0 ? (
          <p>{t("settings.noTokens")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("settings.tokenLabel")}</th>
                  <th scope="col">{t("settings.created")}</th>
                  <th scope="col">{t("settings.expires")}</th>
                  <th scope="col">{t("settings.lastUsed")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("settings.revoke")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((tok) => (
                  <tr key={tok.id}>
                    <td>{tok.label}</td>
                    <td>
                      <DateTime value={tok.createdAt} />
                    </td>
                    <td>{tok.expiresAt ? <DateTime value={tok.expiresAt} /> : t("settings.never")}</td>
                    <td>{tok.lastUsedAt ? <DateTime value={tok.lastUsedAt} /> : t("settings.never")}</td>
                    <td>
                      {tok.state === "active" ? (
                        <Form method="post">
                          <input type="hidden" name="tokenId" value={tok.id} />
                          <SubmitButton
                            name="intent"
                            value="revokeToken"
                            className="button button--small button--secondary"
                          >
                            {t("settings.revoke")}
                          </SubmitButton>
                        </Form>
                      ) : (
                        <span className="badge badge--muted">
                          {t(tok.state === "revoked" ? "settings.revoked" : "settings.expired")}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="createToken" />
          <TextField
            label={t("settings.tokenLabel")}
            name="label"
            required
            maxLength={80}
            errors={failure?.fieldErrors.label}
          />
          <TextField
            label={t("settings.tokenExpires")}
            name="expiresInDays"
            type="number"
            min={1}
            max={365}
            errors={failure?.fieldErrors.expiresInDays}
          />
          <SubmitButton name="intent" value="createToken">
            {t("settings.createToken")}
          </SubmitButton>
        </Form>
      </section>
    </div>
  );
}
