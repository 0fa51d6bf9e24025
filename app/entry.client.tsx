import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { createI18n, DEFAULT_LOCALE, isLocale } from "./lib/i18n";
import { RequestIdContext, trackDataRequestIds } from "./lib/request-id";

const lang = document.documentElement.dataset.locale;
const i18n = createI18n(isLocale(lang) ? lang : DEFAULT_LOCALE);
const requestId = document.querySelector<HTMLMetaElement>('meta[name="request-id"]')?.content;
// Error pages after a client-side navigation show the failing data request's id, not the document's.
trackDataRequestIds(window);

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RequestIdContext.Provider value={requestId}>
        <I18nextProvider i18n={i18n}>
          <RemixBrowser />
        </I18nextProvider>
      </RequestIdContext.Provider>
    </StrictMode>,
  );
});
