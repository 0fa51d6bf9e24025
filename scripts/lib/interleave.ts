/**
 * The order in which a benchmark runs its systems for the n-th query: the slow baseline first, then
 * the two systems being compared, their order alternating from one query to the next. Over any two
 * consecutive queries each system runs right after each of the others exactly once.
 *
 * Who runs just before matters: a search that follows a PostgreSQL full-text query (up to two seconds
 * of both cores) finds its process and its caches cold. A plain rotation of three systems put one of
 * the compared systems after PostgreSQL twice as often as the other.
 */
export function interleavedOrder<T>(n: number, baseline: T, compared: readonly [T, T]): T[] {
  const [a, b] = compared;
  return n % 2 === 0 ? [baseline, a, b] : [baseline, b, a];
}
