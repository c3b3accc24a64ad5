import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { budgetRecords, computeExecution, monthlySeries, type Execution, type MonthPoint } from "@/lib/budget/execution";
import { notFound } from "@/lib/errors";
import { formatWan } from "@/lib/money";
import { CATEGORY_NAMES, COMPARATORS, LEVEL1_NAMES } from "@/lib/targets/codes";
import { CATEGORIES, LEVEL1_LABELS, LEVEL1_ORDER } from "@/lib/targets/categories";
import { targetChangesOf, type TargetChange } from "@/lib/targets/indicators";
import { formatTarget } from "@/lib/targets/parse-target";
import type { Category, Level1 } from "@/lib/targets/types";
import { indicatorFromRow, recordedActual } from "@/lib/progress/status-input";
import { basisLabel, checkInsOf, includeDrafts, latestOfEach, type ShownCheckIn } from "@/lib/progress/reviewed";
import { indicatorStatus, projectStatus, type IndicatorStatus, type StatusCheckIn } from "@/lib/progress/status";
import type { ReviewStatus } from "@/lib/db/generated/enums";
import { evaluationIndicatorFromRow, type EvaluationIndicator } from "@/lib/evaluation/prefill";
import { isUuid } from "@/lib/ids";
import { todayWithinYear } from "@/lib/calendar";
import { yearInfo, type FiscalYearInfo } from "@/lib/fiscal-years";
import { projectScope } from "./queries";

// The project page (app/(app)/projects/[id]): everything it shows, from one scoped read of the
// project and five statements run together after it, whatever the number of indicators (never a
// query per row; reading the project once, not once per section).

export interface IndicatorView {
  id: string;
  name: string;
  target: string;
  /** Latest check-in as of today (or the year's end): value, date, who recorded it and when. */
  latest: { actual: string; asOfDate: string; by: string; updatedAt: Date; draft: boolean } | null;
  status: IndicatorStatus;
  /** With drafts: the status from reviewed check-ins only (progress/reviewed.ts rule 3); null without. */
  reviewedStatus: IndicatorStatus | null;
  statusReason: string;
  completionPercent: string | null;
  /** Numeric actuals through the year, oldest first (the sparkline). */
  trend: string[];
  direction: "正向" | "反向" | null;
  rawText: string;
}

export interface ProjectDetail {
  id: string;
  name: string;
  unitCode: string;
  unitName: string;
  /** The project's fiscal year and its state (lib/fiscal-years.ts): a closed year is read-only. */
  year: FiscalYearInfo;
  budgetWan: string;
  annualGoal: string;
  indicatorCount: number;
  groups: { level1: Level1; label: string; categories: { category: Category; indicators: IndicatorView[] }[] }[];
  status: IndicatorStatus;
  asOfDate: string;
  /** Whether unreviewed check-ins are included (progress/reviewed.ts), and the label saying which. */
  drafts: boolean;
  basis: string;
  /** With drafts: the project's status and projection inputs from reviewed check-ins only; null without. */
  reviewed: { status: IndicatorStatus; evaluationIndicators: ProjectDetail["evaluationIndicators"] } | null;
  /** Inputs of the year-end projection (lib/evaluation/prefill.projectEvaluation), by the reviewed-data rule. */
  evaluationIndicators: (EvaluationIndicator & { latest: StatusCheckIn | null; status: IndicatorStatus })[];
  /** Budget execution as of the same day (lib/budget/execution), and its month-end series. */
  execution: Execution;
  series: MonthPoint[];
  /** Target changes, newest first (目标调整记录). */
  history: TargetChange[];
  recentCheckIns: { id: string; indicatorId: string; indicatorName: string; asOfDate: string; actual: string; by: string; updatedAt: Date; evidence: number; reportStatus: ReviewStatus | null; draft: boolean }[];
  evidence: { id: string; fileName: string; size: number; createdAt: Date; uploadedBy: string; attachedTo: "填报" | "支出" | "项目" }[];
}

const RECENT_CHECK_INS = 12;

