import { endOfMonthDate } from "@/lib/calendar";
import { computeExecution, monthlySeries, type BudgetRecords, type Execution, type MonthPoint } from "@/lib/budget/execution";
import { ratioPercent } from "@/lib/budget/time-progress";
import { formatDecimal } from "@/lib/decimal";
import type { ReviewStatus } from "@/lib/db/generated/enums";
import { formatWan, fromScaled, toScaled } from "@/lib/money";
import { memoize } from "@/lib/memo";
import { indicatorStatus, projectStatus, STATUS_LABELS, type IndicatorStatus } from "@/lib/progress/status";
import { recordedActual } from "@/lib/progress/status-input";
import { formatTarget } from "@/lib/targets/parse-target";
import type { Category, Level1 } from "@/lib/targets/types";
import { evaluationFigure, type EvaluationFigure, type SavedFigure } from "@/lib/evaluation/figure";
import { projectEvaluation } from "@/lib/evaluation/projection";
import type { Grade } from "@/lib/evaluation/types";
import { basisLabel, type ReviewedThrough } from "@/lib/progress/reviewed";
import type { DashboardFacts, FactsCheckIn, FactsIndicator, FactsProject, MonthSum } from "./facts";

// What leadership reads at a glance, computed from the facts in memory:
//  1. Money: each project's records are its monthly sums (dated at the month's end, or at asOf in
//     asOf's month — the same totals as the raw records on asOf and at every month's end), rolled up
//     by budget/execution.rollUp, so a unit or department rate is the rate of the sums.
//  2. Indicator status by progress/status.indicatorStatus from the latest check-in on or before
//     asOf; a project takes its worst indicator (status rule 10).
//  3. Warnings: red first (预算执行滞后, 绩效指标滞后), then yellow (预警, 有风险); each with its reason.
//  4. Reporting completeness of asOf's month: indicators with an actual in that month's report ÷
//     all indicators, per unit and in total (2 decimals, half-up).
//  5. Which check-ins: by the reviewed-data rule (progress/reviewed.ts). With drafts, the overview is
//     also built from the reviewed check-ins alone, and every figure that differs carries its reviewed
//     value (`reviewed`), so a screen can mark what drafts moved.

export const STATUS_ORDER: readonly IndicatorStatus[] = ["COMPLETED", "ON_TRACK", "AT_RISK", "BEHIND", "NOT_REPORTED"];
export type StatusCounts = Record<IndicatorStatus, number>;

export interface IndicatorSummary {
  id: string;
  projectId: string;
  projectName: string;
  unitId: string;
  level1: Level1;
  category: Category;
  name: string;
  target: string;
  latest: { actual: string; asOfDate: string; by: string; updatedAt: Date } | null;
  status: IndicatorStatus;
  reason: string;
  completionPercent: string | null;
  /** The latest check-in shown is not reviewed (its month is not approved). */
  draft: boolean;
}

export interface ProjectSummary {
  id: string;
  seq: number;
  name: string;
  unitId: string;
  unitName: string;
  budgetWan: string;
  execution: Execution;
  status: IndicatorStatus;
  counts: StatusCounts;
  indicatorCount: number;
  /** The project's year-end self-evaluation: saved (as saved or approved) or projected (lib/evaluation/figure.ts). */
  evaluation: EvaluationFigure;
  /** Indicators whose shown check-in is a draft. */
  drafts: number;
}

export interface UnitSummary {
  id: string;
  code: string;
  name: string;
  execution: Execution;
  projectCount: number;
  indicatorCount: number;
  /** Indicators 有风险 or 滞后. */
  atRisk: number;
  reported: number;
  completeness: string | null;
  reportStatus: ReviewStatus | null;
  /** The unit's latest month with reviewed data, up to asOf's month. */
  reviewedThrough: number | null;
  /** Indicators whose shown check-in is a draft. */
  drafts: number;
}

export interface WarningItem {
  level: "red" | "yellow";
  kind: "budget" | "progress";
  projectId: string;
  projectName: string;
  unitName: string;
  label: string;
  reason: string;
  /** Drafts made it (it is not among the reviewed figures' warnings). */
  draft: boolean;
}

export interface Overview {
  department: DashboardFacts["department"];
  year: number;
  asOf: string;
  month: number;
  total: Execution;
  series: MonthPoint[];
  projectCounts: StatusCounts;
  indicatorCounts: StatusCounts;
  units: UnitSummary[];
  projects: ProjectSummary[];
  indicators: IndicatorSummary[];
  warnings: WarningItem[];
  /** Projects by the grade of their evaluation figure, saved or projected alike. */
  projectedGrades: Record<Grade, number>;
  reporting: { month: number; reported: number; expected: number; percent: string | null };
  /** Which check-ins the figures come from, and its label ("截至 10 月已审核数据"). */
  basis: { drafts: boolean; label: string; reviewedThrough: ReviewedThrough[] };
  /** With drafts: the same figures from reviewed check-ins only, to mark what drafts moved; null without. */
  reviewed: ReviewedFigures | null;
}

