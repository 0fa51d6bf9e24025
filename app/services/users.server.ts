import { now } from "~/lib/clock.server";
import type { Db, Role } from "~/lib/db.server";
import { sendMail } from "~/lib/mail.server";
import { findPasswordProblem, hashPassword } from "~/lib/password.server";
import { generateSecretToken, parseSecretToken, secretMatches } from "~/lib/secret-token.server";
import { createSession, type SessionUser } from "~/lib/session.server";
import {
  findAccountLink,
  findAccountLinkForUpdate,
  insertAccountLink,
  markAccountLinkUsed,
  revokeOpenAccountLinks,
} from "~/models/account-link.server";
import { writeAuditLog } from "~/models/audit-log.server";
import { getSubsidiaryById } from "~/models/subsidiary.server";
import { getUserByEmail, getUserById, insertUser, normalizeEmail, updateUser } from "~/models/user.server";
import { can } from "~/policies/policy";
import { endAllAccess } from "./access.server";
import { ForbiddenError, NotFoundError, ServiceError, ValidationError } from "./errors";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const PASSWORD_RESET_TTL_MS = 24 * 60 * 60 * 1000;

export interface IssuedLink {
  url: string;
  expiresAt: Date;
  emailed: boolean;
}

async function requireTarget(db: Db, actor: SessionUser, userId: string) {
  const target = await getUserById(db, userId);
  // A lead asking about someone outside their subsidiary learns nothing, not even that they exist.
  if (!target || !can(actor, "user.view", { target })) throw new NotFoundError("No such user.");
  return target;
}

async function requireActiveSubsidiary(db: Db, subsidiaryId: string) {
  const subsidiary = await getSubsidiaryById(db, subsidiaryId);
  if (!subsidiary || subsidiary.archivedAt)
    throw new ValidationError({ subsidiaryId: ["admin:errors.unknownSubsidiary"] });
  return subsidiary;
}

export async function inviteUser(
  db: Db,
  actor: SessionUser,
  input: { email: string; role: Role; subsidiaryId: string },
  options: { baseUrl: string },
): Promise<IssuedLink> {
  const email = normalizeEmail(input.email);
  const subsidiary = await requireActiveSubsidiary(db, input.subsidiaryId);
  if (!can(actor, "user.invite", { subsidiaryId: subsidiary.id, role: input.role })) {
    throw new ForbiddenError("You may not invite someone with that role to that subsidiary.", "role_not_allowed");
  }
  if (await getUserByEmail(db, email)) throw new ValidationError({ email: ["admin:errors.emailTaken"] });

  const token = generateSecretToken();
  const expiresAt = new Date(now().getTime() + INVITATION_TTL_MS);
  await db.transaction().execute(async (tx) => {
    await revokeOpenAccountLinks(tx, "invitation", email, now());
    await insertAccountLink(tx, {
      id: token.id,
      kind: "invitation",
      secretHash: token.secretHash,
      email,
      userId: null,
      subsidiaryId: subsidiary.id,
      role: input.role,
      createdBy: actor.id,
      expiresAt,
    });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "user.invited",
      targetType: "invitation",
      targetId: token.id,
      subsidiaryId: subsidiary.id,
      details: { email, role: input.role },
    });
  });
  const url = `${options.baseUrl}/invitations/${token.token}`;
  const emailed = await sendMail({
    to: email,
    subject: "You are invited to the Solutions Exchange",
    text: `${actor.displayName} invited you to the Solutions Exchange (${subsidiary.nameEn}).\n\nSet your name and password here (the link works once, until ${expiresAt.toUTCString()}):\n${url}\n`,
  });
  return { url, expiresAt, emailed };
}

/** Why a link cannot be used: each has its own message for the person holding it. */
export type LinkProblem = "invalid" | "expired" | "used";

async function lookUpLink(db: Db, presented: string, kind: "invitation" | "password_reset") {
  const parsed = parseSecretToken(presented);
  if (!parsed) return { problem: "invalid" as LinkProblem };
  const link = await findAccountLink(db, parsed.id);
  if (!link || link.kind !== kind || !secretMatches(parsed.secret, link.secretHash)) {
    return { problem: "invalid" as LinkProblem };
  }
  if (link.usedAt) return { problem: "used" as LinkProblem };
  if (link.revokedAt) return { problem: "invalid" as LinkProblem };
  if (now() >= new Date(link.expiresAt)) return { problem: "expired" as LinkProblem };
  return { link, parsed };
}

export async function getInvitation(db: Db, presented: string) {
  const result = await lookUpLink(db, presented, "invitation");
  if (!result.link) return { problem: result.problem };
  const { link } = result;
  return {
    invitation: {
      email: link.email,
      role: link.role,
      subsidiaryNameEn: link.subsidiaryNameEn,
      subsidiaryNameZh: link.subsidiaryNameZh,
      expiresAt: link.expiresAt,
    },
  };
}

