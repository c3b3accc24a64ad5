import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { authorizedDepartment, authorizedUnit, can, readScope } from "@/lib/auth/policy";
import type { ReviewStatus } from "@/lib/db/generated/enums";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { currentMonthOf, todayInChina } from "@/lib/calendar";
import { pickYear } from "@/lib/fiscal-years";
import { isUuid } from "@/lib/ids";
import { formatTarget } from "@/lib/targets/parse-target";
import { asOfDateFor, savedValues } from "./check-ins";
import { indicatorFromRow, statusCheckInFromRow } from "./status-input";
import type { CheckInValues } from "./check-in-schema";
import { monthCompleteness, type Completeness } from "./completeness";
import { includeDrafts } from "./reviewed";
import { qualitativeScale } from "./scale";
import { indicatorStatus, needsExplanation, type IndicatorStatus, type StatusResult } from "./status";
import { inputHint } from "./validate";

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
  /** What to type in the actual and forecast cells ("填数字，单位：箱", "填完成月份 1–12，未完成填 0"). */
  hint: string;
  /** This month's check-in; its fields are "" when empty. */
  current: ({ id: string; evidence: number; version: number; updatedAt: Date } & { [K in keyof CheckInValues]: string }) | null;
  previous: { actual: string; asOfDate: string } | null;
  status: IndicatorStatus;
  statusReason: string;
  /** A deviation cause and corrective action are needed at this status (status rule 11). */
  needsExplanation: boolean;
}

export interface MonthView {
  unitId: string;
  unitName: string;
  year: number;
  month: number;
  asOfDate: string;
  report: { id: string; status: ReviewStatus; comment: string | null } | null;
  editable: boolean;
  rows: MonthRow[];
  todo: number;
  completeness: Completeness;
  /** Rows show the month's reviewed copy (reviewed.ts rule 2) rather than its check-ins as recorded. */
  reviewedOnly: boolean;
  /**
   * What the person may do with this month (lib/auth/policy.ts): `review` — they are its unit's
   * reviewer (the queue, the reported rows only); `decide` — approve or return it now; `submit` —
   * they are its reporter, who submits it.
   */
  can: { review: boolean; decide: boolean; submit: boolean };
}

const monthCan = (actor: Actor, unitId: string, report: { status: ReviewStatus } | null): MonthView["can"] => ({
  review: can(actor, "report.review", { unitId }),
  decide: report !== null && can(actor, "report.review", { unitId, status: report.status }),
  submit: can(actor, "report.submit", { unitId }),
});

const str = (v: string | null) => v ?? "";
const day = (d: Date) => d.toISOString().slice(0, 10);

/** The unit's month for its reporters and reviewers (the progress page and the template). */
export async function monthView(db: Db, actor: Actor, options: { year?: number; month?: number; now?: Date } = {}): Promise<MonthView> {
  return loadMonth(db, actor, authorizedUnit(actor, "month.work"), { ...options, drafts: true });
}

/**
 * A unit's month for the read API: reporters and reviewers their own unit, leaders any unit of their
 * department (`unitId` required). Leaders read what was reviewed unless they ask for drafts
 * (reviewed.ts rule 4).
 */
export async function readMonth(db: Db, actor: Actor, options: { year: number; month: number; unitId?: string | null; drafts?: string | null; now?: Date }): Promise<MonthView> {
  if (!Number.isInteger(options.year) || options.year < 2000 || options.year > 2100) throw new AppError("VALIDATION", "年度应为 2000–2100 的整数。");
  if (!Number.isInteger(options.month) || options.month < 1 || options.month > 12) throw new AppError("VALIDATION", "月份应为 1–12。");
  const drafts = includeDrafts(actor, options.drafts);
  if (readScope(actor) === "unit") {
    if (!actor.unitId) throw forbidden();
    if (options.unitId && options.unitId !== actor.unitId) throw notFound("单位");
    return loadMonth(db, actor, actor.unitId, { ...options, drafts });
  }
  const departmentId = authorizedDepartment(actor, "month.readDepartment");
  if (!options.unitId) throw new AppError("VALIDATION", "请用 unitId 指定要读取的单位。");
  const unit = isUuid(options.unitId) ? await db.unit.findFirst({ where: { id: options.unitId, departmentId }, select: { id: true } }) : null;
  if (!unit) throw notFound("单位");
  return loadMonth(db, actor, unit.id, { ...options, drafts });
}

/**
 * Every indicator of the unit's projects with this month's check-in, the one before, and the computed
 * status. Four queries whatever the number of indicators.
 */
