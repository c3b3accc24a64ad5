// The year-end self-evaluation (绩效自评, 财预〔2020〕10号 项目支出绩效评价管理办法): a pure function
// from the form's figures to line scores, a total and a grade, each with the formula that produced
// it (docs/domain.md, "Year-end self-evaluation": "a score must always be explainable"). The rules:
//  1. Weights (分值): 预算执行率 10, 产出 50, 效益 30, 满意度 10. An indicator without a weight gets
//     an even share, in cents, of what its group has left after the given weights (50 ÷ 3 → 16.67,
//     16.67, 16.66: leftover cents to the first). All given → they must add up to the group. Custom
//     group weights (groupWeights) must add up to 100. Any departure from this default scheme needs a
//     weightReason. Weights are ≥ 0 with at most 2 decimals (weights.ts).
//  2. A group without indicators does not apply; nor does 预算执行率 when the budget is 0. The total
//     is rescaled to 100: Σ scores × 100 ÷ Σ weights of the groups that apply.
//  3. 执行率 = 全年执行数 ÷ 全年预算数(调整后), a percentage with 2 decimals half-up (ratioPercent);
//     score = min(执行率, 100%) × weight, from the rounded rate so the explanation multiplies out.
//  4. Forward (≥, >, = non-zero): met (> strictly; = counts as ≥) → full weight, otherwise actual ÷
//     target × weight (never below 0). A forward target of 0 is met by any actual ≥ 0; `> 0` missed
//     scores 0, as there is nothing to divide by.
//  5. Reverse (≤, <, =0): met → full weight (actual 0 always meets ≤); otherwise target ÷ actual ×
//     weight; a target of 0 missed → 0. 时效 targets in months (≤12月底) are reverse like any other,
//     and so is =12月 on a 时效 indicator: a completion month is a deadline, October meets it.
//  6. Actual ≥ OVER_ACHIEVED_PERCENT (150%) of a forward target > 0: full weight, flag OVER_ACHIEVED;
//     the 办法 leaves it to the evaluator to lower the score (rule 9) if the target was set too low.
//  7. Qualitative: the evaluator picks a band (BAND_RANGES: 达成 [80, 100], 部分达成 [60, 80), 未达成
//     [0, 60)) and a percent inside it (default 100 / 70 / 30); score = weight × percent ÷ 100. No
//     band but an actual → the band is proposed from the target's scale (progress/scale.ts): met →
//     达成, one level short and not the scale's last level → 部分达成, else 未达成 (BAND_PROPOSED).
//  8. No actual (and no band) → 0 points, flag NOT_REPORTED. An actual that is not a number on a
//     quantitative indicator is an input error (input.ts), not a zero.
//  9. Override { score, reason }: reason required, 0 ≤ score ≤ weight, ≤ 2 decimals; the computed
//     score stays beside it.
// 10. Exact arithmetic throughout (bigint fractions, exact.ts). A line score is rounded half-up to
//     SCORE_DECIMALS (4); the total, after rescaling, to 2; the grade is read from that 2-decimal
//     total so the two always agree: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below.
// 11. met: true / false, null when not reported. needsDeviationAnalysis (偏差原因分析及改进措施)
//     whenever a line is not fully met: met is not true, or its score is below its weight.
// 12. Every line, the execution block and the total carry a Chinese explanation with the numbers.
// API numbers are decimal strings: scores with 4 decimals (what the total is summed from; show them
// with displayScore), weights and totals with 2. Input errors are collected, never thrown.

import { ratioPercent } from "@/lib/budget/time-progress";
import { compareDecimal, formatDecimal, isZero, parseDecimal, sumDecimal, type Decimal } from "@/lib/decimal";
import { fromScaled, toScaled } from "@/lib/money";
import { qualitativeScale, qualitativeShortfall } from "@/lib/progress/scale";
import { direction, formatTarget } from "@/lib/targets/parse-target";
import { compare, exactText, fixed, fraction, over, plain, round, times, whole, type Fraction } from "./exact";
import { checkInput, MONTH_UNIT, type CheckedIndicator } from "./input";
import type { Band, EvaluationError, EvaluationGroup, EvaluationInput, EvaluationLine, EvaluationOutcome, Grade, GroupKey, LineFlag } from "./types";
import { GROUP_LABELS, GROUP_ORDER, resolveWeights } from "./weights";

