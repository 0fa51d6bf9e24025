import { data, type ActionFunctionArgs } from "@remix-run/node";
import { getCurrentUser } from "~/lib/auth.server";
import { createI18n } from "~/lib/i18n";
import { detectLocale } from "~/lib/locale.server";
import type { FormFailure } from "~/lib/responses.server";

/**
 * Not a page: the HTTP layer sends a JavaScript form submission here (a `.data` request) when its body
 * is over the size limit, instead of reading it. Answering from a route lets Remix encode the refusal
 * as the action result the page expects, so the form (e.g. the editor's autosave) shows the message
 * instead of failing; the body is never read. `limit` is the limit in MB, set by the HTTP layer.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const limit = Number(new URL(request.url).searchParams.get("limit"));
  const megabytes = Number.isFinite(limit) && limit > 0 && limit < 100_000 ? limit : 4;
  const locale = await detectLocale(request, getCurrentUser(context)?.locale);
  const formError = createI18n(locale).t("errors:http.formTooLarge", { megabytes });
  return data<FormFailure>({ ok: false, fieldErrors: {}, formError }, { status: 400 });
}

export function loader() {
  throw new Response("Not found.", { status: 404 });
}
