import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * Previous/next links that keep every other query parameter: works without JavaScript. With `asOf`
 * (the snapshot time the list was read at) the links carry it, so later pages leave out what was
 * published meanwhile and nothing shifts between pages.
 */
export function Pagination({ page, pages, asOf }: { page: number; pages: number; asOf?: string }) {
  const { t } = useTranslation("admin");
  const location = useLocation();
  if (pages <= 1) return null;
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(target));
    if (asOf) params.set("asOf", asOf);
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <nav className="pagination" aria-label={t("pagination.label")}>
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} rel="prev">
          {t("pagination.previous")}
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
      <span>{t("pagination.page", { page, pages })}</span>
      {page < pages ? (
        <Link to={hrefFor(page + 1)} rel="next">
          {t("pagination.next")}
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
    </nav>
  );
}

/** Reads ?page= safely: junk or out-of-range values become page 1. */
export function readPage(url: URL, max = 10_000): number {
  const page = Number.parseInt(url.searchParams.get("page") ?? "1", 10);
  return Number.isInteger(page) && page >= 1 && page <= max ? page : 1;
}
