import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { authorizedUnit, can, readScope } from "@/lib/auth/policy";
import type { ReviewStatus } from "@/lib/db/generated/enums";
import { dateInChina, todayInChina } from "@/lib/calendar";
import { forbidden } from "@/lib/errors";
import { departmentLateness, type UnitLateness } from "./lateness";
import { dueState, evaluationDue, evaluationsAskedFor, monthsAskedFor, reportDue, reviewDue, type DeadlineSettings, type DueState } from "./rules";
import { loadDeadlines } from "./settings";
import { departmentCache, departmentToken, type Checked } from "@/lib/dashboard/cache";

// Each person's 待办 (to-do list), by the deadline rules (rules.ts):
//  - 填报人: months to report (not started or a draft), months returned with the reviewer's comment,
//    self-evaluations to fill in and submit once the year is over, evaluations returned;
//  - 单位审核人: submitted months to review, submitted evaluations to review;
//  - both: the unit's unread reminders (催办) from leadership;
//  - 局领导 and 系统管理员: every unit of the department with something overdue (lateness.ts).
// Reminders come first, then what was returned (with the reviewer's comment), then what is overdue,
// then the rest, each by due date. A few
// statements per person whatever the number of months or projects.

export type TodoKind = "FILL" | "RETURNED" | "REVIEW" | "EVALUATE" | "EVALUATION_RETURNED" | "EVALUATION_REVIEW" | "REMINDER" | "LATE_UNIT";

export interface TodoItem {
  key: string;
  kind: TodoKind;
  title: string;
  detail: string | null;
  /** The reviewer's comment on a returned item, or a reminder's message. */
  comment: string | null;
  /** Who returned it, or who sent the reminder. */
  by: string | null;
  due: DueState | null;
  href: string;
  /** A reminder's id (its people mark it read). */
  reminderId?: string;
  /** A late unit's details (leaders and admins). */
  unit?: UnitLateness;
}

export interface TodoList {
  today: string;
  settings: DeadlineSettings;
  items: TodoItem[];
  overdue: number;
}

export const hasTodo = (actor: Actor): boolean => can(actor, "todo.read");

const monthLabel = (year: number, month: number) => `${year} 年 ${month} 月`;

/** The actor's 待办 at the instant `now`. */
export async function todoList(db: Db, actor: Actor, now: Date = new Date()): Promise<TodoList> {
  const today = todayInChina(now);
  if (can(actor, "todo.units")) {
    if (!actor.departmentId) throw forbidden("该账户不属于任何部门，没有待办事项。");
    const late = await departmentLateness(db, actor.departmentId, now);
    const items = late.units.filter((u) => u.overdue > 0).map(lateUnitItem);
    return { today, settings: late.settings, items, overdue: items.length };
  }
  const { items, settings } = await unitTodo(db, actor, authorizedUnit(actor, "todo.own"), now);
  return { today, settings, items: ordered(items), overdue: items.filter((i) => i.due?.overdue).length };
}

function ordered(items: TodoItem[]): TodoItem[] {
  const rank = (i: TodoItem) => (i.kind === "REMINDER" ? 0 : i.kind === "RETURNED" || i.kind === "EVALUATION_RETURNED" ? 1 : i.due?.overdue ? 2 : 3);
  return items.sort((a, b) => rank(a) - rank(b) || (a.due?.due ?? "").localeCompare(b.due?.due ?? "") || a.key.localeCompare(b.key));
}

function lateUnitItem(u: UnitLateness): TodoItem {
  const parts: string[] = [];
  if (u.reports.length > 0) parts.push(`${u.reports.map((r) => `${r.year} 年 ${r.month} 月`).join("、")}未提交`);
  if (u.reviews.length > 0) parts.push(`${u.reviews.map((r) => `${r.year} 年 ${r.month} 月`).join("、")}逾期未审核`);
  if (u.evaluations.length > 0) parts.push(`${u.evaluations.length} 个项目的绩效自评逾期`);
  const worst = [...u.reports, ...u.reviews, ...u.evaluations].map((x) => x.due).sort((a, b) => b.daysLate - a.daysLate)[0] ?? null;
  return { key: `unit:${u.unitId}`, kind: "LATE_UNIT", title: `${u.code} ${u.name}：${u.overdue} 项逾期`, detail: parts.join("；"), comment: null, by: null, due: worst, href: `/todo#unit-${u.unitId}`, unit: u };
}

