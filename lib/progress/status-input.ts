// Stored rows → the inputs of status.ts, in one place for every reader (the month grid, the project
// page, an indicator's history, the dashboards, the self-evaluation): an indicator row becomes a
// StatusIndicator (codes as the glossary's names, the target as text), a check-in row a StatusCheckIn.
// Rows come from Prisma (Date, Decimal) or from raw SQL (text); both read the same.

import { canonicalDecimal } from "@/lib/decimal";
import { CATEGORY_NAMES, COMPARATORS } from "@/lib/targets/codes";
import type { StatusCheckIn, StatusIndicator } from "./status";

type DecimalLike = { toString(): string };

/** An indicator row as status and validation read it: 二级指标 and 比较符 by name, the target value as written ("50", not "50.00000000"). */
export function indicatorFromRow(i: { category: string; name: string; comparator: string; targetValue: DecimalLike | null; targetText: string | null; unitOfMeasure: string }): StatusIndicator {
  return {
    category: CATEGORY_NAMES[i.category as keyof typeof CATEGORY_NAMES],
    name: i.name,
    comparator: COMPARATORS[i.comparator as keyof typeof COMPARATORS],
    value: i.targetText ?? canonicalDecimal(i.targetValue?.toString() ?? "0"),
    unit: i.unitOfMeasure,
  };
}

/** A calendar date column (Prisma's @db.Date is UTC midnight) or its text, as "YYYY-MM-DD". */
const calendarDate = (d: Date | string): string => (typeof d === "string" ? d.slice(0, 10) : d.toISOString().slice(0, 10));
const decimalText = (v: DecimalLike | null): string | null => (v === null ? null : canonicalDecimal(v.toString()));

/** A check-in row (recorded or a reviewed copy) as status reads it; numbers as written ("5", not "5.00000000"). */
export function statusCheckInFromRow(c: {
  asOfDate: Date | string;
  actualValue: DecimalLike | null;
  actualText: string | null;
  forecastValue: DecimalLike | null;
  forecastText: string | null;
  likelihood?: StatusCheckIn["likelihood"];
}): Required<StatusCheckIn> {
  return {
    asOfDate: calendarDate(c.asOfDate),
    actualValue: decimalText(c.actualValue),
    actualText: c.actualText,
    forecastValue: decimalText(c.forecastValue),
    forecastText: c.forecastText,
    likelihood: c.likelihood ?? null,
  };
}

/** A check-in's actual as recorded and shown (52, 良好, 是); "" when it has none. */
export const recordedActual = (c: Pick<StatusCheckIn, "actualValue" | "actualText">): string => c.actualText ?? c.actualValue ?? "";
