import {
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  MaxPartSizeExceededError,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { requireApiUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { createI18n } from "~/lib/i18n";
import { detectLocale } from "~/lib/locale.server";
import { apiError, apiErrorFromService } from "~/lib/responses.server";
import type { LooseT } from "~/lib/use-loose-t";
import { ValidationError } from "~/services/errors";
import { imageLimitMegabytes, uploadImage } from "~/services/images.server";

/**
 * POST /images (multipart: file, solutionId): the editor's upload endpoint; answers JSON. A file that
 * is too large or not an image is a 400 whose message is in the uploader's language.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireApiUser(context);
  if (request.method !== "POST") return apiError(405, "method_not_allowed", "Use POST.");
  const max = getEnv().UPLOAD_MAX_BYTES;
  const t = createI18n(await detectLocale(request, actor.locale)).t as unknown as LooseT;
  const refuse = (code: string, key: string) =>
    apiError(400, code, t(key, { max: imageLimitMegabytes(max) }), { fields: { file: [key] } });
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: max }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return refuse("too_large", "solutions:images.tooLarge");
    return apiError(400, "bad_upload", "Send the image as multipart/form-data with fields file and solutionId.");
  }
  const file = form.get("file");
  const solutionId = form.get("solutionId");
  if (!(file instanceof Blob) || typeof solutionId !== "string") {
    return apiError(400, "bad_upload", "Send the image as multipart/form-data with fields file and solutionId.");
  }
  try {
    const image = await uploadImage(getDb(), actor, solutionId, new Uint8Array(await file.arrayBuffer()));
    return Response.json({ src: image.src, id: image.id }, { status: 201 });
  } catch (error) {
    const key = error instanceof ValidationError ? error.fieldErrors.file?.[0] : undefined;
    if (key)
      return refuse((error as ValidationError).code === "invalid" ? "missing" : (error as ValidationError).code, key);
    return apiErrorFromService(error);
  }
}

export function loader({ context }: LoaderFunctionArgs) {
  requireApiUser(context);
  return apiError(405, "method_not_allowed", "Upload with POST; images are served at /images/<id>.");
}