interface Loaded {
  settings: DeadlineSettings;
  years: { id: string; year: number }[];
  reports: { fiscalYearId: string; month: number; status: ReviewStatus; reviewComment: string | null; submittedAt: Date | null; returnedBy: string | null }[];
  projects: { id: string; name: string; fiscalYearId: string; evaluation: { status: ReviewStatus; reviewComment: string | null } | null }[];
  reminders: { id: string; message: string; createdAt: Date; by: string }[];
}

/** The unit's records the to-do list is made of: its open years' reports, projects' evaluations, and the person's unread reminders. */
async function loadUnit(db: Db, actor: Actor, unitId: string, today: string): Promise<Loaded> {
  const unit = await db.unit.findUniqueOrThrow({ where: { id: unitId }, select: { departmentId: true } });
  const [settings, years, reminders] = await Promise.all([
    loadDeadlines(db, unit.departmentId),
    db.fiscalYear.findMany({ where: { departmentId: unit.departmentId, closedAt: null, year: { lte: Number(today.slice(0, 4)) }, projects: { some: { unitId } } }, select: { id: true, year: true }, orderBy: { year: "asc" } }),
    db.reminder.findMany({ where: { unitId, reads: { none: { userId: actor.id } } }, orderBy: { createdAt: "desc" }, take: 50, include: { sender: { select: { displayName: true } } } }),
  ]);
  const yearIds = years.map((y) => y.id);
  const [reports, projects] = await Promise.all([
    db.monthlyReport.findMany({
      where: { unitId, fiscalYearId: { in: yearIds } },
      select: { fiscalYearId: true, month: true, status: true, reviewComment: true, submittedAt: true, events: { where: { action: { in: ["RETURN", "REOPEN"] } }, orderBy: { at: "desc" }, take: 1, select: { actor: { select: { displayName: true } } } } },
    }),
    db.project.findMany({ where: { unitId, fiscalYearId: { in: yearIds } }, orderBy: { seq: "asc" }, select: { id: true, name: true, fiscalYearId: true, selfEvaluation: { select: { status: true, reviewComment: true } } } }),
  ]);
  return {
    settings,
    years,
    reports: reports.map((r) => ({ fiscalYearId: r.fiscalYearId, month: r.month, status: r.status, reviewComment: r.reviewComment, submittedAt: r.submittedAt, returnedBy: r.events[0]?.actor.displayName ?? null })),
    projects: projects.map((p) => ({ id: p.id, name: p.name, fiscalYearId: p.fiscalYearId, evaluation: p.selfEvaluation })),
    reminders: reminders.map((r) => ({ id: r.id, message: r.message, createdAt: r.createdAt, by: r.sender.displayName })),
  };
}

