import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, Honeypot, SelectField, SubmitButton, TextField } from "~/components/ui/form";
import { getCurrentUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { formValues, parseForm } from "~/lib/forms";
import { formFailure, formFailureFromService } from "~/lib/responses.server";
import { HONEYPOT_FIELD } from "~/lib/honeypot";
import { SignUpSchema } from "~/lib/schemas/accounts";
import { serializeSessionCookie } from "~/lib/session.server";
import { isSecureRequest } from "~/lib/site.server";
import { listSubsidiaries } from "~/models/subsidiary.server";
import { signUp } from "~/services/users.server";

export const meta: MetaFunction = () => [{ title: "Create an account · Solutions Exchange" }];

export async function loader({ context }: LoaderFunctionArgs) {
  if (getCurrentUser(context)) throw redirect("/");
  const domains = getEnv().SIGNUP_EMAIL_DOMAINS;
  if (!domains.length) return { domains, subsidiaries: [] };
  const subsidiaries = await listSubsidiaries(getDb());
  return { domains, subsidiaries: subsidiaries.map((s) => ({ id: s.id, label: `${s.nameEn} · ${s.nameZh}` })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const domains = getEnv().SIGNUP_EMAIL_DOMAINS;
  if (!domains.length) throw new Response("Self sign-up is not enabled.", { status: 404 });
  const form = await request.formData();
  if (form.get(HONEYPOT_FIELD)) return formFailure({ _form: ["errors:bot"] });
  const parsed = parseForm(SignUpSchema, form);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, parsed.values);
  try {
    const { session } = await signUp(getDb(), parsed.data, {
      allowedDomains: domains,
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

export default function SignUp() {
  const { t, i18n } = useTranslation(["auth", "common"]);
  const { domains, subsidiaries } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : undefined;
  if (!domains.length) {
    return (
      <section className="auth-card">
        <h1>{t("signUp.title")}</h1>
        <p>{t("signUp.disabled")}</p>
      </section>
    );
  }
  return (
    <section className="auth-card" aria-labelledby="signup-title">
      <h1 id="signup-title">{t("signUp.title")}</h1>
      <p className="muted">{t("signUp.intro", { domains: domains.map((d) => `@${d}`).join(", ") })}</p>
      <FormError error={failure?.formError ?? failure?.fieldErrors._form?.[0]} />
      <Form method="post" className="stack" noValidate reloadDocument>
        <Honeypot name={HONEYPOT_FIELD} label={t("signIn.honeypot")} />
        <TextField
          label={t("signIn.email")}
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={failure?.values?.email}
          errors={failure?.fieldErrors.email}
        />
        <TextField
          label={t("invitation.displayName")}
          name="displayName"
          required
          maxLength={100}
          defaultValue={failure?.values?.displayName}
          errors={failure?.fieldErrors.displayName}
        />
        <SelectField
          label={t("signUp.subsidiary")}
          name="subsidiaryId"
          defaultValue={failure?.values?.subsidiaryId}
          options={subsidiaries.map((s) => ({ value: s.id, label: s.label }))}
          errors={failure?.fieldErrors.subsidiaryId}
        />
        <TextField
          label={t("fields.newPassword")}
          name="password"
          type="password"
          autoComplete="new-password"
          required
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
        <input type="hidden" name="locale" value={i18n.language} />
        <SubmitButton>{t("signUp.submit")}</SubmitButton>
      </Form>
    </section>
  );
}
