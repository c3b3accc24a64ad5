import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { authorizedDepartment } from "@/lib/auth/policy";
import type { ReviewStatus } from "@/lib/db/generated/enums";
import { todayInChina } from "@/lib/calendar";
import { dueState, evaluationDue, evaluationsAskedFor, monthsAskedFor, reportDue, reviewDue, type DeadlineSettings, type DueState } from "./rules";
import { loadDeadlines } from "./settings";
import { departmentCache, departmentToken, type Checked } from "@/lib/dashboard/cache";

// Which units and projects of a department are late, for leaders, admins and the daily digest, by the
// deadline rules (rules.ts). Overdue only: something still within its deadline is nobody's concern yet.
//  - a unit is late with a month whose reporting deadline has passed while the month is not submitted
//    (not started, a draft, or returned), with a submitted month whose review deadline has passed, and
//    with a project whose self-evaluation is not submitted after the evaluation deadline;
//  - a project is late when, in the latest month whose reporting deadline has passed, some of its
//    indicators have no actual value in its unit's report of that month (reported or not, approved or
//    not: this is about the reporting itself, as the completeness figures are).
// Six statements whatever the number of units, projects or months.

export interface LateMonth { year: number; month: number; status: ReviewStatus | null; due: DueState }
export interface LateProject { id: string; name: string; year: number; month: number; indicators: number; reported: number }
export interface UnitLateness {
  unitId: string;
  code: string;
  name: string;
  /** Months not submitted after their reporting deadline. */
  reports: LateMonth[];
  /** Submitted months not reviewed after their review deadline. */
  reviews: LateMonth[];
  /** Projects whose self-evaluation is not submitted (or not reviewed) after the evaluation deadline. */
  evaluations: { projectId: string; name: string; year: number; status: ReviewStatus | null; due: DueState }[];
  /** Projects with unreported indicators in the latest month past its reporting deadline. */
  projects: LateProject[];
  lastReminder: Date | null;
  overdue: number;
}

export interface DepartmentLateness {
  departmentId: string;
  today: string;
  settings: DeadlineSettings;
  units: UnitLateness[];
}

/** A department's lateness on one day, with the change counters it was computed under (lib/dashboard/cache.ts). */
interface LatenessState extends Checked {
  lateness: DepartmentLateness;
}
const cachedLateness = departmentCache<LatenessState>(256);

/**
 * The lateness of the actor's department (leaders and admins), shown on every visit to the overview:
 * kept per department and day and served again while the department's change counter is unchanged.
 * Everything it reads — units, years, reports, projects and their evaluations, check-ins, reminders,
 * deadline settings — moves that counter at commit; the rules move only with the day in China, which
 * is part of the key. The actor's right to read it is checked on every call.
 */
export async function latenessFor(db: Db, actor: Actor, now: Date = new Date()): Promise<DepartmentLateness> {
  const departmentId = authorizedDepartment(actor, "lateness.read");
  const state = await cachedLateness(db, `${departmentId}|${todayInChina(now)}`, async () => {
    // The counter first, then the figures: a write committed in between only makes them newer.
    const token = await departmentToken(db, departmentId);
    return { departmentId, token, lateness: await departmentLateness(db, departmentId, now) };
  });
  return state!.lateness;
}

