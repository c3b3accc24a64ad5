import { fromScaled, toScaled } from "@/lib/money";
import { CATEGORY_LABELS, LEVEL1_LABELS } from "@/lib/targets/categories";
import { actualWithUnit } from "@/lib/targets/parse-target";
import type { EvaluationForm } from "./form";
import { BAND_RANGES, displayScore } from "./score";
import type { EvaluationView } from "./view";

/** 元 → 万元 with 2 decimals, half-up, without grouping: the form's money cells (0.01 万元 = 10,000 fen). */
export function wan2(yuan: string): string {
  const fen = toScaled(yuan, 2);
  const sign = fen < 0n ? -1n : 1n;
  return fromScaled(sign * ((sign * fen + 5_000n) / 10_000n), 2);
}

/**
 * One project's 项目支出绩效自评表 as the exports print it (lib/evaluation/form.ts). A form whose
 * input the engine refuses cannot be printed: the caller shows the errors instead.
 */
export function toEvaluationForm(view: EvaluationView): EvaluationForm | null {
  if (!view.outcome.ok) return null;
  const result = view.outcome.result;
  return {
    year: view.project.year,
    projectName: view.project.name,
    department: view.project.departmentName,
    unit: view.project.unitName,
    funds: {
      initialBudgetWan: wan2(view.funds.initialBudget),
      annualBudgetWan: wan2(view.funds.adjustedBudget),
      spentWan: wan2(view.funds.spent),
      weight: result.executionWeight,
      executionRate: result.executionRate,
      score: displayScore(result.executionScore),
    },
    goal: { expected: view.project.annualGoal, actual: view.achievementText },
    lines: result.indicators.map((line, n) => {
      const meta = view.lines[n]!;
      const actual = line.actual ?? (line.band ? BAND_RANGES[line.band].label : "未填报");
      // The explanation names an override with its reason and the computed score: each said once.
      const notes = [...line.notes, line.explanation, meta.prefilledFrom ? `预填依据：${meta.prefilledFrom}` : ""].filter(Boolean);
      return {
        level1: LEVEL1_LABELS[meta.level1],
        category: CATEGORY_LABELS[meta.category],
        name: meta.name,
        target: meta.target,
        actual: line.actual === null ? actual : actualWithUnit(actual, meta.unit, meta.qualitative),
        weight: line.weight,
        score: displayScore(line.score),
        deviation: meta.deviation,
        internalNote: notes.join("；"),
      };
    }),
    totalWeight: "100",
    total: result.total,
    grade: result.grade,
    status: `${view.status ? view.figure.statusLabel : "未填写（按预测预填）"}${view.review.length > 0 ? "，需要复核" : ""}`,
    statusLabel: view.figure.statusLabel,
    approved: view.status === "APPROVED",
    weightReason: view.weightReason || undefined,
    review: view.review.length > 0 ? view.review.join("\n") : undefined,
  };
}

/** A project in the public 汇总 whose evaluation is not approved: its name and status, no figures (never 0 分/差). */
export function unpublishedForm(view: EvaluationView): EvaluationForm {
  const none = { initialBudgetWan: "—", annualBudgetWan: "—", spentWan: "—", weight: "—", executionRate: null, score: "—" };
  return {
    year: view.project.year, projectName: view.project.name, department: view.project.departmentName, unit: view.project.unitName,
    funds: none, goal: { expected: "", actual: "" }, lines: [], totalWeight: "100", total: "—", grade: "—",
    status: view.figure.statusLabel, statusLabel: view.figure.statusLabel, approved: false,
  };
}
