import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { Actor } from "@/lib/auth/roles";
import { authorize } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record";
import { dateInChina, todayInChina } from "@/lib/calendar";
import { AppError, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

// Fiscal years side by side. The rules:
//  1. Every page reads one fiscal year, named in its URL (`?year=2025`) so a link shows the same year
//     to whoever opens it. Without one (or with a year the department does not have) a page reads the
//     current year: the calendar year in China when the department has it, else the latest year
//     before it, else its first year — so drafting next year's targets never moves everybody's pages
//     into a year that has not begun.
//  2. A year is 草案 (drafted from another year, targets not yet approved), 执行中, or 已关闭.
//  3. A closed year is read-only: a trigger of the database (migration 20261206230000_year_cycle)
//     refuses every write to its projects, indicators, check-ins and their reviewed copies, monthly
//     reports and their workflow events, spending, adjustments, evidence and self-evaluations,
//     whatever the code path; lib/errors.ts inputError turns that refusal into the user's message
//     (a refusal, audited like any other). Its approved self-evaluations stay what every screen shows.
//  4. Only the 系统管理员 closes a year or reopens it (with a reason); both are audited.

export const YEAR_PARAM = "year";
export type YearState = "draft" | "open" | "closed";
export const YEAR_STATE_LABELS: Readonly<Record<YearState, string>> = { draft: "草案", open: "执行中", closed: "已关闭（只读）" };

export interface FiscalYearInfo {
  id: string;
  year: number;
  state: YearState;
  label: string;
  closedAt: string | null;
  targetsLocked: boolean;
  draftedFromYear: number | null;
}

type YearRow = { id: string; year: number; closedAt: Date | null; targetsLockedAt: Date | null; draftedFromYear: number | null };

/** Rule 2. */
export function yearState(y: Pick<YearRow, "closedAt" | "targetsLockedAt" | "draftedFromYear">): YearState {
  if (y.closedAt) return "closed";
  return y.draftedFromYear !== null && !y.targetsLockedAt ? "draft" : "open";
}

export function yearInfo(y: YearRow): FiscalYearInfo {
  const state = yearState(y);
  const label = state === "draft" ? `${YEAR_STATE_LABELS.draft}（由 ${y.draftedFromYear} 年度起草）` : YEAR_STATE_LABELS[state];
  return { id: y.id, year: y.year, state, label, closedAt: y.closedAt?.toISOString() ?? null, targetsLocked: !!y.targetsLockedAt, draftedFromYear: y.draftedFromYear };
}

/** `?year=2025` as a year, or undefined for anything else. */
export function readYear(value: string | string[] | undefined | null): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text && /^(19|20|21)\d{2}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

/** Rule 1: the year asked for when the department has it, else the current one. */
export function pickYear<T extends { year: number }>(years: readonly T[], requested: number | undefined, today: string = todayInChina()): T | undefined {
  const asked = years.find((y) => y.year === requested);
  if (asked) return asked;
  const calendar = Number(today.slice(0, 4));
  const sorted = [...years].sort((a, b) => a.year - b.year);
  return sorted.find((y) => y.year === calendar) ?? sorted.filter((y) => y.year < calendar).at(-1) ?? sorted[0];
}

/** A link to the same page in another year, keeping its other parameters (a date moves with the year). */
export function yearHref(path: string, params: Record<string, string | string[] | undefined>, year: number): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (key === YEAR_PARAM || typeof value !== "string") continue;
    // asOf and month belong to the year they were chosen in: the other year opens at its own default.
    if (key === "asOf" || key === "month") continue;
    query.set(key, value);
  }
  query.set(YEAR_PARAM, String(year));
  return `${path}?${query.toString()}`;
}

export interface DepartmentYears {
  department: { id: string; code: string; name: string };
  years: FiscalYearInfo[];
  /** The year the page reads (rule 1). */
  current: FiscalYearInfo;
}

/**
 * The years of one department in which the actor sees projects (its own department, or the one asked
 * for among those visible), newest first, and the one to read; null when the actor sees none.
 * `scope` is the actor's projectScope (lib/projects/queries.ts), which imports this module.
 */
export async function departmentYears(db: Db, actor: Actor, scope: Prisma.ProjectWhereInput, options: { departmentId?: string; year?: number } = {}): Promise<DepartmentYears | null> {
  const department = await db.department.findFirst({
    where: { ...(options.departmentId && isUuid(options.departmentId) ? { id: options.departmentId } : actor.departmentId ? { id: actor.departmentId } : {}), units: { some: { projects: { some: scope } } } },
    orderBy: { code: "asc" },
    select: { id: true, code: true, name: true, fiscalYears: { where: { projects: { some: scope } }, orderBy: { year: "desc" } } },
  });
  if (!department || department.fiscalYears.length === 0) return null;
  const years = department.fiscalYears.map(yearInfo);
  const current = pickYear(years, options.year)!;
  return { department: { id: department.id, code: department.code, name: department.name }, years, current };
}

/**
 * The year a page reads (rule 1) among the actor's: departmentYears' choice in the department it
 * finds, or null when `scope` holds no project. Pages that need only the year, not the list to switch
 * between, ask this.
 */
export async function latestFiscalYearInScope(db: Db, actor: Actor, scope: Prisma.ProjectWhereInput, options: { departmentId?: string; year?: number } = {}): Promise<FiscalYearInfo | null> {
  return (await departmentYears(db, actor, scope, options))?.current ?? null;
}

