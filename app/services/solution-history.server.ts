import { diffWords } from "diff";
import type { Db } from "~/lib/db.server";
import type { SessionUser } from "~/lib/session.server";
import { getPainPointsByIds } from "~/models/pain-point.server";
import { getRevision, listRevisions, listTransitions, type SolutionSnapshot } from "~/models/solution.server";
import { NotFoundError } from "./errors";
import { requireReadableSolution } from "./solutions.server";

/** History is shown only to people who may read the write-up (the caller checked the slug). */
export async function getSolutionHistory(db: Db, actor: SessionUser, id: string) {
  const solution = await requireReadableSolution(db, actor, id);
  const [revisions, transitions] = await Promise.all([listRevisions(db, id), listTransitions(db, id)]);
  return { solution, revisions, transitions };
}

export async function getRevisionForReading(db: Db, actor: SessionUser, id: string, revision: number) {
  await requireReadableSolution(db, actor, id);
  const row = await getRevision(db, id, revision);
  if (!row) throw new NotFoundError("No such revision.");
  return row;
}

const COMPARED_FIELDS = [
  "title",
  "summary",
  "painPoints",
  "disciplines",
  "technologies",
  "sector",
  "client",
  "project",
  "year",
  "visibility",
  "metrics",
  "contacts",
  "authorIds",
] as const;

function describe(
  snapshot: SolutionSnapshot,
  field: (typeof COMPARED_FIELDS)[number],
  painPointNames: Map<string, string>,
): string {
  switch (field) {
    case "painPoints":
      return snapshot.painPointIds.map((id) => painPointNames.get(id) ?? id).join(", ");
    case "metrics":
      return snapshot.metrics
        .map((m) => `${m.label}: ${m.value} ${m.unit}${m.baseline != null ? ` (baseline ${m.baseline})` : ""}`)
        .join("; ");
    case "contacts":
      return snapshot.contacts.map((c) => [c.name, c.role, c.email].filter(Boolean).join(", ")).join("; ");
    case "disciplines":
    case "technologies":
    case "authorIds":
      return snapshot[field].join(", ");
    default:
      return snapshot[field] == null ? "" : String(snapshot[field]);
  }
}

/** Field changes and a word diff of the body text between two revisions. */
export async function compareRevisions(db: Db, actor: SessionUser, id: string, from: number, to: number) {
  await requireReadableSolution(db, actor, id);
  const [a, b] = await Promise.all([getRevision(db, id, from), getRevision(db, id, to)]);
  if (!a || !b) throw new NotFoundError("No such revision.");
  const painPoints = await getPainPointsByIds(db, [
    ...new Set([...a.snapshot.painPointIds, ...b.snapshot.painPointIds]),
  ]);
  const names = new Map(painPoints.map((p) => [p.id, `${p.nameEn} / ${p.nameZh}`]));
  const fields = COMPARED_FIELDS.map((field) => ({
    field,
    before: describe(a.snapshot, field, names),
    after: describe(b.snapshot, field, names),
  })).filter((f) => f.before !== f.after);
  const text = diffWords(a.bodyText, b.bodyText).map((part) => ({
    value: part.value,
    change: part.added ? ("added" as const) : part.removed ? ("removed" as const) : ("same" as const),
  }));
  return { from: a, to: b, fields, text };
}
