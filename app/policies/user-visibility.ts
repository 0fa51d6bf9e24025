import type { Actor } from "./roles";

/**
 * Which user accounts someone may see, as data: the accounts of whole subsidiaries plus a few single
 * accounts. The single check (`can(actor, "user.view", ...)`) evaluates it with `isUserInScope`; the user
 * list and the open-invitations list turn the same value into SQL (app/models), so a list can never show
 * an account the single check refuses, nor hide one it allows.
 */
export interface UserScope {
  /** Every account in these subsidiaries ("all": every subsidiary). */
  subsidiaryIds: "all" | readonly string[];
  /** And these accounts wherever they are (one's own account). */
  userIds: readonly string[];
}

/**
 * - admins: everyone;
 * - leads: everyone in their own subsidiary;
 * - everyone: their own account.
 */
export function viewableUsers(actor: Actor): UserScope {
  if (actor.role === "admin") return { subsidiaryIds: "all", userIds: [] };
  if (actor.role === "lead") return { subsidiaryIds: [actor.subsidiaryId], userIds: [actor.id] };
  return { subsidiaryIds: [], userIds: [actor.id] };
}

export function isUserInScope(scope: UserScope, user: { id: string; subsidiaryId: string }): boolean {
  if (scope.subsidiaryIds === "all") return true;
  return scope.subsidiaryIds.includes(user.subsidiaryId) || scope.userIds.includes(user.id);
}

/**
 * Open invitations are not accounts yet: they belong to the subsidiary they invite into, so the
 * subsidiary part of the scope decides.
 */
export function isInvitationInScope(scope: UserScope, invitation: { subsidiaryId: string }): boolean {
  return scope.subsidiaryIds === "all" || scope.subsidiaryIds.includes(invitation.subsidiaryId);
}
