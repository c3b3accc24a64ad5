// From the year's records to the scoring engine's input, so a form opens already filled in:
//  1. Funds: 全年预算数 = the adjusted budget at the year's end, 全年执行数 = everything spent in the
//     year (budget/execution rule 1 on 31 December), in 万元 (元 shifted 4 places, exact).
//  2. A saved evaluation, for each indicator: what the evaluator saved. One the targets changed under
//     (an indicator added, deleted, edited) is repaired with the defaults — the year's last check-in
//     (its actual, as recorded: 52, 良好, 是), the group's even share of the weight — and marked
//     需要复核 (stale.ts).
//  3. A project not yet evaluated is pre-filled by its projection (projection.ts), so the form, the
//     list, the overview and the exports show one number for it.
//  4. Input the engine would refuse (an actual that is not a number, a word off the target's
//     scale, weights that do not add up) is shown to the evaluator on a saved form — unless it was
//     saved before a target change made it wrong (stale.ts).

import { fromScaled, toScaled } from "@/lib/money";
import type { StatusCheckIn } from "@/lib/progress/status";
import { indicatorFromRow } from "@/lib/progress/status-input";
import { LEVEL1_NAMES } from "@/lib/targets/codes";
import type { Category, Comparator, Level1 } from "@/lib/targets/types";
import { reconcileSaved } from "./stale";
import type { Band, EvaluationIndicatorInput, EvaluationInput } from "./types";

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

/**
 * An indicator row as the self-evaluation reads it: what status reads (indicatorFromRow), its id,
 * 一级指标 by name, and its own 分值 with two decimals ("12.50"; null: the group's share).
 */
export function evaluationIndicatorFromRow(i: Parameters<typeof indicatorFromRow>[0] & { id: string; level1: keyof typeof LEVEL1_NAMES; weight: { toFixed(digits: number): string } | string | null }): EvaluationIndicator {
  const weight = i.weight === null ? null : typeof i.weight === "string" ? i.weight : i.weight.toFixed(2);
  const s = indicatorFromRow(i); // written out, not spread and extended: V8's slow path, and this runs per indicator read
  return { category: s.category, name: s.name, comparator: s.comparator, value: s.value, unit: s.unit, id: i.id, level1: LEVEL1_NAMES[i.level1], weight };
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

/** A check-in's actual as recorded (52, 良好, 是), or null when it has none. */
export const actualOf = (c: StatusCheckIn | null | undefined): string | null => {
  const text = c?.actualText?.trim() || c?.actualValue?.trim();
  return text ? text : null;
};

export const baseInput = (i: EvaluationIndicator): EvaluationIndicatorInput => ({ key: i.id, level1: i.level1, category: i.category, name: i.name, comparator: i.comparator, target: i.value, unit: i.unit });

/**
 * The form's own lines, as typed or as posted, one per indicator: nothing is filled in or repaired,
 * so a weight that does not add up is an error the evaluator sees.
 */
export function inputFromLines(funds: { adjustedBudget: string; spent: string }, indicators: EvaluationIndicator[], lines: Map<string, SavedLine>, weightReason: string | null): EvaluationInput {
  return {
    budgetWan: yuanToWan(funds.adjustedBudget),
    spentWan: yuanToWan(funds.spent),
    weightReason,
    indicators: indicators.map((i) => {
      const line = lines.get(i.id);
      if (!line) return { ...baseInput(i), weight: null, actual: null };
      return {
        ...baseInput(i),
        weight: line.weight,
        actual: line.actual.trim() === "" ? null : line.actual,
        band: line.band,
        bandPercent: line.band ? line.bandPercent : null,
        override: line.overrideScore !== null && line.overrideScore !== "" ? { score: line.overrideScore, reason: line.overrideReason ?? "" } : null,
      };
    }),
  };
}

export interface SavedInput {
  input: EvaluationInput;
  /** Why a saved evaluation needs 复核 (its targets changed after saving, stale.ts); empty when it does not. */
  review: string[];
}

/** A saved evaluation's input: the saved lines, repaired where the targets changed since (rule 2). */
export function savedInput(
  funds: { adjustedBudget: string; spent: string },
  indicators: EvaluationIndicator[],
  lastCheckIns: ReadonlyMap<string, StatusCheckIn>,
  saved: Map<string, SavedLine>,
  weightReason: string | null,
): SavedInput {
  const prefill = (i: EvaluationIndicator) => {
    const checkIn = lastCheckIns.get(i.id);
    const actual = actualOf(checkIn);
    return actual ? { actual, from: `${checkIn!.asOfDate} 填报` } : null;
  };
  return reconcileSaved(inputFromLines(funds, indicators, saved, weightReason), indicators, saved, prefill);
}
