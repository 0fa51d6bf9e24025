import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The database as Kysely sees it, in camelCase (CamelCasePlugin maps to snake_case SQL).
 * Nullable columns are `T | null`; columns with defaults are Generated.
 */
export interface Database {
  appMeta: AppMetaTable;
  searchOutbox: SearchOutboxTable;
}

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AppMetaTable {
  key: string;
  value: unknown;
  updatedAt: Generated<Timestamp>;
}

/** A change that the search index must reflect; written in the same transaction as the change. */
export interface SearchOutboxTable {
  id: Generated<number>;
  entityType: string;
  entityId: string;
  createdAt: Generated<Timestamp>;
  availableAt: Generated<Timestamp>;
  attempts: Generated<number>;
  lastError: string | null;
  processedAt: Timestamp | null;
}

export type AppMeta = Selectable<AppMetaTable>;
export type NewAppMeta = Insertable<AppMetaTable>;
export type SearchOutboxRow = Selectable<SearchOutboxTable>;
export type NewSearchOutboxRow = Insertable<SearchOutboxTable>;
export type SearchOutboxUpdate = Updateable<SearchOutboxTable>;
