// An indicator's status is computed, never typed, from its target, its latest check-in and the
// date. The rules, from docs/domain.md ("In-year monitoring": 10 / 20 points as for
// spending against 序时进度; "Year-end self-evaluation": what "met" means):
//  1. No check-in, or one without an actual value → NOT_REPORTED. An actual that cannot be read (text
//     for a number, a word off the target's scale) is NOT_REPORTED too, and the reason says why.
//  2. Likelihood 完全不可能 → BEHIND, even without an actual. Likelihood 有可能, or a forecast that does
//     not meet the target → at most AT_RISK (a worse status stays). Neither touches COMPLETED: what
//     has been achieved stays achieved.
//  3. A year-end check-in is one dated in December or later (the 12月 report is the year's result).
//     Pace and deadlines are measured at `asOf`, the date the status is wanted for, so a report that
//     is not updated falls behind the calendar.
//  4. Forward quantities that accumulate (≥, >, and = with a non-zero value — "= is met when the
//     actual equals or exceeds it"; counts, amounts, durations: any unit but the rates of rule 5): met
//     (> strictly) → COMPLETED. Otherwise completion = actual ÷ target and gap = 序时进度 − completion:
//     gap ≤ warnPoints → ON_TRACK, ≤ behindPoints → AT_RISK, else BEHIND. A duration in whole years
//     (=1年 安全稳定运行) is only complete at a year-end check-in and ON_TRACK once met before it.
//  5. Forward rates (%, ‰, per-period units such as 次/月: 合格率, 满意度, 日活) do not accumulate: met
//     → ON_TRACK, COMPLETED at a year-end check-in. Below: shortfall = 100 − completion; ≤ warnPoints →
//     AT_RISK, else BEHIND. Relative, not in raw points, so 0.5% against ≥1.3% (日活) is not "close",
//     and 1 − completion is what the self-evaluation deducts. A percentage of progress (category 时效,
//     or a name with 进度: 年内支出进度 ≥90%) does accumulate: rule 4.
//  6. Reverse (≤, <, =0: cost, complaints, response times, accidents): beyond the limit → BEHIND (=0
//     with any actual above 0). Within it at a year-end check-in → COMPLETED. Within it, for counts
//     (个, 次, 件 …: 全年用户投诉量) compare with the limit pro rata: used = actual ÷ limit, excess =
//     used − 序时进度; ≤ warnPoints → ON_TRACK, ≤ behindPoints → AT_RISK, else BEHIND. Within it, for
//     limits that do not accumulate (分钟, 天, %, 万元 cost ceilings, 名 rankings) → ON_TRACK.
//  7. Deadlines (时效 with a month: =12月, ≤12月底, <7月; or 时效 with a yes/no statement such as
//     年度内完成(是), whose month is read from the name — "12月底前" — or is December). The actual is
//     the month it was done (0 = not yet) or 是/否. Done by the deadline month → COMPLETED, later →
//     BEHIND. Not done: after the deadline → BEHIND; in the deadline month → AT_RISK; before → ON_TRACK.
//     The month is taken in the fiscal year: a wrong year in the name (2024年12月底前 in a 2025
//     target) is a defect for target review to report, not a reason to show the task as overdue.
//  8. Other qualitative targets, on their scale (scale.ts): met → COMPLETED for yes/no statements (是,
//     完成, 达标) and at a year-end check-in, ON_TRACK otherwise; one level short → AT_RISK; further,
//     or the scale's last level (否, 差, 不合格, 未达到) → BEHIND.
//  9. Percentages have 2 decimals, half-up, and thresholds are compared with the figures shown, so a
//     status always agrees with its reason. completionPercent: actual ÷ target for forward quantities;
//     for reverse ones the share the self-evaluation would score (target ÷ actual; 100.00 within the
//     limit; 0.00 for a missed =0); null for deadlines and qualitative targets.
// 10. A project takes its worst indicator: BEHIND > AT_RISK > NOT_REPORTED > ON_TRACK > COMPLETED;
//     COMPLETED only when every indicator is; no indicators → NOT_REPORTED.
// 11. A deviation cause and a corrective action are required when the status is BEHIND or AT_RISK,
//     or the likelihood is 有可能 / 完全不可能 — unless the indicator is COMPLETED ("every indicator
//     not fully met needs 偏差原因分析及改进措施").

import { ratioPercent, timeProgress } from "@/lib/budget/time-progress";
import { endOfMonthDate } from "@/lib/calendar";
import { compareDecimal, formatDecimal, isZero, parseDecimal, subtractDecimal, type Decimal } from "@/lib/decimal";
import { direction, formatTarget } from "@/lib/targets/parse-target";
import type { Category, Comparator } from "@/lib/targets/types";
import { isDoneStatement, meetsQualitative, qualitativeScale, qualitativeShortfall } from "./scale";

