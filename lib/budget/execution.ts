// 预算执行 (budget execution) against 序时进度 (time progress): the spending half of "双监控"
// (docs/domain.md, "In-year monitoring"). Pure functions over a project's records; the rules:
//  1. 调整后预算数 = 年初预算数 + Σ budget adjustments dated on or before `asOf` (glossary:
//     budgetAdjustment). 已支出 = Σ expenditures dated on or before `asOf`; a reversal (冲销) is a
//     negative record and simply counts, so a reversed payment nets to zero. Records dated after
//     `asOf` are ignored: the figures are those a person would have seen on that day.
//  2. 执行率 = 已支出 ÷ 调整后预算数 (glossary: executionRate; 财预〔2020〕10号 自评表 "执行率 = 全年执行数
//     ÷ 全年预算数(调整后)"), a percentage with 2 decimals rounded half-up. With no budget to spend
//     against (调整后预算数 ≤ 0) there is no rate, and so no gap and no warning.
//  3. 落后 (gap) = 序时进度 − 执行率, in percentage points, computed from the two figures as shown
//     (2 decimals), so the warning always agrees with the numbers in the explanation.
//  4. Warning (docs/domain.md: "正常 when execution ≥ time progress − 10 points, 预警 from 10 to 20 points
//     behind, 滞后 beyond 20"; configurable): gap ≤ warnPoints → 正常; warnPoints < gap ≤ lagPoints →
//     预警; gap > lagPoints → 滞后. Exactly 10.00 behind is still 正常 and exactly 20.00 still 预警.
//  5. 超支 (overspent) when 已支出 > 调整后预算数; spending it all (100%) is not overspending.
//  6. Totals of a unit or department add budgets, adjustments and spending and take the rate of the
//     sums — a rate is never averaged: a 1 万元 project at 90% and a 900 万元 one at 10% are not
//     "50%" together (财政 reports 执行率 of a unit as its 执行数 over its 预算数).
// Money is BigInt fen and percentages are exact decimals; nothing passes through a JS float
// (docs/architecture.md). A date is compared as its "YYYY-MM-DD" text once it has been validated.

import { ratioPercent, timeProgress } from "@/lib/budget/time-progress";
import { endOfMonthDate, parseCalendarDate } from "@/lib/calendar";
import { compareDecimal, formatDecimal, formatDecimalWan, parseDecimal, shiftDecimal, subtractDecimal, type Decimal } from "@/lib/decimal";
import { formatWan, fromScaled, toScaled } from "@/lib/money";

export type WarningLevel = "NORMAL" | "WARNING" | "LAGGING";
export const WARNING_LABELS: Record<WarningLevel, string> = { NORMAL: "正常", WARNING: "预警", LAGGING: "滞后" };

/** Percentage points behind 序时进度 at which a project turns 预警 / 滞后 (decimal strings). */
export interface Thresholds {
  warnPoints: string;
  lagPoints: string;
}
export const DEFAULT_THRESHOLDS: Thresholds = { warnPoints: "10", lagPoints: "20" };

export interface BudgetRecords {
  /** 年初预算数, 元. */
  budget: string;
  /** ± 元. */
  adjustments: { date: string; amount: string }[];
  /** Payments in 元; reversals (冲销) are negative records. */
  expenditures: { date: string; amount: string }[];
}

type Fixed = { toFixed(digits: number): string };
type Dated = { date: Date; amount: Fixed };

/** A project's rows as BudgetRecords: dates as ISO days (stored as UTC midnights), amounts to the fen. */
export function budgetRecords(project: { budget: Fixed; adjustments: Dated[]; expenditures: Dated[] }): BudgetRecords {
  const row = (r: Dated) => ({ date: r.date.toISOString().slice(0, 10), amount: r.amount.toFixed(2) });
  return { budget: project.budget.toFixed(2), adjustments: project.adjustments.map(row), expenditures: project.expenditures.map(row) };
}

export interface Execution {
  asOf: string;
  fiscalYear: number;
  initialBudget: string;
  adjustments: string;
  adjustedBudget: string;
  spent: string;
  executionRate: string | null;
  timeProgress: string;
  gapPoints: string | null;
  warning: WarningLevel | null;
  overspent: boolean;
  explanation: string;
}

export interface MonthPoint {
  month: number;
  /** End of the month, or `asOf` in the month of `asOf`. */
  date: string;
  spent: string;
  adjustedBudget: string;
  executionRate: string | null;
  timeProgress: string;
}

interface Entry {
  date: string;
  fen: bigint;
}
interface Ledger {
  budgetFen: bigint;
  adjustments: Entry[];
  expenditures: Entry[];
}
interface ParsedThresholds {
  warn: Decimal;
  lag: Decimal;
}

