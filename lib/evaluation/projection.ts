// The year-end self-evaluation score a project is heading for: the one projection every screen
// shows (project page, overview, /evaluations, exports), by the same engine as the final form. The
// caller gives the check-ins and spending it reads (lib/dashboard/facts.ts or lib/projects/detail.ts,
// which decide which check-ins count), so every screen projects from the same facts. The rules:
//  1. Once the year's result is known — the year is over at `asOf`, or the latest check-in is a
//     year-end one (dated in December, status rule 3) — a line is scored from the latest actual as
//     recorded, exactly as the year-end form is pre-filled: no forecast and no "on course" guess
//     replaces a result.
//  2. During the year: the reported 全年预计 (forecast) when there is one; else, when the status is
//     已完成 or 正常, the target itself ("on course to meet it"); else the latest actual as it stands;
//     no check-in → 未填报, 0 points.
//  3. Spending is projected at its own pace, never better: spent ÷ days elapsed × days in the year
//     (序时进度's own fraction). A project whose execution is behind 序时进度 (spent < time progress)
//     is therefore projected below 100% and cannot earn the full 10 points for execution; 24.69%
//     spent on 30 June (序时进度 49.59%) projects to 49.79%, 4.98 points. Once the year is over the
//     projection is the spending itself.
//  4. Weights as on the pre-filled form: the indicators' own weights when every indicator has one,
//     else the group's even share. Input the engine would refuse (an actual that is not a number, a
//     word off the target's scale, own weights that do not add up) is left out — that indicator counts
//     as not reported, the default weights are used — so a projection always has a score.

import { timeProgress } from "@/lib/budget/time-progress";
import { fromScaled, toScaled } from "@/lib/money";
import { indicatorStatus, type IndicatorStatus, type StatusCheckIn } from "@/lib/progress/status";
import { actualOf, baseInput, yuanToWan, type EvaluationIndicator } from "./prefill";
import { displayScore, scoreEvaluation } from "./score";
import { readableActual } from "./stale";
import type { EvaluationIndicatorInput, EvaluationInput, EvaluationResult, Grade } from "./types";

export type ProjectionIndicator = EvaluationIndicator & { latest: StatusCheckIn | null; status: IndicatorStatus };

export interface Projection {
  total: string;
  grade: Grade;
  /** Points lost, largest first, with what each line was projected from. */
  losses: { name: string; lost: string; basis: string }[];
  explanation: string;
  result: EvaluationResult;
  /** The engine's input: what the pre-filled form shows for a project not yet evaluated. */
  input: EvaluationInput;
  /** What each line was projected from, in the indicators' order ("按 2025-12-31 填报的实际 40 计"). */
  basis: string[];
  /** The year's result is known (rule 1): a projection in name only, the pre-filled year-end form. */
  final: boolean;
  asOf: string;
}

/** Spending projected to the year's end at its pace so far (rule 3); the same figure once the year is over. */
export function projectedSpent(spent: string, asOf: string, year: number): string {
  const { numerator, denominator } = timeProgress(asOf, year);
  if (numerator === 0 || numerator === denominator) return spent;
  const fen = toScaled(spent, 2);
  const projected = (fen * BigInt(denominator) * 2n + BigInt(numerator)) / (BigInt(numerator) * 2n); // half-up
  return fromScaled(projected, 2);
}

/** Indicators with their latest check-in and status (progress/status.ts), for a caller that has only the check-ins. */
export function withStatus(indicators: EvaluationIndicator[], latest: ReadonlyMap<string, StatusCheckIn>, asOf: string, year: number): ProjectionIndicator[] {
  return indicators.map((i) => {
    const checkIn = latest.get(i.id) ?? null;
    return { id: i.id, level1: i.level1, category: i.category, name: i.name, comparator: i.comparator, value: i.value, unit: i.unit, weight: i.weight, latest: checkIn, status: indicatorStatus(i, checkIn, asOf, year).status };
  });
}

const yearEndCheckIn = (c: StatusCheckIn | null, year: number) => c !== null && c.asOfDate >= `${year}-12-01`;

