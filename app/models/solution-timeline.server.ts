import { sql } from "kysely";
import type { Db } from "~/lib/db.server";

/**
 * Re-dating write-ups' histories, for the demo content only: seeding runs in seconds, but a catalog
 * where every write-up was published in the same second sorts meaninglessly and its history pages
 * look fake. The order of events is never changed, only their dates.
 */
export interface SolutionEvent {
  solutionId: string;
  kind: "revision" | "transition";
  /** Revision number, or transition id. */
  key: number;
  /** The revision the event belongs to. */
  revision: number;
}

/** Every revision and transition of these write-ups, per write-up in the order they happened. */
export async function listSolutionEvents(
  db: Db,
  solutionIds: readonly string[],
): Promise<Map<string, SolutionEvent[]>> {
  const byId = new Map<string, SolutionEvent[]>(solutionIds.map((id) => [id, []]));
  if (solutionIds.length === 0) return byId;
  const [revisions, transitions] = await Promise.all([
    db
      .selectFrom("solutionRevisions")
      .select(["solutionId", "revision"])
      .where("solutionId", "in", [...solutionIds])
      .execute(),
    db
      .selectFrom("solutionTransitions")
      .select(["solutionId", "id", "revision"])
      .where("solutionId", "in", [...solutionIds])
      .execute(),
  ]);
  for (const r of revisions) {
    byId.get(r.solutionId)!.push({ solutionId: r.solutionId, kind: "revision", key: r.revision, revision: r.revision });
  }
  for (const t of transitions) {
    byId.get(t.solutionId)!.push({ solutionId: t.solutionId, kind: "transition", key: t.id, revision: t.revision });
  }
  // Within one revision, the revision row comes before the transitions made on it (ids grow in time).
  for (const events of byId.values()) {
    events.sort(
      (a, b) => a.revision - b.revision || (a.kind === b.kind ? a.key - b.key : a.kind === "revision" ? -1 : 1),
    );
  }
  return byId;
}

export interface SolutionDates {
  solutionId: string;
  events: { event: SolutionEvent; at: Date }[];
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
}

/** Writes new dates for many write-ups in three statements. */
export async function redateSolutions(db: Db, all: readonly SolutionDates[]): Promise<void> {
  if (all.length === 0) return;
  const dated = all.flatMap((s) => s.events);
  const revisions = dated.filter((d) => d.event.kind === "revision");
  const transitions = dated.filter((d) => d.event.kind === "transition");
  if (revisions.length) {
    const rows = revisions.map(
      ({ event, at }) => sql`(${event.solutionId}::uuid, ${event.key}::int, ${at.toISOString()}::timestamptz)`,
    );
    await sql`update solution_revisions r set created_at = v.at
      from (values ${sql.join(rows)}) as v(solution_id, revision, at)
      where r.solution_id = v.solution_id and r.revision = v.revision`.execute(db);
  }
  if (transitions.length) {
    const rows = transitions.map(({ event, at }) => sql`(${event.key}::bigint, ${at.toISOString()}::timestamptz)`);
    await sql`update solution_transitions t set at = v.at
      from (values ${sql.join(rows)}) as v(id, at)
      where t.id = v.id`.execute(db);
  }
  const rows = all.map(
    (s) =>
      sql`(${s.solutionId}::uuid, ${s.createdAt.toISOString()}::timestamptz, ${s.updatedAt.toISOString()}::timestamptz, ${s.publishedAt?.toISOString() ?? null}::timestamptz)`,
  );
  await sql`update solutions s set created_at = v.created_at, updated_at = v.updated_at,
      published_at = coalesce(v.published_at, s.published_at)
    from (values ${sql.join(rows)}) as v(id, created_at, updated_at, published_at)
    where s.id = v.id`.execute(db);
}
