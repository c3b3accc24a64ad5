import { canonicalDecimal, isDecimal } from "@/lib/decimal";
import { normaliseNumber } from "@/lib/targets/indicator-schema";
import { qualitativeScale } from "./scale";
import { deadlineMonth, indicatorStatus, needsExplanation, type StatusIndicator, type StatusResult } from "./status";
import type { CheckInValues } from "./check-in-schema";

/** The indicator a check-in is validated against: the one its status is computed for. */
export type ValidationIndicator = StatusIndicator;

export interface CheckedCheckIn {
  actualValue: string | null;
  actualText: string | null;
  forecastValue: string | null;
  forecastText: string | null;
  status: StatusResult;
}

// A rate can't pass 100%; growth (增长、提高) can.
const RATE = /率|满意|覆盖|占比|进度|合格|达标|完成/;
const GROWTH = /增长|提高|增幅|提升/;

function readValue(indicator: ValidationIndicator, raw: string, label: string, errors: Record<string, string>, field: string) {
  if (indicator.comparator === "qualitative") {
    const scale = qualitativeScale(indicator.value);
    if (!scale.options.includes(raw.trim())) errors[field] = `${label}“${raw}”不是可选值（可选：${scale.options.join("、")}）`;
    return { value: null, text: raw.trim() };
  }
  const number = normaliseNumber(raw).replace(/%$/, "");
  if (!isDecimal(number)) {
    errors[field] = `${label}必须是数字${indicator.unit ? `（单位：${indicator.unit}）` : ""}，例如 30`;
    return { value: null, text: null };
  }
  const [whole = "", fraction = ""] = canonicalDecimal(number).replace(/^-/, "").split(".");
  if (number.startsWith("-")) errors[field] = `${label}不能为负数`;
  // The column holds 16 integer digits and 8 decimals (decimal(24,8)), as the indicator's target does.
  else if (whole.length > 16 || fraction.length > 8) errors[field] = `${label}最多 16 位整数、8 位小数`;
  else if (indicator.unit === "%" && RATE.test(indicator.name) && !GROWTH.test(indicator.name) && Number(number) > 100) {
    errors[field] = `${label}是百分比，不能超过 100`;
  }
  return { value: number, text: null };
}

/** A check-in's values as validateCheckIn reads them: absent or null is empty. */
export type CheckInToValidate = Partial<CheckInValues> & { indicatorId?: string };

/**
 * Checks one check-in (a saved one with the changes applied) against its indicator and the calendar:
 * the value's type and range, the date inside the fiscal year and not in the future, and — when the
 * indicator would be behind or at risk, or the likelihood is not 确定能 — a deviation cause and a
 * corrective action (status rule 11). An empty actual is allowed: the check-in then counts as 未填报
 * (status rule 1). Returns field errors (Chinese) or the values to store with the computed status.
 */
export function validateCheckIn(
  indicator: ValidationIndicator,
  input: CheckInToValidate,
  asOfDate: string,
  fiscalYear: number,
  today: string,
): { ok: true; data: CheckedCheckIn } | { ok: false; fieldErrors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (!asOfDate.startsWith(`${fiscalYear}-`)) errors.asOfDate = `填报日期须在 ${fiscalYear} 年内`;
  else if (asOfDate > today) errors.asOfDate = "填报日期不能晚于今天";
  const actual = input.actual ? readValue(indicator, input.actual, "实际完成值", errors, "actual") : { value: null, text: null };
  const forecast = input.forecast ? readValue(indicator, input.forecast, "全年预计完成值", errors, "forecast") : { value: null, text: null };
  if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors };

  const status = indicatorStatus(
    indicator,
    { asOfDate, actualValue: actual.value, actualText: actual.text, forecastValue: forecast.value, forecastText: forecast.text, likelihood: input.likelihood ?? null },
    asOfDate,
    fiscalYear,
  );
  if (needsExplanation(status, input.likelihood ?? null)) {
    if (!input.deviationCause) errors.deviationCause = `本指标${status.status === "BEHIND" ? "滞后" : status.status === "AT_RISK" ? "有风险" : "可能无法完成"}，请选择偏差原因`;
    if (!input.correctiveAction) errors.correctiveAction = "请填写纠偏措施";
  }
  if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors };
  return { ok: true, data: { actualValue: actual.value, actualText: actual.text, forecastValue: forecast.value, forecastText: forecast.text, status } };
}


/**
 * What to type in an indicator's actual and forecast cells, as the grid and the template say it: the
 * month for a deadline (status rule 7), a choice on the scale, or a number in the target's unit.
 */
export function inputHint(indicator: ValidationIndicator): string {
  const month = deadlineMonth(indicator);
  if (indicator.comparator === "qualitative") return `从列表中选择：${qualitativeScale(indicator.value).options.join("、")}`;
  if (month !== null) return `填完成的月份数字 1–12（${month} 月及以前为按时），尚未完成填 0`;
  if (indicator.unit === "%") return RATE.test(indicator.name) && !GROWTH.test(indicator.name) ? "填 0–100 的数字（%），不带百分号" : "填数字（%），不带百分号";
  return indicator.unit ? `填数字，单位：${indicator.unit}` : "填数字";
}