export type * from "./types";
export { DEFAULT_GROUP_WEIGHTS, GROUP_LABELS, splitEvenly } from "./weights";
export { readNumber } from "./input";

export const SCORE_DECIMALS = 4;
export const OVER_ACHIEVED_PERCENT = 150;
export const BAND_RANGES: Readonly<Record<Band, { label: string; min: string; max: string; maxInclusive: boolean; defaultPercent: string }>> = {
  达成: { label: "达成年度指标", min: "80", max: "100", maxInclusive: true, defaultPercent: "100" },
  部分达成: { label: "部分达成并具有一定效果", min: "60", max: "80", maxInclusive: false, defaultPercent: "70" },
  未达成: { label: "未达成且效果较差", min: "0", max: "60", maxInclusive: false, defaultPercent: "30" },
};
export const GRADE_BANDS: ReadonlyArray<{ grade: Grade; min: string; range: string }> = [
  { grade: "优", min: "90", range: "90 ≤ 总分 ≤ 100" },
  { grade: "良", min: "80", range: "80 ≤ 总分 < 90" },
  { grade: "中", min: "60", range: "60 ≤ 总分 < 80" },
  { grade: "差", min: "0", range: "总分 < 60" },
];

const ZERO: Fraction = whole(0n);
const HUNDRED: Fraction = whole(100n);
const dec = (text: string): Decimal => parseDecimal(text)!;
// The tables' figures as decimals, read once rather than at every line and total scored.
const ZERO_DECIMAL = dec("0");
const HUNDRED_DECIMAL = dec("100");
const FULL_RATE = dec("100.00");
const GRADE_MINS = GRADE_BANDS.map((g) => ({ grade: g.grade, min: dec(g.min) }));
const BAND_LIMITS = Object.fromEntries(Object.entries(BAND_RANGES).map(([band, r]) => [band, { min: dec(r.min), max: dec(r.max), defaultPercent: dec(r.defaultPercent) }])) as Record<Band, { min: Decimal; max: Decimal; defaultPercent: Decimal }>;
const withUnit = (d: Decimal, unit: string): string => `${plain(d)}${unit === "" || /^[%‰]/.test(unit) ? unit : ` ${unit}`}`;

/** The grade of a total as shown (2 decimals), so 89.995 → 90.00 → 优. */
export function gradeOf(total: Decimal): Grade {
  return GRADE_MINS.find((g) => compareDecimal(total, g.min) >= 0)?.grade ?? "差";
}

/** A 4-decimal score as printed on the form: 2 decimals, half-up. */
export function displayScore(score: string): string {
  return fixed(dec(score), 2);
}

/**
 * The mean of several projects' totals (each counts once), 2 decimals, half-up: a unit's or a
 * department's score (the dashboards' comparison, the report's 综合评价); null for none.
 */
export function meanTotal(totals: readonly string[]): string | null {
  if (totals.length === 0) return null;
  const hundredths = totals.reduce((s, t) => s + toScaled(t, 2), 0n);
  const n = BigInt(totals.length);
  const sign = hundredths < 0n ? -1n : 1n;
  return fromScaled(sign * ((sign * hundredths * 2n + n) / (2n * n)), 2);
}

interface Computed {
  score: Fraction;
  met: boolean | null;
  band?: Band;
  bandPercent?: Decimal;
  flags: LineFlag[];
  notes: string[];
  explanation: string;
}

const plainLine = (score: Fraction, met: boolean, explanation: string): Computed => ({ score, met, flags: [], notes: [], explanation });

