import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { Actor } from "@/lib/auth/roles";
import type { Execution } from "@/lib/budget/execution";
import { endOfMonthDate, parseCalendarDate } from "@/lib/calendar";
import { departmentOverview, projectTotals, unitOverview } from "@/lib/dashboard/queries";
import type { IndicatorSummary, Overview } from "@/lib/dashboard/overview";
import { AppError, notFound } from "@/lib/errors";
import { latestFiscalYearInScope } from "@/lib/fiscal-years";
import { isUuid } from "@/lib/ids";
import { projectScope } from "@/lib/projects/queries";
import type { DeviationCause, Likelihood } from "@/lib/progress/check-in-schema";
import { latestCheckIns, type ShownCheckIn } from "@/lib/progress/reviewed";
import { needsExplanation, type IndicatorStatus } from "@/lib/progress/status";

// The 绩效运行监控表 (the in-year monitoring report a department sends the finance bureau, usually for
// 1–6 月 and 1–7 月). The rules:
//  1. Reviewed data only (lib/progress/reviewed.ts rule 2), whoever asks: it is an official report, so
//     every figure is the one leadership reads by default — the overview of the same date, from the same
//     engines (lib/dashboard): funds and execution by budget/execution, status by progress/status.
//  2. For any date of the fiscal year; by default 31 July (1–7 月). A date outside the year is refused
//     with the year's range: a report for another year is never quietly made for this one.
//  3. Per indicator: 年度指标值, the latest reviewed actual on or before the date (1–N 月执行情况), the
//     forecast (全年预计), and the deviation cause, likelihood and corrective action of that same
//     check-in. An indicator already 已完成 is ticked 确定能 when its check-in gave no likelihood (what
//     is achieved stays achieved, status rule 2); no other value is filled in for the unit.
//  4. What is missing is listed before export: indicators with no reviewed actual, a reported one
//     without a likelihood, and one whose status calls for an explanation (status rule 11) without a
//     deviation cause or corrective action.
//  5. Highlighted: an indicator 滞后 or 有风险, or judged 有可能 / 完全不可能; a project with such an indicator.

export interface MonitoringIndicator {
  id: string;
  level1: string;
  category: string;
  name: string;
  target: string;
  actual: string | null;
  actualDate: string | null;
  forecast: string | null;
  deviationCause: DeviationCause | null;
  likelihood: Likelihood | null;
  /** Rule 3: the likelihood was not given and is ticked 确定能 because the indicator is 已完成. */
  likelihoodDerived: boolean;
  correctiveAction: string | null;
  status: IndicatorStatus;
  reason: string;
  highlight: boolean;
  missing: string[];
}

export interface MonitoringProject {
  id: string;
  seq: number;
  name: string;
  unitCode: string;
  unitName: string;
  annualGoal: string;
  execution: Execution;
  status: IndicatorStatus;
  indicators: MonitoringIndicator[];
  /** Indicators 滞后 or 有风险, or judged 有可能 / 完全不可能 (rule 5). */
  flagged: number;
  highlight: boolean;
}

export interface MonitoringReport {
  department: { id: string; code: string; name: string };
  year: number;
  asOf: string;
  /** "1–7 月", or "1 月 1 日至 7 月 15 日" for a date inside a month. */
  period: string;
  basis: string;
  projects: MonitoringProject[];
  totals: ReturnType<typeof projectTotals>;
  missing: { projectId: string; projectName: string; unitName: string; indicator: string; what: string[] }[];
}

/** Rule 2: "1–7 月" at a month's end, else the exact span. */
export function periodLabel(asOf: string): string {
  const { year, month, day } = parseCalendarDate(asOf);
  if (asOf === endOfMonthDate(year, month)) return month === 1 ? "1 月" : `1–${month} 月`;
  return `1 月 1 日至 ${month} 月 ${day} 日`;
}

/** Rule 2: the requested date, checked, or 31 July of `year`. */
function reportDate(requested: string | undefined, year: number): string {
  if (!requested) return `${year}-07-31`;
  try {
    parseCalendarDate(requested);
  } catch {
    throw new AppError("VALIDATION", `截至日期“${requested}”不是有效日期，请按 YYYY-MM-DD 填写，例如 ${year}-07-31。`, { asOf: "请填写有效日期" });
  }
  if (!requested.startsWith(`${year}-`)) {
    throw new AppError("VALIDATION", `截至日期 ${requested} 不在 ${year} 年度内，请选择 ${year}-01-01 至 ${year}-12-31 之间的日期。`, { asOf: `应在 ${year} 年度内` });
  }
  return requested;
}

