import crypto from "node:crypto";
import type { Db, Role } from "~/lib/db.server";
import { hashPassword } from "~/lib/password.server";
import { insertSubsidiary } from "~/models/subsidiary.server";
import { insertUser } from "~/models/user.server";

/** The password every factory user has (hashed once per process: argon2 is slow on purpose). */
export const FACTORY_PASSWORD = "Violet-Harbour-Lantern-42";
let factoryHash: Promise<string> | undefined;

function unique(prefix: string): string {
  return `${prefix}${crypto.randomBytes(3).toString("hex").toUpperCase()}`;
}

export async function createSubsidiary(
  db: Db,
  overrides: Partial<{ code: string; nameEn: string; nameZh: string; isHeadquarters: boolean }> = {},
) {
  const code = overrides.code ?? unique("S");
  return insertSubsidiary(db, {
    code,
    nameEn: overrides.nameEn ?? `Subsidiary ${code}`,
    nameZh: overrides.nameZh ?? `子公司 ${code}`,
    isHeadquarters: overrides.isHeadquarters ?? false,
  });
}

export async function createUser(
  db: Db,
  options: {
    role?: Role;
    subsidiaryId?: string;
    email?: string;
    displayName?: string;
    locale?: "en" | "zh" | null;
  } = {},
) {
  const subsidiaryId = options.subsidiaryId ?? (await createSubsidiary(db)).id;
  factoryHash ??= hashPassword(FACTORY_PASSWORD);
  const email = options.email ?? `${unique("user-").toLowerCase()}@example.com`;
  const user = await insertUser(db, {
    email,
    displayName: options.displayName ?? `Test ${email.split("@")[0]}`,
    subsidiaryId,
    role: options.role ?? "member",
    passwordHash: await factoryHash,
    locale: options.locale ?? null,
  });
  return { ...user, password: FACTORY_PASSWORD };
}

/** A subsidiary with one user of every role, for permission tests. */
export async function createTeam(db: Db) {
  const subsidiary = await createSubsidiary(db);
  const [member, lead, curator, admin] = await Promise.all(
    (["member", "lead", "curator", "admin"] as const).map((role) =>
      createUser(db, { role, subsidiaryId: subsidiary.id }),
    ),
  );
  return { subsidiary, member: member!, lead: lead!, curator: curator!, admin: admin! };
}
