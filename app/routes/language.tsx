import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLocale } from "~/lib/i18n";
import { localeCookie } from "~/lib/locale.server";
import { safeRedirect } from "~/lib/safe-redirect";

/** Saves the reader's language in a cookie and goes back to where they were. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get("locale");
  if (!isLocale(locale)) {
    return new Response("Unknown language", { status: 400 });
  }
  return redirect(safeRedirect(form.get("redirectTo")), {
    headers: { "Set-Cookie": await localeCookie.serialize(locale) },
  });
}

export function loader() {
  return redirect("/");
}
