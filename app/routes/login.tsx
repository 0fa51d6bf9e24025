import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, Honeypot, SubmitButton, TextField } from "~/components/ui/form";
import { getCurrentUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { parseForm } from "~/lib/forms";
import { formFailure, formFailureFromService } from "~/lib/responses.server";
import { safeRedirect } from "~/lib/safe-redirect";
import { HONEYPOT_FIELD } from "~/lib/honeypot";
import { SignInSchema } from "~/lib/schemas/accounts";
import { serializeSessionCookie } from "~/lib/session.server";
import { isSecureRequest } from "~/lib/site.server";
import { signIn } from "~/services/accounts.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Solutions Exchange" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (getCurrentUser(context)) throw redirect(safeRedirect(url.searchParams.get("redirectTo")));
  return { signUpEnabled: getEnv().SIGNUP_EMAIL_DOMAINS.length > 0 };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = String(form.get("email") ?? "").slice(0, 254);
  if (form.get(HONEYPOT_FIELD)) return formFailure({ _form: ["errors:bot"] }, { email });
  const parsed = parseForm(SignInSchema, form);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, parsed.values);
  try {
    const session = await signIn(getDb(), {
      email: parsed.data.email,
      password: parsed.data.password,
      ip: context.clientIp,
      userAgent: request.headers.get("User-Agent"),
    });
    return redirect(safeRedirect(parsed.data.redirectTo), {
      headers: {
        "Set-Cookie": await serializeSessionCookie(session.token, session.expiresAt, isSecureRequest(request)),
      },
    });
  } catch (error) {
    return formFailureFromService(error, { email });
  }
}

export default function SignIn() {
  const { t } = useTranslation(["auth", "common"]);
  const { signUpEnabled } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = result && !result.ok ? result : undefined;
  return (
    <section className="auth-card" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t("signIn.title")}</h1>
      <p className="muted">{t("signIn.intro")}</p>
      <FormError error={errors?.formError ?? errors?.fieldErrors._form?.[0]} />
      <Form method="post" className="stack" noValidate reloadDocument>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <Honeypot name={HONEYPOT_FIELD} label={t("signIn.honeypot")} />
        <TextField
          label={t("signIn.email")}
          name="email"
          type="email"
          autoComplete="username"
          required
          maxLength={254}
          defaultValue={errors?.values?.email}
          errors={errors?.fieldErrors.email}
        />
        <TextField
          label={t("signIn.password")}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={256}
          errors={errors?.fieldErrors.password}
        />
        <SubmitButton>{t("signIn.submit")}</SubmitButton>
      </Form>
      <p className="muted">{t("signIn.noAccount")}</p>
      {signUpEnabled ? (
        <p>
          <Link to="/signup">{t("signIn.signUpLink")}</Link>
        </p>
      ) : null}
    </section>
  );
}