/** The figures of an overview built from reviewed check-ins only (rule 5). */
export interface ReviewedFigures {
  projectCounts: StatusCounts;
  indicatorCounts: StatusCounts;
  projectedGrades: Record<Grade, number>;
  units: Record<string, { atRisk: number }>;
  projects: Record<string, { status: IndicatorStatus; total: string; grade: Grade }>;
  indicators: Record<string, { status: IndicatorStatus; actual: string | null }>;
}

// The projection is pure and costs most of an overview (it runs the whole scoring engine):
// remembered by its inputs, so an overview that builds a project again with the same indicators,
// check-ins and spending (the unit page beside the department's, a change of its name) skips it
// (lib/memo.ts). An indicator's status is not: computing it costs about what its key would, and a
// project unchanged since the last overview keeps its whole piece anyway (pieceOf below).
// Only what the overview shows is kept: a whole projection holds the engine's every line (measured:
// 40 remembered overviews of 79 projects took 194 MB of heap with whole projections).
const projectionOf = memoize(
  5_000,
  (...args: Parameters<typeof projectEvaluation>) => JSON.stringify([args[0].adjustedBudget, args[0].spent, args[1].map((i) => [i.level1, i.category, i.name, i.comparator, i.value, i.unit, i.weight, i.status, i.latest && [i.latest.actualValue, i.latest.actualText, i.latest.forecastValue, i.latest.forecastText]]), args[2], args[3]]),
  (...args: Parameters<typeof projectEvaluation>) => {
    const { total, grade, explanation, asOf, result } = projectEvaluation(...args);
    return { total, grade, explanation, asOf, executionRate: result.executionRate };
  },
);

const emptyCounts = (): StatusCounts => ({ COMPLETED: 0, ON_TRACK: 0, AT_RISK: 0, BEHIND: 0, NOT_REPORTED: 0 });

export function countStatuses(statuses: Iterable<IndicatorStatus>): StatusCounts {
  const counts = emptyCounts();
  for (const s of statuses) counts[s] += 1;
  return counts;
}

/** reported ÷ expected as a percentage with 2 decimals; null when nothing is expected. */
export function completeness(reported: number, expected: number): string | null {
  const r = ratioPercent({ units: BigInt(reported), scale: 0 }, { units: BigInt(expected), scale: 0 });
  return r === null ? null : formatDecimal(r, 2);
}

/** What one project contributes to an overview, from its own facts. */
interface ProjectGroup {
  indicators: FactsIndicator[];
  spending: MonthSum[];
  adjustments: MonthSum[];
  evaluation: SavedFigure | null;
}

/** One project's share of an overview: its money records, its indicators' summaries, its summary. */
interface ProjectPiece {
  records: BudgetRecords;
  indicators: IndicatorSummary[];
  summary: ProjectSummary;
}

/** The facts grouped by project: as loaded (facts.parts), or grouped here from the flat lists. */
function groupsOf(facts: DashboardFacts, evaluations: ReadonlyMap<string, SavedFigure>): ReadonlyMap<string, ProjectGroup> {
  if (facts.parts) return facts.parts;
  const groups = new Map<string, ProjectGroup>(facts.projects.map((p) => [p.id, { indicators: [], spending: [], adjustments: [], evaluation: evaluations.get(p.id) ?? null }]));
  for (const i of facts.indicators) groups.get(i.projectId)?.indicators.push(i);
  for (const s of facts.spending) groups.get(s.projectId)?.spending.push(s);
  for (const s of facts.adjustments) groups.get(s.projectId)?.adjustments.push(s);
  return groups;
}

// A project's piece is kept with its facts: facts.ts loads a project's facts anew only when its
// change counter moved, so an overview rebuilt after a change elsewhere in the department takes
// the other projects' pieces as they were (keyed also by everything else the piece reads).
const pieces = new WeakMap<ProjectGroup, Map<string, ProjectPiece>>();

