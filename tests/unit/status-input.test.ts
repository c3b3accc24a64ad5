import { describe, expect, it } from "vitest";
import { indicatorStatus } from "@/lib/progress/status";
import { evaluationIndicatorFromRow } from "@/lib/evaluation/prefill";
import { indicatorFromRow, recordedActual, statusCheckInFromRow } from "@/lib/progress/status-input";

// Prisma hands numeric columns over as Decimal objects whose text keeps the column's scale when read
// through raw SQL ("50.00000000"); a stand-in with the same toString is enough here.
const decimal = (text: string) => ({ toString: () => text });

describe("indicatorFromRow", () => {
  it("names the stored codes as the glossary does and writes the target as entered", () => {
    expect(indicatorFromRow({ category: "QUANTITY", name: "购买打印纸", comparator: "GTE", targetValue: decimal("50.00000000"), targetText: null, unitOfMeasure: "箱" }))
      .toEqual({ category: "数量", name: "购买打印纸", comparator: ">=", value: "50", unit: "箱" });
    expect(indicatorFromRow({ category: "SATISFACTION", name: "服务对象满意度", comparator: "QUALITATIVE", targetValue: null, targetText: "良好", unitOfMeasure: "" }))
      .toEqual({ category: "满意度", name: "服务对象满意度", comparator: "qualitative", value: "良好", unit: "" });
    expect(indicatorFromRow({ category: "COST", name: "成本控制", comparator: "LTE", targetValue: decimal("2.15870000"), targetText: null, unitOfMeasure: "万元" }).value).toBe("2.1587");
  });
});

describe("statusCheckInFromRow", () => {
  it("reads a Prisma row (Date, Decimal) and a raw SQL row (text) alike", () => {
    const prisma = statusCheckInFromRow({ asOfDate: new Date("2025-06-30T00:00:00Z"), actualValue: decimal("30.50000000"), actualText: null, forecastValue: decimal("60"), forecastText: null, likelihood: "POSSIBLE" });
    const sql = statusCheckInFromRow({ asOfDate: "2025-06-30", actualValue: "30.50000000", actualText: null, forecastValue: "60.00000000", forecastText: null, likelihood: "POSSIBLE" });
    expect(prisma).toEqual({ asOfDate: "2025-06-30", actualValue: "30.5", actualText: null, forecastValue: "60", forecastText: null, likelihood: "POSSIBLE" });
    expect(sql).toEqual(prisma);
  });

  it("keeps empty values empty: no actual is 未填报, not 0", () => {
    const empty = statusCheckInFromRow({ asOfDate: "2025-06-30", actualValue: null, actualText: null, forecastValue: null, forecastText: null });
    expect(empty).toEqual({ asOfDate: "2025-06-30", actualValue: null, actualText: null, forecastValue: null, forecastText: null, likelihood: null });
    const indicator = indicatorFromRow({ category: "QUANTITY", name: "购买打印纸", comparator: "GTE", targetValue: decimal("50"), targetText: null, unitOfMeasure: "箱" });
    expect(indicatorStatus(indicator, empty, "2025-06-30", 2025).status).toBe("NOT_REPORTED");
  });

  it("feeds status the same figure whichever source the row came from", () => {
    const indicator = indicatorFromRow({ category: "QUANTITY", name: "购买打印纸", comparator: "GTE", targetValue: decimal("50.00000000"), targetText: null, unitOfMeasure: "箱" });
    const row = { asOfDate: new Date("2025-06-30T00:00:00Z"), actualValue: decimal("20.00000000"), actualText: null, forecastValue: null, forecastText: null, likelihood: null };
    const status = indicatorStatus(indicator, statusCheckInFromRow(row), "2025-06-30", 2025);
    // 20 ÷ 50 = 40.00% against 序时进度 181/365 = 49.59%: 9.59 points behind, within the 10-point band.
    expect(status).toMatchObject({ status: "ON_TRACK", completionPercent: "40.00" });
  });
});

describe("recordedActual", () => {
  it("shows the text of a qualitative actual, else the number, else nothing", () => {
    expect(recordedActual({ actualText: "良好", actualValue: null })).toBe("良好");
    expect(recordedActual({ actualText: null, actualValue: "52" })).toBe("52");
    expect(recordedActual({ actualText: null, actualValue: null })).toBe("");
  });
});

describe("evaluationIndicatorFromRow", () => {
  it("adds the id, 一级指标 by name and the 分值 with two decimals, from Prisma (Decimal) or SQL (text) alike", () => {
    const row = { id: "i1", level1: "OUTPUT" as const, category: "QUANTITY", name: "购买打印纸", comparator: "GTE", targetValue: decimal("50.00000000"), targetText: null, unitOfMeasure: "箱" };
    const expected = { id: "i1", level1: "产出", category: "数量", name: "购买打印纸", comparator: ">=", value: "50", unit: "箱", weight: "12.50" };
    expect(evaluationIndicatorFromRow({ ...row, weight: { toFixed: (d: number) => (12.5).toFixed(d) } })).toEqual(expected);
    expect(evaluationIndicatorFromRow({ ...row, weight: "12.50" })).toEqual(expected);
    expect(evaluationIndicatorFromRow({ ...row, weight: null }).weight).toBeNull();
  });
});
