import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, SubmitButton, TextField } from "~/components/ui/form";
import { getDb } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { formFailure, formFailureFromService } from "~/lib/responses.server";
import { ResetPasswordSchema } from "~/lib/schemas/accounts";
import { serializeSessionCookie } from "~/lib/session.server";
import { isSecureRequest } from "~/lib/site.server";
import { useLooseT } from "~/lib/use-loose-t";
import { getPasswordReset, resetPassword } from "~/services/users.server";

export const meta: MetaFunction = () => [{ title: "Reset password · Solutions Exchange" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const result = await getPasswordReset(getDb(), params.token ?? "");
  if (!result.email)
    return data({ problem: result.problem, email: null }, { status: result.problem === "invalid" ? 404 : 410 });
  return { problem: null, email: result.email };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = parseForm(ResetPasswordSchema, form);
  if (!parsed.ok) return formFailure(parsed.fieldErrors);
  try {
    const session = await resetPassword(getDb(), params.token ?? "", parsed.data.password, {
      ip: context.clientIp,
      userAgent: request.headers.get("User-Agent"),
    });
    return redirect("/", {
      headers: {
        "Set-Cookie": await serializeSessionCookie(session.token, session.expiresAt, isSecureRequest(request)),
      },
    });
  } catch (error) {
    return formFailureFromService(error);
  }
}

export default function ResetPassword() {
  const { t } = useTranslation(["auth", "common"]);
  const lt = useLooseT();
  const { problem, email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : undefined;
  return (
    <section className="auth-card" aria-labelledby="reset-title">
      <h1 id="reset-title">{t("reset.title")}</h1>
      {email ? (
        <>
          <p>{t("reset.intro", { email })}</p>
          <FormError error={failure?.formError} />
          <Form method="post" className="stack" noValidate reloadDocument>
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
            <SubmitButton>{t("reset.submit")}</SubmitButton>
          </Form>
        </>
      ) : (
        <p className="notice notice--error" role="alert">
          {lt(`errors:link_${problem}`)}
        </p>
      )}
    </section>
  );
}