export type IndicatorStatus = "COMPLETED" | "ON_TRACK" | "AT_RISK" | "BEHIND" | "NOT_REPORTED";
export const STATUS_LABELS: Record<IndicatorStatus, string> = { COMPLETED: "已完成", ON_TRACK: "正常", AT_RISK: "有风险", BEHIND: "滞后", NOT_REPORTED: "未填报" };
export interface StatusIndicator { category: Category; comparator: Comparator; value: string; unit: string; name: string }
export interface StatusCheckIn {
  asOfDate: string;
  actualValue?: string | null;
  actualText?: string | null;
  forecastValue?: string | null;
  forecastText?: string | null;
  likelihood?: "CERTAIN" | "POSSIBLE" | "IMPOSSIBLE" | null;
}
export interface StatusResult { status: IndicatorStatus; reason: string; completionPercent: string | null }
export interface StatusThresholds { warnPoints: number; behindPoints: number }

export const DEFAULT_THRESHOLDS: StatusThresholds = { warnPoints: 10, behindPoints: 20 };
const SEVERITY: Record<IndicatorStatus, number> = { COMPLETED: 0, ON_TRACK: 1, NOT_REPORTED: 2, AT_RISK: 3, BEHIND: 4 };
const worse = (a: IndicatorStatus, b: IndicatorStatus): IndicatorStatus => (SEVERITY[a] >= SEVERITY[b] ? a : b);

const RATE_UNIT = /^(?:%|‰)$|\//;
const COUNT_UNIT = /^(?:万|千)?(?:个|次|件|起|例|条|份|项|宗|人|人次|家|户|台|套|篇|场)$/;
const MONTH_UNIT = /^月(?:底|末|份)?$/;

interface Context {
  indicator: StatusIndicator;
  target: string; // as shown: "≥ 50 箱"
  asOf: string;
  fiscalYear: number;
  yearEnd: boolean;
  warn: Decimal;
  behind: Decimal;
}
type Rule = (ctx: Context, checkIn: StatusCheckIn) => StatusResult;

const result = (status: IndicatorStatus, reason: string, completion: Decimal | null = null): StatusResult => ({
  status, reason, completionPercent: completion === null ? null : formatDecimal(completion, 2),
});
const withUnit = (d: Decimal, unit: string): string => `${formatDecimal(d)}${unit === "" || /^[%‰]/.test(unit) ? unit : ` ${unit}`}`;
const points = (d: Decimal): string => `${formatDecimal(d, 2)}%`;
const pointsOf = (n: number): Decimal => {
  const d = Number.isFinite(n) && n >= 0 ? parseDecimal(String(n)) : null;
  if (!d) throw new Error(`阈值必须是非负数：${n}`);
  return d;
};
const text = (v: string | null | undefined): string | null => (v == null || v.trim() === "" ? null : v.trim());
const number = (v: string | null | undefined): Decimal | null => (v == null ? null : parseDecimal(v.normalize("NFKC").replace(/%$/, "")));
const HUNDRED: Decimal = { units: 100n, scale: 0 };

/** Whether `actual` meets a quantitative target; `=` counts as ≥ (or as ≤ for `=0`). */
function meets(ctx: Context, actual: Decimal, target: Decimal): boolean {
  const { comparator, value } = ctx.indicator;
  const c = compareDecimal(actual, target);
  if (comparator === ">") return c > 0;
  if (comparator === "<") return c < 0;
  const reverse = direction(comparator, value) === "reverse";
  return reverse ? c <= 0 : c >= 0;
}

/** "序时进度 49.59%，落后 10.41 个百分点" — the gap between the calendar and a share of the target. */
function paceBand(ctx: Context, share: Decimal, reverse: boolean): { band: IndicatorStatus; words: string } {
  const calendar = parseDecimal(timeProgress(ctx.asOf, ctx.fiscalYear).percent) ?? HUNDRED;
  // Forward: the calendar ahead of the share done is a lag; reverse: the share of the limit used
  // ahead of the calendar is.
  const gap = reverse ? subtractDecimal(share, calendar) : subtractDecimal(calendar, share);
  const [shareLabel, lagWord, aheadWord] = reverse ? ["已用", "超出序时", "低于序时"] : ["完成", "落后", "领先"];
  const band = compareDecimal(gap, ctx.warn) <= 0 ? "ON_TRACK" : compareDecimal(gap, ctx.behind) <= 0 ? "AT_RISK" : "BEHIND";
  const size = gap.units < 0n ? `${aheadWord} ${formatDecimal({ units: -gap.units, scale: gap.scale }, 2)} 个百分点` : isZero(gap) ? "与序时进度持平" : `${lagWord} ${formatDecimal(gap, 2)} 个百分点`;
  return { band, words: `${shareLabel} ${points(share)}，序时进度 ${points(calendar)}，${size}` };
}

