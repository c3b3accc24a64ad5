// Weights (分值) of the self-evaluation: rule 1 in score.ts. The default scheme is the 办法's
// 10 / 50 / 30 / 10 with each group shared evenly; anything else needs a written reason, because
// a unit that moves points towards the indicators it met can raise its own grade.

import { addDecimal, compareDecimal, parseDecimal, subtractDecimal, sumDecimal, type Decimal } from "@/lib/decimal";
import { LEVEL1_LABELS, LEVEL1_ORDER } from "@/lib/targets/categories";
import { plain } from "./exact";
import type { CheckedInput } from "./input";
import type { EvaluationError, GroupKey } from "./types";

export const GROUP_ORDER: readonly GroupKey[] = ["execution", ...LEVEL1_ORDER];
export const DEFAULT_GROUP_WEIGHTS: Readonly<Record<GroupKey, string>> = { execution: "10", 产出: "50", 效益: "30", 满意度: "10" };
export const GROUP_LABELS: Readonly<Record<GroupKey, string>> = { execution: "预算执行率", ...LEVEL1_LABELS };

const HUNDRED: Decimal = { units: 100n, scale: 0 };
const NOTHING: Decimal = { units: 0n, scale: 0 };
const NO_WEIGHT: Decimal = { units: 0n, scale: 2 };
// Read once: every project scored compares against it (its decimals are immutable, so it is shared).
const DEFAULT_SCHEME: Readonly<Record<GroupKey, Decimal>> = Object.freeze(Object.fromEntries(GROUP_ORDER.map((k) => [k, parseDecimal(DEFAULT_GROUP_WEIGHTS[k])!])) as Record<GroupKey, Decimal>);

/** `total` in `n` parts of whole cents, the leftover cents to the first parts: 50 ÷ 3 → 16.67, 16.67, 16.66. */
export function splitEvenly(total: Decimal, n: number): Decimal[] {
  // Weights have at most 2 decimals (checked on input), so this is exact.
  const cents = total.units * 10n ** BigInt(2 - total.scale);
  const parts = BigInt(n);
  return Array.from({ length: n }, (_, i) => ({ units: cents / parts + (BigInt(i) < cents % parts ? 1n : 0n), scale: 2 }));
}

export interface Weights {
  groups: Readonly<Record<GroupKey, Decimal>>;
  lines: Decimal[]; // one per indicator, input order, 2 decimals
}

export function resolveWeights(input: CheckedInput): { ok: true; weights: Weights } | { ok: false; errors: EvaluationError[] } {
  const errors: EvaluationError[] = [];
  const scheme = DEFAULT_SCHEME;
  const groups = input.groupWeights ?? scheme;
  const changes: string[] = [];
  const customGroups = GROUP_ORDER.some((k) => compareDecimal(groups[k], scheme[k]) !== 0);
  if (input.groupWeights) {
    const sum = sumDecimal(GROUP_ORDER.map((k) => groups[k]));
    if (compareDecimal(sum, HUNDRED) !== 0) errors.push({ path: "groupWeights", message: `各组分值合计应为 100，现为 ${plain(sum)}` });
    if (customGroups) {
      changes.push(`各组分值调整为 ${GROUP_ORDER.map((k) => `${GROUP_LABELS[k]} ${plain(groups[k])}`).join("、")}`);
    }
  }

  const lines: Decimal[] = input.indicators.map(() => NO_WEIGHT);
  // Each group's indicators (their indexes, in input order), read in one pass.
  const membersOf: Record<string, number[]> = {};
  input.indicators.forEach((indicator, i) => (membersOf[indicator.level1] ??= []).push(i));
  for (const level1 of LEVEL1_ORDER) {
    const members = membersOf[level1];
    if (!members) continue;
    const label = LEVEL1_LABELS[level1];
    const open: number[] = [];
    let given: Decimal = NOTHING;
    for (const i of members) {
      const weight = input.indicators[i]!.weight;
      if (weight) given = addDecimal(given, weight);
      else if (weight === null) open.push(i);
    }
    const rest = subtractDecimal(groups[level1], given);
    if (open.length === 0 && compareDecimal(rest, NOTHING) !== 0) {
      errors.push({ path: "indicators", message: `${label}各项分值合计 ${plain(given)}，应等于该组分值 ${plain(groups[level1])}` });
      continue;
    }
    if (rest.units < 0n) {
      errors.push({ path: "indicators", message: `${label}已填分值合计 ${plain(given)}，超过该组分值 ${plain(groups[level1])}` });
      continue;
    }
    const shares = splitEvenly(rest, open.length);
    for (const [j, i] of open.entries()) lines[i] = shares[j]!;
    for (const i of members) if (input.indicators[i]!.weight) lines[i] = input.indicators[i]!.weight!;
    // Under custom group weights the reason is required anyway; comparing lines would only repeat it.
    // With no weight given in the group, every line has its even share by construction: nothing to compare.
    if (customGroups || open.length === members.length) continue;
    const even = splitEvenly(groups[level1], members.length);
    for (const [j, i] of members.entries()) {
      if (compareDecimal(lines[i]!, even[j]!) !== 0) changes.push(`${label}“${input.indicators[i]!.name}”分值 ${plain(lines[i]!)}（平均分配为 ${plain(even[j]!)}）`);
    }
  }
  if (changes.length > 0 && input.weightReason === null) {
    errors.push({ path: "weightReason", message: `分值与默认方案（预算执行率 10、产出 50、效益 30、满意度 10，组内平均分配）不同，须填写调整理由：${changes.join("；")}` });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, weights: { groups, lines } };
}
