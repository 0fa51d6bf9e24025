import { isRouteErrorResponse } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorPage } from "~/components/error-page";

/** The code the search loader puts in its 500 when the search could not run with the reader's rights. */
export const SEARCH_FAILED_CODE = "search_failed";

/**
 * What /search shows when its loader failed. A search that could not be run with the reader's
 * permission filter says so in the reader's language (the request failed on purpose: it never falls
 * back to unfiltered results); anything else looks like the site-wide error page.
 */
export function SearchErrorPage({ error, requestId }: { error: unknown; requestId?: string }) {
  const { t } = useTranslation(["common", "search"]);
  if (isRouteErrorResponse(error)) {
    const payload = error.data as { code?: unknown; message?: unknown } | string | null;
    if (typeof payload === "object" && payload?.code === SEARCH_FAILED_CODE) {
      return <ErrorPage title={t("search:failed.title")} body={t("search:failed.body")} requestId={requestId} />;
    }
    if (error.status === 404) {
      return <ErrorPage title={t("errors.notFoundTitle")} body={t("errors.notFoundBody")} requestId={requestId} />;
    }
    if (error.status < 500) {
      const message = typeof payload === "string" ? payload : String(payload?.message ?? error.statusText);
      return (
        <ErrorPage title={t("errors.genericTitle", { status: error.status })} body={message} requestId={requestId} />
      );
    }
  }
  return <ErrorPage title={t("errors.serverTitle")} body={t("errors.serverBody")} requestId={requestId} />;
}
