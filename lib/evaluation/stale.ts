// A saved self-evaluation whose project's targets changed afterwards (an indicator added, deleted,
// moved to another level-1 group, or its target edited). The saved lines were valid when saved, but
// no longer fit: an added indicator has no line, and the saved weights of its group already add up to
// the group's, so it would get 0 points; after a deletion they add up to less, and the engine refuses
// the form — and with it the view, the export and the department's whole workbook. So whatever no
// longer fits is replaced by the 办法's default (the group's weight shared evenly, the year's last
// check-in), and each replacement is worded as a 需要复核 reason: shown on the screen and in the
// internal export, and submitting waits until the evaluator has saved the form again (service.ts).

import { compareDecimal, parseDecimal, sumDecimal, type Decimal } from "@/lib/decimal";
import { qualitativeShortfall } from "@/lib/progress/scale";
import { LEVEL1_LABELS, LEVEL1_ORDER } from "@/lib/targets/categories";
import { formatTarget } from "@/lib/targets/parse-target";
import type { Level1 } from "@/lib/targets/types";
import { plain } from "./exact";
import { readNumber } from "./input";
import type { EvaluationIndicator, SavedLine } from "./prefill";
import { displayScore, scoreEvaluation } from "./score";
import type { EvaluationIndicatorInput, EvaluationInput } from "./types";
import { DEFAULT_GROUP_WEIGHTS, splitEvenly } from "./weights";

const AGAIN = "请复核后重新保存。";
const quoted = (i: { name: string }) => `「${i.name}」`;
const number = (text: string) => {
  const d = parseDecimal(text.trim());
  return d ? plain(d) : text;
};

/** Whether the engine can read `actual` for this indicator (prefill rule 4). */
export function readableActual(i: EvaluationIndicator, actual: string | null): boolean {
  if (actual === null) return false;
  return i.comparator === "qualitative" ? qualitativeShortfall(i.value, actual) !== null : readNumber(actual, i.unit) !== null;
}

/**
 * Level-1 groups whose saved weights no longer fit. Saved weights always add up to the group's
 * default (save refuses anything else, and group weights are not stored), so a group with an
 * indicator without a saved line, or whose saved weights add up to anything else, changed.
 */
function staleGroups(indicators: EvaluationIndicator[], saved: Map<string, SavedLine>): { reset: Set<Level1>; review: string[] } {
  const reset = new Set<Level1>();
  const review: string[] = [];
  for (const level1 of LEVEL1_ORDER) {
    const members = indicators.filter((i) => i.level1 === level1);
    if (members.length === 0) continue;
    const added = members.filter((i) => !saved.has(i.id));
    const kept = members.filter((i) => saved.has(i.id));
    const weights = kept.map((i) => parseDecimal(saved.get(i.id)!.weight.trim()));
    const sum = weights.every((w): w is Decimal => w !== null) ? sumDecimal(weights) : null;
    const whole = parseDecimal(DEFAULT_GROUP_WEIGHTS[level1])!;
    const fits = sum !== null && compareDecimal(sum, whole) === 0;
    if (added.length === 0 && fits) continue;
    reset.add(level1);
    const label = LEVEL1_LABELS[level1];
    const movedIn = sum !== null && compareDecimal(sum, whole) > 0; // more weight than the group has: one came from another group
    const changes = [
      ...(added.length > 0 ? [`新增了指标${added.map(quoted).join("")}`] : []),
      ...(kept.length > 0 && !fits ? [`${label}中有指标${movedIn ? "从其他组调入" : "被删除或调出"}（已保存的分值合计 ${sum ? plain(sum) : "—"}，应为 ${plain(whole)}）`] : []),
    ];
    // Custom weights are dropped with the rest; naming them lets the evaluator put them back.
    const even = sum ? splitEvenly(sum, kept.length) : [];
    const custom = weights.some((w, n) => !w || !even[n] || compareDecimal(w, even[n]) !== 0);
    const before = custom ? `；原分值 ${kept.map((i) => `${quoted(i)}${number(saved.get(i.id)!.weight)}`).join("、")} 未保留` : "";
    const what = added.length > 0 && fits ? "其分值已按默认规则分配" : `${label}各项分值已按默认规则重新分配`;
    const share = members.length === 1 ? `${plain(whole)} 分全部计入${quoted(members[0]!)}` : `${plain(whole)} 分由 ${members.length} 项平均分配`;
    review.push(`保存后${changes.join("，且")}，${what}（${share}${before}），${AGAIN}`);
  }
  return { reset, review };
}

