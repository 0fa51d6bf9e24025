import { evaluateCondition } from "./condition";
import { LEAD_ASSIGNABLE_ROLES, type Actor, type Role } from "./roles";
import { readableSolutions, type SolutionStatus, type Visibility } from "./solution-visibility";
import { isUserInScope, viewableUsers } from "./user-visibility";

/** The facts about a write-up that permission rules look at. */
export interface SolutionRef {
  subsidiaryId: string;
  status: SolutionStatus;
  visibility: Visibility;
  authorIds: readonly string[];
}

/** The facts about a reuse record that permission rules look at. */
export interface ReuseRef {
  /** Who recorded it (null once that account is gone). */
  userId: string | null;
  /** The reusing subsidiary. */
  subsidiaryId: string;
}

/** The facts about a user account that permission rules look at. */
export interface UserRef {
  id: string;
  role: Role;
  subsidiaryId: string;
}

/** Every action, with the resource it is about (undefined: about nothing in particular). */
export interface PolicyResources {
  "admin.access": undefined;
  "subsidiary.manage": undefined;
  "audit.read": undefined;
  "user.list": undefined;
  "user.view": { target: UserRef };
  "user.invite": { subsidiaryId: string; role: Role };
  "user.changeRole": { target: UserRef; role: Role };
  "user.changeSubsidiary": { target: UserRef };
  "user.deactivate": { target: UserRef };
  "user.issueReset": { target: UserRef };
  "taxonomy.manage": undefined;
  "synonyms.manage": undefined;
  "featured.manage": undefined;
  "collections.manage": undefined;
  "evaluations.manage": undefined;
  "kpis.read": undefined;
  "import.run": undefined;
  "solution.read": SolutionRef;
  "solution.create": { subsidiaryId: string };
  "solution.edit": SolutionRef;
  "solution.submit": SolutionRef;
  "solution.review": SolutionRef;
  "solution.archive": SolutionRef;
  "solution.restore": SolutionRef;
  "solution.readPending": SolutionRef;
  "solution.delete": SolutionRef;
  "solution.feature": SolutionRef;
  "solution.recordReuse": SolutionRef;
  "solution.withdrawReuse": ReuseRef;
}

export type Action = keyof PolicyResources;

type ResourceArgs<A extends Action> = PolicyResources[A] extends undefined ? [] : [PolicyResources[A]];

const isAdmin = (actor: Actor) => actor.role === "admin";
const isCurator = (actor: Actor) => actor.role === "curator" || actor.role === "admin";
const leadOf = (actor: Actor, subsidiaryId: string) => actor.role === "lead" && actor.subsidiaryId === subsidiaryId;
const isAuthor = (actor: Actor, solution: SolutionRef) => solution.authorIds.includes(actor.id);

/** A lead may manage members and leads of their own subsidiary; an admin anyone but themselves. */
function managesUser(actor: Actor, target: UserRef): boolean {
  if (actor.id === target.id) return false;
  if (isAdmin(actor)) return true;
  return leadOf(actor, target.subsidiaryId) && LEAD_ASSIGNABLE_ROLES.includes(target.role);
}

function mayEditSolution(actor: Actor, solution: SolutionRef): boolean {
  if (isAdmin(actor) || leadOf(actor, solution.subsidiaryId)) return true;
  return isAuthor(actor, solution) && actor.subsidiaryId === solution.subsidiaryId && solution.status !== "archived";
}

type Rules = { [A in Action]: (actor: Actor, resource: PolicyResources[A]) => boolean };

