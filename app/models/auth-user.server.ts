import { sql } from "kysely";
import type { Locale } from "~/lib/i18n";
import type { Role } from "~/policies/roles";

/** What a session or API token check reads about its user: who they are, and whether they may still sign in. */
export interface AuthUserColumns {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  subsidiaryId: string;
  locale: Locale | null;
  deactivatedAt: Date | null;
}

/** Those columns in a statement that joins `users` as `u`. */
export const AUTH_USER_COLUMNS = sql.raw(
  "u.id as user_id, u.email, u.display_name, u.role, u.subsidiary_id, u.locale, u.deactivated_at",
);
