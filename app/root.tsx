import { redirect, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  LiveReload,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { AppShell } from "./components/app-shell";
import { ErrorPage } from "./components/error-page";
import { SearchShortcut } from "./components/search-shortcut";
import { getCurrentUser, signInUrl } from "./lib/auth.server";
import { getPublicEnv } from "./lib/env.server";
import { DEFAULT_LOCALE, LOCALE_TAGS, type Locale } from "./lib/i18n";
import { detectLocale } from "./lib/locale.server";
import { isPublicPath } from "./lib/public-paths";
import { useRequestId } from "./lib/request-id";
import { globalAbilities } from "./policies/policy";
import appStyles from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appStyles },
  { rel: "icon", href: "/favicon.ico", sizes: "any" },
];

export const meta: MetaFunction = () => [{ title: "Solutions Exchange" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = getCurrentUser(context);
  const url = new URL(request.url);
  if (!user && !isPublicPath(url.pathname)) throw redirect(signInUrl(request));
  const locale = await detectLocale(request, user?.locale);
  return {
    locale,
    env: getPublicEnv(),
    currentPath: url.pathname.replace(/\.data$/, "") + url.search,
    user: user ? { id: user.id, displayName: user.displayName, email: user.email, role: user.role } : null,
    abilities: globalAbilities(user),
  };
}

export type RootLoaderData = Awaited<ReturnType<typeof loader>>;

export function useRootData(): RootLoaderData | undefined {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData();
  const { i18n } = useTranslation();
  const locale = (data?.locale ?? i18n.language ?? DEFAULT_LOCALE) as Locale;
  const requestId = useRequestId();
  // Signing in or saving a language reloads the page; should the locale still change during a client
  // navigation (another tab changed the profile), follow it rather than mix two languages.
  useEffect(() => {
    if (data?.locale && i18n.language !== data.locale) void i18n.changeLanguage(data.locale);
  }, [data?.locale, i18n]);
  return (
    <html lang={LOCALE_TAGS[locale] ?? "en"} data-locale={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {requestId ? <meta name="request-id" content={requestId} /> : null}
        <Meta />
        <Links />
      </head>
      <body>
        <AppShell
          locale={locale}
          currentPath={data?.currentPath ?? "/"}
          user={data?.user ?? null}
          abilities={data?.abilities ?? null}
        >
          {children}
        </AppShell>
        <SearchShortcut />
        <ScrollRestoration />
        <Scripts />
        {/* `npm run dev` (classic compiler): reloads the page after a rebuild; renders nothing in production. */}
        <LiveReload />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const requestId = useRequestId();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return <ErrorPage title={t("errors.notFoundTitle")} body={t("errors.notFoundBody")} requestId={requestId} />;
  }
  if (isRouteErrorResponse(error) && error.status < 500) {
    const message = typeof error.data === "string" ? error.data : (error.data as { message?: string })?.message;
    return (
      <ErrorPage
        title={t("errors.genericTitle", { status: error.status })}
        body={message ?? error.statusText}
        requestId={requestId}
      />
    );
  }
  return <ErrorPage title={t("errors.serverTitle")} body={t("errors.serverBody")} requestId={requestId} />;
}