function indicatorRow(i: IndicatorSummary, c: ShownCheckIn | undefined): MonitoringIndicator {
  const likelihood = (c?.likelihood ?? null) as Likelihood | null;
  const derived = likelihood === null && i.status === "COMPLETED";
  const explain = needsExplanation({ status: i.status, reason: i.reason, completionPercent: i.completionPercent }, likelihood);
  const missing: string[] = [];
  if (i.status === "NOT_REPORTED" && !i.latest?.actual) missing.push(c ? "未填实际完成值" : "无已审核的填报");
  else {
    if (likelihood === null && !derived) missing.push("缺完成目标可能性");
    if (explain && !c?.deviationCause) missing.push("缺偏差原因");
    if (explain && !c?.correctiveAction) missing.push("缺纠偏措施");
  }
  return {
    id: i.id,
    level1: `${i.level1}指标`,
    category: `${i.category}指标`,
    name: i.name,
    target: i.target,
    actual: i.latest?.actual || null,
    actualDate: i.latest?.asOfDate ?? null,
    forecast: c ? (c.forecastText ?? c.forecastValue) : null,
    deviationCause: (c?.deviationCause ?? null) as DeviationCause | null,
    likelihood: derived ? "CERTAIN" : likelihood,
    likelihoodDerived: derived,
    correctiveAction: c?.correctiveAction ?? null,
    status: i.status,
    reason: i.reason,
    highlight: i.status === "BEHIND" || i.status === "AT_RISK" || likelihood === "POSSIBLE" || likelihood === "IMPOSSIBLE",
    missing,
  };
}

/** The fiscal year a report is made for: the one of the requested date, else the current one (lib/fiscal-years.ts rule 1). */
async function reportYear(db: Db, actor: Actor, scope: Prisma.ProjectWhereInput, requested: string | undefined, departmentId?: string): Promise<number> {
  const asked = requested && /^\d{4}-/.test(requested) ? Number(requested.slice(0, 4)) : undefined;
  const year = await latestFiscalYearInScope(db, actor, scope, { departmentId, year: asked });
  if (!year) throw new AppError("NOT_FOUND", "没有可生成监控表的项目。");
  return year.year;
}

/** The year the date form offers (1–6 月, 1–7 月, 1–12 月) after a date was refused: the current one in the actor's scope. */
export async function latestReportYear(db: Db, actor: Actor, departmentId?: string): Promise<number> {
  return reportYear(db, actor, { AND: [projectScope(actor), departmentId && isUuid(departmentId) ? { unit: { departmentId } } : {}] }, undefined, departmentId);
}

/**
 * The monitoring report of every project the actor may see in a department (or of one project), as of
 * a date (rules 1–5). The overview (cached, the dashboard's own) and one statement for the check-ins'
 * details and one for the annual goals.
 */
export async function monitoringReport(db: Db, actor: Actor, options: { asOf?: string; departmentId?: string; projectId?: string } = {}): Promise<MonitoringReport> {
  let project: { id: string; unitId: string } | null = null;
  if (options.projectId !== undefined) {
    project = isUuid(options.projectId) ? await db.project.findFirst({ where: { AND: [{ id: options.projectId }, projectScope(actor)] }, select: { id: true, unitId: true } }) : null;
    if (!project) throw notFound("项目");
  }
  const scope: Prisma.ProjectWhereInput = project ? { id: project.id } : { AND: [projectScope(actor), options.departmentId && isUuid(options.departmentId) ? { unit: { departmentId: options.departmentId } } : {}] };
  const year = await reportYear(db, actor, { AND: [projectScope(actor), scope] }, options.asOf, project ? undefined : options.departmentId);
  const asOf = reportDate(options.asOf, year);
  const overview: Overview | null = project
    ? await unitOverview(db, actor, project.unitId, { asOf, year, drafts: false })
    : await departmentOverview(db, actor, { asOf, year, departmentId: options.departmentId, drafts: false });
  if (!overview) throw new AppError("NOT_FOUND", "没有可生成监控表的项目。");
  if (overview.asOf !== asOf) throw new AppError("VALIDATION", `截至日期 ${asOf} 不在 ${overview.year} 年度内，请选择 ${overview.year}-01-01 至 ${overview.year}-12-31 之间的日期。`, { asOf: `应在 ${overview.year} 年度内` });

  const projects = project ? overview.projects.filter((p) => p.id === project.id) : overview.projects;
  const ids = projects.map((p) => p.id);
  const indicators = overview.indicators.filter((i) => ids.includes(i.projectId));
  const [details, goals] = await Promise.all([
    latestCheckIns(db, Prisma.sql`WHERE i."id" = ANY(${indicators.map((i) => i.id)}::uuid[])`, asOf, false),
    db.project.findMany({ where: { id: { in: ids } }, select: { id: true, annualGoal: true } }),
  ]);
  const goalOf = new Map(goals.map((g) => [g.id, g.annualGoal]));
  const unitOf = new Map(overview.units.map((u) => [u.id, u]));

  const rows: MonitoringProject[] = projects.map((p) => {
    const own = indicators.filter((i) => i.projectId === p.id).map((i) => indicatorRow(i, details.get(i.id)));
    const flagged = own.filter((i) => i.highlight).length;
    return {
      id: p.id,
      seq: p.seq,
      name: p.name,
      unitCode: unitOf.get(p.unitId)?.code ?? "",
      unitName: p.unitName,
      annualGoal: goalOf.get(p.id) ?? "",
      execution: p.execution,
      status: p.status,
      indicators: own,
      flagged,
      highlight: flagged > 0,
    };
  });
  return {
    department: overview.department,
    year: overview.year,
    asOf,
    period: periodLabel(asOf),
    basis: overview.basis.label,
    projects: rows,
    totals: projectTotals(projects),
    missing: rows.flatMap((p) => p.indicators.filter((i) => i.missing.length > 0).map((i) => ({ projectId: p.id, projectName: p.name, unitName: p.unitName, indicator: i.name, what: i.missing }))),
  };
}

