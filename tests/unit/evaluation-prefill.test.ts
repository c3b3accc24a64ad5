import { describe, expect, it } from "vitest";
import { savedInput, yuanToWan, type SavedLine } from "@/lib/evaluation/prefill";
import { projectedSpent } from "@/lib/evaluation/projection";
import { readableActual } from "@/lib/evaluation/stale";
import { wan2 } from "@/lib/evaluation/printed-form";
import { scoreEvaluation } from "@/lib/evaluation/score";

const paper = { id: "p", level1: "产出" as const, category: "数量" as const, name: "购买打印纸", comparator: ">=" as const, value: "50", unit: "箱", weight: null };
const quality = { id: "q", level1: "产出" as const, category: "质量" as const, name: "符合质量标准", comparator: "qualitative" as const, value: "是", unit: "", weight: null };

describe("self-evaluation inputs from the year's records", () => {
  it("converts money exactly", () => {
    expect(yuanToWan("12345.67")).toBe("1.234567");
    expect(yuanToWan("54200600.00")).toBe("5420.060000");
    expect(wan2("30000.00")).toBe("3.00");
    expect(wan2("21587.00")).toBe("2.16"); // 2.1587 → 2.16, half-up
    expect(wan2("21549.99")).toBe("2.15");
    expect(wan2("-15000.00")).toBe("-1.50");
  });

  it("projects spending at its pace: spent ÷ days elapsed × days in the year", () => {
    // 30 June 2025 is day 181 of 365: 90,000 × 365 ÷ 181 = 181,491.7127… → 181,491.71
    expect(projectedSpent("90000.00", "2025-06-30", 2025)).toBe("181491.71");
    expect(projectedSpent("90000.00", "2025-12-31", 2025)).toBe("90000.00"); // the year is over
    expect(projectedSpent("0.00", "2025-03-01", 2025)).toBe("0.00");
  });

  it("saved lines replace the year's last check-ins", () => {
    const checkIns = new Map([["p", { asOfDate: "2025-12-31", actualValue: "40" }], ["q", { asOfDate: "2025-12-31", actualText: "是" }]]);
    const saved = new Map([["p", { weight: "25", actual: "45", band: null, bandPercent: null, overrideScore: null, overrideReason: null }]]);
    // 符合质量标准 has no saved line (added after saving): the group's weights go back to the default.
    expect(savedInput({ adjustedBudget: "1", spent: "1" }, [paper, quality], checkIns, saved, "调整").input.indicators.map((i) => [i.actual, i.weight])).toEqual([["45", null], ["是", null]]);
  });

  it("knows which actuals the engine can read", () => {
    expect(readableActual(paper, "52箱")).toBe(true);
    expect(readableActual(paper, "五十")).toBe(false);
    expect(readableActual(quality, "否")).toBe(true);
    expect(readableActual(quality, "还行")).toBe(false);
    expect(readableActual(quality, null)).toBe(false);
  });
});

