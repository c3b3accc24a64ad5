// Shapes of the automatic target review (绩效目标审核). Structurally compatible with the table-12
// parser's ParsedProject/ParsedIndicator, so `parseTable12(text).projects` can be reviewed directly,
// and with rows loaded from the database (which add ids). Kept free of runtime code.

import type { Category, Comparator } from "@/lib/targets/types";

export type Severity = "error" | "warning" | "info";

export interface ReviewIndicator {
  id?: string;
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
