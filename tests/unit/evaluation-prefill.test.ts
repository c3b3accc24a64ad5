import { describe, expect, it } from "vitest";
import { finalInput, projectedSpent, readableActual, yuanToWan } from "@/lib/evaluation/prefill";
import { wan2 } from "@/lib/evaluation/forms";

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

  it("pre-fills the year's last check-ins, and saved lines replace them", () => {
    const checkIns = new Map([["p", { asOfDate: "2025-12-31", actualValue: "40" }], ["q", { asOfDate: "2025-12-31", actualText: "是" }]]);
    const input = finalInput({ adjustedBudget: "30000.00", spent: "27000.00" }, [paper, quality], checkIns, null, null);
    expect(input).toMatchObject({ budgetWan: "3.000000", spentWan: "2.700000", indicators: [{ actual: "40", weight: null }, { actual: "是", weight: null }] });
    const saved = new Map([["p", { weight: "25", actual: "45", band: null, bandPercent: null, overrideScore: null, overrideReason: null }]]);
    expect(finalInput({ adjustedBudget: "1", spent: "1" }, [paper, quality], checkIns, saved, "调整").indicators.map((i) => [i.actual, i.weight])).toEqual([["45", "25"], ["是", null]]);
  });

  it("knows which actuals the engine can read", () => {
    expect(readableActual(paper, "52箱")).toBe(true);
    expect(readableActual(paper, "五十")).toBe(false);
    expect(readableActual(quality, "否")).toBe(true);
    expect(readableActual(quality, "还行")).toBe(false);
    expect(readableActual(quality, null)).toBe(false);
  });
});
