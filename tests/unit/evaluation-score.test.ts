import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDecimal } from "@/lib/decimal";
import { scoreEvaluation, splitEvenly, type EvaluationIndicatorInput, type EvaluationInput, type EvaluationLine, type EvaluationResult } from "@/lib/evaluation/score";
import { level1Of } from "@/lib/targets/categories";
import { parseTable12 } from "@/lib/targets/parse-table12";
import { parseTarget } from "@/lib/targets/parse-target";
import type { Category } from "@/lib/targets/types";

// Indicators as table 12 publishes them (柳州市大数据发展局 2025), read through the real target parser.
function ind(category: Category, name: string, targetText: string, extra: Partial<EvaluationIndicatorInput> = {}): EvaluationIndicatorInput {
  const t = parseTarget(targetText);
  if (!t) throw new Error(`bad target ${targetText}`);
  return { level1: level1Of(category), category, name, comparator: t.comparator, target: t.value, unit: t.unit, ...extra };
}
const paper = (actual: string | null, extra: Partial<EvaluationIndicatorInput> = {}) => ind("数量", "购买打印纸", "≥50箱", { actual, ...extra });

function score(indicators: EvaluationIndicatorInput[], rest: Partial<EvaluationInput> = {}): EvaluationResult {
  const outcome = scoreEvaluation({ budgetWan: "100", spentWan: "100", indicators, ...rest });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.result;
}
/** One indicator alone in its group, so it carries the group's whole weight (产出 50, 效益 30, 满意度 10). */
const line = (indicator: EvaluationIndicatorInput): EvaluationLine => score([indicator]).indicators[0]!;
// Typed loosely on purpose: these inputs are what a JSON file may hold, not what TypeScript allows.
const errorsOf = (input: { [K in keyof EvaluationInput]?: unknown }) => {
  const outcome = scoreEvaluation({ budgetWan: "100", spentWan: "100", ...input } as EvaluationInput);
  if (outcome.ok) throw new Error("expected errors");
  return outcome.errors;
};
const summary = (l: EvaluationLine) => ({ weight: l.weight, score: l.score, met: l.met, flags: l.flags, explanation: l.explanation });