function quantitative(ind: CheckedIndicator, target: Decimal, actual: Decimal, weight: Decimal): Computed {
  const w = fraction(weight);
  const [a, t, shownWeight] = [withUnit(actual, ind.unit), withUnit(target, ind.unit), plain(weight)];
  const c = compareDecimal(actual, target);
  // A completion month (时效 =12月) is a deadline: done in October meets it (rule 5).
  const deadline = ind.comparator === "=" && ind.category === "时效" && MONTH_UNIT.test(ind.unit);
  if (deadline || direction(ind.comparator, plain(target)) === "reverse") {
    if (ind.comparator === "<" ? c < 0 : c <= 0) {
      const sign = ind.comparator === "<" ? "<" : c === 0 ? "=" : "≤";
      const early = deadline && c < 0 ? "（时效指标按截止月份计，提前完成亦为达成）" : "";
      return plainLine(w, true, `反向指标已达成：实际 ${a} ${sign} 目标 ${t}${early}，得满分 ${shownWeight}`);
    }
    if (isZero(target)) return plainLine(ZERO, false, `反向指标未达成：实际 ${a}，目标 ${formatTarget({ ...ind, value: plain(target) })}；目标为 0 时超出即得 0 分`);
    const score = times(over(fraction(target), fraction(actual)), w);
    return plainLine(score, false, `反向指标未达成：目标 ${t} ÷ 实际 ${a} × 分值 ${shownWeight} = ${fixed(score, 2)}`);
  }
  if (ind.comparator === ">" ? c > 0 : c >= 0) {
    const sign = ind.comparator === ">=" ? "≥" : c === 0 ? "=" : ">";
    const line = plainLine(w, true, `正向指标已达成：实际 ${a} ${sign} 目标 ${t}${ind.comparator === "=" && c > 0 ? "（“=”目标超过亦为达成）" : ""}，得满分 ${shownWeight}`);
    const percent = ratioPercent(actual, target);
    // Compared as shown (2 decimals), so the flag always agrees with the percentage in its note.
    if (percent && compareDecimal(percent, { units: BigInt(OVER_ACHIEVED_PERCENT), scale: 0 }) >= 0) {
      line.flags.push("OVER_ACHIEVED");
      line.notes.push(`实际值为目标的 ${fixed(percent, 2)}%，远超目标，请核实目标是否偏低；如偏低，评价人应酌情扣分并说明理由`);
    }
    return line;
  }
  if (isZero(target)) return plainLine(ZERO, false, `正向指标未达成：实际 ${a}，目标 ${formatTarget({ ...ind, value: plain(target) })}；目标为 0，无法按比例计分，得 0 分`);
  const score = times(over(fraction(actual), fraction(target)), w);
  const formula = `正向指标未达成：实际 ${a} ÷ 目标 ${t} × 分值 ${shownWeight}`;
  return compare(score, ZERO) < 0 ? plainLine(ZERO, false, `${formula} 小于 0，按 0 分计`) : plainLine(score, false, `${formula} = ${fixed(score, 2)}`);
}

function qualitative(ind: CheckedIndicator, weight: Decimal, error: (field: string, message: string) => void): Computed | null {
  const line: Computed = { score: ZERO, met: null, flags: [], notes: [], explanation: "" };
  let band = ind.band;
  let proposal = "";
  if (band === null) {
    const actual = ind.actualText!;
    const short = qualitativeShortfall(ind.targetText, actual);
    const levels = qualitativeScale(ind.targetText).options.join("/");
    if (short === null) return (error("actual", `实际“${actual}”不在目标“${ind.targetText}”的评价等级（${levels}）中，请直接选择评价档次`), null);
    band = short.steps <= 0 ? "达成" : short.steps === 1 && !short.worst ? "部分达成" : "未达成";
    const how = short.steps <= 0 ? "已达到目标" : short.worst ? "未达到目标" : `低于目标 ${short.steps} 级`;
    proposal = `实际“${actual}”对照目标“${ind.targetText}”（等级：${levels}）${how}，系统建议`;
    line.flags.push("BAND_PROPOSED");
    line.notes.push("评价档次由系统按实际完成情况建议，请评价人确认或另行选择");
  }
  const range = BAND_RANGES[band];
  const limits = BAND_LIMITS[band];
  const percent = ind.bandPercent ?? limits.defaultPercent;
  const belowMax = compareDecimal(percent, limits.max);
  if (compareDecimal(percent, limits.min) < 0 || belowMax > 0 || (belowMax === 0 && !range.maxInclusive)) {
    const excluded = range.maxInclusive ? "" : `（不含 ${range.max}%）`;
    return (error("bandPercent", `“${band}”的得分比例应在 ${range.min}%–${range.max}% 之间${excluded}，现为 ${plain(percent)}%`), null);
  }
  line.score = over(times(fraction(weight), fraction(percent)), HUNDRED);
  line.met = band === "达成";
  line.band = band;
  line.bandPercent = percent;
  const defaulted = ind.bandPercent === null ? `；未填写得分比例，按该档默认 ${plain(percent)}%` : "";
  line.explanation = `定性指标：${proposal || "评价"}档次“${band}”（${range.label}，得分比例 ${range.min}%–${range.max}%${range.maxInclusive ? "" : `，不含 ${range.max}%`}）${defaulted}；得分 = 分值 ${plain(weight)} × ${plain(percent)}% = ${fixed(line.score, 2)}`;
  return line;
}

