import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import { projectScope } from "@/lib/projects/queries";
import { formatTarget } from "@/lib/targets/parse-target";
import { asOfWithinYear, timeProgress, todayInChina } from "@/lib/budget/time-progress";
import { toValidationIndicator } from "./check-ins";
import { DEVIATION_CAUSE_LABELS, LIKELIHOOD_LABELS } from "./check-in-schema";
import { REPORT_STATUS_LABELS } from "./reports";
import { indicatorStatus, type StatusResult } from "./status";
import { isUuid } from "@/lib/ids";

export interface HistoryPoint {
  id: string;
  asOfDate: string;
  actual: string;
  /** The numeric actual for the chart, when the target is quantitative. */
  actualNumber: string | null;
  forecast: string;
  likelihood: string;
  deviationCause: string;
  correctiveAction: string;
  note: string;
  by: string;
  reportStatus: string;
  /** Its month is still a draft or returned: evidence may be added. */
  editable: boolean;
  /** Time progress (序时进度) of that date, %, for the pace line. */
  timeProgress: string;
}

export interface IndicatorHistory {
  id: string;
  projectId: string;
  projectName: string;
  unitId: string;
  unitName: string;
  category: string;
  name: string;
  target: string;
  targetNumber: string | null;
  unit: string;
  year: number;
  status: StatusResult;
  points: HistoryPoint[];
}

/** One indicator's check-ins through the year, oldest first, for anyone who may read the project. */
export async function indicatorHistory(db: Db, actor: Actor, indicatorId: string): Promise<IndicatorHistory> {
  const indicator = isUuid(indicatorId)
    ? await db.indicator.findFirst({
        where: { id: indicatorId, project: projectScope(actor) },
        include: {
          project: { include: { unit: true, fiscalYear: true } },
          checkIns: { orderBy: { asOfDate: "asc" }, include: { createdBy: { select: { displayName: true } }, report: { select: { status: true } } } },
        },
      })
    : null;
  if (!indicator) throw notFound("指标");
  const target = toValidationIndicator(indicator);
  const year = indicator.project.fiscalYear.year;
  const points = indicator.checkIns.map((c): HistoryPoint => {
    const date = c.asOfDate.toISOString().slice(0, 10);
    return {
      id: c.id,
      asOfDate: date,
      actual: c.actualText ?? c.actualValue?.toString() ?? "",
      actualNumber: c.actualValue?.toString() ?? null,
      forecast: c.forecastText ?? c.forecastValue?.toString() ?? "",
      likelihood: c.likelihood ? LIKELIHOOD_LABELS[c.likelihood] : "",
      deviationCause: c.deviationCause ? DEVIATION_CAUSE_LABELS[c.deviationCause] : "",
      correctiveAction: c.correctiveAction ?? "",
      note: c.note ?? "",
      by: c.createdBy.displayName,
      reportStatus: c.report ? REPORT_STATUS_LABELS[c.report.status] : "",
      editable: !c.report || c.report.status === "DRAFT" || c.report.status === "RETURNED",
      timeProgress: timeProgress(date, year).percent,
    };
  });
  const last = indicator.checkIns.at(-1);
  const asOf = asOfWithinYear(year, null, todayInChina());
  return {
    id: indicator.id,
    projectId: indicator.projectId,
    projectName: indicator.project.name,
    unitId: indicator.project.unitId,
    unitName: indicator.project.unit.name,
    category: target.category,
    name: indicator.name,
    target: formatTarget({ comparator: target.comparator, value: target.value, unit: target.unit }),
    targetNumber: target.comparator === "qualitative" ? null : target.value,
    unit: target.unit,
    year,
    status: indicatorStatus(
      target,
      last ? { asOfDate: last.asOfDate.toISOString().slice(0, 10), actualValue: last.actualValue?.toString() ?? null, actualText: last.actualText, forecastValue: last.forecastValue?.toString() ?? null, forecastText: last.forecastText, likelihood: last.likelihood } : null,
      asOf,
      year,
    ),
    points,
  };
}
