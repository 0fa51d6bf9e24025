/**
 * Bounds for a new table. Wider than 20 columns is unreadable on a page, and rows can always be added
 * later; both keep a careless "500" from producing a document the server would refuse as too large.
 */
export const TABLE_SIZE_LIMITS = {
  rows: { min: 1, max: 50 },
  columns: { min: 1, max: 20 },
} as const;

export type TableSizeResult =
  { ok: true; rows: number; columns: number } | { ok: false; invalid: Array<"rows" | "columns"> };

function readCount(value: string, { min, max }: { min: number; max: number }): number | null {
  if (!/^\s*\d+\s*$/.test(value)) return null;
  const count = Number(value);
  return count >= min && count <= max ? count : null;
}

/** Reads the two fields of the table dialog: whole numbers within the limits, or which of them is not. */
export function readTableSize(rows: string, columns: string): TableSizeResult {
  const rowCount = readCount(rows, TABLE_SIZE_LIMITS.rows);
  const columnCount = readCount(columns, TABLE_SIZE_LIMITS.columns);
  if (rowCount !== null && columnCount !== null) return { ok: true, rows: rowCount, columns: columnCount };
  const invalid: Array<"rows" | "columns"> = [];
  if (rowCount === null) invalid.push("rows");
  if (columnCount === null) invalid.push("columns");
  return { ok: false, invalid };
}
