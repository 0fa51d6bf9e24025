import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/lib/auth.server";
import { globalAbilities } from "~/policies/policy";

/** Headquarters curation: one set of tabs over the taxonomy, synonyms and import pages. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const abilities = globalAbilities(user);
  if (!abilities.manageTaxonomy && !abilities.manageSynonyms && !abilities.runImport) {
    throw new Response("Only curators and administrators curate the catalog.", { status: 403 });
  }
  return { abilities };
}

export default function CurateLayout() {
  const { t } = useTranslation("common");
  const { abilities } = useLoaderData<typeof loader>();
  return (
    <div>
      <nav className="tabs" aria-label={t("curate.title")}>
        {abilities.manageTaxonomy ? <NavLink to="/curate/taxonomy">{t("curate.taxonomy")}</NavLink> : null}
        {abilities.manageSynonyms ? <NavLink to="/curate/synonyms">{t("curate.synonyms")}</NavLink> : null}
        {abilities.runImport ? <NavLink to="/curate/import">{t("curate.import")}</NavLink> : null}
      </nav>
      <Outlet />
    </div>
  );
}