/** One line scored; its score (4 decimals) is also written to `scores[index]`, so the groups sum it without reading it back from text. */
function scoreLine(ind: CheckedIndicator, weight: Decimal, weightKnown: boolean, errors: EvaluationError[], scores: Decimal[], index: number): EvaluationLine | null {
  const before = errors.length;
  const error = (field: string, message: string) => errors.push({ path: `${ind.path}.${field}`, message: `指标“${ind.name}”：${message}` });
  const isQualitative = ind.comparator === "qualitative";
  let computed: Computed | null;
  if (isQualitative ? ind.band === null && ind.actualText === null : ind.actual === null) {
    if (ind.bandPercent !== null) error("band", "填写了得分比例，但未选择评价档次");
    computed = { score: ZERO, met: null, flags: ["NOT_REPORTED"], notes: [], explanation: "未填写实际完成值，得 0 分" };
  } else computed = isQualitative ? qualitative(ind, weight, error) : quantitative(ind, ind.target!, ind.actual!, weight);

  const override = ind.override;
  if (override && weightKnown && compareDecimal(override.score, weight) > 0) error("override.score", `调整后得分 ${plain(override.score)} 超过分值 ${plain(weight)}`);
  if (!computed || errors.length > before) return null;

  const computedScore = round(computed.score, SCORE_DECIMALS);
  const score = override ? round(fraction(override.score), SCORE_DECIMALS) : computedScore;
  scores[index] = score;
  const computedText = fixed(computedScore, SCORE_DECIMALS);
  const explanation = override
    ? `评价人调整得分为 ${fixed(override.score, 2)}（按规则计算为 ${fixed(computedScore, 2)}），理由：${override.reason}。计算过程：${computed.explanation}`
    : computed.explanation;
  return {
    key: ind.key, name: ind.name, level1: ind.level1, category: ind.category,
    target: isQualitative ? ind.targetText : formatTarget({ comparator: ind.comparator, value: plain(ind.target!), unit: ind.unit }),
    actual: ind.actualText,
    weight: fixed(weight, 2), score: override ? fixed(score, SCORE_DECIMALS) : computedText, computedScore: computedText,
    overridden: override !== null, overrideReason: override?.reason ?? null,
    met: computed.met, band: computed.band ?? null, bandPercent: computed.bandPercent ? fixed(computed.bandPercent, 2) : null,
    needsDeviationAnalysis: computed.met !== true || compareDecimal(score, weight) < 0,
    flags: computed.flags, notes: computed.notes, explanation,
  };
}

function execution(budget: Decimal, spent: Decimal, weight: Decimal): { rate: Decimal | null; score: Decimal; explanation: string } {
  const money = (d: Decimal) => `${formatDecimal(round(fraction(d), 2), 2, true)} 万元`;
  const rate = ratioPercent(spent, budget);
  if (rate === null) return { rate, score: round(ZERO, SCORE_DECIMALS), explanation: `全年预算数为 0，预算执行率不适用，不计分${isZero(spent) ? "" : `（全年执行数 ${money(spent)}）`}` };
  const capped = compare(fraction(rate), HUNDRED) > 0 ? FULL_RATE : rate;
  const score = round(over(times(fraction(capped), fraction(weight)), HUNDRED), SCORE_DECIMALS);
  const cap = capped === rate ? "" : "，超过 100% 按 100% 计";
  return { rate, score, explanation: `执行率 = 全年执行数 ${money(spent)} ÷ 全年预算数 ${money(budget)} = ${fixed(rate, 2)}%${cap}；得分 = ${fixed(capped, 2)}% × ${plain(weight)} = ${fixed(score, 2)}` };
}