const quantitative: Rule = (ctx, checkIn) => {
  const { comparator, value, unit, name, category } = ctx.indicator;
  const raw = text(checkIn.actualValue) ?? text(checkIn.actualText);
  const actual = number(raw);
  const target = parseDecimal(value);
  if (raw === null) return result("NOT_REPORTED", "已填报，但未填写实际完成值");
  if (actual === null) return result("NOT_REPORTED", `实际完成值“${raw}”不是数字，无法判断`);
  if (target === null) return result("NOT_REPORTED", `指标值“${value}”不是数字，无法判断`);
  const head = `实际 ${withUnit(actual, unit)}，目标 ${ctx.target}`;
  const rate = RATE_UNIT.test(unit) && category !== "时效" && !name.includes("进度");

  if (direction(comparator, value) === "reverse") {
    if (!meets(ctx, actual, target)) {
      const share = isZero(actual) || isZero(target) ? { units: 0n, scale: 2 } : ratioPercent(target, actual);
      return result("BEHIND", `${head}，已超出目标`, share);
    }
    const full: Decimal = { units: 10000n, scale: 2 };
    if (ctx.yearEnd) return result("COMPLETED", `${head}，全年控制在目标内`, full);
    const used = ratioPercent(actual, target);
    if (!COUNT_UNIT.test(unit) || used === null) return result("ON_TRACK", `${head}，在目标范围内`, full);
    const pace = paceBand(ctx, used, true);
    return result(pace.band, `${head}，${pace.words}`, full);
  }

  const completion = ratioPercent(actual, target);
  if (meets(ctx, actual, target)) {
    const wholeYears = unit === "年" && !rate && !ctx.yearEnd;
    if (wholeYears) return result("ON_TRACK", `${head}，按全年持续时间计，年末填报时确认完成`, completion);
    return result(rate && !ctx.yearEnd ? "ON_TRACK" : "COMPLETED", `${head}，已达到目标`, completion);
  }
  if (completion === null) return result("AT_RISK", `${head}，目标为 0，无法按序时进度衡量`);
  if (rate) {
    const shortfall = subtractDecimal({ units: 10000n, scale: 2 }, completion);
    const band = compareDecimal(shortfall, ctx.warn) <= 0 ? "AT_RISK" : "BEHIND";
    return result(band, `${head}，完成 ${points(completion)}，距目标差 ${formatDecimal(shortfall, 2)} 个百分点`, completion);
  }
  const pace = paceBand(ctx, completion, false);
  return result(pace.band, `${head}，${pace.words}`, completion);
};

/** The deadline month of a 时效 indicator, or null when it has none (rule 7). */
export function deadlineMonth(indicator: StatusIndicator): number | null {
  if (indicator.category !== "时效") return null;
  if (indicator.comparator === "qualitative") {
    if (!isDoneStatement(indicator.value)) return null;
    const named = /(\d{1,2})月(?:底|末|份)?(?:前|以前|之前)?/.exec(indicator.name.normalize("NFKC"));
    const month = named ? Number(named[1]) : 12;
    return month >= 1 && month <= 12 ? month : 12;
  }
  if (!["=", "<=", "<"].includes(indicator.comparator) || !MONTH_UNIT.test(indicator.unit) || !/^\d{1,2}$/.test(indicator.value)) return null;
  const month = Number(indicator.value) - (indicator.comparator === "<" ? 1 : 0);
  return month >= 1 && month <= 12 ? month : null;
}

/** The month a deadline task was done: a number, 0 = not yet; 是/否 read on the yes/no scale. */
function doneMonth(raw: string | null, yesNoTarget: string): number | "done" | "not yet" | null {
  if (raw === null) return null;
  const rank = qualitativeScale(yesNoTarget).rank(raw) ?? qualitativeScale("是").rank(raw);
  if (rank !== null) return rank === 0 ? "done" : "not yet";
  const month = number(raw.replace(/月(?:底|末|份)?$/, ""));
  const canonical = month === null ? "" : formatDecimal(month);
  if (!/^\d{1,2}$/.test(canonical) || Number(canonical) > 12) return null;
  return canonical === "0" ? "not yet" : Number(canonical);
}

