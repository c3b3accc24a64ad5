import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { Actor } from "@/lib/auth/roles";
import { forbidden, notFound } from "@/lib/errors";
import { formatWan } from "@/lib/money";
import { CATEGORY_NAMES, COMPARATORS, LEVEL1_NAMES } from "@/lib/targets/codes";
import { CATEGORIES, LEVEL1_LABELS, LEVEL1_ORDER } from "@/lib/targets/categories";
import { formatTarget } from "@/lib/targets/parse-target";
import type { Category, Level1 } from "@/lib/targets/types";
import { toValidationIndicator } from "@/lib/progress/check-ins";
import { indicatorStatus, projectStatus, type IndicatorStatus, type StatusCheckIn } from "@/lib/progress/status";
import type { EvaluationIndicator } from "@/lib/evaluation/prefill";
import { isUuid } from "@/lib/ids";
import { asOfWithinYear, todayInChina } from "@/lib/budget/time-progress";

/**
 * Which projects an actor may read, as a Prisma `where` (style.md: ownership inside the where, so a
 * forgotten check returns nothing rather than someone else's row). Unit roles see their unit,
 * leaders their department, the 系统管理员 every department (it imports and maintains them); the
 * security officer and auditor no project data at all (等保 2.0 三权分立).
 */
export function projectScope(actor: Actor): Prisma.ProjectWhereInput {
  switch (actor.role) {
    case "REPORTER":
    case "REVIEWER":
      if (!actor.unitId) throw forbidden();
      return { unitId: actor.unitId };
    case "LEADER":
      if (!actor.departmentId) throw forbidden();
      return { unit: { departmentId: actor.departmentId } };
    case "ADMIN":
      return {};
    default:
      throw forbidden("您的角色不查看项目数据。");
  }
}

export interface ProjectRow {
  id: string;
  seq: number;
  unitCode: string;
  unitName: string;
  name: string;
  budgetYuan: string;
  budgetWan: string;
  indicatorCount: number;
}

export interface ProjectList {
  departments: { id: string; code: string; name: string }[];
  departmentId: string | null;
  fiscalYear: number | null;
  projects: ProjectRow[];
  totalBudgetWan: string;
  totalIndicators: number;
}

/**
 * The projects an actor may see in one department (the actor's own, or the one asked for among those
 * visible) and fiscal year (the latest when not given).
 */
export async function listProjects(db: Db, actor: Actor, options: { year?: number; departmentId?: string } = {}): Promise<ProjectList> {
  const departments = await db.department.findMany({
    where: { units: { some: { projects: { some: projectScope(actor) } } } },
    orderBy: { code: "asc" },
    select: { id: true, code: true, name: true },
  });
  const department = departments.find((d) => d.id === options.departmentId) ?? departments.find((d) => d.id === actor.departmentId) ?? departments[0];
  const empty = { departments, departmentId: department?.id ?? null, fiscalYear: null, projects: [], totalBudgetWan: "0.00", totalIndicators: 0 };
  if (!department) return empty;
  const scope: Prisma.ProjectWhereInput = { AND: [projectScope(actor), { unit: { departmentId: department.id } }] };
  const year =
    options.year ??
    (await db.fiscalYear.findFirst({ where: { projects: { some: scope } }, orderBy: { year: "desc" }, select: { year: true } }))?.year;
  if (year === undefined) return empty;
  const rows = await db.project.findMany({
    where: { AND: [scope, { fiscalYear: { year } }] },
    orderBy: [{ unit: { code: "asc" } }, { seq: "asc" }],
    select: {
      id: true,
      seq: true,
      name: true,
      budget: true,
      unit: { select: { code: true, name: true } },
      _count: { select: { indicators: true } },
    },
  });
  let totalFen = 0n;
  const projects = rows.map((r) => {
    const budgetYuan = r.budget.toFixed(2);
    totalFen += BigInt(budgetYuan.replace(".", ""));
    return {
      id: r.id,
      seq: r.seq,
      unitCode: r.unit.code,
      unitName: r.unit.name,
      name: r.name,
      budgetYuan,
      budgetWan: formatWan(budgetYuan),
      indicatorCount: r._count.indicators,
    };
  });
  const totalYuan = `${totalFen / 100n}.${(totalFen % 100n).toString().padStart(2, "0")}`;
  return {
    departments,
    departmentId: department.id,
    fiscalYear: year,
    projects,
    totalBudgetWan: formatWan(totalYuan),
    totalIndicators: projects.reduce((n, p) => n + p.indicatorCount, 0),
  };
}

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
  /** The latest check-ins of all indicators, newest first. */
  /** Inputs of the year-end projection (lib/evaluation/prefill.projectEvaluation). */
  evaluationIndicators: (EvaluationIndicator & { latest: StatusCheckIn | null; status: IndicatorStatus })[];
  recentCheckIns: { id: string; indicatorId: string; indicatorName: string; asOfDate: string; actual: string; by: string; updatedAt: Date; evidence: number }[];
  evidence: { id: string; fileName: string; size: number; createdAt: Date; uploadedBy: string; attachedTo: "填报" | "支出" | "项目" }[];
}

