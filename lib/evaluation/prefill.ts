// From the year's records to the scoring engine's input (issue "Year-end self-evaluation" §2 and §5):
//  1. Funds: 全年预算数 = the adjusted budget at the year's end, 全年执行数 = everything spent in the
//     year (budget/execution rule 1 on 31 December), in 万元 (元 shifted 4 places, exact).
//  2. Final evaluation, for each indicator: what the evaluator saved, else the year's last check-in
//     (its actual, as recorded: 52, 良好, 是). Weights: saved, else the indicator's own, else the
//     group's even share (engine rule 1). A saved evaluation the targets changed under (an indicator
//     added, deleted, edited) is repaired with these defaults and marked 需要复核 (stale.ts).
//  3. Projection during the year, for each indicator: the reported 全年预计 (forecast) when there is
//     one; else, when the status is 已完成 or 正常, the target itself ("on course to meet it"); else
//     the latest actual as it stands; no check-in → 未填报, 0 points. Spending is projected at its
//     pace: spent ÷ days elapsed × days in the year (序时进度's own fraction), so 30% spent by
//     30 June projects to 60.5% by the year's end.
//  4. Input the engine would refuse (an actual that is not a number, a word off the target's
//     scale, weights that do not add up) is left out of a projection — that indicator counts as not
//     reported, the default weights are used — so a projection always has a score; the final
//     evaluation shows such input to the evaluator instead — unless it was saved before a target
//     change made it wrong (stale.ts).

import { timeProgress } from "@/lib/budget/time-progress";
import { fromScaled, toScaled } from "@/lib/money";
import type { IndicatorStatus, StatusCheckIn } from "@/lib/progress/status";
import type { Category, Comparator, Level1 } from "@/lib/targets/types";
import { displayScore, scoreEvaluation } from "./score";
import { readableActual, reconcileSaved } from "./stale";
import type { Band, EvaluationIndicatorInput, EvaluationInput, EvaluationResult, Grade } from "./types";

export interface EvaluationIndicator {
  id: string;
  level1: Level1;
  category: Category;
  name: string;
  comparator: Comparator;
  value: string;
  unit: string;
  /** The indicator's own 分值, when set in the targets. */
  weight: string | null;
}

export interface SavedLine {
  weight: string;
  actual: string;
  band: Band | null;
  bandPercent: string | null;
  overrideScore: string | null;
  overrideReason: string | null;
  /** What the rules gave when it was saved (4 decimals): a different score now means the target changed. */
  computedScore?: string | null;
}

/** 元 → 万元, exactly: "12345.67" → "1.234567". */
export function yuanToWan(yuan: string): string {
  return fromScaled(toScaled(yuan, 2), 6);
}

const actualOf = (c: StatusCheckIn | null | undefined): string | null => {
  const text = c?.actualText?.trim() || c?.actualValue?.trim();
  return text ? text : null;
};

const base = (i: EvaluationIndicator): EvaluationIndicatorInput => ({ key: i.id, level1: i.level1, category: i.category, name: i.name, comparator: i.comparator, target: i.value, unit: i.unit });

/**
 * The form's own lines, as typed or as posted, one per indicator: nothing is filled in or repaired,
 * so a weight that does not add up is an error the evaluator sees.
 */
export function formInput(funds: { adjustedBudget: string; spent: string }, indicators: EvaluationIndicator[], lines: Map<string, SavedLine>, weightReason: string | null): EvaluationInput {
  return {
    budgetWan: yuanToWan(funds.adjustedBudget),
    spentWan: yuanToWan(funds.spent),
    weightReason,
    indicators: indicators.map((i) => {
      const line = lines.get(i.id);
      if (!line) return { ...base(i), weight: null, actual: null };
      return {
        ...base(i),
        weight: line.weight,
        actual: line.actual.trim() === "" ? null : line.actual,
        band: line.band,
        bandPercent: line.band ? line.bandPercent : null,
        override: line.overrideScore !== null && line.overrideScore !== "" ? { score: line.overrideScore, reason: line.overrideReason ?? "" } : null,
      };
    }),
  };
}

export interface FinalInput {
  input: EvaluationInput;
  /** Why a saved evaluation needs 复核 (its targets changed after saving, stale.ts); empty when it does not. */
  review: string[];
}