describe("quantitative indicators (rules 4, 5)", () => {
  it("forward met: full weight", () => {
    expect(summary(line(paper("52箱")))).toEqual({ weight: "50.00", score: "50.0000", met: true, flags: [], explanation: "正向指标已达成：实际 52 箱 ≥ 目标 50 箱，得满分 50" });
    expect(line(paper("52")).needsDeviationAnalysis).toBe(false);
  });

  it("forward not met: actual ÷ target × weight, 40 ÷ 50 × 16.67 = 13.336", () => {
    const r = score([paper("40"), ind("数量", "书柜", "=2张", { actual: "2" }), ind("数量", "椅子", "=10把", { actual: "10" })]);
    const l = r.indicators[0]!;
    expect(summary(l)).toEqual({ weight: "16.67", score: "13.3360", met: false, flags: [], explanation: "正向指标未达成：实际 40 箱 ÷ 目标 50 箱 × 分值 16.67 = 13.34" });
    expect(l.needsDeviationAnalysis).toBe(true);
    expect(r.groups.find((g) => g.key === "产出")!.score).toBe("46.6660"); // 13.336 + 16.67 + 16.66
  });

  it("reverse met, including an actual of 0, and a month deadline", () => {
    expect(line(ind("满意度", "全年用户投诉量", "不高于50个", { actual: "0" })).explanation).toBe("反向指标已达成：实际 0 个 ≤ 目标 50 个，得满分 10");
    const start = line(ind("时效", "项目开工时间", "≤12月底", { actual: "10月" }));
    expect(summary(start)).toEqual({ weight: "50.00", score: "50.0000", met: true, flags: [], explanation: "反向指标已达成：实际 10 月底 ≤ 目标 12 月底，得满分 50" });
    // =12月 on a 时效 indicator is a deadline, not a count to reach.
    expect(line(ind("时效", "各项工作任务完成时间", "=12月", { actual: "10" })).explanation).toBe("反向指标已达成：实际 10 月 ≤ 目标 12 月（时效指标按截止月份计，提前完成亦为达成），得满分 50");
  });

  it("reverse not met: target ÷ actual × weight", () => {
    expect(summary(line(ind("成本", "龙城市民云APP维护费用", "≤100万元", { actual: "125" })))).toEqual({
      weight: "50.00", score: "40.0000", met: false, flags: [], explanation: "反向指标未达成：目标 100 万元 ÷ 实际 125 万元 × 分值 50 = 40.00",
    });
    // 50 ÷ 60 × 10 = 8.3333…
    expect(line(ind("满意度", "全年用户投诉量", "不高于50个", { actual: "60" })).score).toBe("8.3333");
  });

  it("reverse target of 0: met at 0, otherwise 0 points (no division by zero)", () => {
    expect(line(ind("可持续效益", "重要系统安全事故数", "=0个", { actual: "0" })).explanation).toBe("反向指标已达成：实际 0 个 = 目标 0 个，得满分 30");
    expect(summary(line(ind("可持续效益", "重要系统安全事故数", "=0个", { actual: "2" })))).toEqual({
      weight: "30.00", score: "0.0000", met: false, flags: [], explanation: "反向指标未达成：实际 2 个，目标 = 0 个；目标为 0 时超出即得 0 分",
    });
  });

  it("forward target of 0 is met by any actual ≥ 0, without an over-achievement flag", () => {
    expect(summary(line(ind("数量", "新增问题数", "≥0个", { actual: "0" })))).toEqual({ weight: "50.00", score: "50.0000", met: true, flags: [], explanation: "正向指标已达成：实际 0 个 ≥ 目标 0 个，得满分 50" });
    expect(line(ind("数量", "新增问题数", "≥0个", { actual: "3" })).flags).toEqual([]);
  });

  it("= target: met when equal or above, scored as forward below", () => {
    expect(line(ind("数量", "碎纸机", "=4台", { actual: "4" })).explanation).toBe("正向指标已达成：实际 4 台 = 目标 4 台，得满分 50");
    const above = line(ind("数量", "碎纸机", "=4台", { actual: "5" }));
    expect(summary(above)).toEqual({ weight: "50.00", score: "50.0000", met: true, flags: [], explanation: "正向指标已达成：实际 5 台 > 目标 4 台（“=”目标超过亦为达成），得满分 50" });
    expect(line(ind("数量", "碎纸机", "=4台", { actual: "6" })).flags).toEqual(["OVER_ACHIEVED"]); // 150%
    expect(line(ind("数量", "碎纸机", "=4台", { actual: "3" })).explanation).toBe("正向指标未达成：实际 3 台 ÷ 目标 4 台 × 分值 50 = 37.50");
  });

  it("> is strict", () => {
    const l = line(ind("数量", "培训人次", ">100人次", { actual: "100" }));
    expect([l.met, l.score, l.needsDeviationAnalysis]).toEqual([false, "50.0000", true]);
  });

  it("far over a forward target (≥ 150%): full weight and a flag asking the evaluator to check", () => {
    const l = line(paper("75"));
    expect(summary(l)).toEqual({ weight: "50.00", score: "50.0000", met: true, flags: ["OVER_ACHIEVED"], explanation: "正向指标已达成：实际 75 箱 ≥ 目标 50 箱，得满分 50" });
    expect(l.notes).toEqual(["实际值为目标的 150.00%，远超目标，请核实目标是否偏低；如偏低，评价人应酌情扣分并说明理由"]);
    expect(line(paper("74")).flags).toEqual([]); // 148%
  });

  it("reads full-width digits, thousands commas, a % sign and the unit", () => {
    expect(line(paper("５２箱")).score).toBe("50.0000");
    expect(line(ind("数量", "龙城市民云注册用户数", "≥1200万条", { actual: "1,080" })).score).toBe("45.0000");
    expect(line(ind("满意度", "服务对象满意度", "≥90%", { actual: "81%" })).explanation).toBe("正向指标未达成：实际 81% ÷ 目标 90% × 分值 10 = 9.00");
  });
});