/**
 * Scores one project's self-evaluation (rules at the top of this file); never throws on bad input.
 * `trusted`: the input was built by this program (input.ts checkInput), not read from outside.
 */
export function scoreEvaluation(input: EvaluationInput, options: { trusted?: boolean } = {}): EvaluationOutcome {
  const checked = checkInput(input, options);
  if (!checked.ok) return checked;
  const { budget, spent, indicators } = checked.input;
  const resolved = resolveWeights(checked.input);
  const errors: EvaluationError[] = resolved.ok ? [] : [...resolved.errors];
  const scores: Decimal[] = [];
  const lines = indicators.map((ind, i) => scoreLine(ind, resolved.ok ? resolved.weights.lines[i]! : ZERO_DECIMAL, resolved.ok, errors, scores, i));
  if (!resolved.ok || errors.length > 0) return { ok: false, errors };
  const weights = resolved.weights.groups;

  const exec = execution(budget, spent, weights.execution);
  // Each group's weight and score as decimals beside their text (the same values: text is only for showing).
  const figures: Partial<Record<GroupKey, { weight: Decimal; score: Decimal }>> = {};
  const groups: EvaluationGroup[] = GROUP_ORDER.map((key: GroupKey) => {
    const members = key === "execution" ? [] : scores.filter((_, i) => indicators[i]!.level1 === key);
    const applicable = key === "execution" ? exec.rate !== null : members.length > 0;
    const score = key === "execution" ? exec.score : sumDecimal(members);
    const weight = round(fraction(weights[key]), 2);
    figures[key] = { weight, score: round(fraction(score), SCORE_DECIMALS) };
    return { key, label: GROUP_LABELS[key], weight: fixed(weight, 2), applicable, score: fixed(score, SCORE_DECIMALS) };
  });
  const applying = groups.filter((g) => g.applicable);
  const applicableWeight = sumDecimal(applying.map((g) => figures[g.key]!.weight));
  if (isZero(applicableWeight)) {
    return { ok: false, errors: [{ path: "indicators", message: "没有可评分的内容：全年预算数为 0 且没有分值大于 0 的绩效指标组" }] };
  }
  const rawTotal = sumDecimal(applying.map((g) => figures[g.key]!.score));
  const total = round(over(times(fraction(rawTotal), HUNDRED), fraction(applicableWeight)), 2);
  const grade = gradeOf(total);

  const sum = `得分合计 = ${applying.map((g) => `${g.label} ${exactText(figures[g.key]!.score)}`).join(" + ")} = ${exactText(rawTotal)}`;
  const left = groups.filter((g) => !g.applicable).map((g) => g.label);
  const rounded = compareDecimal(rawTotal, total) === 0 ? "" : "（四舍五入保留两位小数）";
  const scaled = compareDecimal(applicableWeight, HUNDRED_DECIMAL) === 0
    ? `总分 ${fixed(total, 2)}${rounded}`
    : `${left.join("、")}不适用，总分按 ${plain(applicableWeight)} 分折算为百分制：${exactText(rawTotal)} × 100 ÷ ${plain(applicableWeight)} = ${fixed(total, 2)}`;
  const gradeRange = GRADE_BANDS.find((g) => g.grade === grade)!.range;
  return {
    ok: true,
    result: {
      executionRate: exec.rate ? fixed(exec.rate, 2) : null,
      executionWeight: fixed(weights.execution, 2),
      executionScore: fixed(exec.score, SCORE_DECIMALS),
      executionExplanation: exec.explanation,
      indicators: lines as EvaluationLine[],
      groups,
      applicableWeight: fixed(applicableWeight, 2),
      rawTotal: fixed(rawTotal, SCORE_DECIMALS),
      total: fixed(total, 2),
      grade,
      explanation: `${sum}；${scaled}；自评等级：${grade}（${gradeRange}）`,
    },
  };
}