/** What of a saved line no longer fits the indicator's current target (its type or scale changed), or null. */
function misfit(i: EvaluationIndicator, line: SavedLine): string | null {
  const actual = line.actual.trim();
  if (i.comparator !== "qualitative" && line.band) return `评价档次“${line.band}”`;
  if (actual === "" || (i.comparator === "qualitative" && line.band)) return null;
  return readableActual(i, actual) ? null : `实际完成值“${actual}”`;
}

/**
 * The strictly built input of a saved evaluation (one line per indicator, a saved one or an empty one)
 * made scorable again, with the reasons to review it; an empty list when the saved lines still fit.
 * `prefill` gives an indicator's actual from the year's last check-in, as for an unsaved form.
 */
export function reconcileSaved(
  strict: EvaluationInput,
  indicators: EvaluationIndicator[],
  saved: Map<string, SavedLine>,
  prefill: (i: EvaluationIndicator) => { actual: string; from: string } | null,
): { input: EvaluationInput; review: string[] } {
  const { reset, review } = staleGroups(indicators, saved);
  const fromCheckIn = (i: EvaluationIndicator) => {
    const p = prefill(i);
    return p && readableActual(i, p.actual) ? p : null;
  };
  const touched = new Set<number>(); // lines already given a reason of their own
  const lines = strict.indicators.map((line, n): EvaluationIndicatorInput => {
    const i = indicators[n]!;
    const own = saved.get(i.id);
    const weight = reset.has(i.level1) ? null : line.weight;
    if (!own) return { ...line, weight, actual: fromCheckIn(i)?.actual ?? null };
    const wrong = misfit(i, own);
    if (!wrong) return { ...line, weight };
    const p = fromCheckIn(i);
    touched.add(n);
    review.push(`指标${quoted(i)}保存的${wrong}与现在的年度指标值“${formatTarget(i)}”不符，已改按${p ? ` ${p.from}的“${p.actual}”` : "未填报（0 分）"}计，${AGAIN}`);
    return { ...line, weight, actual: p?.actual ?? null, band: null, bandPercent: null };
  });
  let input: EvaluationInput = { ...strict, indicators: lines };

  // An override may now exceed its re-shared weight; anything else the engine still refuses on a line
  // is set aside too, so a stale form is never one that cannot be shown or exported.
  let outcome = scoreEvaluation(input);
  if (!outcome.ok) {
    const refused = new Map<number, boolean>(); // line → only its override is wrong
    for (const e of outcome.errors) {
      const m = /^indicators\[(\d+)\]\.(.+)$/.exec(e.path);
      if (m) refused.set(Number(m[1]), (refused.get(Number(m[1])) ?? true) && m[2]!.startsWith("override"));
    }
    input = { ...input, indicators: input.indicators.map((l, n) => (!refused.has(n) ? l : refused.get(n) ? { ...l, override: null } : { ...l, actual: null, band: null, bandPercent: null, override: null })) };
    outcome = scoreEvaluation(input);
    for (const [n, onlyOverride] of refused) {
      const name = quoted(indicators[n]!);
      const weight = outcome.ok ? `重新分配后的分值 ${number(outcome.result.indicators[n]!.weight)}` : "现在的分值";
      touched.add(n);
      review.push(onlyOverride ? `指标${name}的调整后得分 ${number(strict.indicators[n]!.override?.score ?? "")} 超过${weight}，已取消该调整、按规则计分，${AGAIN}` : `指标${name}保存的填写内容与现在的指标不符，已按未填报（0 分）计，${AGAIN}`);
    }
  }

  // A target edited in place keeps its line and weight, but the score the rules give changes.
  if (outcome.ok) {
    outcome.result.indicators.forEach((line, n) => {
      const i = indicators[n]!;
      const was = parseDecimal(saved.get(i.id)?.computedScore ?? "");
      if (!was || reset.has(i.level1) || touched.has(n) || compareDecimal(was, parseDecimal(line.computedScore)!) === 0) return;
      review.push(`指标${quoted(i)}保存后年度指标值等有修改（现为“${formatTarget(i)}”），按规则计算的得分由 ${displayScore(saved.get(i.id)!.computedScore!)} 变为 ${displayScore(line.computedScore)}，${AGAIN}`);
    });
  }
  return { input, review };
}
