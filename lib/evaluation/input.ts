// Reading the self-evaluation input, which reaches us as parsed JSON (CLI) or form data: first the
// shape (zod), then the numbers and spellings, every error collected with a path such as
// `indicators[2].weight` and a Chinese message naming the indicator.
//
// Decisions: numbers must be strings — a JSON number has already passed through a float, and
// "16.67" must stay 16.67 — so 16.67 without quotes is refused with a message saying so. Unknown
// fields are refused too: a misspelt "acutal" would otherwise score the indicator as not reported.

import { z } from "zod";
import { parseDecimal, type Decimal } from "@/lib/decimal";
import { CATEGORIES, level1Of, LEVEL1_LABELS, LEVEL1_ORDER } from "@/lib/targets/categories";
import type { Category, Comparator, Level1 } from "@/lib/targets/types";
import type { Band, EvaluationError, GroupKey } from "./types";

const BANDS = ["达成", "部分达成", "未达成"] as const;
const GROUP_KEYS = ["execution", "产出", "效益", "满意度"] as const;

const textOf = (label: string) =>
  z.string({
    error: (iss) =>
      iss.input === undefined ? `缺少${label}`
      : typeof iss.input === "number" ? `${label}应写成带引号的数字文本（如 "16.67"），以免小数经浮点数转换失真`
      : `${label}应为文本`,
  });
const object = <T extends z.core.$ZodLooseShape>(shape: T, label: string) =>
  z.strictObject(shape, { error: (iss) => (iss.code === "invalid_type" ? `${label}应为对象` : undefined) });

const indicatorShape = object({
  key: textOf("指标标识（key）").optional(),
  level1: z.enum(LEVEL1_ORDER as [Level1, ...Level1[]], { error: "一级指标（level1）应为“产出”“效益”或“满意度”" }),
  category: z.enum(CATEGORIES as [Category, ...Category[]], { error: `二级指标（category）应为 ${CATEGORIES.join("、")} 之一` }),
  name: textOf("三级指标名称（name）"),
  comparator: textOf("比较符（comparator）"),
  target: textOf("年度指标值（target）"),
  unit: textOf("计量单位（unit）").optional(),
  weight: textOf("分值（weight）").nullish(),
  actual: textOf("实际完成值（actual）").nullish(),
  band: z.enum(BANDS, { error: "评价档次（band）应为“达成”“部分达成”或“未达成”" }).nullish(),
  bandPercent: textOf("得分比例（bandPercent）").nullish(),
  override: object({ score: textOf("调整后得分（score）"), reason: textOf("调整理由（reason）") }, "评价人调整（override）").nullish(),
}, "指标");

const inputShape = object({
  budgetWan: textOf("全年预算数（budgetWan）"),
  spentWan: textOf("全年执行数（spentWan）"),
  indicators: z.array(indicatorShape, { error: (iss) => (iss.input === undefined ? "缺少指标列表（indicators）" : "指标列表（indicators）应为数组") }),
  groupWeights: object({
    execution: textOf("预算执行率分值"), 产出: textOf("产出指标分值"), 效益: textOf("效益指标分值"), 满意度: textOf("满意度指标分值"),
  }, "各组分值（groupWeights）").nullish(),
  weightReason: textOf("分值调整理由（weightReason）").nullish(),
}, "输入");

export interface CheckedIndicator {
  path: string; // "indicators[2]"
  key?: string;
  level1: Level1;
  category: Category;
  name: string;
  comparator: Comparator;
  unit: string;
  targetText: string;
  target: Decimal | null; // quantitative only
  weight: Decimal | null;
  actualText: string | null;
  actual: Decimal | null; // quantitative only
  band: Band | null;
  bandPercent: Decimal | null;
  override: { score: Decimal; reason: string } | null;
}

export interface CheckedInput {
  budget: Decimal;
  spent: Decimal;
  indicators: CheckedIndicator[];
  groupWeights: Record<GroupKey, Decimal> | null;
  weightReason: string | null;
}

// Thousands separators only in proper groups, so "1,00" is not read as 100 (as in parse-target.ts).
const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
export const MONTH_UNIT = /^月(?:底|末|份)?$/;

/** "95", "95%", "52箱", "1,200", "１０月" (full-width) → a decimal; null when it is not a number. */
export function readNumber(text: string, unit = ""): Decimal | null {
  let t = text.normalize("NFKC").trim();
  const u = unit.normalize("NFKC").trim();
  if (u !== "" && t.endsWith(u)) t = t.slice(0, -u.length);
  else if (MONTH_UNIT.test(u)) t = t.replace(/月(?:底|末|份)?$/, ""); // 10月 against ≤12月底
  else if (u === "") t = t.replace(/%$/, "");
  t = t.trim();
  return NUMBER.test(t) ? parseDecimal(t) : null;
}

/** A decimal with at most `places` decimals ("16.670" is fine), brought to exactly that scale. */
function toPlaces(d: Decimal, places: number): Decimal | null {
  if (d.scale <= places) return { units: d.units * 10n ** BigInt(places - d.scale), scale: places };
  const drop = 10n ** BigInt(d.scale - places);
  return d.units % drop === 0n ? { units: d.units / drop, scale: places } : null;
}

const COMPARATORS: Record<string, Comparator> = {
  "≥": ">=", ">=": ">=", "≧": ">=", "⩾": ">=", "≤": "<=", "<=": "<=", "≦": "<=", "⩽": "<=",
  "=": "=", "==": "=", ">": ">", "<": "<", 定性: "qualitative", qualitative: "qualitative",
};

const joinPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((s, p) => (typeof p === "number" ? `${s}[${p}]` : s === "" ? String(p) : `${s}.${String(p)}`), "") || "输入";

