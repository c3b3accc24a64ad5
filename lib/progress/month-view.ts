import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import type { ReviewStatus } from "@/lib/db/generated/enums";
import { forbidden } from "@/lib/errors";
import { pickYear } from "@/lib/fiscal-years";
import { formatTarget } from "@/lib/targets/parse-target";
import { asOfDateFor, toValidationIndicator } from "./check-ins";
import { qualitativeScale } from "./scale";
import { indicatorStatus, type IndicatorStatus } from "./status";

export interface MonthRow {
  indicatorId: string;
  projectId: string;
  projectName: string;
  category: string;
  name: string;
  target: string;
  kind: "number" | "text";
  unit: string;
  options: string[];
  current: { id: string; evidence: number; actual: string; forecast: string; likelihood: string; deviationCause: string; correctiveAction: string; note: string; version: number } | null;
  previous: { actual: string; asOfDate: string } | null;
  status: IndicatorStatus;
  statusReason: string;
}

export interface MonthView {
  unitName: string;
  year: number;
  month: number;
  asOfDate: string;
  report: { id: string; status: ReviewStatus; comment: string | null } | null;
  editable: boolean;
  rows: MonthRow[];
  todo: number;
}

const str = (v: { toString(): string } | null | undefined) => (v == null ? "" : v.toString());

/**
 * A unit's month: every indicator of its projects with this month's check-in, the one before, and
 * the computed status. Three queries whatever the number of indicators.
 */
export async function monthView(db: Db, actor: Actor, options: { year?: number; month?: number; now?: Date } = {}): Promise<MonthView> {
  if ((actor.role !== "REPORTER" && actor.role !== "REVIEWER") || !actor.unitId) throw forbidden("只有单位填报人和审核人使用月度填报。");
  const now = options.now ?? new Date();
  const unit = await db.unit.findUniqueOrThrow({
    where: { id: actor.unitId },
    include: { department: { include: { fiscalYears: { orderBy: { year: "desc" } } } } },
  });
  const fiscalYear = pickYear(unit.department.fiscalYears, options.year);
  const year = fiscalYear?.year ?? now.getUTCFullYear();
  const currentMonth = now.getUTCFullYear() === year ? now.getUTCMonth() + 1 : 12;
  const month = options.month && options.month >= 1 && options.month <= 12 ? options.month : currentMonth;
  const asOfDate = asOfDateFor(year, month, now);
  if (!fiscalYear) return { unitName: unit.name, year, month, asOfDate, report: null, editable: false, rows: [], todo: 0 };

  const [indicators, report] = await Promise.all([
    db.indicator.findMany({
      where: { project: { unitId: unit.id, fiscalYearId: fiscalYear.id } },
      orderBy: [{ project: { seq: "asc" } }, { sortOrder: "asc" }],
      include: { project: { select: { id: true, name: true } } },
    }),
    db.monthlyReport.findUnique({ where: { unitId_fiscalYearId_month: { unitId: unit.id, fiscalYearId: fiscalYear.id, month } } }),
  ]);
  const checkIns = await db.checkIn.findMany({
    where: { indicatorId: { in: indicators.map((i) => i.id) }, asOfDate: { lte: new Date(`${asOfDate}T00:00:00Z`) } },
    orderBy: { asOfDate: "desc" },
    include: { _count: { select: { evidence: true } } },
  });
  const rows = indicators.map((i): MonthRow => {
    const mine = checkIns.filter((c) => c.indicatorId === i.id);
    const current = report ? mine.find((c) => c.reportId === report.id) : undefined;
    const previous = mine.find((c) => c !== current);
    const latest = current ?? previous;
    const target = toValidationIndicator(i);
    const status = indicatorStatus(
      target,
      latest ? { asOfDate: latest.asOfDate.toISOString().slice(0, 10), actualValue: latest.actualValue?.toString() ?? null, actualText: latest.actualText, forecastValue: latest.forecastValue?.toString() ?? null, forecastText: latest.forecastText, likelihood: latest.likelihood } : null,
      asOfDate,
      year,
    );
    return {
      indicatorId: i.id,
      projectId: i.project.id,
      projectName: i.project.name,
      category: target.category,
      name: i.name,
      target: formatTarget({ comparator: target.comparator, value: target.value, unit: target.unit }),
      kind: target.comparator === "qualitative" ? "text" : "number",
      unit: i.unitOfMeasure,
      options: target.comparator === "qualitative" ? qualitativeScale(target.value).options : [],
      current: current
        ? { id: current.id, evidence: current._count.evidence, actual: current.actualText ?? str(current.actualValue), forecast: current.forecastText ?? str(current.forecastValue), likelihood: current.likelihood ?? "", deviationCause: current.deviationCause ?? "", correctiveAction: current.correctiveAction ?? "", note: current.note ?? "", version: current.version }
        : null,
      previous: previous ? { actual: previous.actualText ?? str(previous.actualValue), asOfDate: previous.asOfDate.toISOString().slice(0, 10) } : null,
      status: status.status,
      statusReason: status.reason,
    };
  });
  return {
    unitName: unit.name,
    year,
    month,
    asOfDate,
    report: report ? { id: report.id, status: report.status, comment: report.reviewComment } : null,
    // A closed year is read-only (lib/fiscal-years.ts rule 3).
    editable: actor.role === "REPORTER" && !fiscalYear.closedAt && (!report || report.status === "DRAFT" || report.status === "RETURNED"),
    rows,
    todo: rows.filter((r) => !r.current).length,
  };
}