describe("qualitative indicators (rule 7)", () => {
  const effect = (extra: Partial<EvaluationIndicatorInput>) => ind("可持续效益", "维持局内正常运转，提高单位履职能力", "良好", extra);

  it("scores each band at the chosen percent", () => {
    expect(summary(line(effect({ band: "达成", bandPercent: "90" })))).toEqual({
      weight: "30.00", score: "27.0000", met: true, flags: [], explanation: "定性指标：评价档次“达成”（达成年度指标，得分比例 80%–100%）；得分 = 分值 30 × 90% = 27.00",
    });
    expect(line(effect({ band: "部分达成", bandPercent: "65.5" })).score).toBe("19.6500");
    expect(line(effect({ band: "未达成", bandPercent: "0" })).score).toBe("0.0000");
  });

  it("defaults to 100 / 70 / 30 percent and says so", () => {
    expect(line(effect({ band: "达成" })).score).toBe("30.0000");
    const partly = line(effect({ band: "部分达成" }));
    expect([partly.score, partly.bandPercent, partly.met]).toEqual(["21.0000", "70.00", false]);
    expect(partly.explanation).toBe("定性指标：评价档次“部分达成”（部分达成并具有一定效果，得分比例 60%–80%，不含 80%）；未填写得分比例，按该档默认 70%；得分 = 分值 30 × 70% = 21.00");
    expect(line(effect({ band: "未达成" })).score).toBe("9.0000");
  });

  it("refuses a percent outside its band, upper bounds exclusive except for 达成", () => {
    expect(errorsOf({ indicators: [effect({ band: "部分达成", bandPercent: "80" })] })).toEqual([
      { path: "indicators[0].bandPercent", message: "指标“维持局内正常运转，提高单位履职能力”：“部分达成”的得分比例应在 60%–80% 之间（不含 80%），现为 80%" },
    ]);
    expect(errorsOf({ indicators: [effect({ band: "达成", bandPercent: "79.99" })] })[0]!.message).toContain("“达成”的得分比例应在 80%–100% 之间，现为 79.99%");
    expect(errorsOf({ indicators: [effect({ band: "未达成", bandPercent: "60" })] })[0]!.message).toContain("（不含 60%）");
    expect(line(effect({ band: "达成", bandPercent: "100" })).score).toBe("30.0000");
    expect(line(effect({ band: "达成", bandPercent: "80" })).score).toBe("24.0000");
  });

  it("proposes the band from the actual on the target's scale", () => {
    const met = line(ind("质量", "购买的耗材符合质量标准", "是", { actual: "是" }));
    expect([met.band, met.score, met.flags]).toEqual(["达成", "50.0000", ["BAND_PROPOSED"]]);
    const short = line(effect({ actual: "较好" }));
    expect([short.band, short.score]).toEqual(["部分达成", "21.0000"]);
    expect(short.explanation).toBe("定性指标：实际“较好”对照目标“良好”（等级：良好/较好/一般/较差）低于目标 1 级，系统建议档次“部分达成”（部分达成并具有一定效果，得分比例 60%–80%，不含 80%）；未填写得分比例，按该档默认 70%；得分 = 分值 30 × 70% = 21.00");
    expect(short.notes).toEqual(["评价档次由系统按实际完成情况建议，请评价人确认或另行选择"]);
    expect(line(effect({ actual: "较差" })).band).toBe("未达成"); // the scale's last level
    expect(line(ind("质量", "质保服务", "优", { actual: "中" })).band).toBe("未达成"); // two levels short
    expect(line(effect({ actual: "较好", bandPercent: "75" })).score).toBe("22.5000");
    expect(errorsOf({ indicators: [effect({ actual: "还行" })] })[0]).toEqual({
      path: "indicators[0].actual", message: "指标“维持局内正常运转，提高单位履职能力”：实际“还行”不在目标“良好”的评价等级（良好/较好/一般/较差）中，请直接选择评价档次",
    });
  });

  it("an explicit band wins over the actual", () => {
    const l = line(effect({ actual: "良好", band: "部分达成", bandPercent: "75" }));
    expect([l.band, l.score, l.flags]).toEqual(["部分达成", "22.5000", []]);
  });
});