function pieceOf(facts: DashboardFacts, p: FactsProject, group: ProjectGroup, latestOf: Map<string, FactsCheckIn>, variant: string, unitName: string): ProjectPiece {
  const key = JSON.stringify([variant, facts.asOf, facts.year, p.seq, p.name, p.unitId, p.budget, unitName]);
  let kept = pieces.get(group);
  const hit = kept?.get(key);
  if (hit) return hit;
  const piece = buildPiece(facts, p, group, latestOf, unitName);
  if (!kept) pieces.set(group, (kept = new Map()));
  kept.set(key, piece);
  return piece;
}

function buildPiece(facts: DashboardFacts, p: FactsProject, group: ProjectGroup, latestOf: Map<string, FactsCheckIn>, unitName: string): ProjectPiece {
  // Rule 1: each month's sum dated at the month's end, or at asOf in asOf's month.
  const dated = (s: MonthSum) => {
    const monthEnd = endOfMonthDate(facts.year, s.month);
    return { date: monthEnd < facts.asOf ? monthEnd : facts.asOf, amount: s.amount };
  };
  const records: BudgetRecords = { budget: p.budget, adjustments: group.adjustments.map(dated), expenditures: group.spending.map(dated) };
  const execution = computeExecution(records, facts.asOf, facts.year);
  const indicators = group.indicators.map((i): IndicatorSummary => {
    const latest = latestOf.get(i.id) ?? null;
    const result = indicatorStatus(i, latest, facts.asOf, facts.year);
    return {
      id: i.id,
      projectId: i.projectId,
      projectName: p.name,
      unitId: p.unitId,
      level1: i.level1,
      category: i.category,
      name: i.name,
      target: formatTarget(i),
      latest: latest ? { actual: recordedActual(latest), asOfDate: latest.asOfDate, by: latest.by, updatedAt: latest.updatedAt } : null,
      status: result.status,
      reason: result.reason,
      completionPercent: result.completionPercent,
      draft: latest?.draft ?? false,
    };
  });
  const evaluation = evaluationFigure(group.evaluation, () =>
    projectionOf(
      { adjustedBudget: execution.adjustedBudget, spent: execution.spent },
      // Written out, not spread and extended ({ ...i, latest }): V8 takes its slow path for that, per indicator.
      group.indicators.map((i, n) => ({ id: i.id, projectId: i.projectId, level1: i.level1, category: i.category, name: i.name, comparator: i.comparator, value: i.value, unit: i.unit, weight: i.weight, latest: latestOf.get(i.id) ?? null, status: indicators[n]!.status })),
      facts.asOf,
      facts.year,
    ),
  );
  const statuses = indicators.map((i) => i.status);
  return {
    records,
    indicators,
    summary: {
      id: p.id,
      seq: p.seq,
      name: p.name,
      unitId: p.unitId,
      unitName,
      budgetWan: formatWan(p.budget),
      execution,
      status: projectStatus(statuses),
      counts: countStatuses(statuses),
      indicatorCount: indicators.length,
      evaluation,
      drafts: indicators.filter((i) => i.draft).length,
    },
  };
}

/** The records of several projects as one (execution rule 6: the rate of the sums). */
function mergeRecords(list: BudgetRecords[]): BudgetRecords {
  const all: BudgetRecords = { budget: "0", adjustments: [], expenditures: [] };
  let budgetFen = 0n;
  for (const r of list) {
    budgetFen += toScaled(r.budget, 2);
    // Loops, not push(...list): a large department must not overflow the argument stack.
    for (const a of r.adjustments) all.adjustments.push(a);
    for (const e of r.expenditures) all.expenditures.push(e);
  }
  all.budget = fromScaled(budgetFen, 2);
  return all;
}

function warningsOf(projects: ProjectSummary[], indicators: IndicatorSummary[]): WarningItem[] {
  const items: WarningItem[] = [];
  for (const p of projects) {
    const base = { projectId: p.id, projectName: p.name, unitName: p.unitName };
    const w = p.execution.warning;
    if (w === "LAGGING" || w === "WARNING") {
      items.push({ ...base, level: w === "LAGGING" ? "red" : "yellow", kind: "budget", label: w === "LAGGING" ? "预算执行滞后" : "预算执行预警", reason: p.execution.explanation, draft: false });
    } else if (p.execution.overspent) {
      items.push({ ...base, level: "red", kind: "budget", label: "超预算", reason: p.execution.explanation, draft: false });
    }
    if (p.status === "BEHIND" || p.status === "AT_RISK") {
      const worst = indicators.filter((i) => i.projectId === p.id && i.status === p.status);
      const names = worst.slice(0, 3).map((i) => `${i.name}（${i.reason}）`).join("；");
      const more = worst.length > 3 ? `；等 ${worst.length} 个指标` : "";
      items.push({ ...base, level: p.status === "BEHIND" ? "red" : "yellow", kind: "progress", label: `绩效指标${STATUS_LABELS[p.status]}`, reason: `${names}${more}`, draft: false });
    }
  }
  const rank = (w: WarningItem) => (w.level === "red" ? 0 : 1);
  return items.sort((a, b) => rank(a) - rank(b)); // stable: within a level, project order
}

