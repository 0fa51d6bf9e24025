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
import { apiError, apiErrorFromService } from "~/lib/responses.server";
import { uploadImage } from "~/services/images.server";

/** POST /images (multipart: file, solutionId): the editor's upload endpoint; answers JSON. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireApiUser(context);
  if (request.method !== "POST") return apiError(405, "method_not_allowed", "Use POST.");
  const max = getEnv().UPLOAD_MAX_BYTES;
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: max }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return apiError(413, "too_large", `The image is larger than ${Math.round(max / 1048576)} MB.`);
    }
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
    return apiErrorFromService(error);
  }
}

export function loader({ context }: LoaderFunctionArgs) {
  requireApiUser(context);
  return apiError(405, "method_not_allowed", "Upload with POST; images are served at /images/<id>.");
}
