import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireAbility } from "~/lib/auth.server";

export function loader({ request, context }: LoaderFunctionArgs) {
  requireAbility(request, context, "taxonomy.manage");
  return redirect("/curate/taxonomy");
}