function linkError(problem: LinkProblem): ServiceError {
  const messages: Record<LinkProblem, string> = {
    invalid: "This link is not valid. Ask for a new one.",
    expired: "This link has expired. Ask for a new one.",
    used: "This link has already been used.",
  };
  return new ServiceError(400, `link_${problem}`, messages[problem]);
}

/** Creates the account from a single-use invitation and signs the new user in. */
export async function acceptInvitation(
  db: Db,
  presented: string,
  input: { displayName: string; password: string; locale: "en" | "zh" | null },
  meta: { ip?: string | null; userAgent?: string | null } = {},
) {
  const checked = await lookUpLink(db, presented, "invitation");
  if (!checked.link) throw linkError(checked.problem);
  const problem = findPasswordProblem(input.password, { email: checked.link.email });
  if (problem) throw new ValidationError({ password: [`auth:password.${problem}`] });
  const passwordHash = await hashPassword(input.password);

  return db.transaction().execute(async (tx) => {
    // Re-read under a row lock: the link may have been used since the check above.
    const link = await findAccountLinkForUpdate(tx, checked.parsed.id);
    if (!link || link.usedAt || link.revokedAt) throw linkError("used");
    if (now() >= new Date(link.expiresAt)) throw linkError("expired");
    if (await getUserByEmail(tx, link.email)) throw linkError("used");
    const user = await insertUser(tx, {
      email: link.email,
      displayName: input.displayName,
      subsidiaryId: link.subsidiaryId!,
      role: link.role!,
      passwordHash,
      locale: input.locale,
    });
    await markAccountLinkUsed(tx, link.id, now());
    await writeAuditLog(tx, {
      actorId: user.id,
      action: "user.invitation_accepted",
      targetType: "user",
      targetId: user.id,
      subsidiaryId: user.subsidiaryId,
      details: { invitedBy: link.createdBy, role: user.role },
    });
    const session = await createSession(tx, user.id, meta);
    return { user, session };
  });
}

export async function issuePasswordReset(
  db: Db,
  actor: SessionUser,
  userId: string,
  options: { baseUrl: string },
): Promise<IssuedLink> {
  const target = await requireTarget(db, actor, userId);
  if (!can(actor, "user.issueReset", { target })) throw new ForbiddenError();
  const token = generateSecretToken();
  const expiresAt = new Date(now().getTime() + PASSWORD_RESET_TTL_MS);
  await db.transaction().execute(async (tx) => {
    await revokeOpenAccountLinks(tx, "password_reset", target.email, now());
    await insertAccountLink(tx, {
      id: token.id,
      kind: "password_reset",
      secretHash: token.secretHash,
      email: target.email,
      userId: target.id,
      subsidiaryId: target.subsidiaryId,
      role: null,
      createdBy: actor.id,
      expiresAt,
    });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "user.password_reset_issued",
      targetType: "user",
      targetId: target.id,
      subsidiaryId: target.subsidiaryId,
    });
  });
  const url = `${options.baseUrl}/reset-password/${token.token}`;
  const emailed = await sendMail({
    to: target.email,
    subject: "Reset your Solutions Exchange password",
    text: `${actor.displayName} issued a password reset for your account.\n\nChoose a new password here (the link works once, until ${expiresAt.toUTCString()}):\n${url}\n`,
  });
  return { url, expiresAt, emailed };
}

export async function getPasswordReset(db: Db, presented: string) {
  const result = await lookUpLink(db, presented, "password_reset");
  return result.link ? { email: result.link.email } : { problem: result.problem };
}

export async function resetPassword(
  db: Db,
  presented: string,
  password: string,
  meta: { ip?: string | null; userAgent?: string | null } = {},
) {
  const checked = await lookUpLink(db, presented, "password_reset");
  if (!checked.link) throw linkError(checked.problem);
  const problem = findPasswordProblem(password, { email: checked.link.email });
  if (problem) throw new ValidationError({ password: [`auth:password.${problem}`] });
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (tx) => {
    const link = await findAccountLinkForUpdate(tx, checked.parsed.id);
    if (!link || link.usedAt || link.revokedAt || !link.userId) throw linkError("used");
    if (now() >= new Date(link.expiresAt)) throw linkError("expired");
    const user = await getUserById(tx, link.userId);
    if (!user || user.deactivatedAt) throw linkError("invalid");
    await updateUser(tx, user.id, { passwordHash });
    await endAllAccess(tx, user.id);
    await markAccountLinkUsed(tx, link.id, now());
    await writeAuditLog(tx, {
      actorId: user.id,
      action: "user.password_reset",
      targetType: "user",
      targetId: user.id,
      subsidiaryId: user.subsidiaryId,
    });
    return createSession(tx, user.id, meta);
  });
}

