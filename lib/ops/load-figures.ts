// The verdicts `npm run bench` gives its load and growth figures (scripts/bench-open-loop.ts,
// scripts/bench-growth.ts): pure arithmetic, so the rules are stated and tested in one place.

/** One rate of an open-loop run, as far as the knee is concerned. */
export interface RateFigures {
  rate_rps: number;
  p95_ms: number;
  errors: number;
}

/**
 * The knee of a load curve: the highest rate up to which every rate tried kept its p95 within the
 * budget with no error. A rate that passes above one that failed does not count (a lucky second
 * after a saturated one is not capacity); null when even the lowest rate fails.
 */
export function kneeOf(points: readonly RateFigures[], p95Budget: number): number | null {
  let knee: number | null = null;
  for (const p of [...points].sort((a, b) => a.rate_rps - b.rate_rps)) {
    if (p.p95_ms > p95Budget || p.errors > 0) break;
    knee = p.rate_rps;
  }
  return knee;
}

/** A figure at several sizes of the database, each against the first (the smallest). */
export interface Growth {
  /** Each size's figure ÷ the first size's, to 2 decimals (the first is 1). */
  factors: number[];
  /** Every factor within 1 ± tolerance. */
  ok: boolean;
}

/** Whether a figure stays flat as the database grows: within ±tolerance (0.25 = ±25 %) of the smallest size's. */
export function growthOf(figures: readonly number[], tolerance = 0.25): Growth {
  const [base] = figures;
  if (base === undefined || !(base > 0) || figures.some((f) => !Number.isFinite(f))) return { factors: figures.map(() => Number.NaN), ok: false };
  const factors = figures.map((f) => Math.round((f / base) * 100) / 100);
  return { factors, ok: figures.every((f) => Math.abs(f / base - 1) <= tolerance + 1e-9) };
}

/** A sequential scan that read this many rows or more (kept or filtered out) is cost that grows with the city. */
const SCAN_ROWS = 1_000;

/** The tables a plan (EXPLAIN ANALYZE text) reads sequentially through SCAN_ROWS rows or more; an empty table's scan is no finding. */
export function largeScans(plan: string): string[] {
  const lines = plan.split("\n");
  const found: string[] = [];
  for (const [i, line] of lines.entries()) {
    const scan = /Seq Scan on "?(\w+)"?.*actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)/.exec(line);
    if (!scan) continue;
    const removed = Number(/Rows Removed by Filter: (\d+)/.exec(lines[i + 1] ?? "")?.[1] ?? 0);
    if ((Number(scan[2]) + removed) * Number(scan[3]) >= SCAN_ROWS) found.push(scan[1]!);
  }
  return found;
}