describe("not reported (rule 8) and input errors", () => {
  it("no actual: 0 points, NOT_REPORTED, deviation analysis needed", () => {
    const l = line(paper(null));
    expect({ ...summary(l), needs: l.needsDeviationAnalysis }).toEqual({ weight: "50.00", score: "0.0000", met: null, flags: ["NOT_REPORTED"], explanation: "未填写实际完成值，得 0 分", needs: true });
    expect(line(ind("质量", "驻村工作成效", "良好", { actual: " " })).flags).toEqual(["NOT_REPORTED"]);
  });

  it("an actual that is not a number is an error naming the indicator", () => {
    expect(errorsOf({ indicators: [paper("四十箱")] })).toEqual([
      { path: "indicators[0].actual", message: "指标“购买打印纸”：实际完成值“四十箱”不是数字（定量指标应填数字，如 95、95%、52箱）" },
    ]);
    expect(errorsOf({ indicators: [paper("52个")] })[0]!.path).toBe("indicators[0].actual");
  });

  it("checks the shape with paths and Chinese messages, collecting every error", () => {
    const errors = errorsOf({
      spentWan: 100 as unknown as string,
      indicators: [{ ...paper("40"), level1: "成本" }, { ...paper("40"), name: undefined }, { ...paper("40"), weight: 16.67 }, { ...paper("40"), acutal: "1" }],
    });
    expect(errors).toEqual([
      { path: "spentWan", message: "全年执行数（spentWan）应写成带引号的数字文本（如 \"16.67\"），以免小数经浮点数转换失真" },
      { path: "indicators[0].level1", message: "一级指标（level1）应为“产出”“效益”或“满意度”" },
      { path: "indicators[1].name", message: "缺少三级指标名称（name）" },
      { path: "indicators[2].weight", message: "分值（weight）应写成带引号的数字文本（如 \"16.67\"），以免小数经浮点数转换失真" },
      { path: "indicators[3].acutal", message: "未知字段“acutal”" },
    ]);
    expect(scoreEvaluation(null as unknown as EvaluationInput)).toEqual({ ok: false, errors: [{ path: "输入", message: "输入应为对象" }] });
  });

  it("checks level1 against category, the comparator, and bands on quantitative indicators", () => {
    expect(errorsOf({ indicators: [{ ...paper("40"), level1: "效益" }, { ...paper("40"), comparator: "≈" as never }, paper("40", { band: "达成" })] })).toEqual([
      { path: "indicators[0].level1", message: "指标“购买打印纸”：二级指标“数量”属于产出指标，不属于效益指标" },
      { path: "indicators[1].comparator", message: "指标“购买打印纸”：比较符“≈”无法识别（应为 ≥ ≤ = > < 或 定性）" },
      { path: "indicators[2].band", message: "指标“购买打印纸”：定量指标按实际完成值计分，不选择评价档次" },
    ]);
  });

  it("accepts the comparator spellings of the CLI", () => {
    for (const comparator of ["≥", ">=", "定性", "qualitative", "≤", "<="]) {
      const qualitative = comparator === "定性" || comparator === "qualitative";
      const l = line({ level1: "产出", category: "数量", name: "x", comparator: comparator as never, target: qualitative ? "是" : "50", unit: "箱", actual: qualitative ? "是" : "50" });
      expect(l.score).toBe("50.0000");
    }
  });
});

