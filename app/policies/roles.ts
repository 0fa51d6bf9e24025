/** The four roles, from least to most powerful. One role per user. */
export const ROLES = ["member", "lead", "curator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Who is asking: the few facts every permission rule needs. */
export interface Actor {
  id: string;
  role: Role;
  subsidiaryId: string;
}

/** Roles a lead may give within their own subsidiary. */
export const LEAD_ASSIGNABLE_ROLES: readonly Role[] = ["member", "lead"];