const rules: Rules = {
  "admin.access": (actor) => isAdmin(actor) || actor.role === "lead",
  "subsidiary.manage": isAdmin,
  "audit.read": isAdmin,
  "user.list": (actor) => isAdmin(actor) || actor.role === "lead",
  // The same scope filters the user list (app/models/user.server.ts), so list and check agree.
  "user.view": (actor, { target }) => isUserInScope(viewableUsers(actor), target),
  "user.invite": (actor, { subsidiaryId, role }) =>
    isAdmin(actor) || (leadOf(actor, subsidiaryId) && LEAD_ASSIGNABLE_ROLES.includes(role)),
  "user.changeRole": (actor, { target, role }) =>
    managesUser(actor, target) && (isAdmin(actor) || LEAD_ASSIGNABLE_ROLES.includes(role)),
  "user.changeSubsidiary": (actor, { target }) => isAdmin(actor) && actor.id !== target.id,
  "user.deactivate": (actor, { target }) => managesUser(actor, target),
  "user.issueReset": (actor, { target }) => managesUser(actor, target),
  "taxonomy.manage": isCurator,
  "synonyms.manage": isCurator,
  "featured.manage": isCurator,
  "collections.manage": isCurator,
  "evaluations.manage": isCurator,
  "kpis.read": isCurator,
  "import.run": isCurator,
  "solution.read": (actor, solution) => evaluateCondition(readableSolutions(actor), solution),
  "solution.create": (actor, { subsidiaryId }) => isAdmin(actor) || actor.subsidiaryId === subsidiaryId,
  "solution.edit": mayEditSolution,
  "solution.submit": (actor, solution) => solution.status === "draft" && mayEditSolution(actor, solution),
  "solution.review": (actor, solution) =>
    (solution.status === "in_review" || solution.status === "draft") &&
    (isAdmin(actor) || leadOf(actor, solution.subsidiaryId)),
  "solution.archive": (actor, solution) =>
    solution.status === "published" && (isAdmin(actor) || leadOf(actor, solution.subsidiaryId)),
  "solution.restore": (actor, solution) =>
    solution.status === "archived" && (isAdmin(actor) || leadOf(actor, solution.subsidiaryId)),
  // Revisions above the live one are unapproved edits: only those who may edit or review see them.
  "solution.readPending": (actor, solution) =>
    mayEditSolution(actor, solution) || isAdmin(actor) || leadOf(actor, solution.subsidiaryId),
  // Authors may delete their own write-up while it has never been published (a published write-up
  // never returns to draft or in review, so the status tells); leads of the owning subsidiary and
  // admins may delete any (the UI asks them to archive instead and to type the title to confirm).
  "solution.delete": (actor, solution) =>
    isAdmin(actor) ||
    leadOf(actor, solution.subsidiaryId) ||
    (isAuthor(actor, solution) &&
      actor.subsidiaryId === solution.subsidiaryId &&
      (solution.status === "draft" || solution.status === "in_review")),
  // Curators pick best practices among live write-ups (and may take the badge off again).
  "solution.feature": (actor, solution) => isCurator(actor) && solution.status === "published",
  // Anyone who may read a live write-up may say their team reuses it; the record is always for the
  // recorder's own subsidiary (the service takes it from the account, never from the form).
  "solution.recordReuse": (actor, solution) =>
    solution.status === "published" && evaluateCondition(readableSolutions(actor), solution),
  "solution.withdrawReuse": (actor, reuse) =>
    isAdmin(actor) || (reuse.userId !== null && reuse.userId === actor.id) || leadOf(actor, reuse.subsidiaryId),
};

/** Every action the policy knows, read from the rules themselves (the policy table test walks it). */
export const ACTIONS = Object.keys(rules) as Action[];

/**
 * The one permission check. Pure, so it runs on the server (where it is enforced) and in the browser
 * (where it only hides buttons). An anonymous actor may do nothing.
 */
export function can<A extends Action>(
  actor: Actor | null | undefined,
  action: A,
  ...resource: ResourceArgs<A>
): boolean {
  if (!actor) return false;
  const rule = rules[action] as (actor: Actor, resource: PolicyResources[A] | undefined) => boolean;
  return rule(actor, resource[0] as PolicyResources[A] | undefined);
}

/** The actions a user may take with no particular resource, for the UI (menus, links). */
export function globalAbilities(actor: Actor | null | undefined) {
  return {
    adminAccess: can(actor, "admin.access"),
    manageSubsidiaries: can(actor, "subsidiary.manage"),
    readAudit: can(actor, "audit.read"),
    listUsers: can(actor, "user.list"),
    manageTaxonomy: can(actor, "taxonomy.manage"),
    manageSynonyms: can(actor, "synonyms.manage"),
    manageFeatured: can(actor, "featured.manage"),
    manageCollections: can(actor, "collections.manage"),
    manageEvaluations: can(actor, "evaluations.manage"),
    readKpis: can(actor, "kpis.read"),
    runImport: can(actor, "import.run"),
    reviewSolutions: actor?.role === "lead" || actor?.role === "admin",
  };
}
