import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { getSubsidiaryById } from "~/models/subsidiary.server";
import { jsonResponse } from "~/lib/json-response.server";

/** GET /api/v1/me: who the token (or session) belongs to. */
export async function loader({ context }: LoaderFunctionArgs) {
  const user = requireApiUser(context);
  const subsidiary = await getSubsidiaryById(getDb(), user.subsidiaryId);
  return jsonResponse({
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    subsidiary: subsidiary ? { code: subsidiary.code, name: subsidiary.nameEn, nameZh: subsidiary.nameZh } : null,
  });
}
