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
  painPointAreas: PainPointAreasTable;
  painPoints: PainPointsTable;
  technologies: TechnologiesTable;
  solutions: SolutionsTable;
  solutionSlugs: SolutionSlugsTable;
  solutionAuthors: SolutionAuthorsTable;
  solutionPainPoints: SolutionPainPointsTable;
  solutionTechnologies: SolutionTechnologiesTable;
  solutionRevisions: SolutionRevisionsTable;
  solutionTransitions: SolutionTransitionsTable;
  images: ImagesTable;
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

export interface PainPointAreasTable {
  id: Generated<string>;
  slug: string;
  nameEn: string;
  nameZh: string;
  descriptionEn: Generated<string>;
  descriptionZh: Generated<string>;
  position: Generated<number>;
  createdAt: GeneratedTimestamp;
  updatedAt: GeneratedTimestamp;
}

export interface PainPointsTable {
  id: Generated<string>;
  areaId: string;
  slug: string;
  nameEn: string;
  nameZh: string;
  descriptionEn: Generated<string>;
  descriptionZh: Generated<string>;
  position: Generated<number>;
  retiredAt: Timestamp | null;
  mergedIntoId: string | null;
  createdAt: GeneratedTimestamp;
  updatedAt: GeneratedTimestamp;
}

export interface TechnologiesTable {
  id: Generated<string>;
  name: string;
  createdAt: GeneratedTimestamp;
}

export type SolutionStatus = "draft" | "in_review" | "published" | "archived";
export type Visibility = "group" | "subsidiary";
export type PendingChange = "draft" | "in_review";

export interface SolutionMetric {
  label: string;
  value: number;
  unit: string;
  baseline?: number | null;
}

export interface SolutionContact {
  name: string;
  role: string;
  email: string;
}

type JsonColumn<T> = ColumnType<T, T | string, T | string>;

export interface SolutionsTable {
  id: Generated<string>;
  slug: string;
  subsidiaryId: string;
  status: SolutionStatus;
  visibility: Visibility;
  revision: Generated<number>;
  liveRevision: number | null;
  pendingChange: PendingChange | null;
  reviewComment: string | null;
  title: string;
  summary: Generated<string>;
  body: JsonColumn<unknown>;
  bodyHtml: Generated<string>;
  bodyText: Generated<string>;
  sector: string | null;
  client: string | null;
  project: string | null;
  year: number | null;
  disciplines: ColumnType<string[], string[] | undefined, string[]>;
  metrics: ColumnType<SolutionMetric[], SolutionMetric[] | string | undefined, SolutionMetric[] | string>;
  contacts: ColumnType<SolutionContact[], SolutionContact[] | string | undefined, SolutionContact[] | string>;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  /** The number of solution_reuses rows, kept in step by the reuse services (same transaction). */
  reuseCount: Generated<number>;
  featured: Generated<boolean>;
  /** Who featured it as a best practice, and when; null while not featured. */
  featuredAt: Timestamp | null;
  featuredBy: string | null;
  createdBy: string | null;
  createdAt: GeneratedTimestamp;
  updatedAt: GeneratedTimestamp;
  publishedAt: Timestamp | null;
  archivedAt: Timestamp | null;
  /** Copies of the join tables, kept in step by triggers (migration 2026-11-25T16-30-00_catalog). */
  painPointIds: ColumnType<string[], never, never>;
  technologyKeys: ColumnType<string[], never, never>;
}

export interface SolutionSlugsTable {
  slug: string;
  solutionId: string;
  createdAt: GeneratedTimestamp;
}

export interface SolutionAuthorsTable {
  solutionId: string;
  userId: string;
  position: Generated<number>;
}

export interface SolutionPainPointsTable {
  solutionId: string;
  painPointId: string;
  position: Generated<number>;
}

export interface SolutionTechnologiesTable {
  solutionId: string;
  technologyId: string;
}

export interface SolutionRevisionsTable {
  id: Generated<number>;
  solutionId: string;
  revision: number;
  createdBy: string | null;
  createdAt: GeneratedTimestamp;
  note: string | null;
  snapshot: JsonColumn<unknown>;
  bodyHtml: string;
  bodyText: string;
}

export interface SolutionTransitionsTable {
  id: Generated<number>;
  solutionId: string;
  revision: number;
  actorId: string | null;
  fromStatus: string;
  toStatus: string;
  comment: string | null;
  at: GeneratedTimestamp;
}

export interface ImagesTable {
  id: Generated<string>;
  solutionId: string;
  uploadedBy: string | null;
  contentType: string;
  byteSize: number;
  sha256: string;
  width: number | null;
  height: number | null;
  data: Uint8Array;
  createdAt: GeneratedTimestamp;
}

// ---- Search (issue 6) ----

/** A curated group of synonyms: every term means the others. Pushed to Meilisearch by the outbox worker. */
export interface SynonymGroupsTable {
  id: Generated<string>;
  terms: ColumnType<string[], string[], string[]>;
  createdBy: string | null;
  createdAt: GeneratedTimestamp;
  updatedAt: GeneratedTimestamp;
}

export type SynonymGroup = Selectable<SynonymGroupsTable>;

export interface Database {
  synonymGroups: SynonymGroupsTable;
}

// ---- Pain-point taxonomy curation (issue 5) ----

/** A former slug of a pain point; it answers with a 301 to the pain point's current page. */
export interface PainPointSlugsTable {
  slug: string;
  painPointId: string;
  createdAt: GeneratedTimestamp;
}

export type PainPointSlug = Selectable<PainPointSlugsTable>;

export interface Database {
  painPointSlugs: PainPointSlugsTable;
}

// ---- Reuse and featuring ----

/** A team's record that it reuses a write-up in one of its projects. */
export interface SolutionReusesTable {
  id: Generated<string>;
  solutionId: string;
  /** The reusing team: the recorder's subsidiary when it was recorded. */
  subsidiaryId: string;
  /** Who recorded it (null once that account is deleted). */
  userId: string | null;
  project: string;
  note: string | null;
  createdAt: GeneratedTimestamp;
}

export type SolutionReuse = Selectable<SolutionReusesTable>;
export type NewSolutionReuse = Insertable<SolutionReusesTable>;

export interface Database {
  solutionReuses: SolutionReusesTable;
}