describe("weights (rule 1)", () => {
  const three = (weights: (string | null)[]) => weights.map((weight, i) => paper("50", { name: `打印纸${i + 1}`, weight }));

  it("splits a group evenly in cents, leftover cents first", () => {
    expect(score(three([null, null, null])).indicators.map((l) => l.weight)).toEqual(["16.67", "16.67", "16.66"]);
    expect(splitEvenly(parseDecimal("30")!, 7).map((d) => d.units)).toEqual([429n, 429n, 429n, 429n, 428n, 428n, 428n]);
  });

  it("shares what is left among the indicators without a weight; a departure needs a reason", () => {
    expect(score(three(["16.67", null, null])).indicators.map((l) => l.weight)).toEqual(["16.67", "16.67", "16.66"]);
    expect(errorsOf({ indicators: three(["20", null, null]) })).toEqual([
      { path: "weightReason", message: "分值与默认方案（预算执行率 10、产出 50、效益 30、满意度 10，组内平均分配）不同，须填写调整理由：产出指标“打印纸1”分值 20（平均分配为 16.67）；产出指标“打印纸2”分值 15（平均分配为 16.67）；产出指标“打印纸3”分值 15（平均分配为 16.66）" },
    ]);
    expect(score(three(["20", null, null]), { weightReason: "打印纸为主要采购内容" }).indicators.map((l) => l.weight)).toEqual(["20.00", "15.00", "15.00"]);
  });

  it("refuses weights that do not add up to the group", () => {
    expect(errorsOf({ indicators: three(["20", "20", "20"]), weightReason: "x" })).toEqual([{ path: "indicators", message: "产出指标各项分值合计 60，应等于该组分值 50" }]);
    expect(errorsOf({ indicators: three(["30", "30", null]), weightReason: "x" })).toEqual([{ path: "indicators", message: "产出指标已填分值合计 60，超过该组分值 50" }]);
  });

  it("custom group weights must add up to 100 and need a reason", () => {
    const groupWeights = { execution: "20", 产出: "40", 效益: "30", 满意度: "10" };
    expect(errorsOf({ indicators: [paper("50")], groupWeights })).toEqual([
      { path: "weightReason", message: "分值与默认方案（预算执行率 10、产出 50、效益 30、满意度 10，组内平均分配）不同，须填写调整理由：各组分值调整为 预算执行率 20、产出指标 40、效益指标 30、满意度指标 10" },
    ]);
    expect(errorsOf({ indicators: [paper("50")], groupWeights: { ...groupWeights, 产出: "45" }, weightReason: "x" })).toEqual([{ path: "groupWeights", message: "各组分值合计应为 100，现为 105" }]);
    const r = score([paper("40")], { groupWeights, weightReason: "本项目以资金支付为主" });
    // 20 + 40 × 40 ÷ 50 = 52 out of 60 → 52 × 100 ÷ 60 = 86.67
    expect([r.executionScore, r.indicators[0]!.score, r.applicableWeight, r.total]).toEqual(["20.0000", "32.0000", "60.00", "86.67"]);
  });

  it("refuses negative weights and more than 2 decimals", () => {
    expect(errorsOf({ indicators: three(["-5", null, null]) })).toEqual([{ path: "indicators[0].weight", message: "指标“打印纸1”的分值不能为负数：-5" }]);
    expect(errorsOf({ indicators: three(["16.666", null, null]) })).toEqual([{ path: "indicators[0].weight", message: "指标“打印纸1”的分值最多保留 2 位小数：16.666" }]);
    expect(score(three(["16.670", null, null])).indicators[0]!.weight).toBe("16.67");
  });
});

describe("override (rule 9)", () => {
  it("keeps the computed score beside the evaluator's, and explains both", () => {
    const l = line(paper("75", { override: { score: "40", reason: "目标设定偏低" } }));
    expect([l.score, l.computedScore, l.overridden, l.needsDeviationAnalysis]).toEqual(["40.0000", "50.0000", true, true]);
    expect(l.explanation).toBe("评价人调整得分为 40.00（按规则计算为 50.00），理由：目标设定偏低。计算过程：正向指标已达成：实际 75 箱 ≥ 目标 50 箱，得满分 50");
  });

  it("needs a reason and a score between 0 and the weight", () => {
    expect(errorsOf({ indicators: [paper("75", { override: { score: "40", reason: "  " } })] })).toEqual([{ path: "indicators[0].override.reason", message: "指标“购买打印纸”：调整得分必须说明理由" }]);
    expect(errorsOf({ indicators: [paper("75", { override: { score: "50.01", reason: "x" } })] })).toEqual([{ path: "indicators[0].override.score", message: "指标“购买打印纸”：调整后得分 50.01 超过分值 50" }]);
    expect(errorsOf({ indicators: [paper("75", { override: { score: "-1", reason: "x" } })] })[0]!.path).toBe("indicators[0].override.score");
  });
});

