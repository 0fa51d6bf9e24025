import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, Honeypot, SelectField, SubmitButton, TextField } from "~/components/ui/form";
import { getDb } from "~/lib/db.server";
import { formValues, parseForm } from "~/lib/forms";
import { formFailure, formFailureFromService } from "~/lib/responses.server";
import { HONEYPOT_FIELD } from "~/lib/honeypot";
import { AcceptInvitationSchema } from "~/lib/schemas/accounts";
import { serializeSessionCookie } from "~/lib/session.server";
import { isSecureRequest } from "~/lib/site.server";
import { useLooseT } from "~/lib/use-loose-t";
import { acceptInvitation, getInvitation } from "~/services/users.server";

export const meta: MetaFunction = () => [{ title: "Invitation · Solutions Exchange" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const result = await getInvitation(getDb(), params.token ?? "");
  if (!result.invitation) {
    // An unusable link is the visitor's problem to report, not a server error: 410 for spent links.
    return data({ problem: result.problem, invitation: null }, { status: result.problem === "invalid" ? 404 : 410 });
  }
  return { problem: null, invitation: result.invitation };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  if (form.get(HONEYPOT_FIELD)) return formFailure({ _form: ["errors:bot"] });
  const parsed = parseForm(AcceptInvitationSchema, form);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, parsed.values);
  try {
    const { session } = await acceptInvitation(getDb(), params.token ?? "", parsed.data, {
      ip: context.clientIp,
      userAgent: request.headers.get("User-Agent"),
    });
    return redirect("/", {
      headers: {
        "Set-Cookie": await serializeSessionCookie(session.token, session.expiresAt, isSecureRequest(request)),
      },
    });
  } catch (error) {
    return formFailureFromService(error, formValues(form));
  }
}

export default function AcceptInvitation() {
  const { t, i18n } = useTranslation(["auth", "common"]);
  const lt = useLooseT();
  const { problem, invitation } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : undefined;
  if (!invitation) {
    return (
      <section className="auth-card">
        <h1>{t("invitation.title")}</h1>
        <p className="notice notice--error" role="alert">
          {lt(`errors:link_${problem}`)}
        </p>
      </section>
    );
  }
  const subsidiary = i18n.language === "zh" ? invitation.subsidiaryNameZh : invitation.subsidiaryNameEn;
  return (
    <section className="auth-card" aria-labelledby="invitation-title">
      <h1 id="invitation-title">{t("invitation.title")}</h1>
      <p>{t("invitation.intro", { role: lt(`auth:roles.${invitation.role}`), subsidiary })}</p>
      <FormError error={failure?.formError ?? failure?.fieldErrors._form?.[0]} />
      <Form method="post" className="stack" noValidate reloadDocument>
        <Honeypot name={HONEYPOT_FIELD} label={t("signIn.honeypot")} />
        <TextField
          label={t("signIn.email")}
          value={invitation.email}
          readOnly
          name="emailShown"
          autoComplete="username"
        />
        <TextField
          label={t("invitation.displayName")}
          name="displayName"
          required
          maxLength={100}
          autoComplete="name"
          defaultValue={failure?.values?.displayName}
          errors={failure?.fieldErrors.displayName}
        />
        <TextField
          label={t("fields.newPassword")}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={256}
          hint={t("fields.passwordHint")}
          errors={failure?.fieldErrors.password}
        />
        <TextField
          label={t("fields.confirmPassword")}
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          errors={failure?.fieldErrors.confirmPassword}
        />
        <SelectField
          label={t("fields.locale")}
          name="locale"
          defaultValue={failure?.values?.locale ?? i18n.language}
          options={[
            { value: "en", label: "English" },
            { value: "zh", label: "简体中文" },
          ]}
        />
        <SubmitButton>{t("invitation.submit")}</SubmitButton>
      </Form>
    </section>
  );
}
