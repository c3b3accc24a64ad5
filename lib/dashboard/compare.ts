import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { daysInMonth, parseCalendarDate } from "@/lib/calendar";
import { fromScaled, toScaled } from "@/lib/money";
import { meanTotal } from "@/lib/evaluation/score";
import type { Grade } from "@/lib/evaluation/types";
import { overviewOfYear } from "./queries";
import type { Overview, StatusCounts } from "./overview";

// This year beside last year at the same date (the dashboard's 与上年同期比较). The rules:
//  1. The same date one year earlier: 2026-07-15 → 2025-07-15; 29 February → 28 February.
//  2. Last year is read exactly as this year is (lib/dashboard/facts.ts at that date): spending and
//     adjustments dated on or before it, each indicator's latest check-in on or before it, the
//     statuses of those. Its projected score is the projection from those records (projection.ts):
//     what the screens said that day — a self-evaluation is written after the year ends, so a later
//     approved score never stands in for the projection of that date.
//  3. The department's score is the mean of its projects' figures (each project counts once, as in
//     the 优/良/中/差 counts), 2 decimals, half-up; changes are this year minus last year.

export interface YearFigures {
  year: number;
  asOf: string;
  adjustedBudget: string;
  spent: string;
  executionRate: string | null;
  timeProgress: string;
  projects: number;
  projectCounts: StatusCounts;
  indicatorCounts: StatusCounts;
  grades: Record<Grade, number>;
  averageScore: string | null;
}

export interface YearComparison {
  current: YearFigures;
  previous: YearFigures;
  /** Percentage points (execution) and points (score): this year minus last year; null when either is missing. */
  change: { executionRate: string | null; averageScore: string | null };
}

/** Rule 1. */
export function sameDateLastYear(date: string): string {
  const { year, month, day } = parseCalendarDate(date);
  const last = Math.min(day, daysInMonth(year - 1, month));
  return `${year - 1}-${String(month).padStart(2, "0")}-${String(last).padStart(2, "0")}`;
}

const difference = (a: string | null, b: string | null) => (a === null || b === null ? null : fromScaled(toScaled(a, 2) - toScaled(b, 2), 2));

/** The figures of one overview that the comparison shows. */
export function yearFigures(o: Overview): YearFigures {
  return {
    year: o.year,
    asOf: o.asOf,
    adjustedBudget: o.total.adjustedBudget,
    spent: o.total.spent,
    executionRate: o.total.executionRate,
    timeProgress: o.total.timeProgress,
    projects: o.projects.length,
    projectCounts: o.projectCounts,
    indicatorCounts: o.indicatorCounts,
    grades: o.projectedGrades,
    averageScore: meanTotal(o.projects.map((p) => p.evaluation.total)),
  };
}

export function compareYears(current: YearFigures, previous: YearFigures): YearComparison {
  return { current, previous, change: { executionRate: difference(current.executionRate, previous.executionRate), averageScore: difference(current.averageScore, previous.averageScore) } };
}

/**
 * This overview beside the same department (or unit) a year earlier at the same date (rule 2); null
 * when the actor sees no project in the year before.
 */
export async function lastYearAtSameDate(db: Db, actor: Actor, overview: Overview, options: { unitId?: string; drafts?: boolean } = {}): Promise<YearComparison | null> {
  const previousYear = overview.year - 1;
  // The same check-ins as this year's figures: reviewed ones, or with drafts (lib/progress/reviewed.ts).
  // Through the overviews' cache: last year's figures at a date change as rarely as this year's.
  const previous = await overviewOfYear(db, actor, { departmentId: overview.department.id, unitId: options.unitId, year: previousYear, asOf: sameDateLastYear(overview.asOf), drafts: options.drafts });
  return previous && compareYears(yearFigures(overview), yearFigures(previous));
}
