// Deadlines of the monitoring year, and when something is overdue. The rules:
//  1. Month M's progress report (月度填报) is due on `reportDueDay` of month M+1 (December's in January
//     of the next year); its review (审核) on `reviewDueDay` of the same month. Both days are 1–28, so
//     every month has them, and the review deadline is never before the reporting one.
//  2. A month is asked for from its last day on (a unit reports the month as it closes), and only from
//     `firstMonth` on (a department that starts monitoring in July is not asked for January).
//  3. The year's self-evaluations (绩效自评) are asked for once the fiscal year is over, and due on
//     `evaluationDueMonth`/`evaluationDueDay` of the next year (a day every year has: 29 February is
//     refused).
//  4. Days are China's (Asia/Shanghai, UTC+8, no daylight saving): something due on 5 August may still
//     be done at 23:59:59 that day, China time, and is overdue from 00:00 on 6 August, China time —
//     whatever the server's own time zone. "N 天" late counts the days after the due day.
//  5. Done means: a month submitted or approved (for its reporter), a submitted month reviewed
//     (approved or returned), an evaluation submitted or approved (for its reporter) and reviewed. A
//     returned month or evaluation is the reporter's again, with the reviewer's comment, and overdue
//     when its own deadline has passed.

import { z } from "zod";
import { daysInMonth, endOfMonthDate, parseCalendarDate, todayInChina } from "@/lib/calendar";

export interface DeadlineSettings {
  reportDueDay: number;
  reviewDueDay: number;
  firstMonth: number;
  evaluationDueMonth: number;
  evaluationDueDay: number;
}

export const DEFAULT_DEADLINES: DeadlineSettings = { reportDueDay: 5, reviewDueDay: 10, firstMonth: 1, evaluationDueMonth: 3, evaluationDueDay: 31 };

const whole = (label: string, min: number, max: number, hint: string) =>
  z.coerce.number({ message: `${label}请填写数字` }).refine((n) => Number.isInteger(n) && n >= min && n <= max, `${label}应为 ${min}–${max} 的整数${hint}`);

/** The settings form's schema, shared by the form and the Server Action (rules 1–3). */
export const deadlineSettingsSchema = z
  .object({
    reportDueDay: whole("填报截止日", 1, 28, "（每个月都有的日子，29–31 日不是每个月都有）"),
    reviewDueDay: whole("审核截止日", 1, 28, "（每个月都有的日子，29–31 日不是每个月都有）"),
    firstMonth: whole("起始月份", 1, 12, ""),
    evaluationDueMonth: whole("自评截止月份", 1, 12, ""),
    evaluationDueDay: whole("自评截止日", 1, 31, ""),
  })
  .superRefine((s, ctx) => {
    if (Number.isInteger(s.reportDueDay) && Number.isInteger(s.reviewDueDay) && s.reviewDueDay < s.reportDueDay) {
      ctx.addIssue({ code: "custom", path: ["reviewDueDay"], message: `审核截止日（${s.reviewDueDay} 日）不能早于填报截止日（${s.reportDueDay} 日）` });
    }
    // 2023 is not a leap year: a day that exists in it exists in every year.
    if (s.evaluationDueMonth >= 1 && s.evaluationDueMonth <= 12 && s.evaluationDueDay > daysInMonth(2023, s.evaluationDueMonth)) {
      ctx.addIssue({ code: "custom", path: ["evaluationDueDay"], message: `${s.evaluationDueMonth} 月没有 ${s.evaluationDueDay} 日（每年都有的日子才能作截止日）` });
    }
  });
export type DeadlineSettingsInput = z.input<typeof deadlineSettingsSchema>;

const pad = (n: number) => String(n).padStart(2, "0");
const nextMonth = (year: number, month: number) => (month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 });

/** Rule 1: the day month `month` of `year` is to be reported by. */
export function reportDue(year: number, month: number, s: DeadlineSettings): string {
  const n = nextMonth(year, month);
  return `${n.year}-${pad(n.month)}-${pad(s.reportDueDay)}`;
}

/** Rule 1: the day month `month` of `year` is to be reviewed by. */
export function reviewDue(year: number, month: number, s: DeadlineSettings): string {
  const n = nextMonth(year, month);
  return `${n.year}-${pad(n.month)}-${pad(s.reviewDueDay)}`;
}

/** Rule 3: the day the self-evaluations of fiscal year `year` are due. */
export function evaluationDue(year: number, s: DeadlineSettings): string {
  return `${year + 1}-${pad(s.evaluationDueMonth)}-${pad(s.evaluationDueDay)}`;
}

/** Rule 2: the months of `year` asked for on `today` (a China date), oldest first. */
export function monthsAskedFor(year: number, s: DeadlineSettings, today: string): number[] {
  const months: number[] = [];
  for (let m = s.firstMonth; m <= 12; m += 1) if (endOfMonthDate(year, m) <= today) months.push(m);
  return months;
}

/** Rule 3: self-evaluations of `year` are asked for once the year is over. */
export const evaluationsAskedFor = (year: number, today: string): boolean => today > `${year}-12-31`;

/** Whole days from `from` to `to` (calendar dates), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const a = parseCalendarDate(from);
  const b = parseCalendarDate(to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

export interface DueState {
  due: string;
  overdue: boolean;
  /** Days after the due day (0 when not overdue). */
  daysLate: number;
  /** Days left before the due day passes (0 on the day itself), when not overdue. */
  daysLeft: number;
}

/** Rule 4: where something due on `due` stands at the instant `now`, in China's days. */
export function dueState(due: string, now: Date): DueState {
  const today = todayInChina(now);
  const late = daysBetween(due, today);
  return { due, overdue: late > 0, daysLate: Math.max(0, late), daysLeft: Math.max(0, -late) };
}

/** "已逾期 3 天（截止 2025-08-05）", "今天截止", "还有 2 天（截止 2025-08-05）". */
export function dueText(state: DueState): string {
  if (state.overdue) return `已逾期 ${state.daysLate} 天（截止 ${state.due}）`;
  if (state.daysLeft === 0) return `今天截止（${state.due}）`;
  return `还有 ${state.daysLeft} 天（截止 ${state.due}）`;
}
