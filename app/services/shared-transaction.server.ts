import type { Db, Tx } from "~/lib/db.server";

/**
 * Runs `work` in ONE database transaction, even though the service functions it calls each open their
 * own (`db.transaction().execute(...)`). Kysely cannot nest transactions (a Transaction's
 * `transaction()` throws), so `work` gets a view of the outer transaction whose `transaction()` joins
 * it instead of starting a new one: the services run unchanged, and everything they write commits or
 * rolls back together. This is what makes one imported file (create + save + publish + slug) and the
 * whole demo seed all-or-nothing.
 *
 * Rules for `work`: never catch a database error and carry on (PostgreSQL refuses every later
 * statement in a failed transaction), and throw to roll back — `RollbackSignal` rolls back on purpose
 * and hands a value out (dry runs).
 */
export async function inSharedTransaction<T>(db: Db, work: (db: Db) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute((tx) => work(joinable(tx)));
  } catch (error) {
    if (error instanceof RollbackSignal) return error.value as T;
    throw error;
  }
}

/** Thrown inside `inSharedTransaction` to roll everything back and still return `value`. */
export class RollbackSignal<T = unknown> extends Error {
  override name = "RollbackSignal";
  constructor(readonly value: T) {
    super("rolled back on purpose");
  }
}

function joinable(tx: Tx): Db {
  // Kysely keeps its state in #private fields, which a Proxy cannot reach: methods are bound to the
  // real transaction object.
  const view: Db = new Proxy(tx, {
    get(target, property) {
      if (property === "transaction") return () => joined;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as unknown as Db;
  const joined = {
    execute: <R>(callback: (inner: Db) => Promise<R>) => callback(view),
    setIsolationLevel: () => joined,
    setAccessMode: () => joined,
  };
  return view;
}