const grade = (projects: ProjectSummary[], g: Grade) => projects.filter((p) => p.evaluation.grade === g).length;

/**
 * The overview of a department (or unit) from its facts and its projects' saved self-evaluations
 * (lib/evaluation/records.ts), rules 1–5.
 */
export function buildOverview(facts: DashboardFacts, evaluations: ReadonlyMap<string, SavedFigure> = facts.evaluations ?? new Map()): Overview {
  const shown = overviewFrom(facts, facts.latest, evaluations, facts.drafts ? "drafts" : "reviewed");
  const basis = { drafts: facts.drafts, label: basisLabel(facts.drafts, facts.reviewedThrough), reviewedThrough: facts.reviewedThrough };
  if (!facts.drafts) return { ...shown, basis, reviewed: null };
  const signed = overviewFrom(facts, facts.reviewed, evaluations, "reviewed");
  const signedWarnings = new Set(signed.warnings.map(warningKey));
  return {
    ...shown,
    warnings: shown.warnings.map((w) => ({ ...w, draft: !signedWarnings.has(warningKey(w)) })),
    basis,
    reviewed: {
      projectCounts: signed.projectCounts,
      indicatorCounts: signed.indicatorCounts,
      projectedGrades: signed.projectedGrades,
      units: Object.fromEntries(signed.units.map((u) => [u.id, { atRisk: u.atRisk }])),
      projects: Object.fromEntries(signed.projects.map((p) => [p.id, { status: p.status, total: p.evaluation.total, grade: p.evaluation.grade }])),
      indicators: Object.fromEntries(signed.indicators.map((i) => [i.id, { status: i.status, actual: i.latest?.actual ?? null }])),
    },
  };
}

const warningKey = (w: WarningItem) => JSON.stringify([w.projectId, w.kind, w.level, w.reason]);

function overviewFrom(facts: DashboardFacts, latestOf: Map<string, FactsCheckIn>, evaluations: ReadonlyMap<string, SavedFigure>, variant: string): Omit<Overview, "basis" | "reviewed"> {
  const unitNames = new Map(facts.units.map((u) => [u.id, u.name]));
  const groups = groupsOf(facts, evaluations);
  const built = facts.projects.map((p) => pieceOf(facts, p, groups.get(p.id)!, latestOf, variant, unitNames.get(p.unitId) ?? ""));
  const projects = built.map((b) => b.summary);
  const indicators: IndicatorSummary[] = [];
  for (const b of built) for (const i of b.indicators) indicators.push(i);
  const all = mergeRecords(built.map((b) => b.records));

  const units: UnitSummary[] = facts.units.map((u) => {
    const own = built.filter((b) => b.summary.unitId === u.id);
    const ownIndicators = indicators.filter((i) => i.unitId === u.id);
    const reported = ownIndicators.filter((i) => facts.reportedThisMonth.has(i.id)).length;
    return {
      ...u,
      execution: computeExecution(mergeRecords(own.map((b) => b.records)), facts.asOf, facts.year),
      projectCount: own.length,
      indicatorCount: ownIndicators.length,
      atRisk: ownIndicators.filter((i) => i.status === "AT_RISK" || i.status === "BEHIND").length,
      reported,
      completeness: completeness(reported, ownIndicators.length),
      reportStatus: facts.reports.find((r) => r.unitId === u.id)?.status ?? null,
      reviewedThrough: facts.reviewedThrough.find((t) => t.unitId === u.id)?.month ?? null,
      drafts: ownIndicators.filter((i) => i.draft).length,
    };
  });
  const reported = units.reduce((n, u) => n + u.reported, 0);

  return {
    department: facts.department,
    year: facts.year,
    asOf: facts.asOf,
    month: facts.month,
    total: computeExecution(all, facts.asOf, facts.year),
    series: monthlySeries(all, facts.asOf, facts.year),
    projectCounts: countStatuses(projects.map((p) => p.status)),
    indicatorCounts: countStatuses(indicators.map((i) => i.status)),
    units,
    projects,
    indicators,
    warnings: warningsOf(projects, indicators),
    projectedGrades: { 优: grade(projects, "优"), 良: grade(projects, "良"), 中: grade(projects, "中"), 差: grade(projects, "差") },
    reporting: { month: facts.month, reported, expected: indicators.length, percent: completeness(reported, indicators.length) },
  };
}
