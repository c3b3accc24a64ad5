import { describe, expect, it } from "vitest";
import { formatWan, formatYuan, fromScaled, sumYuan, toScaled, wanToYuan } from "@/lib/money";

describe("money is exact", () => {
  it("converts published 万元 to 元 exactly", () => {
    expect(wanToYuan("5,000.00")).toBe("50000000.00");
    expect(wanToYuan("3.00")).toBe("30000.00");
    expect(wanToYuan("2.1587")).toBe("21587.00");
    expect(wanToYuan("0.51")).toBe("5100.00");
    expect(wanToYuan("0.000001")).toBe("0.01");
    expect(() => wanToYuan("0.0000001")).toThrow("小数位数超过 6 位");
    expect(() => wanToYuan("abc")).toThrow("不是有效的数字");
  });

  it("formats 元 as 万元 with thousands separators, rounding half up", () => {
    expect(formatWan("54200600.00")).toBe("5,420.06");
    expect(formatWan("50000000.00")).toBe("5,000.00");
    expect(formatWan("21587.00")).toBe("2.16");
    expect(formatWan("21587.00", 4)).toBe("2.1587");
    expect(formatWan("49.99")).toBe("0.00");
    expect(formatWan("50.00")).toBe("0.01");
    expect(formatWan("-12345678.90")).toBe("-1,234.57");
    expect(formatWan("0.00")).toBe("0.00");
  });

  it("formats 元 with separators", () => {
    expect(["220000.00", "-800", "0.5", "1234567.89"].map(formatYuan)).toEqual(["220,000.00", "-800.00", "0.50", "1,234,567.89"]);
  });

  it("sums amounts without float error", () => {
    expect(sumYuan(["0.10", "0.20"])).toBe("0.30");
    expect(0.1 + 0.2).not.toBe(0.3); // what we avoid
    // The 16 published budgets of the seed, in 元.
    const budgets = ["3.00", "5000.00", "1.50", "5.00", "17.33", "1.92", "9.00", "18.84", "2.16", "7.00", "19.00", "44.00", "26.80", "152.51", "12.00", "100.00"];
    expect(formatWan(sumYuan(budgets.map(wanToYuan)))).toBe("5,420.06");
  });

  it("sums 10,000 random amounts exactly (checked against BigInt fen)", () => {
    let seed = 20250101;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const amounts: string[] = [];
    let expectedFen = 0n;
    for (let i = 0; i < 10_000; i++) {
      const fen = BigInt(Math.floor(random() * 1e9)) - 100_000_000n;
      expectedFen += fen;
      amounts.push(fromScaled(fen, 2));
    }
    expect(toScaled(sumYuan(amounts), 2)).toBe(expectedFen);
  });
});