function parseThresholds(thresholds: Thresholds): ParsedThresholds {
  const warn = parseDecimal(thresholds.warnPoints);
  const lag = parseDecimal(thresholds.lagPoints);
  if (!warn || !lag || warn.units < 0n || compareDecimal(warn, lag) > 0) {
    throw new Error(`预警阈值无效：预警 ${thresholds.warnPoints}、滞后 ${thresholds.lagPoints}（应为不小于 0 的数，且预警不大于滞后）`);
  }
  return { warn, lag };
}

function entries(records: { date: string; amount: string }[]): Entry[] {
  // Every record is validated, including those after `asOf`: a bad date or an amount finer than a
  // fen is a data error to report, not something to skip silently.
  return records.map(({ date, amount }) => {
    parseCalendarDate(date);
    return { date, fen: toScaled(amount, 2) };
  });
}

function toLedger(records: BudgetRecords): Ledger {
  return { budgetFen: toScaled(records.budget, 2), adjustments: entries(records.adjustments), expenditures: entries(records.expenditures) };
}

function sumUpTo(list: Entry[], asOf: string): bigint {
  let total = 0n;
  for (const e of list) if (e.date <= asOf) total += e.fen; // rule 1: dated on or before asOf
  return total;
}

function levelOf(gap: Decimal, t: ParsedThresholds): WarningLevel {
  // Rule 4 (docs/domain.md, "In-year monitoring"): the boundaries belong to the milder level.
  if (compareDecimal(gap, t.warn) <= 0) return "NORMAL";
  if (compareDecimal(gap, t.lag) <= 0) return "WARNING";
  return "LAGGING";
}

/**
 * 正常 / 预警 / 滞后 for a gap of `gapPoints` percentage points behind 序时进度 (positive = behind):
 * gap ≤ warnPoints → NORMAL; warnPoints < gap ≤ lagPoints → WARNING; gap > lagPoints → LAGGING
 * (docs/domain.md "In-year monitoring": 正常 when execution ≥ time progress − 10, 预警 10–20 behind,
 * 滞后 beyond 20).
 */
export function warningLevel(gapPoints: string, thresholds: Thresholds = DEFAULT_THRESHOLDS): WarningLevel {
  const gap = parseDecimal(gapPoints);
  if (!gap) throw new Error(`不是有效的数字：${gapPoints}`);
  return levelOf(gap, parseThresholds(thresholds));
}

const wan = (fen: bigint) => formatWan(fromScaled(fen, 2));
const points = (d: Decimal) => formatDecimal(d);

function explain(
  ledger: { budgetFen: bigint; adjustmentsFen: bigint; adjustedFen: bigint; spentFen: bigint },
  rate: Decimal | null,
  progress: string,
  gap: Decimal | null,
  level: WarningLevel | null,
  t: ParsedThresholds,
): string {
  const parts: string[] = [];
  const { budgetFen, adjustmentsFen, adjustedFen, spentFen } = ledger;
  if (adjustmentsFen !== 0n) {
    const change = adjustmentsFen > 0n ? `+ 调增 ${wan(adjustmentsFen)}` : `− 调减 ${wan(-adjustmentsFen)}`;
    parts.push(`调整后预算 = 年初预算 ${wan(budgetFen)} 万元 ${change} 万元 = ${wan(adjustedFen)} 万元`);
  }
  if (rate === null || gap === null || level === null) {
    parts.push(`调整后预算为 ${wan(adjustedFen)} 万元，无法计算执行率；已支出 ${wan(spentFen)} 万元`, `序时进度 ${progress}%`);
  } else {
    parts.push(`执行率 = 已支出 ${wan(spentFen)} 万元 ÷ 调整后预算 ${wan(adjustedFen)} 万元 = ${formatDecimal(rate, 2)}%`, `序时进度 ${progress}%`);
    const label = WARNING_LABELS[level];
    const shown = formatDecimal(gap, 2);
    if (gap.units < 0n) parts.push(`超前 ${shown.slice(1)} 个百分点，为${label}`);
    else if (gap.units === 0n) parts.push(`与序时进度持平，为${label}`);
    else if (level === "NORMAL") parts.push(`落后 ${shown} 个百分点，未超过 ${points(t.warn)} 个百分点，为${label}`);
    else if (level === "WARNING") parts.push(`落后 ${shown} 个百分点，超过 ${points(t.warn)} 个百分点、未超过 ${points(t.lag)} 个百分点，为${label}`);
    else parts.push(`落后 ${shown} 个百分点，超过 ${points(t.lag)} 个百分点，为${label}`);
  }
  // The excess is shown exactly (formatDecimalWan keeps every significant decimal): rounded to
  // 0.01 万元, overspending by less than 50 元 would read "超过 0.00 万元".
  if (spentFen > adjustedFen) parts.push(`已支出超过调整后预算 ${formatDecimalWan(shiftDecimal({ units: spentFen - adjustedFen, scale: 2 }, -4))} 万元，属超支`);
  return parts.join("；");
}