/** The lateness of a department at the instant `now`, for a caller that settled who may read it. */
export async function departmentLateness(db: Db, departmentId: string, now: Date): Promise<DepartmentLateness> {
  const today = todayInChina(now);
  const [settings, units, years] = await Promise.all([
    loadDeadlines(db, departmentId),
    db.unit.findMany({ where: { departmentId }, orderBy: { code: "asc" }, select: { id: true, code: true, name: true } }),
    db.fiscalYear.findMany({ where: { departmentId, closedAt: null, year: { lte: Number(today.slice(0, 4)) }, projects: { some: {} } }, orderBy: { year: "asc" }, select: { id: true, year: true } }),
  ]);
  const yearIds = years.map((y) => y.id);
  // The latest month of each year whose reporting deadline has passed: where projects are checked.
  const checked = years.flatMap((y) => {
    const month = monthsAskedFor(y.year, settings, today).filter((m) => dueState(reportDue(y.year, m, settings), now).overdue).at(-1);
    return month ? [{ fiscalYearId: y.id, month }] : [];
  });
  const [reports, projects, coverage, reminders] = await Promise.all([
    db.monthlyReport.findMany({ where: { fiscalYearId: { in: yearIds }, unit: { departmentId } }, select: { unitId: true, fiscalYearId: true, month: true, status: true } }),
    db.project.findMany({ where: { fiscalYearId: { in: yearIds }, unit: { departmentId } }, orderBy: [{ unit: { code: "asc" } }, { seq: "asc" }], select: { id: true, name: true, unitId: true, fiscalYearId: true, selfEvaluation: { select: { status: true } } } }),
    checked.length === 0
      ? []
      : db.$queryRaw<{ projectId: string; indicators: number; reported: number }[]>`
        SELECT p."id" AS "projectId", COUNT(i."id")::int AS "indicators",
               COUNT(c."id") FILTER (WHERE c."actualValue" IS NOT NULL OR c."actualText" IS NOT NULL)::int AS "reported"
        FROM unnest(${checked.map((c) => c.fiscalYearId)}::uuid[], ${checked.map((c) => c.month)}::int[]) AS d("fiscalYearId", "month")
        JOIN "Project" p ON p."fiscalYearId" = d."fiscalYearId"
        JOIN "Unit" u ON u."id" = p."unitId" AND u."departmentId" = ${departmentId}::uuid
        JOIN "Indicator" i ON i."projectId" = p."id"
        LEFT JOIN "MonthlyReport" r ON r."unitId" = p."unitId" AND r."fiscalYearId" = p."fiscalYearId" AND r."month" = d."month"
        LEFT JOIN "CheckIn" c ON c."indicatorId" = i."id" AND c."reportId" = r."id"
        GROUP BY p."id"`,
    db.reminder.groupBy({ by: ["unitId"], where: { departmentId }, _max: { createdAt: true } }),
  ]);
  const coverageOf = new Map(coverage.map((c) => [c.projectId, c]));
  const lastReminder = new Map(reminders.map((r) => [r.unitId, r._max.createdAt]));
  const yearOf = new Map(years.map((y) => [y.id, y.year]));
  const monthChecked = new Map(checked.map((c) => [c.fiscalYearId, c.month]));

  return {
    departmentId,
    today,
    settings,
    units: units.map((u) => {
      const late: UnitLateness = { unitId: u.id, code: u.code, name: u.name, reports: [], reviews: [], evaluations: [], projects: [], lastReminder: lastReminder.get(u.id) ?? null, overdue: 0 };
      const own = projects.filter((p) => p.unitId === u.id);
      for (const { id: yearId, year } of years) {
        if (!own.some((p) => p.fiscalYearId === yearId)) continue;
        const byMonth = new Map(reports.filter((r) => r.unitId === u.id && r.fiscalYearId === yearId).map((r) => [r.month, r.status]));
        for (const month of monthsAskedFor(year, settings, today)) {
          const status = byMonth.get(month) ?? null;
          const submitted = status === "SUBMITTED" || status === "APPROVED";
          const due = submitted ? dueState(reviewDue(year, month, settings), now) : dueState(reportDue(year, month, settings), now);
          if (!due.overdue) continue;
          if (!submitted) late.reports.push({ year, month, status, due });
          else if (status === "SUBMITTED") late.reviews.push({ year, month, status, due });
        }
        const evaluationDay = dueState(evaluationDue(year, settings), now);
        if (evaluationsAskedFor(year, today) && evaluationDay.overdue) {
          for (const p of own.filter((x) => x.fiscalYearId === yearId && x.selfEvaluation?.status !== "APPROVED")) {
            late.evaluations.push({ projectId: p.id, name: p.name, year, status: p.selfEvaluation?.status ?? null, due: evaluationDay });
          }
        }
      }
      for (const p of own) {
        const c = coverageOf.get(p.id);
        const month = monthChecked.get(p.fiscalYearId);
        if (c && month && c.reported < c.indicators) late.projects.push({ id: p.id, name: p.name, year: yearOf.get(p.fiscalYearId)!, month, indicators: c.indicators, reported: c.reported });
      }
      late.overdue = late.reports.length + late.reviews.length + late.evaluations.length;
      return late;
    }),
  };
}
