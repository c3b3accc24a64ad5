// 序时进度 (time progress): the share of the fiscal year elapsed on a date, day of year ÷ days in
// year (docs/domain.md, glossary and "In-year monitoring"). The fiscal year is the calendar year.
// Dates are calendar dates ("YYYY-MM-DD"), with their arithmetic in lib/calendar.ts.

import { dayOfYear, daysInYear, parseCalendarDate } from "@/lib/calendar";
import { formatDecimal, type Decimal } from "@/lib/decimal";

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
