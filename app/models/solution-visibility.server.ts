import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import type { Database } from "~/lib/db.server";
import { simplifyCondition, type Condition } from "~/policies/condition";

/**
 * The SQL interpreter of the permission Condition (see app/policies/condition.ts and decision 006):
 * turns "which write-ups may this user see" into a `where` over the `solutions` table, so list
 * queries and the search fallback apply exactly the rule that search filters and single checks apply.
 *
 * Use inside a query that selects from `solutions` (unaliased):
 *   db.selectFrom("solutions").where((eb) => conditionToSql(eb, listableSolutions(actor)))
 */
const COLUMNS = {
  status: "solutions.status",
  visibility: "solutions.visibility",
  subsidiaryId: "solutions.subsidiaryId",
} as const;

export function conditionToSql(
  eb: ExpressionBuilder<Database, "solutions">,
  condition: Condition,
): Expression<SqlBool> {
  const compile = (c: Condition): Expression<SqlBool> => {
    switch (c.kind) {
      case "all":
        return sql<SqlBool>`true`;
      case "none":
        return sql<SqlBool>`false`;
      case "eq":
        return eb(COLUMNS[c.field], "=", c.value);
      case "in":
        return c.values.length === 0 ? sql<SqlBool>`false` : eb(COLUMNS[c.field], "in", c.values);
      case "contains":
        return eb.exists(
          eb
            .selectFrom("solutionAuthors")
            .select(sql.lit(1).as("one"))
            .whereRef("solutionAuthors.solutionId", "=", "solutions.id")
            .where("solutionAuthors.userId", "=", c.value),
        );
      case "and":
        return eb.and(c.of.map(compile));
      case "or":
        return eb.or(c.of.map(compile));
    }
  };
  return compile(simplifyCondition(condition));
}
