import { describe, expect, it } from "vitest";
import { interleavedOrder } from "../../scripts/lib/interleave";

/** How often each system runs right after each other one, over queries 0..n-1 run back to back. */
function predecessorCounts(n: number): Map<string, number> {
  const sequence = Array.from({ length: n }, (_, i) => interleavedOrder(i, "pg", ["portal", "meili"])).flat();
  const counts = new Map<string, number>();
  for (let i = 1; i < sequence.length; i++) {
    const pair = `${sequence[i - 1]}>${sequence[i]}`;
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

describe("interleavedOrder", () => {
  it("runs every system once per query, the baseline first", () => {
    for (let i = 0; i < 6; i++) {
      const order = interleavedOrder(i, "pg", ["portal", "meili"]);
      expect(order[0]).toBe("pg");
      expect([...order].sort()).toEqual(["meili", "pg", "portal"]);
    }
  });

  it("puts each compared system after the baseline equally often", () => {
    const counts = predecessorCounts(250);
    expect(counts.get("pg>portal")).toBe(125);
    expect(counts.get("pg>meili")).toBe(125);
  });

  it("puts every system after every other one equally often, within one", () => {
    const counts = predecessorCounts(251);
    const pairs = ["pg>portal", "pg>meili", "portal>meili", "meili>portal", "portal>pg", "meili>pg"];
    const values = pairs.map((pair) => counts.get(pair) ?? 0);
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
    expect(counts.get("portal>portal") ?? 0).toBe(0);
    expect(counts.get("meili>meili") ?? 0).toBe(0);
  });
});
