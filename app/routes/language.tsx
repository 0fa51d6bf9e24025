import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getCurrentUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { isLocale } from "~/lib/i18n";
import { localeCookie } from "~/lib/locale.server";
import { safeRedirect } from "~/lib/safe-redirect";
import { updateUser } from "~/models/user.server";

/**
 * Saves the reader's language in a cookie (and, when signed in, as their preference, which otherwise
 * wins over the cookie) and goes back to where they were.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get("locale");
  if (!isLocale(locale)) {
    return new Response("Unknown language", { status: 400 });
  }
  const user = getCurrentUser(context);
  if (user && user.locale !== locale) await updateUser(getDb(), user.id, { locale });
  return redirect(safeRedirect(form.get("redirectTo")), {
    headers: { "Set-Cookie": await localeCookie.serialize(locale) },
  });
}

export function loader() {
  return redirect("/");
}
