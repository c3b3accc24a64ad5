// Automatic target review (绩效目标审核): the checks a finance bureau applies before accepting a
// department's performance targets (docs/domain.md, "Target review"). Pure: no database, no I/O.

import { costExceedsBudget, costNotMonetary, costSumMismatch, unitBudgetMismatch } from "./rules-money";
import { duplicateIndicator, emptyAnnualGoal, missingCategory, qualitativeOnlyCategory } from "./rules-structure";
import {
  deadlineWrongYear,
  equalsOnCount,
  missingUnit,
  percentOver100,
  satisfactionTargetLow,
  timelinessBeyondYear,
} from "./rules-values";
import { budgetRaisedExecutionLagged, missedCopiedUnchanged, targetBelowActual, weakGradeUnrevised } from "./rules-next-year";
import { benefitOnlyDuration, duplicateAnnualGoal, wrongCategory } from "./rules-wording";
import type { Finding, ReviewContext, ReviewProject, Rule, Severity } from "./types";

export type { Finding, PreviousLine, PreviousResult, ReviewContext, ReviewIndicator, ReviewProject, Rule, Severity } from "./types";
export { findDeadlineYears } from "./rules-values";

/** The rule's Chinese title, as users read it in place of its id ("cost-sum-mismatch" → 成本指标合计与项目预算不一致). */
export function ruleTitle(id: string): string {
  return RULES.find((r) => r.id === id)?.title ?? id;
}

/** Every rule, in the order the report lists them: department totals, money, dates, values, shape. */
export const RULES: readonly Rule[] = Object.freeze([
  unitBudgetMismatch,
  emptyAnnualGoal,
  duplicateAnnualGoal,
  deadlineWrongYear,
  costExceedsBudget,
  costSumMismatch,
  percentOver100,
  timelinessBeyondYear,
  missingCategory,
  wrongCategory,
  qualitativeOnlyCategory,
  satisfactionTargetLow,
  missingUnit,
  duplicateIndicator,
  benefitOnlyDuration,
  equalsOnCount,
  costNotMonetary,
  // Next year's targets against this year's results (a drafted year's continuing projects only).
  targetBelowActual,
  missedCopiedUnchanged,
  weakGradeUnrevised,
  budgetRaisedExecutionLagged,
]);

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/**
 * Runs every rule and returns the findings sorted by project (department-level findings without a
 * project first), then indicator (project-level findings before indicator ones), then severity,
 * then rule order, so the report reads top-down like the published table.
 */
export function reviewTargets(projects: ReviewProject[], ctx: ReviewContext, rules: readonly Rule[] = RULES): Finding[] {
  const found: Array<{ finding: Finding; rule: number; seq: number }> = [];
  rules.forEach((rule, ruleOrder) => {
    const add = (findings: Finding[]): void => {
      for (const finding of findings) found.push({ finding, rule: ruleOrder, seq: found.length });
    };
    projects.forEach((project, index) => add(rule.check(project, index, ctx)));
    if (rule.checkAll) add(rule.checkAll(projects, ctx));
  });
  found.sort(
    (a, b) =>
      a.finding.projectIndex - b.finding.projectIndex ||
      (a.finding.indicatorIndex ?? -1) - (b.finding.indicatorIndex ?? -1) ||
      SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] ||
      a.rule - b.rule ||
      a.seq - b.seq,
  );
  return found.map((f) => f.finding);
}
