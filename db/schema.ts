import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The database as Kysely sees it, in camelCase (CamelCasePlugin maps to snake_case SQL).
 * Nullable columns are `T | null`; columns with defaults are Generated.
 */
export interface Database {
  appMeta: AppMetaTable;
  searchOutbox: SearchOutboxTable;
  subsidiaries: SubsidiariesTable;
  users: UsersTable;
  sessions: SessionsTable;
  apiTokens: ApiTokensTable;
  accountLinks: AccountLinksTable;
  authThrottle: AuthThrottleTable;
  rateLimitBuckets: RateLimitBucketsTable;
  auditLog: AuditLogTable;
}

/** Timestamps are read as Date and written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp column with a database default: optional on insert. */
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AppMetaTable {
  key: string;
  value: unknown;
  updatedAt: GeneratedTimestamp;
}

/** A change that the search index must reflect; written in the same transaction as the change. */
export interface SearchOutboxTable {
  id: Generated<number>;
  entityType: string;
  entityId: string;
  createdAt: GeneratedTimestamp;
  availableAt: GeneratedTimestamp;
  attempts: Generated<number>;
  lastError: string | null;
  processedAt: Timestamp | null;
}

export type AppMeta = Selectable<AppMetaTable>;
export type NewAppMeta = Insertable<AppMetaTable>;
export type SearchOutboxRow = Selectable<SearchOutboxTable>;
export type NewSearchOutboxRow = Insertable<SearchOutboxTable>;
export type SearchOutboxUpdate = Updateable<SearchOutboxTable>;

export type Role = "member" | "lead" | "curator" | "admin";
export type LocaleCode = "en" | "zh";

export interface SubsidiariesTable {
  id: Generated<string>;
  code: string;
  nameEn: string;
  nameZh: string;
  isHeadquarters: Generated<boolean>;
  archivedAt: Timestamp | null;
  createdAt: GeneratedTimestamp;
  updatedAt: GeneratedTimestamp;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  displayName: string;
  subsidiaryId: string;
  role: Role;
  locale: LocaleCode | null;
  passwordHash: string | null;
  deactivatedAt: Timestamp | null;
  createdAt: GeneratedTimestamp;
  updatedAt: GeneratedTimestamp;
  lastSeenAt: Timestamp | null;
}

export interface SessionsTable {
  id: string;
  userId: string;
  secretHash: Uint8Array;
  createdAt: GeneratedTimestamp;
  lastRefreshedAt: GeneratedTimestamp;
  expiresAt: Timestamp;
  absoluteExpiresAt: Timestamp;
  userAgent: string | null;
  ip: string | null;
}

export interface ApiTokensTable {
  id: string;
  userId: string;
  label: string;
  secretHash: Uint8Array;
  createdAt: GeneratedTimestamp;
  expiresAt: Timestamp | null;
  lastUsedAt: Timestamp | null;
  revokedAt: Timestamp | null;
}

export type AccountLinkKind = "invitation" | "password_reset";

export interface AccountLinksTable {
  id: string;
  kind: AccountLinkKind;
  secretHash: Uint8Array;
  email: string;
  userId: string | null;
  subsidiaryId: string | null;
  role: Role | null;
  createdBy: string | null;
  createdAt: GeneratedTimestamp;
  expiresAt: Timestamp;
  usedAt: Timestamp | null;
  revokedAt: Timestamp | null;
}

export interface AuthThrottleTable {
  key: string;
  failures: Generated<number>;
  windowStartedAt: GeneratedTimestamp;
  blockedUntil: Timestamp | null;
  updatedAt: GeneratedTimestamp;
}

export interface RateLimitBucketsTable {
  key: string;
  windowStart: Timestamp;
  count: Generated<number>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: GeneratedTimestamp;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  subsidiaryId: string | null;
  details: ColumnType<Record<string, unknown>, Record<string, unknown> | undefined, Record<string, unknown>>;
}

export type Subsidiary = Selectable<SubsidiariesTable>;
export type User = Selectable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type ApiToken = Selectable<ApiTokensTable>;
export type AccountLink = Selectable<AccountLinksTable>;
export type AuditLogEntry = Selectable<AuditLogTable>;
