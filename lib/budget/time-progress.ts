// 序时进度 (time progress): the share of the fiscal year elapsed on a date, day of year ÷ days in
// year (domain.md, glossary and "In-year monitoring"). The fiscal year is the calendar year.
// Dates are calendar dates ("YYYY-MM-DD") read from the string itself: `new Date("2025-06-30")`
// is UTC midnight and shows as 29 June in any zone west of Greenwich, so no Date object is used.

import { formatDecimal, type Decimal } from "@/lib/decimal";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Gregorian rule: every 4th year, except centuries, except every 400th (2000 leap, 2100 not). */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2 && isLeapYear(year)) return 29;
  const days = MONTH_DAYS[month - 1];
  if (days === undefined) throw new Error(`不是有效的月份：${month}`);
  return days;
}

/** "2025-06-30" → { year: 2025, month: 6, day: 30 }; throws on anything that is not a real date. */
export function parseCalendarDate(date: string): { year: number; month: number; day: number } {
  const match = DATE.exec(date);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  if (!match || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new Error(`不是有效的日期（应为 YYYY-MM-DD）：${date}`);
  }
  return { year, month, day };
}

/** 1 for 1 January, 60 for 29 February 2024 and for 1 March 2025, 366 for 31 December 2024. */
export function dayOfYear(date: string): number {
  const { year, month, day } = parseCalendarDate(date);
  let days = day;
  for (let m = 1; m < month; m++) days += daysInMonth(year, m);
  return days;
}

/** The last day of a month as "YYYY-MM-DD": the deadline of a `≤12月底` target. */
export function endOfMonthDate(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(daysInMonth(year, month)).padStart(2, "0")}`;
}

/**
 * numerator ÷ denominator as a percentage with two decimals, rounded half-up (away from zero), in
 * integer arithmetic so 181/365 is "49.59" exactly as a person with a calculator gets it; null when
 * the denominator is zero.
 */
export function ratioPercent(numerator: Decimal, denominator: Decimal): Decimal | null {
  const scale = Math.max(numerator.scale, denominator.scale);
  const n = numerator.units * 10n ** BigInt(scale - numerator.scale);
  const d = denominator.units * 10n ** BigInt(scale - denominator.scale);
  if (d === 0n) return null;
  const negative = n < 0n !== d < 0n && n !== 0n;
  const absN = n < 0n ? -n : n;
  const absD = d < 0n ? -d : d;
  // × 100 for percent, × 100 for two decimals; + d/2 before the division rounds half-up.
  const units = (absN * 10_000n * 2n + absD) / (absD * 2n);
  return { units: negative ? -units : units, scale: 2 };
}

export interface TimeProgress {
  numerator: number; // days elapsed, the date itself included
  denominator: number; // days in the fiscal year
  percent: string; // "49.59"
}

/**
 * 序时进度 of `date` in `fiscalYear`: 2025-06-30 → 181/365 → "49.59". A date before the year gives
 * 0, a date after it the whole year (100.00): the year has not started, or is over.
 */
export function timeProgress(date: string, fiscalYear: number): TimeProgress {
  const { year } = parseCalendarDate(date);
  const denominator = daysInYear(fiscalYear);
  const numerator = year < fiscalYear ? 0 : year > fiscalYear ? denominator : dayOfYear(date);
  const percent = ratioPercent({ units: BigInt(numerator), scale: 0 }, { units: BigInt(denominator), scale: 0 });
  // The denominator is 365 or 366, never zero.
  return { numerator, denominator, percent: formatDecimal(percent!, 2) };
}

/**
 * The date figures are shown for: `requested` when it is a real date inside the fiscal year, else
 * `today` held inside the year (before 1 January → 1 January, after 31 December → 31 December), so
 * a past year shows its year-end figures and a future one its first day.
 */
export function asOfWithinYear(fiscalYear: number, requested: string | undefined | null, today: string): string {
  if (requested && DATE.test(requested) && requested.startsWith(`${fiscalYear}-`)) {
    try {
      parseCalendarDate(requested);
      return requested;
    } catch {
      // not a real date (2025-02-30): fall back to today
    }
  }
  const first = `${fiscalYear}-01-01`;
  const last = `${fiscalYear}-12-31`;
  return today < first ? first : today > last ? last : today;
}

/** Today's date in China (Asia/Shanghai, UTC+8, no daylight saving) as "YYYY-MM-DD". */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
