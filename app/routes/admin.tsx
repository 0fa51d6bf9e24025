import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAbility } from "~/lib/auth.server";
import { globalAbilities } from "~/policies/policy";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireAbility(request, context, "admin.access");
  return { abilities: globalAbilities(user) };
}

export default function AdminLayout() {
  const { t } = useTranslation("admin");
  const { abilities } = useLoaderData<typeof loader>();
  return (
    <div className="admin-layout">
      <nav className="tabs" aria-label={t("title")}>
        <NavLink to="/admin/users">{t("nav.users")}</NavLink>
        {abilities.manageSubsidiaries ? <NavLink to="/admin/subsidiaries">{t("nav.subsidiaries")}</NavLink> : null}
        {abilities.readAudit ? <NavLink to="/admin/audit">{t("nav.audit")}</NavLink> : null}
      </nav>
      <Outlet />
    </div>
  );
}