describe("budget execution (rule 3) and rescaling (rule 2)", () => {
  const full = [paper("50"), ind("可持续效益", "x", "良好", { band: "达成" }), ind("满意度", "满意度", "≥90%", { actual: "90" })];
  const exec = (budgetWan: string, spentWan: string) => score(full, { budgetWan, spentWan });

  it("scores the rate, capped at 100%", () => {
    expect(exec("500", "500").executionScore).toBe("10.0000");
    const r = exec("500", "365.2");
    expect([r.executionRate, r.executionScore, r.total]).toEqual(["73.04", "7.3040", "97.30"]);
    expect(r.executionExplanation).toBe("执行率 = 全年执行数 365.20 万元 ÷ 全年预算数 500.00 万元 = 73.04%；得分 = 73.04% × 10 = 7.30");
    expect(exec("100", "73").executionScore).toBe("7.3000");
    const over = exec("5,000", "5500");
    expect([over.executionRate, over.executionScore]).toEqual(["110.00", "10.0000"]);
    expect(over.executionExplanation).toBe("执行率 = 全年执行数 5,500.00 万元 ÷ 全年预算数 5,000.00 万元 = 110.00%，超过 100% 按 100% 计；得分 = 100.00% × 10 = 10.00");
  });

  it("leaves execution out when there is no budget, and rescales", () => {
    const r = score([paper("45"), ...full.slice(1)], { budgetWan: "0", spentWan: "0" });
    // (45 + 30 + 10) × 100 ÷ 90 = 94.444…
    expect([r.executionRate, r.executionScore, r.applicableWeight, r.rawTotal, r.total, r.grade]).toEqual([null, "0.0000", "90.00", "85.0000", "94.44", "优"]);
    expect(r.executionExplanation).toBe("全年预算数为 0，预算执行率不适用，不计分");
  });

  it("leaves out a group without indicators: no 满意度 → out of 90", () => {
    const r = score([paper("45"), ind("可持续效益", "x", "良好", { band: "达成", bandPercent: "90" })], { budgetWan: "100", spentWan: "80" });
    // 8 + 45 + 27 = 80 → 80 × 100 ÷ 90 = 88.888… → 88.89
    expect([r.rawTotal, r.total, r.grade]).toEqual(["80.0000", "88.89", "良"]);
    expect(r.groups.map((g) => g.applicable)).toEqual([true, true, true, false]);
    expect(r.explanation).toBe("得分合计 = 预算执行率 8.00 + 产出指标 45.00 + 效益指标 27.00 = 80.00；满意度指标不适用，总分按 90 分折算为百分制：80.00 × 100 ÷ 90 = 88.89；自评等级：良（80 ≤ 总分 < 90）");
  });

  it("refuses an evaluation with nothing to score", () => {
    expect(errorsOf({ budgetWan: "0", spentWan: "0", indicators: [] })).toEqual([{ path: "indicators", message: "没有可评分的内容：全年预算数为 0 且没有分值大于 0 的绩效指标组" }]);
  });
});

describe("grade boundaries (rule 10): the grade follows the 2-decimal total", () => {
  // 10 (execution) + 30 + 10 + 50 × X ÷ 100 = 50 + X ÷ 2
  const total = (x: string) => {
    const r = score([ind("数量", "数据归集量", "≥100万条", { actual: x }), ind("社会效益", "x", "良好", { band: "达成" }), ind("满意度", "满意度", "≥90%", { actual: "95" })]);
    return `${r.total} ${r.grade}`;
  };
  it.each([
    ["79.98", "89.99 良"], ["80", "90.00 优"], ["79.99", "90.00 优"], // 89.995 rounds to 90.00, and the grade agrees
    ["59.98", "79.99 中"], ["60", "80.00 良"], ["19.98", "59.99 差"], ["20", "60.00 中"], ["100", "100.00 优"],
  ])("actual %s → %s", (x, expected) => expect(total(x)).toBe(expected));

  it("says when the total was rounded", () => {
    const r = score([ind("数量", "数据归集量", "≥100万条", { actual: "79.99" }), ind("社会效益", "x", "良好", { band: "达成" }), ind("满意度", "满意度", "≥90%", { actual: "95" })]);
    expect(r.explanation).toBe("得分合计 = 预算执行率 10.00 + 产出指标 39.995 + 效益指标 30.00 + 满意度指标 10.00 = 89.995；总分 90.00（四舍五入保留两位小数）；自评等级：优（90 ≤ 总分 ≤ 100）");
  });
});

