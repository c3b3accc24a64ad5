// Shapes of the year-end self-evaluation (绩效自评) scoring engine, kept free of runtime code so
// client components can import them. Numbers travel as decimal strings (architecture rule: no JS
// float), scores with 4 decimals (SCORE_DECIMALS in score.ts), totals with 2.

import type { Category, Comparator, Level1 } from "@/lib/targets/types";

export type Band = "达成" | "部分达成" | "未达成";
export type Grade = "优" | "良" | "中" | "差";
export type LineFlag = "OVER_ACHIEVED" | "NOT_REPORTED" | "BAND_PROPOSED";
export type GroupKey = "execution" | Level1;

export interface GroupWeightsInput {
  execution: string;
  产出: string;
  效益: string;
  满意度: string;
}

export interface EvaluationIndicatorInput {
  key?: string;
  level1: Level1;
  category: Category;
  name: string;
  comparator: Comparator;
  target: string; // "50" for quantitative ones (a trailing unit is accepted), the text (是, 良好) for qualitative
  unit?: string;
  weight?: string | null; // null → the group's weight shared evenly (rule 1)
  actual?: string | null;
  band?: Band | null; // qualitative only
  bandPercent?: string | null; // qualitative only, inside the band
  override?: { score: string; reason: string } | null;
}

export interface EvaluationInput {
  budgetWan: string; // 全年预算数(调整后)
  spentWan: string; // 全年执行数
  indicators: EvaluationIndicatorInput[];
  groupWeights?: GroupWeightsInput | null;
  weightReason?: string | null;
}

export interface EvaluationLine {
  key?: string;
  name: string;
  level1: Level1;
  category: Category;
  target: string; // as shown: "≥ 50 箱", "良好"
  actual: string | null; // as given
  weight: string; // 2 decimals
  score: string; // 4 decimals; the override when there is one
  computedScore: string; // 4 decimals; what the rules give
  overridden: boolean;
  overrideReason: string | null;
  met: boolean | null; // null when not reported
  band: Band | null;
  bandPercent: string | null;
  needsDeviationAnalysis: boolean;
  flags: LineFlag[];
  notes: string[]; // one Chinese message per flag that asks the evaluator to act
  explanation: string;
}

export interface EvaluationGroup {
  key: GroupKey;
  label: string; // 预算执行率, 产出指标 ...
  weight: string;
  applicable: boolean;
  score: string; // 4 decimals, "0.0000" when not applicable
}

export interface EvaluationResult {
  executionRate: string | null; // "73.04" (percent); null when there is no budget
  executionWeight: string;
  executionScore: string; // 4 decimals
  executionExplanation: string;
  indicators: EvaluationLine[]; // input order
  groups: EvaluationGroup[];
  applicableWeight: string; // 2 decimals: the weights of the groups that apply
  rawTotal: string; // 4 decimals: Σ scores before rescaling
  total: string; // 2 decimals
  grade: Grade;
  explanation: string;
}

export interface EvaluationError {
  path: string; // "indicators[2].weight"
  message: string; // Simplified Chinese
}

export type EvaluationOutcome = { ok: true; result: EvaluationResult } | { ok: false; errors: EvaluationError[] };
