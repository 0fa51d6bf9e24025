import { data } from "@remix-run/node";
import type { FormFailure } from "./responses.server";

/** The `intent` of a page with several forms; anything unknown is a 400, never a silent no-op. */
export function readIntent<T extends string>(form: FormData, allowed: readonly T[]): T {
  const intent = form.get("intent");
  if (typeof intent === "string" && (allowed as readonly string[]).includes(intent)) return intent as T;
  throw data<FormFailure>({ ok: false, fieldErrors: {}, formError: "errors:unknownIntent" }, { status: 400 });
}