// A target change after the evaluation was saved must never make the evaluation unreadable (the
// department workbook once answered 422 for everyone): the saved lines no longer cover the project's
// indicators, so their weights are stale and are repaired, marked 需要复核.
describe("a saved self-evaluation after its project's indicators changed", () => {
  const funds = { adjustedBudget: "30000.00", spent: "27000.00" };
  const output = (id: string, name: string) => ({ id, level1: "产出" as const, category: "数量" as const, name, comparator: ">=" as const, value: "10", unit: "次", weight: null });
  const benefit = { id: "b", level1: "效益" as const, category: "社会效益" as const, name: "维持正常运转", comparator: "qualitative" as const, value: "良好", unit: "", weight: null };
  const savedLine = (weight: string, actual: string, computedScore?: string): SavedLine => ({ weight, actual, band: null, bandPercent: null, overrideScore: null, overrideReason: null, computedScore });
  const four = ["a1", "a2", "a3", "a4"].map((id, n) => output(id, `产出${n + 1}`));
  const saved = new Map([...four.map((i) => [i.id, savedLine("12.50", "10")] as const), ["b", savedLine("30.00", "良好")]]);
  const weights = (input: ReturnType<typeof savedInput>["input"]) => {
    const outcome = scoreEvaluation(input);
    if (!outcome.ok) throw new Error(outcome.errors.map((e) => e.message).join("；"));
    return outcome.result.indicators.map((l) => l.weight);
  };

  it("is not stale while the saved lines cover the indicators exactly", () => {
    const { input, review } = savedInput(funds, [...four, benefit], new Map(), saved, null);
    expect(review).toEqual([]);
    expect(input.indicators.map((i) => i.weight)).toEqual(["12.50", "12.50", "12.50", "12.50", "30.00"]);
  });

  it("shares the group's default weight with an indicator added after saving, and says so", () => {
    const added = output("a5", "新增巡检次数");
    const checkIns = new Map([["a5", { asOfDate: "2025-12-31", actualValue: "8" }]]);
    const { input, review } = savedInput(funds, [...four, added, benefit], checkIns, saved, null);
    expect(weights(input)).toEqual(["10.00", "10.00", "10.00", "10.00", "10.00", "30.00"]);
    expect(input.indicators[4]).toMatchObject({ actual: "8" }); // pre-filled like an unsaved line
    expect(input.indicators[0]).toMatchObject({ actual: "10" }); // the saved actuals stay
    expect(review).toEqual([expect.stringContaining("保存后新增了指标「新增巡检次数」，其分值已按默认规则分配")]);
    expect(review[0]).toContain("请复核后重新保存");
  });

  it("re-shares the group's weight when an indicator was deleted after saving", () => {
    const { input, review } = savedInput(funds, [four[0]!, four[1]!, four[3]!, benefit], new Map(), saved, null);
    expect(weights(input)).toEqual(["16.67", "16.67", "16.66", "30.00"]);
    expect(review).toEqual([expect.stringMatching(/产出指标.*删除.*37\.5.*50.*请复核后重新保存/)]);
  });

  it("keeps custom weights of untouched groups and names the custom ones it had to drop", () => {
    const custom = new Map([["a1", savedLine("20.00", "10")], ["a2", savedLine("30.00", "10")], ["b", savedLine("30.00", "良好")]]);
    const { input, review } = savedInput(funds, [four[0]!, four[1]!, output("a9", "新增"), benefit], new Map(), custom, "打印纸更重要");
    expect(weights(input)).toEqual(["16.67", "16.67", "16.66", "30.00"]);
    expect(review[0]).toMatch(/原分值.*产出1」20.*产出2」30/);
  });

  it("sets aside saved input that no longer fits a changed target, never leaving a form the engine refuses", () => {
    const qualitative = { ...four[0]!, comparator: "qualitative" as const, value: "良好", unit: "" }; // "10" saved against ≥ 10 次, now a 良好 target
    const overridden = new Map([...saved, ["a2", { ...savedLine("12.50", "10"), overrideScore: "12.00", overrideReason: "抽查" }]]);
    const checkIns = new Map([["a1", { asOfDate: "2025-12-31", actualText: "良好" }]]);
    const { input, review } = savedInput(funds, [qualitative, four[1]!, four[2]!, four[3]!, output("a5", "新增"), benefit], checkIns, overridden, null);
    expect(weights(input)).toEqual(["10.00", "10.00", "10.00", "10.00", "10.00", "30.00"]);
    expect(input.indicators[0]).toMatchObject({ actual: "良好" }); // the year's last check-in instead
    expect(input.indicators[1]).toMatchObject({ actual: "10", override: null }); // 12 is above the new weight 10
    expect(review).toEqual(expect.arrayContaining([expect.stringMatching(/「产出1」.*“10”.*良好/), expect.stringMatching(/「产出2」.*调整后得分 12.*10/)]));
  });

  it("notices a target changed after saving from the saved computed score", () => {
    const changed = [{ ...four[0]!, value: "20" }, four[1]!, four[2]!, four[3]!, benefit];
    const scored = new Map([...four.map((i) => [i.id, savedLine("12.50", "10", "12.5000")] as const), ["b", savedLine("30.00", "良好", "30.0000")]]);
    const { input, review } = savedInput(funds, changed, new Map(), scored, null);
    expect(weights(input)).toEqual(["12.50", "12.50", "12.50", "12.50", "30.00"]);
    expect(review).toEqual([expect.stringMatching(/「产出1」.*12\.50.*6\.25.*请复核后重新保存/)]);
  });
});
