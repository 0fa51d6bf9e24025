import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~/lib/db.server";
import { serializeClearedSessionCookie } from "~/lib/session.server";
import { isSecureRequest } from "~/lib/site.server";
import { signOut } from "~/services/accounts.server";

export async function action({ request, context }: ActionFunctionArgs) {
  if (context.auth.sessionId) await signOut(getDb(), context.auth.sessionId);
  return redirect("/login", {
    headers: { "Set-Cookie": await serializeClearedSessionCookie(isSecureRequest(request)) },
  });
}

/** Signing out changes data, so it is POST only; a GET just goes home. */
export function loader() {
  return redirect("/");
}
