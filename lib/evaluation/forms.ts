import { fromScaled, toScaled } from "@/lib/money";
import { CATEGORY_LABELS, LEVEL1_LABELS } from "@/lib/targets/categories";
import type { EvaluationForm } from "./form";
import { BAND_RANGES, displayScore } from "./score";
import { EVALUATION_STATUS_LABELS, type EvaluationView } from "./service";

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
      const notes = [
        line.overridden ? `系统计算 ${displayScore(line.computedScore)} 分，评价人调整为 ${displayScore(line.score)} 分，理由：${line.overrideReason ?? ""}` : "",
        ...line.notes,
        line.explanation,
      ].filter(Boolean);
      return {
        level1: LEVEL1_LABELS[meta.level1],
        category: CATEGORY_LABELS[meta.category],
        name: meta.name,
        target: meta.target,
        actual: meta.qualitative || line.actual === null || !meta.unit || actual.endsWith(meta.unit) ? actual : `${actual}${/^[%‰]/.test(meta.unit) ? "" : " "}${meta.unit}`,
        weight: line.weight,
        score: displayScore(line.score),
        deviation: meta.deviation,
        internalNote: notes.join("；"),
      };
    }),
    totalWeight: "100",
    total: result.total,
    grade: result.grade,
    status: `${view.status ? EVALUATION_STATUS_LABELS[view.status] : "未填写（按年度填报预填）"}${view.review.length > 0 ? "，需要复核" : ""}`,
    weightReason: view.weightReason || undefined,
    review: view.review.length > 0 ? view.review.join("\n") : undefined,
  };
}
