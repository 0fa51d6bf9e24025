/**
 * A small language for "which records may this user see". A policy returns one Condition; three
 * interpreters turn it into a JavaScript check (single records), a SQL `where` (lists, in
 * app/models) and a Meilisearch filter (search). Because all three read the same Condition, the list
 * view, the search results and the single-record check cannot disagree.
 */
export type ConditionField = "status" | "visibility" | "subsidiaryId" | "authorIds";

export type Condition =
  | { kind: "all" }
  | { kind: "none" }
  | { kind: "eq"; field: Exclude<ConditionField, "authorIds">; value: string }
  | { kind: "in"; field: Exclude<ConditionField, "authorIds">; values: string[] }
  | { kind: "contains"; field: "authorIds"; value: string }
  | { kind: "and"; of: Condition[] }
  | { kind: "or"; of: Condition[] };

export interface ConditionRecord {
  status: string;
  visibility: string;
  subsidiaryId: string;
  authorIds: readonly string[];
}

export const all = (): Condition => ({ kind: "all" });
export const none = (): Condition => ({ kind: "none" });
export const eq = (field: Exclude<ConditionField, "authorIds">, value: string): Condition => ({
  kind: "eq",
  field,
  value,
});
export const isIn = (field: Exclude<ConditionField, "authorIds">, values: string[]): Condition => ({
  kind: "in",
  field,
  values,
});
export const contains = (value: string): Condition => ({ kind: "contains", field: "authorIds", value });
export const and = (...of: Condition[]): Condition => ({ kind: "and", of });
export const or = (...of: Condition[]): Condition => ({ kind: "or", of });

/**
 * The JavaScript check, compiled once to test many records (the catalog counts every published write-up
 * with it). `authorIdsOf` gives a record's co-authors when the records do not carry them.
 */
export function compileCondition<R extends ConditionRecord>(
  condition: Condition,
  authorIdsOf: (record: R) => readonly string[] = (record) => record.authorIds,
): (record: R) => boolean {
  switch (condition.kind) {
    case "all":
      return () => true;
    case "none":
      return () => false;
    case "eq": {
      const { field, value } = condition;
      return (record) => record[field] === value;
    }
    case "in": {
      const { field } = condition;
      const values = new Set(condition.values);
      return (record) => values.has(record[field]);
    }
    case "contains": {
      const { value } = condition;
      return (record) => authorIdsOf(record).includes(value);
    }
    case "and": {
      const parts = condition.of.map((c) => compileCondition(c, authorIdsOf));
      return (record) => {
        for (const part of parts) if (!part(record)) return false;
        return true;
      };
    }
    case "or": {
      const parts = condition.of.map((c) => compileCondition(c, authorIdsOf));
      return (record) => {
        for (const part of parts) if (part(record)) return true;
        return false;
      };
    }
  }
}

export function evaluateCondition(condition: Condition, record: ConditionRecord): boolean {
  return compileCondition(condition)(record);
}

/** The users a condition's "co-authored by" parts name: what a record's authorIds must be checked for. */
export function conditionAuthorIds(condition: Condition): string[] {
  if (condition.kind === "contains") return [condition.value];
  if (condition.kind === "and" || condition.kind === "or")
    return [...new Set(condition.of.flatMap(conditionAuthorIds))];
  return [];
}

/** Values in our conditions are ids, codes and enum words; anything else is a bug, not input. */
const SAFE_VALUE = /^[A-Za-z0-9_-]{1,64}$/;

export class UnsafeFilterValueError extends Error {
  override name = "UnsafeFilterValueError";
}

function quote(value: string): string {
  if (!SAFE_VALUE.test(value)) throw new UnsafeFilterValueError(`refusing to put ${JSON.stringify(value)} in a filter`);
  // Meilisearch filter strings: double quotes, with backslash and quote escaped.
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Folds constants: `all`/`none` only ever survive at the top, never inside and/or. */
export function simplifyCondition(condition: Condition): Condition {
  if (condition.kind === "in" && condition.values.length === 0) return none();
  if (condition.kind !== "and" && condition.kind !== "or") return condition;
  const parts = condition.of.map(simplifyCondition);
  if (condition.kind === "and") {
    if (parts.some((p) => p.kind === "none")) return none();
    const kept = parts.filter((p) => p.kind !== "all");
    return kept.length === 0 ? all() : kept.length === 1 ? kept[0]! : and(...kept);
  }
  if (parts.some((p) => p.kind === "all")) return all();
  const kept = parts.filter((p) => p.kind !== "none");
  return kept.length === 0 ? none() : kept.length === 1 ? kept[0]! : or(...kept);
}

export type MeiliFilterPlan = { match: "all" } | { match: "none" } | { match: "filter"; filter: string };

/**
 * Meilisearch filter syntax for a condition. `none` means the caller must not query at all.
 * Throws UnsafeFilterValueError rather than build a filter from an unexpected value.
 */
export function conditionToMeiliFilter(condition: Condition): MeiliFilterPlan {
  const simple = simplifyCondition(condition);
  if (simple.kind === "all") return { match: "all" };
  if (simple.kind === "none") return { match: "none" };
  const compile = (c: Condition): string => {
    switch (c.kind) {
      case "eq":
        return `${c.field} = ${quote(c.value)}`;
      case "in":
        return `${c.field} IN [${c.values.map(quote).join(", ")}]`;
      case "contains":
        return `authorIds = ${quote(c.value)}`;
      case "and":
        return c.of.map((part) => `(${compile(part)})`).join(" AND ");
      case "or":
        return c.of.map((part) => `(${compile(part)})`).join(" OR ");
      case "all":
      case "none":
        throw new Error("constants are folded away before compiling");
    }
  };
  return { match: "filter", filter: compile(simple) };
}