async function unitTodo(db: Db, actor: Actor, unitId: string, now: Date): Promise<{ items: TodoItem[]; settings: DeadlineSettings }> {
  const today = todayInChina(now);
  const data = await loadUnit(db, actor, unitId, today);
  const { settings } = data;
  const items: TodoItem[] = data.reminders.map((r) => ({
    key: `reminder:${r.id}`, kind: "REMINDER", title: `催办：${r.by}（${dateInChina(r.createdAt)}）`, detail: null, comment: r.message, by: r.by, due: null, href: `/todo#reminder-${r.id}`, reminderId: r.id,
  }));
  const reporter = can(actor, "report.submit"); // the reporter's to-do is to submit; the reviewer's to review
  for (const { id: yearId, year } of data.years) {
    const reports = new Map(data.reports.filter((r) => r.fiscalYearId === yearId).map((r) => [r.month, r]));
    const href = (month: number) => `/progress?year=${year}&month=${month}`;
    if (reporter) {
      for (const month of monthsAskedFor(year, settings, today)) {
        const r = reports.get(month);
        if (!r || r.status === "DRAFT") {
          items.push({ key: `fill:${year}-${month}`, kind: "FILL", title: `填报 ${monthLabel(year, month)}进展并提交审核`, detail: r ? "草稿，尚未提交" : "尚未填报", comment: null, by: null, due: dueState(reportDue(year, month, settings), now), href: href(month) });
        }
      }
      // A returned month is the reporter's whether or not it is asked for yet (rule 5).
      for (const r of reports.values()) {
        if (r.status !== "RETURNED") continue;
        items.push({ key: `returned:${year}-${r.month}`, kind: "RETURNED", title: `${monthLabel(year, r.month)}填报被退回，请修改后重新提交`, detail: null, comment: r.reviewComment, by: r.returnedBy, due: dueState(reportDue(year, r.month, settings), now), href: href(r.month) });
      }
    } else {
      for (const r of reports.values()) {
        if (r.status !== "SUBMITTED") continue;
        const submitted = r.submittedAt ? `${dateInChina(r.submittedAt)} 提交` : null;
        items.push({ key: `review:${year}-${r.month}`, kind: "REVIEW", title: `审核 ${monthLabel(year, r.month)}填报`, detail: submitted, comment: null, by: null, due: dueState(reviewDue(year, r.month, settings), now), href: href(r.month) });
      }
    }
    const evaluationDay = dueState(evaluationDue(year, settings), now);
    for (const p of data.projects.filter((x) => x.fiscalYearId === yearId)) {
      const status = p.evaluation?.status ?? null;
      const href = `/projects/${p.id}/evaluation`;
      if (reporter && status === "RETURNED") {
        items.push({ key: `evaluation-returned:${p.id}`, kind: "EVALUATION_RETURNED", title: `绩效自评被退回：${p.name}`, detail: `${year} 年度`, comment: p.evaluation?.reviewComment ?? null, by: null, due: evaluationDay, href });
      } else if (reporter && (status === null || status === "DRAFT") && evaluationsAskedFor(year, today)) {
        items.push({ key: `evaluate:${p.id}`, kind: "EVALUATE", title: `填写并提交绩效自评：${p.name}`, detail: `${year} 年度 · ${status ? "草稿，尚未提交" : "尚未开始"}`, comment: null, by: null, due: evaluationDay, href });
      } else if (!reporter && status === "SUBMITTED") {
        items.push({ key: `evaluation-review:${p.id}`, kind: "EVALUATION_REVIEW", title: `审核绩效自评：${p.name}`, detail: `${year} 年度`, comment: null, by: null, due: evaluationDay, href });
      }
    }
  }
  return { items, settings };
}

/** How many to-do items the header shows, and whether any is overdue. */
export async function todoCount(db: Db, actor: Actor, now: Date = new Date()): Promise<{ count: number; overdue: number }> {
  if (!hasTodo(actor) || actor.pending) return { count: 0, overdue: 0 };
  const list = await todoList(db, actor, now);
  return { count: list.items.length, overdue: list.overdue };
}

/** A header count, with what it was computed under (lib/dashboard/cache.ts). */
interface CountState extends Checked {
  count: number;
  overdue: number;
}
const cachedCounts = departmentCache<CountState>(1024);

/**
 * The header's count, on every page: kept per person and day and served again while the
 * department's change counter is unchanged. Everything a to-do list reads — reports, projects and
 * their evaluations, check-ins, reminders and their reads, deadline settings, who returned a month —
 * moves that counter at commit (prisma/migrations/…_change_counters, …_todo_change_counters); the
 * rules themselves change only with the day in China, which is part of the key.
 */
export async function headerTodoCount(db: Db, actor: Actor, now: Date = new Date()): Promise<{ count: number; overdue: number }> {
  if (!hasTodo(actor) || actor.pending) return { count: 0, overdue: 0 };
  const unitActor = readScope(actor) === "unit";
  if (unitActor ? !actor.unitId : !actor.departmentId) return todoCount(db, actor, now);
  const key = [actor.id, actor.role, actor.unitId ?? "", actor.departmentId ?? "", todayInChina(now)].join("|");
  const state = await cachedCounts(db, key, async () => {
    // The counter first, then the figures: a write committed in between only makes them newer.
    const departmentId = unitActor ? (await db.unit.findUnique({ where: { id: actor.unitId! }, select: { departmentId: true } }))?.departmentId : actor.departmentId;
    if (!departmentId) return null;
    const token = await departmentToken(db, departmentId);
    return { departmentId, token, ...(await todoCount(db, actor, now)) };
  });
  return state ? { count: state.count, overdue: state.overdue } : todoCount(db, actor, now);
}
