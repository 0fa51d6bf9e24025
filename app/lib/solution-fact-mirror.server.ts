import type { SolutionRef } from "~/policies/policy";
import { loadAllSolutionFacts, loadSolutionFactChangesSince } from "~/models/solution-fact-changes.server";
import type { Db } from "./db.server";
import { getLogger } from "./logger.server";
import { singleton } from "./singleton.server";

/**
 * An exact copy of every write-up's permission facts (status, visibility, subsidiary, authors), so a
 * search re-checks its hits without a round trip to PostgreSQL after Meilisearch answers (decision 012).
 *
 * Exact, not "fresh enough": the copy carries the snapshot it was read under. Each search asks, in the
 * statement it already sends beside Meilisearch, whether any transaction that snapshot did not see
 * changed a write-up's facts (`solution_fact_changes`, written by triggers). No: the copy is what
 * PostgreSQL holds now. Yes: the changed write-ups are read again (one more round trip, only then)
 * before the hits are checked. Until the first load finishes, searches re-check in PostgreSQL.
 */
export interface FactMirror {
  snapshot: string;
  facts: ReadonlyMap<string, SolutionRef>;
  /** performance.now() just before the read was sent: its snapshot is later than anything seen before. */
  readSentAt: number;
}

/** Older than this, a copy is brought up to date before use (pruning keeps a day of changes). */
export const MIRROR_MAX_AGE_MS = 60 * 60_000;

interface State {
  current?: FactMirror & { facts: Map<string, SolutionRef> };
  reading?: Promise<FactMirror>;
}

/** Per database handle: tests and benchmarks hold several. */
function stateFor(db: Db): State {
  const all = singleton("solutionFactMirrors", () => new WeakMap<Db, State>());
  let state = all.get(db);
  if (!state) all.set(db, (state = {}));
  return state;
}

async function read(db: Db, state: State): Promise<NonNullable<State["current"]>> {
  const readSentAt = performance.now();
  const previous = state.current;
  if (previous) {
    const changes = await loadSolutionFactChangesSince(db, previous.snapshot);
    if (!changes.everything) {
      // In place (copying 100,000 entries per change would cost the next search ~10 ms): the update
      // is synchronous, so no check ever sees half of it, and facts newer than a snapshot are harmless.
      for (const [id, ref] of changes.changed) {
        if (ref) previous.facts.set(id, ref);
        else previous.facts.delete(id);
      }
      return { snapshot: changes.snapshot, facts: previous.facts, readSentAt };
    }
  }
  const all = await loadAllSolutionFacts(db);
  return { snapshot: all.snapshot, facts: all.facts, readSentAt };
}

/** One read at a time; the copy only ever moves forward. */
function startRead(db: Db, state: State): Promise<FactMirror> {
  state.reading ??= read(db, state)
    .then((mirror) => (state.current = mirror))
    .finally(() => (state.reading = undefined));
  return state.reading;
}

/**
 * The copy to check against, if one is loaded and young enough; otherwise undefined, and a read
 * starts in the background (the caller re-checks in PostgreSQL this time).
 */
export function currentFactMirror(db: Db): FactMirror | undefined {
  const state = stateFor(db);
  const current = state.current;
  if (current && performance.now() - current.readSentAt <= MIRROR_MAX_AGE_MS) return current;
  if (!state.reading) {
    startRead(db, state).catch((error: unknown) =>
      getLogger().warn({ err: error }, "could not load the permission facts; searches re-check in PostgreSQL"),
    );
  }
  return undefined;
}

/**
 * A copy read after `after` (performance.now()): a caller that learnt at `after` that the facts
 * changed gets one that includes the change.
 */
export async function factMirrorReadAfter(db: Db, after: number): Promise<FactMirror> {
  const state = stateFor(db);
  for (;;) {
    if (state.current && state.current.readSentAt >= after) return state.current;
    if (state.reading) {
      await state.reading.catch(() => undefined);
      continue;
    }
    return startRead(db, state);
  }
}

/** Loads the copy now (start-up), so the first searches need not re-check in PostgreSQL. */
export function loadFactMirror(db: Db): Promise<FactMirror> {
  return factMirrorReadAfter(db, performance.now());
}

/** Forgets the copy (tests). */
export function clearFactMirror(db: Db): void {
  const state = stateFor(db);
  state.current = undefined;
}
