import { redirect, type AppLoadContext } from "@remix-run/node";
import { can, type Action, type PolicyResources } from "~/policies/policy";
import { safeRedirect } from "./safe-redirect";
import type { SessionUser } from "./session.server";
import { apiError } from "./responses.server";

/**
 * The one place loaders and actions learn who is asking. The Express layer authenticated the request
 * (cookie or API token) before Remix ran; here we only read the result and refuse when needed.
 */
export function getCurrentUser(context: AppLoadContext): SessionUser | null {
  return context.auth?.user ?? null;
}

export function signInUrl(request: Request): string {
  const url = new URL(request.url);
  const back = safeRedirect(url.pathname + url.search, "/");
  return back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`;
}

/** Pages: anonymous visitors go to the sign-in page and come back afterwards. */
export function requireUser(request: Request, context: AppLoadContext): SessionUser {
  const user = getCurrentUser(context);
  if (!user) throw redirect(signInUrl(request));
  return user;
}

/** JSON API: anonymous (or bad token) is a 401, never a redirect. */
export function requireApiUser(context: AppLoadContext): SessionUser {
  const user = getCurrentUser(context);
  if (!user) {
    const message =
      context.auth?.via === "token"
        ? "The API token is invalid, expired or revoked."
        : "Sign in or send an API token: Authorization: Bearer <token>.";
    throw apiError(401, "unauthorized", message);
  }
  return user;
}

type ResourceArgs<A extends Action> = PolicyResources[A] extends undefined ? [] : [PolicyResources[A]];

/** A page's action that the user may not take: 403 (use NotFound for records they may not see). */
export function requireAbility<A extends Action>(
  request: Request,
  context: AppLoadContext,
  action: A,
  ...resource: ResourceArgs<A>
): SessionUser {
  const user = requireUser(request, context);
  if (!can(user, action, ...resource)) {
    throw new Response("You do not have permission to do that.", { status: 403 });
  }
  return user;
}