const deadline: Rule = (ctx, checkIn) => {
  const month = deadlineMonth(ctx.indicator) ?? 12;
  const yesNo = ctx.indicator.comparator === "qualitative" ? ctx.indicator.value : "是";
  const raw = text(checkIn.actualText) ?? text(checkIn.actualValue);
  const done = doneMonth(raw, yesNo);
  const due = endOfMonthDate(ctx.fiscalYear, month);
  if (raw === null) return result("NOT_REPORTED", "已填报，但未填写实际完成情况");
  if (done === null) return result("NOT_REPORTED", `实际完成情况“${raw}”无法识别（应为完成月份或 是/否）`);
  const head = `目标 ${ctx.target}，截止 ${due}`;
  if (done === "done") return result("COMPLETED", `${head}，已完成`);
  if (done !== "not yet") {
    return done <= month ? result("COMPLETED", `${head}，已于 ${done} 月完成`) : result("BEHIND", `${head}，${done} 月才完成，晚于截止时间`);
  }
  if (ctx.asOf > due) return result("BEHIND", `${head}，截至 ${ctx.asOf} 尚未完成，已过截止时间`);
  if (ctx.asOf >= due.slice(0, 8) + "01") return result("AT_RISK", `${head}，尚未完成，已进入截止月份`);
  return result("ON_TRACK", `${head}，尚未完成，未到截止时间`);
};

const qualitative: Rule = (ctx, checkIn) => {
  const target = ctx.indicator.value;
  const raw = text(checkIn.actualText) ?? text(checkIn.actualValue);
  const scale = qualitativeScale(target).options.join("/");
  if (raw === null) return result("NOT_REPORTED", "已填报，但未填写实际完成情况");
  const short = qualitativeShortfall(target, raw);
  if (short === null) return result("NOT_REPORTED", `实际“${raw}”不在评价等级（${scale}）中，无法判断`);
  const head = `实际 ${raw}，目标 ${target}（等级：${scale}）`;
  if (short.steps <= 0) return result(isDoneStatement(target) || ctx.yearEnd ? "COMPLETED" : "ON_TRACK", `${head}，已达到目标`);
  return result(short.steps === 1 && !short.worst ? "AT_RISK" : "BEHIND", `${head}，${short.worst ? "未达到目标" : `低于目标 ${short.steps} 级`}`);
};

/** Whether the year-end forecast fails the target (rule 2); false when there is none or it cannot be read. */
function forecastMisses(ctx: Context, checkIn: StatusCheckIn): boolean {
  const raw = text(checkIn.forecastText) ?? text(checkIn.forecastValue);
  if (raw === null) return false;
  const { indicator } = ctx;
  if (deadlineMonth(indicator) !== null) {
    const done = doneMonth(raw, indicator.comparator === "qualitative" ? indicator.value : "是");
    return done === "not yet" || (typeof done === "number" && done > (deadlineMonth(indicator) ?? 12));
  }
  if (indicator.comparator === "qualitative") return meetsQualitative(indicator.value, raw) === false;
  const forecast = number(raw);
  const target = parseDecimal(indicator.value);
  return forecast !== null && target !== null && !meets(ctx, forecast, target);
}

export function indicatorStatus(indicator: StatusIndicator, latest: StatusCheckIn | null, asOf: string, fiscalYear: number, thresholds: StatusThresholds = DEFAULT_THRESHOLDS): StatusResult {
  const warn = pointsOf(thresholds.warnPoints);
  const behind = pointsOf(thresholds.behindPoints);
  if (compareDecimal(warn, behind) > 0) throw new Error("有风险阈值不能大于滞后阈值");
  if (latest === null) return result("NOT_REPORTED", "尚未填报");
  const ctx: Context = {
    indicator, asOf, fiscalYear, warn, behind,
    target: formatTarget(indicator),
    yearEnd: latest.asOfDate >= `${fiscalYear}-12-01`,
  };
  const rule: Rule = deadlineMonth(indicator) !== null ? deadline : indicator.comparator === "qualitative" ? qualitative : quantitative;
  const base = rule(ctx, latest);
  if (base.status === "COMPLETED") return base;
  if (latest.likelihood === "IMPOSSIBLE") return { ...base, status: "BEHIND", reason: `${base.reason}；完成目标可能性为“完全不可能”` };
  if (base.status === "NOT_REPORTED") return base;
  let status: IndicatorStatus = base.status;
  let reason = base.reason;
  if (latest.likelihood === "POSSIBLE") [status, reason] = [worse(status, "AT_RISK"), `${reason}；完成目标可能性为“有可能”`];
  if (forecastMisses(ctx, latest)) [status, reason] = [worse(status, "AT_RISK"), `${reason}；全年预计完成值达不到目标`];
  return { ...base, status, reason };
}

export function projectStatus(statuses: IndicatorStatus[]): IndicatorStatus {
  if (statuses.length === 0) return "NOT_REPORTED";
  return statuses.reduce(worse, "COMPLETED");
}

export function needsExplanation(result: StatusResult, likelihood: StatusCheckIn["likelihood"]): boolean {
  if (result.status === "COMPLETED") return false;
  return result.status === "BEHIND" || result.status === "AT_RISK" || likelihood === "POSSIBLE" || likelihood === "IMPOSSIBLE";
}
