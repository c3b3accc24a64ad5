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
import { toValidationIndicator } from "@/lib/progress/check-ins";
import { indicatorStatus, projectStatus, type IndicatorStatus, type StatusCheckIn } from "@/lib/progress/status";
import type { EvaluationIndicator } from "@/lib/evaluation/prefill";
import { isUuid } from "@/lib/ids";
import { asOfWithinYear, todayInChina } from "@/lib/budget/time-progress";
import { projectScope } from "./queries";

// The project page (app/(app)/projects/[id]): everything it shows, from one scoped read of the
// project and five statements run together after it (issue 9: it was three loaders reading the
// project three times, about 18 statements).

export interface IndicatorView {
  id: string;
  name: string;
  target: string;
  /** Latest check-in as of today (or the year's end): value, date, who recorded it and when. */
  latest: { actual: string; asOfDate: string; by: string; updatedAt: Date } | null;
  status: IndicatorStatus;
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
  fiscalYear: number;
  budgetWan: string;
  annualGoal: string;
  indicatorCount: number;
  groups: { level1: Level1; label: string; categories: { category: Category; indicators: IndicatorView[] }[] }[];
  status: IndicatorStatus;
  asOfDate: string;
  /** Inputs of the year-end projection (lib/evaluation/prefill.projectEvaluation). */
  evaluationIndicators: (EvaluationIndicator & { latest: StatusCheckIn | null; status: IndicatorStatus })[];
  /** Budget execution as of the same day (lib/budget/execution), and its month-end series. */
  execution: Execution;
  series: MonthPoint[];
  /** Target changes, newest first (目标调整记录). */
  history: TargetChange[];
  recentCheckIns: { id: string; indicatorId: string; indicatorName: string; asOfDate: string; actual: string; by: string; updatedAt: Date; evidence: number }[];
  evidence: { id: string; fileName: string; size: number; createdAt: Date; uploadedBy: string; attachedTo: "填报" | "支出" | "项目" }[];
}

const RECENT_CHECK_INS = 12;
const day = (d: Date) => d.toISOString().slice(0, 10);

/** One project with its indicators grouped 一级指标 → 二级指标, or NOT_FOUND when out of scope. */
export async function getProjectDetail(db: Db, actor: Actor, projectId: string): Promise<ProjectDetail> {
  if (!isUuid(projectId)) throw notFound("项目");
  const project = await db.project.findFirst({
    where: { AND: [{ id: projectId }, projectScope(actor)] },
    include: {
      unit: { select: { code: true, name: true } },
      fiscalYear: { select: { year: true } },
      indicators: { orderBy: { sortOrder: "asc" } },
    },
  });
  if (!project) throw notFound("项目");
  const year = project.fiscalYear.year;
  const asOfDate = asOfWithinYear(year, null, todayInChina());
  const [checkIns, evidence, expenditures, adjustments, history] = await Promise.all([
    db.checkIn.findMany({
      where: { indicatorId: { in: project.indicators.map((i) => i.id) }, asOfDate: { lte: new Date(`${asOfDate}T00:00:00Z`) } },
      orderBy: [{ asOfDate: "desc" }, { updatedAt: "desc" }],
      include: { createdBy: { select: { displayName: true } }, _count: { select: { evidence: true } } },
    }),
    db.$queryRaw<{ id: string; fileName: string; size: number; createdAt: Date; checkInId: string | null; expenditureId: string | null; uploadedBy: string }[]>`
      SELECT e."id", e."fileName", e."size", e."createdAt", e."checkInId", e."expenditureId", u."displayName" AS "uploadedBy"
      FROM "Evidence" e JOIN "User" u ON u."id" = e."uploadedById" WHERE e."projectId" = ${project.id}::uuid ORDER BY e."createdAt" DESC`,
    // Execution needs only dates and amounts (budget execution rule 1: recorded on or before the day).
    db.expenditure.findMany({ where: { projectId: project.id }, select: { date: true, amount: true } }),
    db.budgetAdjustment.findMany({ where: { projectId: project.id }, select: { date: true, amount: true } }),
    targetChangesOf(db, project.id),
  ]);
  const records = budgetRecords({ budget: project.budget, adjustments, expenditures });
  const actualOf = (c: (typeof checkIns)[number]) => c.actualText ?? c.actualValue?.toString() ?? "";
  const trendOf = new Map<string, string[]>();
  for (const c of [...checkIns].reverse()) if (c.actualValue !== null) trendOf.set(c.indicatorId, [...(trendOf.get(c.indicatorId) ?? []), c.actualValue.toString()]);
  const toStatusCheckIn = (c: (typeof checkIns)[number]): StatusCheckIn => ({ asOfDate: day(c.asOfDate), actualValue: c.actualValue?.toString() ?? null, actualText: c.actualText, forecastValue: c.forecastValue?.toString() ?? null, forecastText: c.forecastText, likelihood: c.likelihood });
  const latestOf = new Map<string, (typeof checkIns)[number]>();
  for (const c of checkIns) if (!latestOf.has(c.indicatorId)) latestOf.set(c.indicatorId, c);
  const statuses = new Map(
    project.indicators.map((i) => {
      const c = latestOf.get(i.id);
      const result = indicatorStatus(
        toValidationIndicator(i),
        c ? toStatusCheckIn(c) : null,
        asOfDate,
        year,
      );
      return [i.id, { result, latest: c ? { actual: actualOf(c), asOfDate: day(c.asOfDate), by: c.createdBy.displayName, updatedAt: c.updatedAt } : null }];
    }),
  );

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
    fiscalYear: project.fiscalYear.year,
    budgetWan: formatWan(project.budget.toFixed(2)),
    annualGoal: project.annualGoal,
    indicatorCount: project.indicators.length,
    groups,
    status: projectStatus([...statuses.values()].map((s) => s.result.status)),
    asOfDate,
    evaluationIndicators: project.indicators.map((i) => {
      const c = latestOf.get(i.id);
      return {
        ...toValidationIndicator(i),
        id: i.id,
        level1: LEVEL1_NAMES[i.level1],
        weight: i.weight?.toFixed(2) ?? null,
        latest: c ? toStatusCheckIn(c) : null,
        status: statuses.get(i.id)!.result.status,
      };
    }),
    execution: computeExecution(records, asOfDate, year),
    series: monthlySeries(records, asOfDate, year),
    history,
    recentCheckIns: checkIns.slice(0, RECENT_CHECK_INS).map((c) => ({
      id: c.id,
      indicatorId: c.indicatorId,
      indicatorName: project.indicators.find((i) => i.id === c.indicatorId)?.name ?? "",
      asOfDate: day(c.asOfDate),
      actual: actualOf(c),
      by: c.createdBy.displayName,
      updatedAt: c.updatedAt,
      evidence: c._count.evidence,
    })),
    evidence: evidence.map((e) => ({ id: e.id, fileName: e.fileName, size: e.size, createdAt: e.createdAt, uploadedBy: e.uploadedBy, attachedTo: e.checkInId ? "填报" : e.expenditureId ? "支出" : "项目" })),
  };
}