function evaluate(ledger: Ledger, asOf: string, fiscalYear: number, t: ParsedThresholds): Execution {
  const progress = timeProgress(asOf, fiscalYear).percent; // validates asOf
  const adjustmentsFen = sumUpTo(ledger.adjustments, asOf);
  const adjustedFen = ledger.budgetFen + adjustmentsFen;
  const spentFen = sumUpTo(ledger.expenditures, asOf);
  // Rule 2: no rate without a positive budget to spend against.
  const rate = adjustedFen > 0n ? ratioPercent({ units: spentFen, scale: 2 }, { units: adjustedFen, scale: 2 }) : null;
  // Rule 3: the gap of the figures as shown (both have 2 decimals, so the difference is exact).
  const gap = rate === null ? null : subtractDecimal(parseDecimal(progress)!, rate);
  const level = gap === null ? null : levelOf(gap, t);
  return {
    asOf,
    fiscalYear,
    initialBudget: fromScaled(ledger.budgetFen, 2),
    adjustments: fromScaled(adjustmentsFen, 2),
    adjustedBudget: fromScaled(adjustedFen, 2),
    spent: fromScaled(spentFen, 2),
    executionRate: rate === null ? null : formatDecimal(rate, 2),
    timeProgress: progress,
    gapPoints: gap === null ? null : formatDecimal(gap, 2),
    warning: level,
    overspent: spentFen > adjustedFen, // rule 5
    explanation: explain({ budgetFen: ledger.budgetFen, adjustmentsFen, adjustedFen, spentFen }, rate, progress, gap, level, t),
  };
}

/** A project's 预算执行 on `asOf`: budget, adjustments, spending, rate, 序时进度, warning and why. */
export function computeExecution(records: BudgetRecords, asOf: string, fiscalYear: number, thresholds: Thresholds = DEFAULT_THRESHOLDS): Execution {
  return evaluate(toLedger(records), asOf, fiscalYear, parseThresholds(thresholds));
}

/**
 * Cumulative figures at the end of each month from January to the month of `asOf` (the last point is
 * `asOf` itself), for the chart of 执行率 against the 序时进度 line. Nothing before the fiscal year
 * starts; all twelve months once it is over.
 */
export function monthlySeries(records: BudgetRecords, asOf: string, fiscalYear: number): MonthPoint[] {
  const { year, month } = parseCalendarDate(asOf);
  const last = year < fiscalYear ? 0 : year > fiscalYear ? 12 : month;
  const ledger = toLedger(records);
  const t = parseThresholds(DEFAULT_THRESHOLDS);
  const series: MonthPoint[] = [];
  for (let m = 1; m <= last; m++) {
    const monthEnd = endOfMonthDate(fiscalYear, m);
    const e = evaluate(ledger, monthEnd < asOf ? monthEnd : asOf, fiscalYear, t);
    series.push({ month: m, date: e.asOf, spent: e.spent, adjustedBudget: e.adjustedBudget, executionRate: e.executionRate, timeProgress: e.timeProgress });
  }
  return series;
}

/**
 * Totals of a unit or department (rule 6): the sum of the items' budgets, adjustments and spending,
 * and the rate of those sums — never an average of the items' rates. Each item is also evaluated on
 * its own, under its key.
 */
export function rollUp(
  items: { key: string; records: BudgetRecords }[],
  asOf: string,
  fiscalYear: number,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): { total: Execution; byKey: Record<string, Execution> } {
  const t = parseThresholds(thresholds);
  const seen = new Set<string>();
  const total: Ledger = { budgetFen: 0n, adjustments: [], expenditures: [] };
  const byKey: [string, Execution][] = [];
  for (const { key, records } of items) {
    if (seen.has(key)) throw new Error(`汇总项重复：${key}`);
    seen.add(key);
    const ledger = toLedger(records);
    total.budgetFen += ledger.budgetFen;
    // A loop, not push(...list): spreading a large ledger into arguments can overflow the stack.
    for (const e of ledger.adjustments) total.adjustments.push(e);
    for (const e of ledger.expenditures) total.expenditures.push(e);
    byKey.push([key, evaluate(ledger, asOf, fiscalYear, t)]);
  }
  // fromEntries defines own properties, so a key such as "__proto__" stays an ordinary entry.
  return { total: evaluate(total, asOf, fiscalYear, t), byKey: Object.fromEntries(byKey) };
}
