import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { readImage } from "~/services/images.server";
import { NotFoundError } from "~/services/errors";

/** GET /images/<id>: the bytes, only for people who may read the write-up it belongs to. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = requireUser(request, context);
  try {
    const image = await readImage(getDb(), actor, params.id ?? "");
    return new Response(Buffer.from(image.data), {
      headers: {
        "Content-Type": image.contentType,
        "Content-Length": String(image.data.byteLength),
        "Content-Disposition": "inline",
        "X-Content-Type-Options": "nosniff",
        // Private: permissions depend on who asks. Immutable: an id's bytes never change.
        "Cache-Control": "private, max-age=31536000, immutable",
        ETag: `"${image.sha256}"`,
        "Content-Security-Policy": "default-src 'none'; sandbox",
      },
    });
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response("Not found", { status: 404 });
    throw error;
  }
}