async function loadMonth(db: Db, actor: Actor, unitId: string, options: { year?: number; month?: number; now?: Date; drafts: boolean }): Promise<MonthView> {
  const now = options.now ?? new Date();
  const unit = await db.unit.findUniqueOrThrow({
    where: { id: unitId },
    include: { department: { include: { fiscalYears: { orderBy: { year: "desc" } } } } },
  });
  const fiscalYear = pickYear(unit.department.fiscalYears, options.year);
  const year = fiscalYear?.year ?? Number(todayInChina(now).slice(0, 4));
  const currentMonth = currentMonthOf(year, now);
  const month = options.month && options.month >= 1 && options.month <= 12 ? options.month : currentMonth;
  const asOfDate = asOfDateFor(year, month, now);
  const empty = { filled: 0, expected: 0, unfilled: [], unexplained: [] };
  if (!fiscalYear) return { unitId, unitName: unit.name, year, month, asOfDate, report: null, editable: false, rows: [], todo: 0, completeness: empty, reviewedOnly: !options.drafts, can: monthCan(actor, unitId, null) };

  const [indicators, report] = await Promise.all([
    db.indicator.findMany({
      where: { project: { unitId: unit.id, fiscalYearId: fiscalYear.id } },
      orderBy: [{ project: { seq: "asc" } }, { sortOrder: "asc" }],
      include: { project: { select: { id: true, name: true } } },
    }),
    db.monthlyReport.findUnique({ where: { unitId_fiscalYearId_month: { unitId: unit.id, fiscalYearId: fiscalYear.id, month } } }),
  ]);
  const before = { indicatorId: { in: indicators.map((i) => i.id) }, asOfDate: { lte: new Date(`${asOfDate}T00:00:00Z`) } };
  const [checkIns, reviewed] = await Promise.all([
    options.drafts ? db.checkIn.findMany({ where: before, orderBy: [{ asOfDate: "desc" }, { updatedAt: "desc" }], include: { _count: { select: { evidence: true } } } }) : [],
    options.drafts ? [] : db.reviewedCheckIn.findMany({ where: before, orderBy: [{ asOfDate: "desc" }, { recordedAt: "desc" }], include: { checkIn: { select: { version: true, _count: { select: { evidence: true } } } } } }),
  ]);
  // One list either way: as recorded, or the signed copies (reviewed.ts rule 2).
  const records = options.drafts
    ? checkIns.map((c) => ({ ...c, evidence: c._count.evidence }))
    : reviewed.map((c) => ({ ...c, id: c.checkInId ?? c.id, version: c.checkIn?.version ?? 0, updatedAt: c.recordedAt, evidence: c.checkIn?._count.evidence ?? 0 }));
  const rows = indicators.map((i): MonthRow => {
    const mine = records.filter((c) => c.indicatorId === i.id);
    const current = report ? mine.find((c) => c.reportId === report.id) : undefined;
    const previous = mine.find((c) => c !== current);
    const latest = current ?? previous;
    const target = indicatorFromRow(i);
    const status: StatusResult = indicatorStatus(target, latest ? statusCheckInFromRow(latest) : null, asOfDate, year);
    const values = current ? savedValues(current) : null;
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
      hint: inputHint(target),
      current: current && values
        ? { id: current.id, evidence: current.evidence, version: current.version, updatedAt: current.updatedAt, actual: str(values.actual), forecast: str(values.forecast), likelihood: str(values.likelihood), deviationCause: str(values.deviationCause), correctiveAction: str(values.correctiveAction), note: str(values.note) }
        : null,
      previous: previous ? { actual: savedValues(previous).actual ?? "", asOfDate: day(previous.asOfDate) } : null,
      status: status.status,
      statusReason: status.reason,
      needsExplanation: current ? needs(status, values!) : false,
    };
  });
  return {
    unitId: unit.id,
    unitName: unit.name,
    year,
    month,
    asOfDate,
    report: report ? { id: report.id, status: report.status, comment: report.reviewComment } : null,
    // A closed year is read-only (lib/fiscal-years.ts rule 3).
    editable: can(actor, "month.edit", { unitId: unit.id, closed: !!fiscalYear.closedAt, status: report?.status ?? null }),
    can: monthCan(actor, unit.id, report),
    rows,
    todo: rows.filter((r) => !r.current?.actual).length,
    completeness: monthCompleteness(rows),
    reviewedOnly: !options.drafts,
  };
}

const needs = (status: StatusResult, values: CheckInValues) => needsExplanation(status, values.likelihood);

/**
 * The read API's answer (GET /api/check-ins): one row per indicator of the unit, filled or not, in
 * the shape POST /api/check-ins accepts (unfilled fields null) plus what a client needs to show it and
 * write it back: name, target, version, the month's status, updatedAt.
 */
export function checkInRows(view: MonthView) {
  const orNull = (v: string | undefined) => (v ? v : null);
  return {
    year: view.year,
    month: view.month,
    unitId: view.unitId,
    unitName: view.unitName,
    asOfDate: view.asOfDate,
    status: view.report?.status ?? "DRAFT",
    /** Rows are the month's reviewed copy (a leader without ?drafts=1): what was approved. */
    reviewedOnly: view.reviewedOnly,
    completeness: { filled: view.completeness.filled, expected: view.completeness.expected },
    rows: view.rows.map((r) => ({
      indicatorId: r.indicatorId,
      actual: orNull(r.current?.actual),
      forecast: orNull(r.current?.forecast),
      likelihood: orNull(r.current?.likelihood),
      deviationCause: orNull(r.current?.deviationCause),
      correctiveAction: orNull(r.current?.correctiveAction),
      note: orNull(r.current?.note),
      version: r.current?.version ?? null,
      projectName: r.projectName,
      name: r.name,
      target: r.target,
      hint: r.hint,
      status: view.report?.status ?? "DRAFT",
      updatedAt: r.current?.updatedAt.toISOString() ?? null,
    })),
  };
}