export async function changeUserRole(db: Db, actor: SessionUser, userId: string, role: Role) {
  if (userId === actor.id) throw new ForbiddenError("You cannot change your own role.", "self_change");
  const target = await requireTarget(db, actor, userId);
  if (!can(actor, "user.changeRole", { target, role })) {
    throw new ForbiddenError("You may not give that role.", "role_not_allowed");
  }
  if (target.role === role) return;
  await db.transaction().execute(async (tx) => {
    await updateUser(tx, target.id, { role });
    await endAllAccess(tx, target.id);
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "user.role_changed",
      targetType: "user",
      targetId: target.id,
      subsidiaryId: target.subsidiaryId,
      details: { from: target.role, to: role },
    });
  });
}

export async function changeUserSubsidiary(db: Db, actor: SessionUser, userId: string, subsidiaryId: string) {
  if (userId === actor.id) throw new ForbiddenError("You cannot move yourself to another subsidiary.", "self_change");
  const target = await requireTarget(db, actor, userId);
  if (!can(actor, "user.changeSubsidiary", { target })) throw new ForbiddenError();
  const subsidiary = await requireActiveSubsidiary(db, subsidiaryId);
  if (target.subsidiaryId === subsidiary.id) return;
  await db.transaction().execute(async (tx) => {
    await updateUser(tx, target.id, { subsidiaryId: subsidiary.id });
    await endAllAccess(tx, target.id);
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "user.subsidiary_changed",
      targetType: "user",
      targetId: target.id,
      subsidiaryId: subsidiary.id,
      details: { from: target.subsidiaryId, to: subsidiary.id },
    });
  });
}

export async function setUserActive(db: Db, actor: SessionUser, userId: string, active: boolean) {
  if (userId === actor.id) throw new ForbiddenError("You cannot deactivate yourself.", "self_change");
  const target = await requireTarget(db, actor, userId);
  if (!can(actor, "user.deactivate", { target })) throw new ForbiddenError();
  if (Boolean(target.deactivatedAt) === !active) return;
  await db.transaction().execute(async (tx) => {
    await updateUser(tx, target.id, { deactivatedAt: active ? null : now() });
    if (!active) await endAllAccess(tx, target.id);
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: active ? "user.reactivated" : "user.deactivated",
      targetType: "user",
      targetId: target.id,
      subsidiaryId: target.subsidiaryId,
    });
  });
}

/** For the CLI and the demo seed: no actor, still validated and audited. */
export async function createUserDirectly(
  db: Db,
  input: {
    email: string;
    displayName: string;
    subsidiaryId: string;
    role: Role;
    password: string;
    locale?: "en" | "zh" | null;
  },
  options: { skipPasswordPolicy?: boolean } = {},
) {
  const email = normalizeEmail(input.email);
  await requireActiveSubsidiary(db, input.subsidiaryId);
  if (await getUserByEmail(db, email)) throw new ValidationError({ email: ["admin:errors.emailTaken"] });
  const problem = options.skipPasswordPolicy ? null : findPasswordProblem(input.password, { email });
  if (problem) throw new ValidationError({ password: [`auth:password.${problem}`] });
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (tx) => {
    const user = await insertUser(tx, {
      email,
      displayName: input.displayName,
      subsidiaryId: input.subsidiaryId,
      role: input.role,
      passwordHash,
      locale: input.locale ?? null,
    });
    await writeAuditLog(tx, {
      actorId: null,
      action: "user.created",
      targetType: "user",
      targetId: user.id,
      subsidiaryId: user.subsidiaryId,
      details: { role: user.role, via: "cli" },
    });
    return user;
  });
}

/**
 * Open sign-up for the email domains in SIGNUP_EMAIL_DOMAINS: the new user is a member of the
 * subsidiary they choose. Disabled when the list is empty.
 */
export async function signUp(
  db: Db,
  input: { email: string; displayName: string; password: string; subsidiaryId: string; locale: "en" | "zh" | null },
  options: { allowedDomains: string[]; ip?: string | null; userAgent?: string | null },
) {
  const email = normalizeEmail(input.email);
  const domain = email.split("@")[1] ?? "";
  if (!options.allowedDomains.includes(domain)) throw new ValidationError({ email: ["auth:errors.domainNotAllowed"] });
  await requireActiveSubsidiary(db, input.subsidiaryId);
  if (await getUserByEmail(db, email)) throw new ValidationError({ email: ["admin:errors.emailTaken"] });
  const problem = findPasswordProblem(input.password, { email });
  if (problem) throw new ValidationError({ password: [`auth:password.${problem}`] });
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (tx) => {
    const user = await insertUser(tx, {
      email,
      displayName: input.displayName,
      subsidiaryId: input.subsidiaryId,
      role: "member",
      passwordHash,
      locale: input.locale,
    });
    await writeAuditLog(tx, {
      actorId: user.id,
      action: "user.signed_up",
      targetType: "user",
      targetId: user.id,
      subsidiaryId: user.subsidiaryId,
    });
    const session = await createSession(tx, user.id, { ip: options.ip, userAgent: options.userAgent });
    return { user, session };
  });
}