/** The final evaluation's input: the saved lines where there are any, the year's last check-ins otherwise (rule 2). */
export function finalInput(
  funds: { adjustedBudget: string; spent: string },
  indicators: EvaluationIndicator[],
  lastCheckIns: Map<string, StatusCheckIn>,
  saved: Map<string, SavedLine> | null,
  weightReason: string | null,
): FinalInput {
  if (saved) {
    const prefill = (i: EvaluationIndicator) => {
      const checkIn = lastCheckIns.get(i.id);
      const actual = actualOf(checkIn);
      return actual ? { actual, from: `${checkIn!.asOfDate} 填报` } : null;
    };
    return reconcileSaved(formInput(funds, indicators, saved, weightReason), indicators, saved, prefill);
  }
  const ownWeights = indicators.every((i) => i.weight !== null);
  return {
    input: {
      budgetWan: yuanToWan(funds.adjustedBudget),
      spentWan: yuanToWan(funds.spent),
      weightReason,
      indicators: indicators.map((i) => ({ ...base(i), weight: ownWeights ? i.weight : null, actual: actualOf(lastCheckIns.get(i.id)) })),
    },
    review: [],
  };
}

export interface Projection {
  total: string;
  grade: Grade;
  /** Points lost, largest first, with what each line was projected from. */
  losses: { name: string; lost: string; basis: string }[];
  explanation: string;
  result: EvaluationResult;
}

/** Spending projected to the year's end at its pace so far (rule 3); the same figure once the year is over. */
export function projectedSpent(spent: string, asOf: string, year: number): string {
  const { numerator, denominator } = timeProgress(asOf, year);
  if (numerator === 0 || numerator === denominator) return spent;
  const fen = toScaled(spent, 2);
  const projected = (fen * BigInt(denominator) * 2n + BigInt(numerator)) / (BigInt(numerator) * 2n); // half-up
  return fromScaled(projected, 2);
}

/** The year-end score a project is heading for, by the same engine (issue §5). */
export function projectEvaluation(
  funds: { adjustedBudget: string; spent: string },
  indicators: (EvaluationIndicator & { latest: StatusCheckIn | null; status: IndicatorStatus })[],
  asOf: string,
  year: number,
): Projection {
  const basis = new Map<string, string>();
  const lines = indicators.map((i): EvaluationIndicatorInput => {
    const forecast = i.latest ? (i.latest.forecastText?.trim() || i.latest.forecastValue?.trim() || null) : null;
    const latest = actualOf(i.latest);
    const [actual, why] = readableActual(i, forecast)
      ? [forecast, `按全年预计 ${forecast} 计`]
      : i.status === "COMPLETED" || i.status === "ON_TRACK"
        ? [i.value, "进度正常，按达到目标计"]
        : readableActual(i, latest)
          ? [latest, `按最新实际 ${latest} 计`]
          : [null, "未填报，按 0 分计"];
    basis.set(i.id, why);
    return { ...base(i), weight: i.weight, actual };
  });
  const spent = projectedSpent(funds.spent, asOf, year);
  const input: EvaluationInput = { budgetWan: yuanToWan(funds.adjustedBudget), spentWan: yuanToWan(spent), indicators: lines };
  let outcome = scoreEvaluation(input);
  if (!outcome.ok) outcome = scoreEvaluation({ ...input, indicators: lines.map((l) => ({ ...l, weight: null })) }); // rule 4
  if (!outcome.ok) throw new Error(`预测评分失败：${outcome.errors.map((e) => e.message).join("；")}`);
  const result = outcome.result;
  const lost = (weight: string, score: string) => toScaled(weight, 4) - toScaled(score, 4); // in 0.0001 points
  const losses = [
    ...(result.executionRate === null ? [] : [{ name: "预算执行率", weight: result.executionWeight, score: result.executionScore, basis: `按支出进度预计全年执行 ${result.executionRate}%` }]),
    ...result.indicators.map((l) => ({ name: l.name, weight: l.weight, score: l.score, basis: basis.get(l.key ?? "") ?? "" })),
  ]
    .map((l) => ({ ...l, hundredths: lost(l.weight, l.score) }))
    .filter((l) => l.hundredths > 0n)
    .sort((a, b) => (b.hundredths > a.hundredths ? 1 : b.hundredths < a.hundredths ? -1 : 0))
    .map((l) => ({ name: l.name, lost: displayScore(fromScaled(l.hundredths, 4)), basis: l.basis }));
  const top = losses.slice(0, 3).map((l) => `${l.name} −${l.lost}（${l.basis}）`).join("；");
  const explanation = `预计总分 ${result.total}，等级“${result.grade}”${losses.length ? `；主要失分：${top}${losses.length > 3 ? `；另有 ${losses.length - 3} 项失分` : ""}` : "；各项均预计达成"}`;
  return { total: result.total, grade: result.grade, losses, explanation, result };
}