describe("a seed project: 309001 日常办公耗材购置 (3.00 万元)", () => {
  const seed = readFileSync(new URL("../../prisma/seed-data/liuzhou-309-2025-budget-disclosure.txt", import.meta.url), "utf8");
  const project = parseTable12(seed.slice(seed.lastIndexOf("项目绩效目标公开表"))).projects[0]!;
  const given: Record<string, Partial<EvaluationIndicatorInput>> = {
    购买打印纸: { actual: "45" }, // 45 ÷ 50 × 12.5 = 11.25
    购买的耗材符合质量标准: { actual: "是" }, // proposed 达成 → 12.5
    "2025年12月底前完成采购合同": { band: "达成", bandPercent: "100" }, // 12.5
    预算控制率: { actual: "97%" }, // ≤ 100% → 12.5
    "维持局内正常运转，提高单位履职能力": { band: "部分达成", bandPercent: "75" }, // 30 × 75% = 22.5
    局内各业务科室满意度: { actual: "85.5" }, // 85.5 ÷ 90 × 10 = 9.5
  };

  it("scores 90.45, 优, by hand", () => {
    expect(project.name).toBe("日常办公耗材购置");
    const indicators = project.indicators.map((i) => ({ level1: level1Of(i.category), category: i.category, name: i.name, comparator: i.comparator, target: i.value, unit: i.unit, ...given[i.name] }));
    const r = score(indicators, { budgetWan: project.budgetWan, spentWan: "2.91" }); // 97.00% → 9.70
    expect(r.indicators.map((l) => [l.name, l.weight, l.score])).toEqual([
      ["购买打印纸", "12.50", "11.2500"],
      ["购买的耗材符合质量标准", "12.50", "12.5000"],
      ["2025年12月底前完成采购合同", "12.50", "12.5000"],
      ["预算控制率", "12.50", "12.5000"],
      ["维持局内正常运转，提高单位履职能力", "30.00", "22.5000"],
      ["局内各业务科室满意度", "10.00", "9.5000"],
    ]);
    expect(r.indicators.map((l) => l.needsDeviationAnalysis)).toEqual([true, false, false, false, true, true]);
    expect([r.executionScore, r.rawTotal, r.total, r.grade]).toEqual(["9.7000", "90.4500", "90.45", "优"]);
    expect(r.indicators[5]!.explanation).toBe("正向指标未达成：实际 85.5% ÷ 目标 90% × 分值 10 = 9.50");
  });
});

describe("the trusted path (input this program built itself, as the in-year projection does)", () => {
  it("scores exactly as the checked path, and still refuses a bad number", () => {
    const inputs: EvaluationInput[] = [
      { budgetWan: "100", spentWan: "100", indicators: [paper("40"), ind("数量", "书柜", "=2张", { actual: "2" }), ind("数量", "椅子", "=10把", { actual: "10" })] },
      { budgetWan: "3.00", spentWan: "2.91", indicators: [paper("52箱"), ind("数量", "书柜", "=2张", { actual: null }), ind("质量", "验收合格率", "≥95%", { actual: "98%" })] },
      { budgetWan: "0", spentWan: "0", indicators: [paper("60", { override: { score: "10", reason: "复核调整" } })] },
    ];
    for (const input of inputs) {
      const checked = scoreEvaluation(input);
      expect(checked.ok).toBe(true);
      expect(scoreEvaluation(input, { trusted: true })).toEqual(checked);
    }
    const bad = scoreEvaluation({ budgetWan: "100", spentWan: "100", indicators: [paper("四十")] }, { trusted: true });
    expect(bad.ok).toBe(false);
  });
});