/** One project with its indicators grouped 一级指标 → 二级指标, or NOT_FOUND when out of scope. */
export async function getProjectDetail(db: Db, actor: Actor, projectId: string, options: { drafts?: boolean } = {}): Promise<ProjectDetail> {
  if (!isUuid(projectId)) throw notFound("项目");
  const project = await db.project.findFirst({
    where: { AND: [{ id: projectId }, projectScope(actor)] },
    include: {
      unit: { select: { code: true, name: true } },
      // The year's state (closed, draft, open) comes with the project, read in the same scoped query.
      fiscalYear: { select: { id: true, year: true, closedAt: true, targetsLockedAt: true, draftedFromYear: true } },
      indicators: { orderBy: { sortOrder: "asc" } },
    },
  });
  if (!project) throw notFound("项目");
  const year = project.fiscalYear.year;
  const asOfDate = todayWithinYear(year);
  const drafts = options.drafts ?? includeDrafts(actor);
  const indicatorIds = project.indicators.map((i) => i.id);
  // The check-ins by the reviewed-data rule (progress/reviewed.ts); with drafts, the reviewed ones too,
  // to mark what drafts moved.
  const [checkIns, reviewedCheckIns, reviewedMonth, evidence, expenditures, adjustments, history] = await Promise.all([
    checkInsOf(db, indicatorIds, asOfDate, drafts),
    drafts ? checkInsOf(db, indicatorIds, asOfDate, false) : null,
    // The unit's latest month with reviewed data, for the label (reviewed.ts rule 2).
    db.monthlyReport.findFirst({ where: { unitId: project.unitId, fiscalYearId: project.fiscalYearId, month: { lte: Number(asOfDate.slice(5, 7)) }, reviewed: { some: {} } }, orderBy: { month: "desc" }, select: { month: true } }),
    db.$queryRaw<{ id: string; fileName: string; size: number; createdAt: Date; checkInId: string | null; expenditureId: string | null; uploadedBy: string }[]>`
      SELECT e."id", e."fileName", e."size", e."createdAt", e."checkInId", e."expenditureId", u."displayName" AS "uploadedBy"
      FROM "Evidence" e JOIN "User" u ON u."id" = e."uploadedById" WHERE e."projectId" = ${project.id}::uuid ORDER BY e."createdAt" DESC`,
    // Execution needs only dates and amounts (budget execution rule 1: recorded on or before the day).
    db.expenditure.findMany({ where: { projectId: project.id }, select: { date: true, amount: true } }),
    db.budgetAdjustment.findMany({ where: { projectId: project.id }, select: { date: true, amount: true } }),
    targetChangesOf(db, project.id),
  ]);
  const records = budgetRecords({ budget: project.budget, adjustments, expenditures });
  const trendOf = new Map<string, string[]>();
  for (const c of [...checkIns].reverse()) if (c.actualValue !== null) trendOf.set(c.indicatorId, [...(trendOf.get(c.indicatorId) ?? []), c.actualValue]);
  const statusesFrom = (latestOf: Map<string, ShownCheckIn>) =>
    new Map(
      project.indicators.map((i) => {
        const c = latestOf.get(i.id);
        const result = indicatorStatus(indicatorFromRow(i), c ?? null, asOfDate, year);
        return [i.id, { result, latest: c ? { actual: recordedActual(c), asOfDate: c.asOfDate, by: c.by, updatedAt: c.updatedAt, draft: c.draft } : null, checkIn: c ?? null }];
      }),
    );
  const statuses = statusesFrom(latestOfEach(checkIns));
  const reviewed = reviewedCheckIns ? statusesFrom(latestOfEach(reviewedCheckIns)) : null;

  const evaluationIndicatorsFrom = (from: typeof statuses): ProjectDetail["evaluationIndicators"] =>
    project.indicators.map((i) => {
      const c = from.get(i.id)!;
      return Object.assign(evaluationIndicatorFromRow(i), { latest: c.checkIn, status: c.result.status });
    });

  const groups = LEVEL1_ORDER.map((level1) => ({
    level1,
    label: LEVEL1_LABELS[level1],
    categories: CATEGORIES.map((category) => ({
      category,
      indicators: project.indicators
        .filter((i) => LEVEL1_NAMES[i.level1] === level1 && CATEGORY_NAMES[i.category] === category)
        .map((i) => ({
          id: i.id,
          name: i.name,
          target: formatTarget({
            comparator: COMPARATORS[i.comparator],
            value: i.targetText ?? i.targetValue?.toString() ?? "",
            unit: i.unitOfMeasure,
          }),
          direction: i.direction === "FORWARD" ? ("正向" as const) : i.direction === "REVERSE" ? ("反向" as const) : null,
          rawText: i.rawText,
          latest: statuses.get(i.id)!.latest,
          reviewedStatus: reviewed ? reviewed.get(i.id)!.result.status : null,
          status: statuses.get(i.id)!.result.status,
          statusReason: statuses.get(i.id)!.result.reason,
          completionPercent: statuses.get(i.id)!.result.completionPercent,
          trend: trendOf.get(i.id) ?? [],
        })),
    })).filter((c) => c.indicators.length > 0),
  })).filter((g) => g.categories.length > 0);

  return {
    id: project.id,
    name: project.name,
    unitCode: project.unit.code,
    unitName: project.unit.name,
    year: yearInfo(project.fiscalYear),
    budgetWan: formatWan(project.budget.toFixed(2)),
    annualGoal: project.annualGoal,
    indicatorCount: project.indicators.length,
    groups,
    status: projectStatus([...statuses.values()].map((s) => s.result.status)),
    asOfDate,
    drafts,
    basis: basisLabel(drafts, [{ unitId: project.unitId, unitName: project.unit.name, month: reviewedMonth?.month ?? null }]),
    reviewed: reviewed ? { status: projectStatus([...reviewed.values()].map((s) => s.result.status)), evaluationIndicators: evaluationIndicatorsFrom(reviewed) } : null,
    evaluationIndicators: evaluationIndicatorsFrom(statuses),
    execution: computeExecution(records, asOfDate, year),
    series: monthlySeries(records, asOfDate, year),
    history,
    recentCheckIns: checkIns.slice(0, RECENT_CHECK_INS).map((c, k) => ({
      id: c.checkInId ?? `reviewed-${k}`,
      indicatorId: c.indicatorId,
      indicatorName: project.indicators.find((i) => i.id === c.indicatorId)?.name ?? "",
      asOfDate: c.asOfDate,
      actual: recordedActual(c),
      by: c.by,
      updatedAt: c.updatedAt,
      evidence: c.evidence,
      reportStatus: c.reportStatus,
      draft: c.draft,
    })),
    evidence: evidence.map((e) => ({ id: e.id, fileName: e.fileName, size: e.size, createdAt: e.createdAt, uploadedBy: e.uploadedBy, attachedTo: e.checkInId ? "填报" : e.expenditureId ? "支出" : "项目" })),
  };
}