/** One line's projected actual and why (rules 1 and 2). */
function lineOf(i: ProjectionIndicator, yearOver: boolean, year: number): [string | null, string] {
  const latest = actualOf(i.latest);
  const readable = readableActual(i, latest);
  if (yearOver || yearEndCheckIn(i.latest, year)) {
    if (readable) return [latest, `按 ${i.latest!.asOfDate} 填报的实际 ${latest} 计`];
    return [null, latest ? `${i.latest!.asOfDate} 填报的实际“${latest}”无法按目标计分，按 0 分计` : "未填报，按 0 分计"];
  }
  const forecast = i.latest ? i.latest.forecastText?.trim() || i.latest.forecastValue?.trim() || null : null;
  if (readableActual(i, forecast)) return [forecast, `按全年预计 ${forecast} 计`];
  if (i.status === "COMPLETED" || i.status === "ON_TRACK") return [i.value, "进度正常，按达到目标计"];
  if (readable) return [latest, `按最新实际 ${latest} 计`];
  return [null, "未填报，按 0 分计"];
}

/** The year-end score a project is heading for (rules at the top of this file). */
export function projectEvaluation(funds: { adjustedBudget: string; spent: string }, indicators: ProjectionIndicator[], asOf: string, year: number): Projection {
  const yearOver = asOf >= `${year}-12-31`;
  const ownWeights = indicators.every((i) => i.weight !== null);
  const basis: string[] = [];
  const lines = indicators.map((i): EvaluationIndicatorInput => {
    const [actual, why] = lineOf(i, yearOver, year);
    basis.push(why);
    return Object.assign(baseInput(i), { weight: ownWeights ? i.weight : null, actual }); // not { ...a, b }: V8's slow path, per indicator
  });
  const final = yearOver || (indicators.length > 0 && indicators.every((i) => yearEndCheckIn(i.latest, year)));
  const spent = projectedSpent(funds.spent, asOf, year);
  let input: EvaluationInput = { budgetWan: yuanToWan(funds.adjustedBudget), spentWan: yuanToWan(spent), indicators: lines };
  let outcome = scoreEvaluation(input, { trusted: true });
  if (!outcome.ok) {
    input = { ...input, indicators: lines.map((l) => ({ ...l, weight: null })) }; // rule 4
    outcome = scoreEvaluation(input, { trusted: true });
  }
  if (!outcome.ok) throw new Error(`预测评分失败：${outcome.errors.map((e) => e.message).join("；")}`);
  const result = outcome.result;
  // In 0.0001 points. Both texts are fixed-point (weight 2 decimals, score 4), so a line scored its
  // full weight reads "16.67" / "16.6700" and loses nothing without a number being parsed.
  const lost = (weight: string, score: string) => (score.length === weight.length + 2 && score.startsWith(weight) && score.endsWith("00") ? 0n : toScaled(weight, 4) - toScaled(score, 4));
  const executionBasis = yearOver ? `全年执行 ${result.executionRate}%` : `按支出进度预计全年执行 ${result.executionRate}%`;
  const losses = [
    ...(result.executionRate === null ? [] : [{ name: "预算执行率", weight: result.executionWeight, score: result.executionScore, basis: executionBasis }]),
    ...result.indicators.map((l, n) => ({ name: l.name, weight: l.weight, score: l.score, basis: basis[n] ?? "" })),
  ]
    .map((l) => Object.assign(l, { hundredths: lost(l.weight, l.score) }))
    .filter((l) => l.hundredths > 0n)
    .sort((a, b) => (b.hundredths > a.hundredths ? 1 : b.hundredths < a.hundredths ? -1 : 0))
    .map((l) => ({ name: l.name, lost: displayScore(fromScaled(l.hundredths, 4)), basis: l.basis }));
  const top = losses.slice(0, 3).map((l) => `${l.name} −${l.lost}（${l.basis}）`).join("；");
  const explanation = `预计总分 ${result.total}，等级“${result.grade}”${losses.length ? `；主要失分：${top}${losses.length > 3 ? `；另有 ${losses.length - 3} 项失分` : ""}` : "；各项均预计达成"}`;
  return { total: result.total, grade: result.grade, losses, explanation, result, input, basis, final, asOf };
}
