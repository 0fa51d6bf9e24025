import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function ErrorPage({ title, body, requestId }: { title: string; body: string; requestId?: string }) {
  const { t } = useTranslation();
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{title}</h1>
      <p>{body}</p>
      {requestId ? <p className="error-page__reference">{t("errors.reference", { requestId })}</p> : null}
      <p>
        <Link to="/" className="button">
          {t("errors.goHome")}
        </Link>
      </p>
    </section>
  );
}