/**
 * Reads the input: its shape, then its numbers and spellings. `trusted` skips the shape check for
 * input this program built itself under the EvaluationInput type (the in-year projection scores every
 * project of an overview, and the shape check was a fifth of each score); the numbers are read all
 * the same.
 */
export function checkInput(raw: unknown, options: { trusted?: boolean } = {}): { ok: true; input: CheckedInput } | { ok: false; errors: EvaluationError[] } {
  const shape = options.trusted ? { success: true as const, data: raw as z.output<typeof inputShape> } : inputShape.safeParse(raw);
  if (!shape.success) {
    const errors = shape.error.issues.flatMap((iss) =>
      iss.code === "unrecognized_keys"
        ? iss.keys.map((k) => ({ path: joinPath([...iss.path, k]), message: `未知字段“${k}”` }))
        : [{ path: joinPath(iss.path), message: iss.message }],
    );
    return { ok: false, errors };
  }
  const data = shape.data;
  const errors: EvaluationError[] = [];
  const fail = (path: string, message: string): null => (errors.push({ path, message }), null);

  /** A non-negative decimal with at most `places` decimals, or null after recording why not. */
  const amount = (text: string, path: string, label: string, places: number): Decimal | null => {
    const d = NUMBER.test(text.normalize("NFKC").trim()) ? parseDecimal(text.normalize("NFKC").trim()) : null;
    if (d === null) return fail(path, `${label}“${text}”不是有效的数字`);
    if (d.units < 0n) return fail(path, `${label}不能为负数：${text}`);
    return toPlaces(d, places) ?? fail(path, `${label}最多保留 ${places} 位小数：${text}`);
  };

  const budget = amount(data.budgetWan, "budgetWan", "全年预算数", 6);
  const spent = amount(data.spentWan, "spentWan", "全年执行数", 6);
  let groupWeights: Record<GroupKey, Decimal> | null = null;
  if (data.groupWeights) {
    const g = data.groupWeights;
    const read = GROUP_KEYS.map((k) => amount(g[k], `groupWeights.${k}`, `${k === "execution" ? "预算执行率" : LEVEL1_LABELS[k]}分值`, 2));
    if (read.every((d) => d !== null)) groupWeights = Object.fromEntries(GROUP_KEYS.map((k, i) => [k, read[i]!])) as Record<GroupKey, Decimal>;
  }

  const indicators = data.indicators.map((i, index): CheckedIndicator | null => {
    const path = `indicators[${index}]`;
    const before = errors.length;
    const who = `指标“${i.name.trim() || `第 ${index + 1} 项`}”`;
    const bad = (field: string, message: string): null => fail(`${path}.${field}`, `${who}：${message}`);
    if (i.name.trim() === "") bad("name", "三级指标名称不能为空");
    if (level1Of(i.category) !== i.level1) bad("level1", `二级指标“${i.category}”属于${LEVEL1_LABELS[level1Of(i.category)]}，不属于${LEVEL1_LABELS[i.level1]}`);
    const comparator = COMPARATORS[i.comparator.normalize("NFKC").trim()];
    if (!comparator) bad("comparator", `比较符“${i.comparator}”无法识别（应为 ≥ ≤ = > < 或 定性）`);
    const unit = (i.unit ?? "").normalize("NFKC").trim();
    const quantitative = comparator !== "qualitative";
    const targetText = i.target.normalize("NFKC").trim();
    let target: Decimal | null = null;
    if (targetText === "") bad("target", "年度指标值不能为空");
    else if (quantitative && comparator) {
      target = readNumber(targetText, unit);
      if (target === null) bad("target", `定量指标的年度指标值“${i.target}”不是数字`);
      else if (target.units < 0n) bad("target", `年度指标值不能为负数：${i.target}`);
    }
    const weight = i.weight == null || i.weight.trim() === "" ? null : amount(i.weight, `${path}.weight`, `${who}的分值`, 2);
    const actualText = i.actual == null || i.actual.trim() === "" ? null : i.actual.trim();
    let actual: Decimal | null = null;
    if (actualText !== null && quantitative) {
      actual = readNumber(actualText, unit);
      if (actual === null) bad("actual", `实际完成值“${actualText}”不是数字（定量指标应填数字，如 95、95%、52${unit || "箱"}）`);
    }
    if (quantitative && i.band != null) bad("band", "定量指标按实际完成值计分，不选择评价档次");
    if (quantitative && i.bandPercent != null) bad("bandPercent", "定量指标按实际完成值计分，不填写得分比例");
    const bandPercent = i.bandPercent == null || i.bandPercent.trim() === "" ? null : amount(i.bandPercent, `${path}.bandPercent`, `${who}的得分比例`, 2);
    let override: CheckedIndicator["override"] = null;
    if (i.override) {
      const score = amount(i.override.score, `${path}.override.score`, `${who}的调整后得分`, 2);
      if (i.override.reason.trim() === "") bad("override.reason", "调整得分必须说明理由");
      if (score !== null) override = { score, reason: i.override.reason.trim() };
    }
    if (errors.length > before || !comparator) return null;
    return {
      path, key: i.key, level1: i.level1, category: i.category, name: i.name.trim(), comparator, unit,
      targetText, target, weight, actualText, actual,
      band: i.band ?? null, bandPercent, override,
    };
  });

  if (errors.length > 0 || budget === null || spent === null) return { ok: false, errors };
  const weightReason = data.weightReason?.trim() || null;
  return { ok: true, input: { budget, spent, indicators: indicators as CheckedIndicator[], groupWeights, weightReason } };
}
