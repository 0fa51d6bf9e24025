import { Form, Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LOCALE_NAMES, SUPPORTED_LOCALES, type Locale } from "~/lib/i18n";
import type { globalAbilities } from "~/policies/policy";

export interface ShellUser {
  id: string;
  displayName: string;
  email: string;
  role: string;
}

/** Header, main landmark and footer shared by every page, including error pages. */
export function AppShell({
  locale,
  currentPath,
  user,
  abilities,
  children,
}: {
  locale: Locale;
  currentPath: string;
  user: ShellUser | null;
  abilities: ReturnType<typeof globalAbilities> | null;
  children: ReactNode;
}) {
  const { t } = useTranslation(["common", "auth"]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="site-header__brand">
            <span className="site-header__logo" aria-hidden="true">
              ◆
            </span>
            {t("appName")}
          </Link>
          {user ? (
            <Form method="get" action="/search" role="search" className="site-search">
              <label htmlFor="site-search-q" className="visually-hidden">
                {t("search.label")}
              </label>
              <input
                id="site-search-q"
                type="search"
                name="q"
                placeholder={t("search.placeholder")}
                autoComplete="off"
                maxLength={200}
              />
              <button type="submit" className="visually-hidden">
                {t("search.submit")}
              </button>
            </Form>
          ) : (
            <div className="site-search" />
          )}
          {user ? (
            <nav aria-label={t("nav.primary")} className="site-nav">
              <NavLink to="/solutions" end>
                {t("nav.solutions")}
              </NavLink>
              <NavLink to="/solutions/new">{t("nav.write")}</NavLink>
              <NavLink to="/my">{t("nav.mine")}</NavLink>
              {abilities?.reviewSolutions ? <NavLink to="/review">{t("nav.review")}</NavLink> : null}
              {abilities?.manageTaxonomy ? <NavLink to="/curate/taxonomy">{t("nav.curate")}</NavLink> : null}
              {abilities?.adminAccess ? <NavLink to="/admin/users">{t("nav.admin")}</NavLink> : null}
              <NavLink to="/settings" title={t("nav.signedInAs", { name: user.displayName })}>
                {user.displayName}
              </NavLink>
              <Form method="post" action="/logout" className="site-nav__signout">
                <button type="submit" className="link-button">
                  {t("auth:signOut")}
                </button>
              </Form>
            </nav>
          ) : null}
          <LanguageSwitch locale={locale} currentPath={currentPath} />
        </div>
      </header>
      <main id="main" className="site-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t("footer.note")}</p>
      </footer>
    </>
  );
}

function LanguageSwitch({ locale, currentPath }: { locale: Locale; currentPath: string }) {
  const { t } = useTranslation();
  const other = SUPPORTED_LOCALES.find((l) => l !== locale) ?? "en";
  // A plain POST that reloads the document: works without JavaScript and re-renders every string.
  return (
    <Form method="post" action="/language" reloadDocument className="language-switch">
      <input type="hidden" name="redirectTo" value={currentPath} />
      <input type="hidden" name="locale" value={other} />
      <button
        type="submit"
        lang={other === "zh" ? "zh-Hans" : "en"}
        aria-label={`${t("language.switchTo")}: ${LOCALE_NAMES[other]}`}
      >
        {LOCALE_NAMES[other]}
      </button>
    </Form>
  );
}
