import { fromScaled, toScaled } from "@/lib/money";
import { CATEGORY_LABELS, LEVEL1_LABELS } from "@/lib/targets/categories";
import { actualWithUnit } from "@/lib/targets/parse-target";
import { BAND_RANGES, displayScore } from "./score";
import type { EvaluationView } from "./view";

// One filled-in 项目支出绩效自评表 (财预〔2020〕10号, 附件), as the exports print it: every figure is
// already a decimal string and every text already worded, so an export (.xlsx, the A4 print page,
// the report's annex) only lays it out. toPrintedForm fills it in from an evaluation's view.

export interface PrintedFormLine {
  level1: string; // 一级指标: 产出指标 / 效益指标 / 满意度指标
  category: string; // 二级指标: 数量指标, 质量指标, 时效指标, 成本指标, 经济效益指标, 社会效益指标, 生态效益指标, 可持续影响指标, 满意度指标
  name: string; // 三级指标
  target: string; // 年度指标值, already formatted, e.g. "≥ 50 箱"
  actual: string; // 实际完成值, e.g. "52 箱", "良好"
  weight: string; // 分值, decimal string "16.67"
  score: string; // 得分, decimal string (final, after any override) "13.34"
  deviation: string; // 偏差原因分析及改进措施 (public)
  internalNote?: string; // internal only: override reason, computed score, over-achievement flag — never in the public version
}

export interface PrintedFormFunds {
  initialBudgetWan: string; // 年初预算数（万元）
  annualBudgetWan: string; // 全年预算数（万元，调整后）
  spentWan: string; // 全年执行数（万元）
  weight: string; // 分值 of 预算执行率, "10" by default
  executionRate: string | null; // percent without the sign, "73.04"; null when there is no budget
  score: string; // 得分 of 预算执行率
}

export interface PrintedForm {
  year: number;
  projectName: string;
  department: string; // 主管部门
  unit: string; // 实施单位
  funds: PrintedFormFunds;
  goal: { expected: string; actual: string }; // 年度总体目标: 预期目标 / 实际完成情况
  lines: PrintedFormLine[];
  totalWeight: string; // "100"
  total: string; // "87.35"
  grade: string; // 优/良/中/差
  status: string; // 草稿 / 已提交 / 已审核, with 需要复核 (internal; shown only in the internal version)
  statusLabel: string; // 未填写 / 草稿 / 已退回 / 已提交待审核 / 已审核通过: what the public summary lists beside 未完成自评
  approved: boolean; // only approved forms are published (the public version)
  weightReason?: string; // internal
  review?: string; // internal: why it needs 复核 (targets changed after saving); absent when it does not
}

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
export function toPrintedForm(view: EvaluationView): PrintedForm | null {
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
export function unpublishedPrintedForm(view: EvaluationView): PrintedForm {
  const none = { initialBudgetWan: "—", annualBudgetWan: "—", spentWan: "—", weight: "—", executionRate: null, score: "—" };
  return {
    year: view.project.year, projectName: view.project.name, department: view.project.departmentName, unit: view.project.unitName,
    funds: none, goal: { expected: "", actual: "" }, lines: [], totalWeight: "100", total: "—", grade: "—",
    status: view.figure.statusLabel, statusLabel: view.figure.statusLabel, approved: false,
  };
}
