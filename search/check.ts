import type { Kysely } from "kysely";
import type { Meilisearch } from "meilisearch";
import type { Database } from "../db/schema";
import { describeMeiliError } from "./http-client";
import { loadSearchableSolutionRows } from "./solution-rows";
import { toSearchDocument } from "./solutions-index";

export interface IndexComparison {
  /** Published in PostgreSQL, absent from the index. */
  missing: string[];
  /** In the index, but not (or no longer) published. */
  extra: string[];
  /** In both, but the document is not what PostgreSQL says now (revision or any other field). */
  stale: string[];
  databaseCount: number;
  indexCount: number;
}

export function countDifferences(comparison: IndexComparison): number {
  return comparison.missing.length + comparison.extra.length + comparison.stale.length;
}

const PAGE = 1_000;

/**
 * Compares what the index holds with what PostgreSQL says it should hold. Each expected document is
 * built with the same `toSearchDocument` the worker uses, and compared by revision and by a hash of
 * all its fields, so a visibility change or a renamed pain point counts as stale too.
 */
export async function compareIndexWithDatabase(options: {
  db: Kysely<Database>;
  client: Meilisearch;
  indexUid: string;
}): Promise<IndexComparison> {
  const expected = new Map<string, { revision: number; fingerprint: string }>();
  let afterId: string | undefined;
  for (;;) {
    const rows = await loadSearchableSolutionRows(options.db, { afterId, limit: PAGE });
    if (rows.length === 0) break;
    afterId = rows.at(-1)!.id;
    for (const row of rows) {
      const document = toSearchDocument(row);
      expected.set(document.id, { revision: document.revision, fingerprint: document.fingerprint });
    }
  }

  const actual = new Map<string, { revision?: number; fingerprint?: string }>();
  const index = options.client.index(options.indexUid);
  try {
    for (let offset = 0; ; offset += PAGE) {
      const page = await index.getDocuments<{ id: string; revision?: number; fingerprint?: string }>({
        fields: ["id", "revision", "fingerprint"],
        limit: PAGE,
        offset,
      });
      for (const doc of page.results)
        actual.set(String(doc.id), { revision: doc.revision, fingerprint: doc.fingerprint });
      if (page.results.length < PAGE) break;
    }
  } catch (error) {
    // No index at all: everything is missing.
    if (describeMeiliError(error).code !== "index_not_found") throw error;
  }

  const missing: string[] = [];
  const stale: string[] = [];
  for (const [id, want] of expected) {
    const have = actual.get(id);
    if (!have) missing.push(id);
    else if (have.revision !== want.revision || have.fingerprint !== want.fingerprint) stale.push(id);
  }
  const extra = [...actual.keys()].filter((id) => !expected.has(id));
  return {
    missing: missing.sort(),
    extra: extra.sort(),
    stale: stale.sort(),
    databaseCount: expected.size,
    indexCount: actual.size,
  };
}
