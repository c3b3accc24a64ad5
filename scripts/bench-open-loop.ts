// Load as people make it: arrivals are not a closed loop of N connections that wait for each other
// (that measures queueing of a burst), but an open stream — each request arrives at its own time,
// drawn from a Poisson process at a given rate, whether or not the earlier ones have been answered.
// A request's time runs from its *scheduled* arrival to its answer, so a late start (a busy client
// or server) counts against the server rather than being left out (no coordinated omission).
import { mulberry32 } from "@/lib/demo/random";
import { kneeOf } from "@/lib/ops/load-figures";
import { percentile, round1, sleep, type Timed } from "./bench-lib";

/** One kind of request in the mix, with its share of arrivals. */
export interface MixEntry {
  kind: string;
  weight: number;
  request: () => Promise<Timed>;
  /** Whether the answer is the expected one (anything else is an error). */
  ok: (t: Timed) => boolean;
}

export interface RatePoint {
  rate_rps: number;
  sent: number;
  achieved_rps: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  errors: number;
  by_kind: Record<string, { n: number; p50_ms: number; p95_ms: number; errors: number }>;
}

/** `seconds` of Poisson arrivals at `rate` per second, each drawn from the mix by weight. */
export async function openLoopAt(rate: number, seconds: number, mix: MixEntry[], random: () => number): Promise<RatePoint> {
  const total = mix.reduce((s, m) => s + m.weight, 0);
  const pick = () => {
    let r = random() * total;
    for (const m of mix) if ((r -= m.weight) < 0) return m;
    return mix[mix.length - 1]!;
  };
  const results: { kind: string; ms: number; ok: boolean }[] = [];
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  let at = 0; // ms after start of the next arrival
  for (;;) {
    at += (-Math.log(1 - random()) / rate) * 1000; // exponential gaps: a Poisson process
    if (at > seconds * 1000) break;
    const wait = start + at - performance.now();
    if (wait > 0) await sleep(wait);
    const entry = pick();
    const scheduled = start + at;
    inFlight.push(
      entry.request().then(
        (t) => void results.push({ kind: entry.kind, ms: performance.now() - scheduled, ok: entry.ok(t) }),
        () => void results.push({ kind: entry.kind, ms: performance.now() - scheduled, ok: false }),
      ),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  const summary = (list: typeof results) => ({ p50_ms: round1(percentile(list.map((r) => r.ms), 50)), p95_ms: round1(percentile(list.map((r) => r.ms), 95)), errors: list.filter((r) => !r.ok).length });
  const byKind: RatePoint["by_kind"] = {};
  for (const m of mix) {
    const own = results.filter((r) => r.kind === m.kind);
    if (own.length > 0) byKind[m.kind] = { n: own.length, ...summary(own) };
  }
  const all = summary(results);
  return { rate_rps: rate, sent: results.length, achieved_rps: round1(results.length / elapsed), p50_ms: all.p50_ms, p95_ms: all.p95_ms, p99_ms: round1(percentile(results.map((r) => r.ms), 99)), errors: all.errors, by_kind: byKind };
}

/**
 * The load curve: each rate in turn (a pause between, so one rate's backlog does not spill into the
 * next), stopping after the first rate whose p95 is far past the budget (the server is saturated;
 * higher rates only queue more). The knee (lib/ops/load-figures.ts) is the highest rate up to which every rate kept p95 within the budget with no error.
 */
export async function loadCurve(rates: number[], seconds: number, mix: MixEntry[], p95Budget: number, log: (m: string) => void): Promise<{ points: RatePoint[]; knee_rps: number | null }> {
  const random = mulberry32(22); // the same arrivals and the same mix at every run
  const points: RatePoint[] = [];
  for (const rate of rates) {
    const point = await openLoopAt(rate, seconds, mix, random);
    points.push(point);
    log(`开放到达 ${rate} 次/秒：实际 ${point.achieved_rps} 次/秒，p50 ${point.p50_ms} ms，p95 ${point.p95_ms} ms，错误 ${point.errors}`);
    if (point.p95_ms > 4 * p95Budget) break;
    await sleep(2_000);
  }
  return { points, knee_rps: kneeOf(points, p95Budget) };
}

