import { describe, expect, it } from "vitest";
import { growthOf, kneeOf, largeScans } from "@/lib/ops/load-figures";

const point = (rate_rps: number, p95_ms: number, errors = 0) => ({ rate_rps, p95_ms, errors });

describe("kneeOf: the highest rate up to which every rate held the budget", () => {
  it("is the last rate before the first one past the budget", () => {
    expect(kneeOf([point(10, 40), point(20, 90), point(30, 150), point(40, 151)], 150)).toBe(30);
  });
  it("does not count a rate that passes after one that failed", () => {
    expect(kneeOf([point(10, 40), point(20, 400), point(30, 120)], 150)).toBe(10);
  });
  it("counts an error as a failure, and reads the rates in order whatever order they come in", () => {
    expect(kneeOf([point(30, 60), point(10, 40), point(20, 50, 1)], 150)).toBe(10);
  });
  it("is null when even the lowest rate fails, or nothing was measured", () => {
    expect(kneeOf([point(10, 151)], 150)).toBeNull();
    expect(kneeOf([], 150)).toBeNull();
  });
});

describe("growthOf: flat within ±25 % of the smallest database", () => {
  it("passes figures within the band at both ends, exactly at 25 % too", () => {
    expect(growthOf([20, 25, 15])).toEqual({ factors: [1, 1.25, 0.75], ok: true });
  });
  it("fails one figure beyond the band", () => {
    expect(growthOf([20, 22, 25.2])).toEqual({ factors: [1, 1.1, 1.26], ok: false });
    expect(growthOf([20, 14.8])).toMatchObject({ ok: false });
  });
  it("takes another tolerance", () => {
    expect(growthOf([10, 14], 0.5).ok).toBe(true);
  });
  it("fails what cannot be compared: no base, a zero base, a missing figure", () => {
    expect(growthOf([]).ok).toBe(false);
    expect(growthOf([0, 1]).ok).toBe(false);
    expect(growthOf([10, Number.NaN]).ok).toBe(false);
  });
});

describe("largeScans: sequential scans that read a growing table", () => {
  const plan = [
    "Hash Join  (cost=1.0..2.0 rows=98 width=24) (actual time=0.1..0.4 rows=98 loops=1)",
    '  ->  Seq Scan on "User" u  (cost=0.00..100.21 rows=2521 width=24) (actual time=0.006..0.295 rows=2521 loops=1)',
    '  ->  Seq Scan on "Evidence" e  (cost=0.00..0.00 rows=1 width=0) (actual time=0.000..0.000 rows=0 loops=98)',
    '  ->  Seq Scan on "BudgetAdjustment"  (cost=0.20..25.30 rows=79 width=26) (actual time=0.035..0.117 rows=6 loops=1)',
    "        Filter: (\"projectId\" = ANY ($1))",
    '  ->  Seq Scan on "Setting"  (cost=0.00..1.00 rows=3 width=26) (actual time=0.035..0.117 rows=3 loops=1)',
    "        Rows Removed by Filter: 1200",
    '  ->  Index Scan using "CheckIn_pkey" on "CheckIn"  (actual time=0.020..0.020 rows=5000 loops=1)',
  ].join("\n");
  it("names a table scanned through 1,000 rows or more, counting rows the filter removed, and not an empty or small one or an index scan", () => {
    expect(largeScans(plan)).toEqual(["User", "Setting"]);
  });
  it("counts every loop", () => {
    expect(largeScans('->  Seq Scan on "Unit"  (cost=0..1 rows=1 width=1) (actual time=0.1..0.2 rows=10 loops=100)')).toEqual(["Unit"]);
    expect(largeScans("Index Only Scan using x (actual time=0.1..0.2 rows=10 loops=100)")).toEqual([]);
  });
});