/** The closed-year message for a year, as the database words it (for screens that say it before anyone tries). */
export const closedYearMessage = (year: number) => `${year} 年度已关闭，只能查看，不能修改。如确需更正，请系统管理员说明原因重新打开该年度。`;

async function adminYear(db: Db, actor: Actor, fiscalYearId: string, verb: string) {
  authorize(actor, "fiscalYear.change", { act: verb });
  const year = isUuid(fiscalYearId) ? await db.fiscalYear.findUnique({ where: { id: fiscalYearId }, include: { department: true } }) : null;
  if (!year) throw notFound("预算年度");
  return year;
}

/** Closes a year (rule 4): says in the audit record how many of its evaluations were not approved. */
export async function closeYear(db: Db, actor: Actor, fiscalYearId: string, context: { ip?: string | null } = {}): Promise<{ year: number; unapproved: number }> {
  const year = await adminYear(db, actor, fiscalYearId, "关闭");
  if (year.closedAt) throw new AppError("CONFLICT", `${year.year} 年度已于 ${dateInChina(year.closedAt)} 关闭。`);
  const [projects, approved] = await Promise.all([
    db.project.count({ where: { fiscalYearId } }),
    db.selfEvaluation.count({ where: { status: "APPROVED", project: { fiscalYearId } } }),
  ]);
  return db.$transaction(async (tx) => {
    const { count } = await tx.fiscalYear.updateMany({ where: { id: fiscalYearId, closedAt: null }, data: { closedAt: new Date() } });
    if (count === 0) throw new AppError("CONFLICT", `${year.year} 年度刚被他人关闭，请刷新。`);
    await recordAudit(tx, { actor, ip: context.ip, action: "fiscalYear.close", objectType: "FiscalYear", objectId: fiscalYearId, after: { department: year.department.code, year: year.year, projects, approvedEvaluations: approved }, outcome: "SUCCESS" });
    return { year: year.year, unapproved: projects - approved };
  });
}

/** Reopens a closed year with a reason (rule 4). */
export async function reopenYear(db: Db, actor: Actor, fiscalYearId: string, reason: string, context: { ip?: string | null } = {}): Promise<void> {
  const year = await adminYear(db, actor, fiscalYearId, "重新打开");
  const why = reason.trim();
  if (why.length < 2) throw new AppError("VALIDATION", "重新打开已关闭的年度须说明原因。", { reason: "请写明原因" });
  if (why.length > 500) throw new AppError("VALIDATION", "原因不能超过 500 字。", { reason: "原因不能超过 500 字" });
  if (!year.closedAt) throw new AppError("CONFLICT", `${year.year} 年度没有关闭。`);
  await db.$transaction(async (tx) => {
    await tx.fiscalYear.update({ where: { id: fiscalYearId }, data: { closedAt: null } });
    await recordAudit(tx, { actor, ip: context.ip, action: "fiscalYear.reopen", objectType: "FiscalYear", objectId: fiscalYearId, before: { closedAt: year.closedAt!.toISOString() }, after: { department: year.department.code, year: year.year }, detail: why, outcome: "SUCCESS" });
  });
}

export interface AdminYear extends FiscalYearInfo {
  projects: number;
  approved: number;
}

export interface YearsAdmin {
  departments: { id: string; code: string; name: string }[];
  department: { id: string; code: string; name: string } | null;
  years: AdminYear[];
  /** The year next year's draft would copy (the latest unless another is asked for), and whether that next year exists. */
  source: { year: number; next: number; nextExists: boolean; projects: { id: string; name: string; unitName: string; budget: string }[] } | null;
}

/** The 系统管理员's view of one department's years (its own, or the one asked for): states, counts, what a draft from `from` would copy. */
export async function yearsAdmin(db: Db, actor: Actor, options: { departmentId?: string; from?: number } = {}): Promise<YearsAdmin> {
  authorize(actor, "fiscalYear.manage");
  const departments = await db.department.findMany({ orderBy: { code: "asc" }, select: { id: true, code: true, name: true } });
  const department = departments.find((d) => d.id === options.departmentId) ?? departments.find((d) => d.id === actor.departmentId) ?? departments[0] ?? null;
  if (!department) return { departments, department: null, years: [], source: null };
  const rows = await db.fiscalYear.findMany({ where: { departmentId: department.id }, orderBy: { year: "desc" }, include: { _count: { select: { projects: true } } } });
  const approved = await db.project.groupBy({ by: ["fiscalYearId"], where: { fiscalYear: { departmentId: department.id }, selfEvaluation: { is: { status: "APPROVED" } } }, _count: { _all: true } });
  const years = rows.map((y) => ({ ...yearInfo(y), projects: y._count.projects, approved: approved.find((a) => a.fiscalYearId === y.id)?._count._all ?? 0 }));
  const from = rows.find((y) => y.year === options.from) ?? rows[0];
  const projects = from ? await db.project.findMany({ where: { fiscalYearId: from.id }, orderBy: [{ unit: { code: "asc" } }, { seq: "asc" }], select: { id: true, name: true, budget: true, unit: { select: { name: true } } } }) : [];
  return {
    departments,
    department,
    years,
    source: from ? { year: from.year, next: from.year + 1, nextExists: rows.some((y) => y.year === from.year + 1), projects: projects.map((p) => ({ id: p.id, name: p.name, unitName: p.unit.name, budget: p.budget.toFixed(2) })) } : null,
  };
}
