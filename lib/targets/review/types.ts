// Shapes of the automatic target review (绩效目标审核). Structurally compatible with the table-12
// parser's ParsedProject/ParsedIndicator, so `parseTable12(text).projects` can be reviewed directly,
// and with rows loaded from the database (which add ids). Kept free of runtime code.

import type { Category, Comparator } from "@/lib/targets/types";

export type Severity = "error" | "warning" | "info";

export interface ReviewIndicator {
  id?: string;
  /** The indicator of the year before it was copied from (a drafted year, lib/targets/next-year.ts). */
  previousId?: string | null;
  category: Category;
  name: string;
  comparator: Comparator;
  /** Exact decimal string for quantitative targets; the target text ("是", "良好") for qualitative ones. */
  value: string;
  unit: string;
  raw?: string;
}

export interface ReviewProject {
  id?: string;
  unitCode: string;
  unitName: string;
  name: string;
  /** 预算资金总额 in 万元 as an exact decimal string ("5000.00", "2.16"). */
  budgetWan: string;
  annualGoal: string;
  indicators: ReviewIndicator[];
  /** The same project's results in the year it was drafted from, when it continues one (rules-next-year.ts). */
  previous?: PreviousResult | null;
}

/** One indicator of the year before as its self-evaluation (or projection) scored it. */
export interface PreviousLine {
  name: string;
  comparator: Comparator;
  value: string;
  unit: string;
  /** The target as shown: "≥ 2 次". */
  target: string;
  /** The year's actual as the form has it ("1", "良好"), or null when not reported. */
  actual: string | null;
  /** That actual as an exact number in the target's unit, for a quantitative target; else null. */
  actualNumber: string | null;
  /** Fully met (score = weight); false when the form asks for a deviation analysis. */
  met: boolean;
  /** 2 decimals, as the form prints them. */
  weight: string;
  score: string;
}

/** A continuing project's year before: budget, year-end execution, grade and each indicator's result. */
export interface PreviousResult {
  year: number;
  budgetWan: string;
  executionRate: string | null;
  /** The year-end execution warning (预警 or 滞后, budget/execution.ts rule 4), or null when 正常. */
  executionWarning: "预警" | "滞后" | null;
  total: string;
  grade: string;
  /** Which kind of figure (已审核 / 已提交 / 草稿 / 预测), said in the messages. */
  kind: string;
  /** By the previous indicator's id. */
  lines: Record<string, PreviousLine>;
}

export interface ReviewContext {
  fiscalYear: number;
  /** 项目支出 totals per unit code from the other budget tables, when known */
  unitProjectTotalsWan?: Record<string, string>;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /**
   * Index of the project in the reviewed list. Department-level findings about a unit point at the
   * unit's first project; a finding that concerns no project at all (a unit in the budget tables
   * without any project) uses -1, so it sorts first.
   */
  projectIndex: number;
  projectId?: string;
  indicatorIndex?: number;
  indicatorId?: string;
  message: string;
}

export interface Rule {
  id: string;
  title: string;
  /** what it checks and why, one Chinese sentence for the report page */
  description: string;
  severity: Severity;
  check(project: ReviewProject, index: number, ctx: ReviewContext): Finding[];
  /** department-level rules */
  checkAll?(projects: ReviewProject[], ctx: ReviewContext): Finding[];
}