const RECENT_CHECK_INS = 12;

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
  const [checkIns, evidence] = await Promise.all([
    db.checkIn.findMany({
      where: { indicatorId: { in: project.indicators.map((i) => i.id) }, asOfDate: { lte: new Date(`${asOfDate}T00:00:00Z`) } },
      orderBy: [{ asOfDate: "desc" }, { updatedAt: "desc" }],
      include: { createdBy: { select: { displayName: true } }, _count: { select: { evidence: true } } },
    }),
    db.evidence.findMany({ where: { projectId: project.id }, orderBy: { createdAt: "desc" }, select: { id: true, fileName: true, size: true, createdAt: true, uploadedById: true, checkInId: true, expenditureId: true } }),
  ]);
  const uploaders = await db.user.findMany({ where: { id: { in: [...new Set(evidence.map((e) => e.uploadedById))] } }, select: { id: true, displayName: true } });
  const uploaderName = new Map(uploaders.map((u) => [u.id, u.displayName]));
  const actualOf = (c: (typeof checkIns)[number]) => c.actualText ?? c.actualValue?.toString() ?? "";
  const trendOf = new Map<string, string[]>();
  for (const c of [...checkIns].reverse()) if (c.actualValue !== null) trendOf.set(c.indicatorId, [...(trendOf.get(c.indicatorId) ?? []), c.actualValue.toString()]);
  const toStatusCheckIn = (c: (typeof checkIns)[number]): StatusCheckIn => ({ asOfDate: c.asOfDate.toISOString().slice(0, 10), actualValue: c.actualValue?.toString() ?? null, actualText: c.actualText, forecastValue: c.forecastValue?.toString() ?? null, forecastText: c.forecastText, likelihood: c.likelihood });
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
      return [i.id, { result, latest: c ? { actual: actualOf(c), asOfDate: c.asOfDate.toISOString().slice(0, 10), by: c.createdBy.displayName, updatedAt: c.updatedAt } : null }];
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
    recentCheckIns: checkIns.slice(0, RECENT_CHECK_INS).map((c) => ({
      id: c.id,
      indicatorId: c.indicatorId,
      indicatorName: project.indicators.find((i) => i.id === c.indicatorId)?.name ?? "",
      asOfDate: c.asOfDate.toISOString().slice(0, 10),
      actual: actualOf(c),
      by: c.createdBy.displayName,
      updatedAt: c.updatedAt,
      evidence: c._count.evidence,
    })),
    evidence: evidence.map((e) => ({ id: e.id, fileName: e.fileName, size: e.size, createdAt: e.createdAt, uploadedBy: uploaderName.get(e.uploadedById) ?? "", attachedTo: e.checkInId ? "填报" : e.expenditureId ? "支出" : "项目" })),
  };
}
