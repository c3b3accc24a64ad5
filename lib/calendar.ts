// Calendar dates, and China's calendar day. Every date the product stores, compares or shows is a
// calendar date "YYYY-MM-DD" read from the string itself: `new Date("2025-06-30")` is UTC midnight
// and shows as 29 June in any zone west of Greenwich, so date arithmetic here uses no Date object.
// "Today" is always China's day (Asia/Shanghai, UTC+8, no daylight saving): at 16:00 UTC it is
// already midnight of the next day in China, so at 07:00 on the 1st the new month has begun.
// The fiscal year is the calendar year (1 January – 31 December).

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const CHINA_OFFSET_MS = 8 * 3_600_000;

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

/** The wall-clock time in China of an instant, as "YYYY-MM-DDTHH:MM:SS" (no zone: it is China's). */
export function chinaDateTime(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19);
}

/** The calendar day in China of an instant, "YYYY-MM-DD": 2025-06-30T16:00Z is 2025-07-01. */
export function dateInChina(at: Date): string {
  return chinaDateTime(at).slice(0, 10);
}

/** The hour (0–23) in China of an instant. */
export function hourInChina(at: Date): number {
  return Number(chinaDateTime(at).slice(11, 13));
}

/** Today's date in China as "YYYY-MM-DD". */
export function todayInChina(now: Date = new Date()): string {
  return dateInChina(now);
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

/** China's today held inside the fiscal year (asOfWithinYear without a requested date). */
export function todayWithinYear(fiscalYear: number, now: Date = new Date()): string {
  return asOfWithinYear(fiscalYear, null, todayInChina(now));
}

/** China's current month (1–12) when the fiscal year is this year; December (the year's report) for any other year. */
export function currentMonthOf(fiscalYear: number, now: Date = new Date()): number {
  const today = todayInChina(now);
  return today.startsWith(`${fiscalYear}-`) ? Number(today.slice(5, 7)) : 12;
}
