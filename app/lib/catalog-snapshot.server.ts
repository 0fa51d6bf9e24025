import { sql } from "kysely";
import { CatalogFactTable } from "~/models/catalog-counts.server";
import { listSolutionsChangedAfter, loadCatalogFacts } from "~/models/catalog-facts.server";
import type { Db } from "./db.server";
import { getLogger } from "./logger.server";
import { singleton } from "./singleton.server";

/**
 * The catalog's counts (total and every facet, given the other filters) need every visible published
 * write-up. Asked of PostgreSQL, that is a scan of the wide solutions table plus joins of the tag
 * tables, 200-500 ms at 100,000 write-ups. So each app instance holds the few facet fields of every
 * published write-up in memory (37 MB of heap at 90,000) and counts there, in about 10 ms.
 *
 * Never stale in the ordinary case: every change to a write-up writes a search outbox row in its
 * transaction, so the outbox sequence is a version of the catalog. Each request compares it; when it
 * moved, the write-ups named by the outbox rows since the last refresh are read again. Rows a little
 * below that point are read too (`LOOKBACK_IDS`): a transaction that took its number earlier may
 * commit later. A full reload every `FULL_RELOAD_MS` (in the background) heals anything rarer.
 */
const LOOKBACK_IDS = 1_000;
const FULL_RELOAD_MS = 5 * 60_000;

interface Snapshot {
  version: string;
  /** The outbox's last number when the version was read. */
  seq: number;
  /** When the version was read (performance.now()). */
  readAt: number;
  facts: CatalogFactTable;
  fullLoadAt: number;
}

interface State {
  current?: Snapshot;
  refreshing?: Promise<Snapshot>;
  stats: { fullLoads: number; partialLoads: number };
}

/** Per database handle: tests and benchmarks hold several. */
function states(): WeakMap<Db, State> {
  return singleton("catalogSnapshots", () => new WeakMap<Db, State>());
}

function stateFor(db: Db): State {
  const all = states();
  let state = all.get(db);
  if (!state) {
    state = { stats: { fullLoads: 0, partialLoads: 0 } };
    all.set(db, state);
  }
  return state;
}

interface Sequence {
  version: string;
  seq: number;
  readAt: number;
}

/**
 * The outbox sequence, and how many outbox rows are numbered within `LOOKBACK_IDS` of its end: a
 * transaction that took its number before the last refresh and commits after it leaves the sequence
 * as it was, but adds a row there, so the version still changes.
 */
async function readSequence(db: Db): Promise<Sequence> {
  const readAt = performance.now();
  const { rows } = await sql<{ lastValue: string | number; isCalled: boolean; recent: string | number }>`
    select last_value, is_called,
      (select count(*) from search_outbox where id > last_value - ${LOOKBACK_IDS}) as recent
    from search_outbox_id_seq`.execute(db);
  const row = rows[0];
  if (!row) return { version: "none", seq: 0, readAt };
  const last = Number(row.lastValue);
  return {
    version: `${row.lastValue}:${row.isCalled}:${row.recent}`,
    seq: row.isCalled ? last : last - 1,
    readAt,
  };
}

/** A version of the catalog: it changes with every change to a write-up (see above). */
export async function catalogVersion(db: Db): Promise<string> {
  return (await readSequence(db)).version;
}

async function load(db: Db, state: State, previous: Snapshot | undefined, sequence: Sequence): Promise<Snapshot> {
  const { version, seq, readAt } = sequence;
  const started = Date.now();
  if (!previous || seq < previous.seq || started - previous.fullLoadAt >= FULL_RELOAD_MS) {
    const facts = await loadCatalogFacts(db);
    state.stats.fullLoads += 1;
    const table = new CatalogFactTable();
    for (const fact of facts) table.put(fact);
    return { version, seq, readAt, facts: table, fullLoadAt: started };
  }
  const changed = await listSolutionsChangedAfter(db, previous.seq - LOOKBACK_IDS);
  // A reindex or a large import names most write-ups: reading them all at once is cheaper.
  if (changed.length > Math.max(1_000, previous.facts.size / 10)) return load(db, state, undefined, sequence);
  const fresh = await loadCatalogFacts(db, changed);
  state.stats.partialLoads += 1;
  // In place: counting runs synchronously over the map, so no reader ever sees it half updated.
  for (const id of changed) previous.facts.delete(id);
  for (const fact of fresh) previous.facts.put(fact);
  return { version, seq, readAt, facts: previous.facts, fullLoadAt: previous.fullLoadAt };
}

function refresh(db: Db, state: State, sequence: Sequence): Promise<Snapshot> {
  state.refreshing ??= load(db, state, state.current, sequence)
    .then((snapshot) => (state.current = snapshot))
    .finally(() => {
      state.refreshing = undefined;
    });
  return state.refreshing;
}

/** The facts of every published write-up, as of this moment's catalog version. */
export async function currentCatalogFacts(db: Db): Promise<CatalogFactTable> {
  const state = stateFor(db);
  const sequence = await readSequence(db);
  // Current enough: this version, or one read after ours. A refresh for a version read before ours may
  // be in flight: wait for it, then refresh again.
  const currentEnough = (s: Snapshot | undefined): s is Snapshot =>
    s !== undefined && (s.version === sequence.version || s.readAt > sequence.readAt);
  let current = state.current;
  while (!currentEnough(current)) {
    await refresh(db, state, sequence);
    current = state.current;
  }
  if (Date.now() - current.fullLoadAt >= FULL_RELOAD_MS && !state.refreshing) {
    refresh(db, state, sequence).catch((error: unknown) =>
      getLogger().warn({ err: error }, "catalog facts: background reload failed"),
    );
  }
  return current.facts;
}

export function catalogSnapshotStats(db: Db) {
  const state = stateFor(db);
  return { writeUps: state.current?.facts.size ?? 0, ...state.stats };
}

/** Forgets the snapshot: the next catalog request loads every write-up again (benchmarks, tests). */
export function clearCatalogSnapshot(db: Db): void {
  const state = states().get(db);
  if (state) state.current = undefined;
}
