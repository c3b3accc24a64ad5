import { describe, expect, it } from "vitest";
import { findDeadlineYears } from "@/lib/targets/review";
import {
  addDecimal,
  compareDecimal,
  formatDecimal,
  formatDecimalWan,
  moneyToWan,
  parseDecimal,
  subtractDecimal,
  sumDecimal,
} from "@/lib/decimal";

const d = (s: string) => {
  const v = parseDecimal(s);
  if (!v) throw new Error(`not a decimal: ${s}`);
  return v;
};

describe("exact decimals for the review", () => {
  it("parses published figures and refuses anything else", () => {
    expect(parseDecimal("5,056.59")).toEqual({ units: 505659n, scale: 2 });
    expect(parseDecimal("-0.5")).toEqual({ units: -5n, scale: 1 });
    for (const bad of ["", "abc", "1.2.3", "1e3", "≥5", " . "]) expect(parseDecimal(bad)).toBeNull();
  });

  it("compares across scales without floats", () => {
    expect(compareDecimal(d("2.1587"), d("2.16"))).toBe(-1);
    expect(compareDecimal(d("7"), d("7.00"))).toBe(0);
    expect(compareDecimal(d("100.01"), d("100"))).toBe(1);
    // 0.1 + 0.2 is not 0.3 in floats; here it is.
    expect(compareDecimal(addDecimal(d("0.1"), d("0.2")), d("0.3"))).toBe(0);
  });

  it("sums the seed's five cost items to exactly 152.51", () => {
    expect(formatDecimalWan(sumDecimal(["62", "34", "45", "11", "0.51"].map(d)))).toBe("152.51");
    expect(formatDecimal(subtractDecimal(d("2.16"), d("2.1587")))).toBe("0.0013");
  });

  it("formats with at least two decimals and all significant ones", () => {
    expect(formatDecimalWan(d("5056.59"))).toBe("5,056.59");
    expect(formatDecimalWan(d("7"))).toBe("7.00");
    expect(formatDecimalWan(d("10.000001"))).toBe("10.000001");
    expect(formatDecimal(d("2.5000"))).toBe("2.5");
    expect(formatDecimalWan(sumDecimal([]))).toBe("0.00");
  });

  it("converts money units to 万元 exactly", () => {
    expect(formatDecimalWan(moneyToWan("21587", "元")!)).toBe("2.1587");
    expect(formatDecimalWan(moneyToWan("2.1587", "万元")!)).toBe("2.1587");
    expect(formatDecimalWan(moneyToWan("1.5", "亿元")!)).toBe("15,000.00");
    expect(formatDecimalWan(moneyToWan("3", "千元")!)).toBe("0.30");
    expect(moneyToWan("5", "%")).toBeNull();
    expect(moneyToWan("是", "元")).toBeNull();
  });
});

describe("findDeadlineYears", () => {
  it.each([
    ["各项工作在2024年12月底前完成", 2024, "2024年12月底前完成"],
    ["2024年底", 2024, "2024年底"],
    ["于2024年完成", 2024, "2024年完成"],
    ["2024年末投入使用", 2024, "2024年末投入使用"],
    ["截至2024年6月30日", 2024, "截至2024年6月30日"],
    ["不晚于2026年", 2026, "不晚于2026年"],
    ["2024 年 12 月 31 日前", 2024, "2024年12月31日前"],
    ["２０２４年底", 2024, "2024年底"],
  ])("%s → %i", (text, year, phrase) => {
    expect(findDeadlineYears(text)).toEqual([{ year, phrase }]);
  });

  it.each([["近3年"], ["2025年度"], ["2024年度决算"], ["2023-2025年"], ["2023年至2025年规划"], ["支撑2000个用户"], ["在2024年基础上"], ["已于2024年完成"], ["2024年12月"]])(
    "%s → none",
    (text) => {
      expect(findDeadlineYears(text)).toEqual([]);
    },
  );

  it("reads a range's end year", () => {
    expect(findDeadlineYears("2023-2024年底前完成").map((m) => m.year)).toEqual([2024]);
  });
});

describe("canonical decimal text (how targets are stored and compared)", () => {
  it("strips leading and trailing zeros and keeps every significant digit", async () => {
    const { canonicalDecimal, isDecimal } = await import("@/lib/decimal");
    expect(["050.500", "100.00", "2.1587", "0", "0.000", "-3.10", "1,000"].map(canonicalDecimal)).toEqual(["50.5", "100", "2.1587", "0", "0", "-3.1", "1000"]);
    expect(["50", "2.1587", "-1"].every(isDecimal)).toBe(true);
    expect(["", "abc", "1.2.3", "５０", ".5", "5."].some(isDecimal)).toBe(false);
    expect(() => canonicalDecimal("良好")).toThrow("不是有效的数字");
  });
});
