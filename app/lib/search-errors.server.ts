import { describeMeiliError } from "../../search/http-client";

/**
 * Whether a failed Meilisearch call means "Meilisearch is not there" (refused or dropped connection,
 * timeout, 5xx, the index not created yet) rather than "Meilisearch refused this request" (4xx: a bad
 * filter, a bad key). Only the first may fall back to the PostgreSQL search; the second is a bug and
 * must fail loudly.
 */
export function isSearchUnavailableError(error: unknown): boolean {
  const { status, code } = describeMeiliError(error);
  if (status === undefined) return true;
  if (status >= 500) return true;
  return code === "index_not_found";
}
