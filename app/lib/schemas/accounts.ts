import { z } from "zod";
import { emptyToUndefined } from "../forms";
import { ROLES } from "~/policies/roles";

/** Form schemas shared by the pages (field limits, hints) and their actions (validation). */
const email = z
  .string()
  .trim()
  .min(1, "validation:required")
  .max(254, "validation:tooLong")
  .pipe(z.email("validation:email"));

const displayName = z.string().trim().min(1, "validation:required").max(100, "validation:tooLong");
const locale = z.preprocess(emptyToUndefined, z.enum(["en", "zh"]).optional()).transform((v) => v ?? null);
const newPassword = z.string().min(1, "validation:required").max(256, "auth:password.too_long");

export const SignInSchema = z.object({
  email,
  password: z.string().min(1, "validation:required").max(256, "validation:tooLong"),
  redirectTo: z.string().optional(),
});

export const AcceptInvitationSchema = z
  .object({ displayName, password: newPassword, confirmPassword: z.string(), locale })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "auth:errors.passwordsDiffer",
  });

export const ResetPasswordSchema = z
  .object({ password: newPassword, confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "auth:errors.passwordsDiffer",
  });

export const SignUpSchema = z
  .object({
    email,
    displayName,
    subsidiaryId: z.uuid("validation:choice"),
    password: newPassword,
    confirmPassword: z.string(),
    locale,
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "auth:errors.passwordsDiffer",
  });

export const ProfileSchema = z.object({ displayName, locale });

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "validation:required").max(256),
    newPassword,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "auth:errors.passwordsDiffer",
  });

export const ApiTokenSchema = z.object({
  label: z.string().trim().min(1, "validation:required").max(80, "validation:tooLong"),
  expiresInDays: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number("validation:number")
      .int("validation:number")
      .min(1, "validation:tooSmall")
      .max(365, "validation:tooBig")
      .optional(),
  ),
});

export const InviteSchema = z.object({
  email,
  role: z.enum(ROLES, "validation:choice"),
  subsidiaryId: z.uuid("validation:choice"),
});

export const SubsidiarySchema = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9-]{1,15}$/, "admin:errors.codeFormat"),
  nameEn: z.string().trim().min(1, "validation:required").max(100, "validation:tooLong"),
  nameZh: z.string().trim().min(1, "validation:required").max(100, "validation:tooLong"),
  isHeadquarters: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
});

export const RoleChangeSchema = z.object({ role: z.enum(ROLES, "validation:choice") });
export const SubsidiaryChangeSchema = z.object({ subsidiaryId: z.uuid("validation:choice") });
