import { rng } from "../support/random";
import { describe, expect, it } from "vitest";
import { computeExecution, monthlySeries, rollUp, warningLevel, WARNING_LABELS, type BudgetRecords } from "@/lib/budget/execution";

// Every expectation below is worked out by hand (the arithmetic is in the comments), or, for the
// random ledger, by an independent BigInt reference written in this file.

const FY = 2025;
const records = (budget: string, expenditures: [string, string][] = [], adjustments: [string, string][] = []): BudgetRecords => ({
  budget,
  expenditures: expenditures.map(([date, amount]) => ({ date, amount })),
  adjustments: adjustments.map(([date, amount]) => ({ date, amount })),
});

describe("computeExecution: 序时进度 of asOf", () => {
  it("29 Feb 2024 is 60/366 = 16.39%", () => {
    // 163,900 / 1,000,000 = 16.39% — exactly on time.
    const e = computeExecution(records("1000000.00", [["2024-02-10", "163900.00"]]), "2024-02-29", 2024);
    expect(e.timeProgress).toBe("16.39");
    expect(e.executionRate).toBe("16.39");
    expect(e.gapPoints).toBe("0.00");
    expect(e.warning).toBe("NORMAL");
    expect(e.explanation).toBe("执行率 = 已支出 16.39 万元 ÷ 调整后预算 100.00 万元 = 16.39%；序时进度 16.39%；与序时进度持平，为正常");
  });

  it("31 Dec is 100.00% and 30 Jun 2025 is 181/365 = 49.59%", () => {
    expect(computeExecution(records("1000000.00"), "2025-12-31", FY).timeProgress).toBe("100.00");
    expect(computeExecution(records("1000000.00"), "2024-12-31", 2024).timeProgress).toBe("100.00");
    expect(computeExecution(records("1000000.00"), "2025-06-30", FY).timeProgress).toBe("49.59");
  });

  it("explains the worked example: 1,234.56 ÷ 5,000.00 万元 = 24.69%, 24.90 points behind → 滞后", () => {
    // 12,345,600 / 50,000,000 = 24.6912% → 24.69; 49.59 − 24.69 = 24.90 > 20.
    const e = computeExecution(records("50000000.00", [["2025-03-15", "10000000.00"], ["2025-05-20", "2345600.00"]]), "2025-06-30", FY);
    expect(e).toEqual({
      asOf: "2025-06-30",
      fiscalYear: FY,
      initialBudget: "50000000.00",
      adjustments: "0.00",
      adjustedBudget: "50000000.00",
      spent: "12345600.00",
      executionRate: "24.69",
      timeProgress: "49.59",
      gapPoints: "24.90",
      warning: "LAGGING",
      overspent: false,
      explanation: "执行率 = 已支出 1,234.56 万元 ÷ 调整后预算 5,000.00 万元 = 24.69%；序时进度 49.59%；落后 24.90 个百分点，超过 20 个百分点，为滞后",
    });
  });
});

describe("computeExecution: which records count", () => {
  const project = records("1000000.00", [["2025-03-01", "100000.00"], ["2025-04-01", "50000.00"]], [["2025-03-10", "200000.00"]]);

  it("before the first record: nothing spent, rate 0.00, adjusted = initial", () => {
    // 15 Feb = day 46; 46/365 = 12.6027% → 12.60; 12.60 points behind → 预警.
    const e = computeExecution(project, "2025-02-15", FY);
    expect(e.spent).toBe("0.00");
    expect(e.adjustments).toBe("0.00");
    expect(e.adjustedBudget).toBe("1000000.00");
    expect(e.initialBudget).toBe("1000000.00");
    expect(e.executionRate).toBe("0.00");
    expect(e.timeProgress).toBe("12.60");
    expect(e.gapPoints).toBe("12.60");
    expect(e.warning).toBe("WARNING");
    expect(e.overspent).toBe(false);
  });

  it("counts a record dated on asOf and ignores those after it", () => {
    expect(computeExecution(project, "2025-02-28", FY).spent).toBe("0.00");
    expect(computeExecution(project, "2025-03-01", FY).spent).toBe("100000.00");
    expect(computeExecution(project, "2025-03-09", FY).adjustedBudget).toBe("1000000.00");
    expect(computeExecution(project, "2025-03-10", FY).adjustedBudget).toBe("1200000.00");
    expect(computeExecution(project, "2025-03-31", FY).spent).toBe("100000.00");
    expect(computeExecution(project, "2025-04-01", FY).spent).toBe("150000.00");
  });

  it("applies + and − adjustments to the adjusted budget and the rate; a reversal reduces spent", () => {
    const p = records(
      "1000000.00",
      [
        ["2025-02-01", "500000.00"],
        ["2025-04-01", "100000.00"],
        ["2025-04-15", "-20000.00"], // 冲销 of part of a payment
        ["2025-07-15", "70000.00"], // after asOf
      ],
      [
        ["2025-03-10", "200000.00"],
        ["2025-05-20", "-50000.00"],
        ["2025-08-01", "30000.00"], // after asOf
      ],
    );
    // adjusted = 1,000,000 + 200,000 − 50,000 = 1,150,000; spent = 500,000 + 100,000 − 20,000 = 580,000;
    // 580,000 / 1,150,000 = 50.4348% → 50.43 (58.00 on the initial budget); 49.59 − 50.43 = −0.84.
    const e = computeExecution(p, "2025-06-30", FY);
    expect(e.adjustments).toBe("150000.00");
    expect(e.adjustedBudget).toBe("1150000.00");
    expect(e.spent).toBe("580000.00");
    expect(e.executionRate).toBe("50.43");
    expect(e.gapPoints).toBe("-0.84");
    expect(e.warning).toBe("NORMAL");
    expect(e.explanation).toBe(
      "调整后预算 = 年初预算 100.00 万元 + 调增 15.00 万元 = 115.00 万元；执行率 = 已支出 58.00 万元 ÷ 调整后预算 115.00 万元 = 50.43%；序时进度 49.59%；超前 0.84 个百分点，为正常",
    );
  });

  it("a cut in the budget raises the rate and can change the warning", () => {
    const spent: [string, string][] = [["2025-03-01", "300000.00"]];
    // Without the cut: 300,000 / 1,000,000 = 30.00%, 19.59 behind → 预警.
    expect(computeExecution(records("1000000.00", spent), "2025-06-30", FY).warning).toBe("WARNING");
    // With −250,000: 300,000 / 750,000 = 40.00%, 9.59 behind → 正常.
    const e = computeExecution(records("1000000.00", spent, [["2025-04-01", "-250000.00"]]), "2025-06-30", FY);
    expect(e.adjustments).toBe("-250000.00");
    expect(e.adjustedBudget).toBe("750000.00");
    expect(e.executionRate).toBe("40.00");
    expect(e.warning).toBe("NORMAL");
    expect(e.explanation).toBe(
      "调整后预算 = 年初预算 100.00 万元 − 调减 25.00 万元 = 75.00 万元；执行率 = 已支出 30.00 万元 ÷ 调整后预算 75.00 万元 = 40.00%；序时进度 49.59%；落后 9.59 个百分点，未超过 10 个百分点，为正常",
    );
  });

  it("refuses bad amounts and dates, even on records after asOf", () => {
    expect(() => computeExecution(records("1000000.00", [["2025-03-01", "1.234"]]), "2025-06-30", FY)).toThrow("小数位数超过 2 位");
    expect(() => computeExecution(records("1000000.00", [["2025-03-01", "一百"]]), "2025-06-30", FY)).toThrow("不是有效的数字");
    expect(() => computeExecution(records("1000000.00", [["2025-09-31", "1.00"]]), "2025-06-30", FY)).toThrow("不是有效的日期");
    expect(() => computeExecution(records("1000000.00", [], [["2025/03/01", "1.00"]]), "2025-06-30", FY)).toThrow("不是有效的日期");
    expect(() => computeExecution(records("1000000.00"), "2025-06-31", FY)).toThrow("不是有效的日期");
  });
});

// Independent reference: BigInt fen, formatted by hand; percent = n × 10000 / d, half-up.
const yuan = (fen: bigint) => {
  const abs = fen < 0n ? -fen : fen;
  return `${fen < 0n ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
};
const percent = (n: bigint, d: bigint) => {
  const hundredths = (n * 20_000n + d) / (2n * d); // n ≥ 0, d > 0
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, "0")}`;
};
// The shared seeded PRNG, as 32-bit integers, so the test is the same on every run.
function mulberry32(seed: number) {
  const next = rng(seed);
  return () => Math.floor(next() * 4294967296);
}

describe("exact sums", () => {
  const next = mulberry32(20250630);
  const date = () => `2025-${String((next() % 12) + 1).padStart(2, "0")}-${String((next() % 28) + 1).padStart(2, "0")}`;
  const expenditures: { date: string; amount: string; fen: bigint }[] = [];
  for (let i = 0; i < 10_000; i++) {
    // Up to 1,000,000.00 元 to the fen; one in ten is a reversal.
    const magnitude = BigInt(next() % 100_000_000);
    const fen = next() % 10 === 0 ? -magnitude : magnitude;
    expenditures.push({ date: date(), amount: yuan(fen), fen });
  }
  const adjustments: { date: string; amount: string; fen: bigint }[] = [];
  for (let i = 0; i < 500; i++) {
    const fen = BigInt(next() % 2_000_000_000) - 1_000_000_000n; // ±10,000,000.00 元
    adjustments.push({ date: date(), amount: yuan(fen), fen });
  }
  const budgetFen = 1_000_000_000_000n; // 100 亿元, so the adjusted budget stays positive
  const project: BudgetRecords = { budget: yuan(budgetFen), expenditures, adjustments };

  it.each(["2025-12-31", "2025-06-30", "2025-01-15"])("10,000 random amounts up to %s equal the BigInt reference", (asOf) => {
    const spentFen = expenditures.filter((e) => e.date <= asOf).reduce((s, e) => s + e.fen, 0n);
    const adjustmentsFen = adjustments.filter((a) => a.date <= asOf).reduce((s, a) => s + a.fen, 0n);
    expect(spentFen).toBeGreaterThan(0n);
    const e = computeExecution(project, asOf, FY);
    expect(e.spent).toBe(yuan(spentFen));
    expect(e.adjustments).toBe(yuan(adjustmentsFen));
    expect(e.adjustedBudget).toBe(yuan(budgetFen + adjustmentsFen));
    expect(e.executionRate).toBe(percent(spentFen, budgetFen + adjustmentsFen));
  });

  it("rolled up in ten parts, the total is the same", () => {
    const parts = Array.from({ length: 10 }, (_, k) => ({
      key: `p${k}`,
      records: {
        budget: yuan(budgetFen / 10n),
        expenditures: expenditures.filter((_, i) => i % 10 === k),
        adjustments: adjustments.filter((_, i) => i % 10 === k),
      },
    }));
    const whole = computeExecution(project, "2025-12-31", FY);
    const { total } = rollUp(parts, "2025-12-31", FY);
    expect(total).toEqual(whole);
  });
});

describe("execution rate, 超支 and a zero budget (at 31 Dec, 序时进度 100.00%)", () => {
  it.each([
    // budget, spent, rate, gap, warning, overspent
    ["2000000.00", "2000000.00", "100.00", "0.00", "NORMAL", false],
    ["1000000.00", "730000.00", "73.00", "27.00", "LAGGING", false],
    ["1000000.00", "1100000.00", "110.00", "-10.00", "NORMAL", true],
    ["1000000.00", "1000000.01", "100.00", "0.00", "NORMAL", true], // over by one fen, though the rate rounds to 100.00
  ] as const)("%s spent %s → %s%%, gap %s, %s, overspent %s", (budget, spent, rate, gap, warning, overspent) => {
    const e = computeExecution(records(budget, [["2025-12-20", spent]]), "2025-12-31", FY);
    expect(e.executionRate).toBe(rate);
    expect(e.gapPoints).toBe(gap);
    expect(e.warning).toBe(warning);
    expect(e.overspent).toBe(overspent);
  });

  it("explains overspending with the exact excess", () => {
    expect(computeExecution(records("1000000.00", [["2025-12-20", "1100000.00"]]), "2025-12-31", FY).explanation).toBe(
      "执行率 = 已支出 110.00 万元 ÷ 调整后预算 100.00 万元 = 110.00%；序时进度 100.00%；超前 10.00 个百分点，为正常；已支出超过调整后预算 10.00 万元，属超支",
    );
    expect(computeExecution(records("1000000.00", [["2025-12-20", "1000000.01"]]), "2025-12-31", FY).explanation).toMatch(/超过调整后预算 0\.000001 万元，属超支$/);
  });

  it("adjusted budget 0 → no rate, no gap, no warning", () => {
    const e = computeExecution(records("500000.00", [], [["2025-03-01", "-500000.00"]]), "2025-06-30", FY);
    expect(e.adjustedBudget).toBe("0.00");
    expect(e.executionRate).toBeNull();
    expect(e.gapPoints).toBeNull();
    expect(e.warning).toBeNull();
    expect(e.overspent).toBe(false);
    expect(e.timeProgress).toBe("49.59");
    expect(e.explanation).toBe("调整后预算 = 年初预算 50.00 万元 − 调减 50.00 万元 = 0.00 万元；调整后预算为 0.00 万元，无法计算执行率；已支出 0.00 万元；序时进度 49.59%");
  });

  it("spending against a zero budget is 超支 without a rate", () => {
    const e = computeExecution(records("0.00", [["2025-03-01", "1000.00"]]), "2025-06-30", FY);
    expect(e.executionRate).toBeNull();
    expect(e.warning).toBeNull();
    expect(e.overspent).toBe(true);
    expect(e.explanation).toBe("调整后预算为 0.00 万元，无法计算执行率；已支出 0.10 万元；序时进度 49.59%；已支出超过调整后预算 0.10 万元，属超支");
  });
});

describe("warning levels (docs/domain.md: 正常 ≤ 10 points behind, 预警 10–20, 滞后 beyond 20)", () => {
  it.each([
    ["-35.00", "NORMAL"],
    ["0", "NORMAL"],
    ["9.99", "NORMAL"],
    ["10.00", "NORMAL"],
    ["10.01", "WARNING"],
    ["15", "WARNING"],
    ["20.00", "WARNING"],
    ["20.01", "LAGGING"],
    ["100.00", "LAGGING"],
  ] as const)("gap %s → %s", (gap, level) => {
    expect(warningLevel(gap)).toBe(level);
  });

  it("has Chinese labels", () => {
    expect(WARNING_LABELS).toEqual({ NORMAL: "正常", WARNING: "预警", LAGGING: "滞后" });
  });

  it.each([
    // 30 Jun: 序时进度 49.59; budget 10,000.00 元, so 1 元 of spending is 0.01 point.
    ["3959.00", "39.59", "10.00", "NORMAL", "落后 10.00 个百分点，未超过 10 个百分点，为正常"],
    ["3958.00", "39.58", "10.01", "WARNING", "落后 10.01 个百分点，超过 10 个百分点、未超过 20 个百分点，为预警"],
    ["2959.00", "29.59", "20.00", "WARNING", "落后 20.00 个百分点，超过 10 个百分点、未超过 20 个百分点，为预警"],
    ["2958.00", "29.58", "20.01", "LAGGING", "落后 20.01 个百分点，超过 20 个百分点，为滞后"],
    // 39.585% is shown as 39.59, and the warning follows the figure shown (10.00 behind), not 10.005.
    ["3958.50", "39.59", "10.00", "NORMAL", "落后 10.00 个百分点，未超过 10 个百分点，为正常"],
  ] as const)("spent %s of 10,000.00 → %s%%, %s behind → %s", (spent, rate, gap, level, text) => {
    const e = computeExecution(records("10000.00", [["2025-05-01", spent]]), "2025-06-30", FY);
    expect(e.executionRate).toBe(rate);
    expect(e.gapPoints).toBe(gap);
    expect(e.warning).toBe(level);
    expect(e.explanation.endsWith(text)).toBe(true);
  });

  it("takes custom thresholds", () => {
    const t = { warnPoints: "5", lagPoints: "15" };
    expect(warningLevel("5.00", t)).toBe("NORMAL");
    expect(warningLevel("5.01", t)).toBe("WARNING");
    expect(warningLevel("15.00", t)).toBe("WARNING");
    expect(warningLevel("15.01", t)).toBe("LAGGING");
    expect(warningLevel("7.50", { warnPoints: "7.5", lagPoints: "12.5" })).toBe("NORMAL");
    expect(warningLevel("7.51", { warnPoints: "7.5", lagPoints: "12.5" })).toBe("WARNING");
    expect(warningLevel("12.51", { warnPoints: "7.5", lagPoints: "12.5" })).toBe("LAGGING");
    // 10.00 behind is 正常 by default and 预警 under 5 / 15.
    const e = computeExecution(records("10000.00", [["2025-05-01", "3959.00"]]), "2025-06-30", FY, t);
    expect(e.warning).toBe("WARNING");
    expect(e.explanation.endsWith("落后 10.00 个百分点，超过 5 个百分点、未超过 15 个百分点，为预警")).toBe(true);
  });

  it("refuses thresholds that are not numbers, negative, or out of order, and gaps that are not numbers", () => {
    expect(() => warningLevel("12", { warnPoints: "20", lagPoints: "10" })).toThrow("预警阈值无效");
    expect(() => warningLevel("12", { warnPoints: "十", lagPoints: "20" })).toThrow("预警阈值无效");
    expect(() => warningLevel("12", { warnPoints: "-1", lagPoints: "20" })).toThrow("预警阈值无效");
    expect(() => computeExecution(records("1.00"), "2025-06-30", FY, { warnPoints: "10", lagPoints: "" })).toThrow("预警阈值无效");
    expect(() => warningLevel("12%")).toThrow("不是有效的数字");
  });
});

describe("monthlySeries", () => {
  // A small year: 1,200,000.00 budget, +300,000.00 on 15 Mar; payments 20 Jan, 31 Mar, 10 Apr,
  // a reversal on 12 Apr, and one on 20 Apr that is after asOf.
  const year = records(
    "1200000.00",
    [
      ["2025-01-20", "100000.00"],
      ["2025-03-31", "250000.00"],
      ["2025-04-10", "50000.00"],
      ["2025-04-12", "-10000.00"],
      ["2025-04-20", "200000.00"],
    ],
    [["2025-03-15", "300000.00"]],
  );

  it("gives cumulative month-end figures up to asOf", () => {
    expect(monthlySeries(year, "2025-04-15", FY)).toEqual([
      // 100,000/1,200,000 = 8.33%; 31/365 = 8.49%
      { month: 1, date: "2025-01-31", spent: "100000.00", adjustedBudget: "1200000.00", executionRate: "8.33", timeProgress: "8.49" },
      // nothing in February; 59/365 = 16.16%
      { month: 2, date: "2025-02-28", spent: "100000.00", adjustedBudget: "1200000.00", executionRate: "8.33", timeProgress: "16.16" },
      // 350,000/1,500,000 = 23.33%; 90/365 = 24.66%
      { month: 3, date: "2025-03-31", spent: "350000.00", adjustedBudget: "1500000.00", executionRate: "23.33", timeProgress: "24.66" },
      // capped at asOf: 390,000/1,500,000 = 26.00%; 105/365 = 28.77%
      { month: 4, date: "2025-04-15", spent: "390000.00", adjustedBudget: "1500000.00", executionRate: "26.00", timeProgress: "28.77" },
    ]);
  });

  it("ends with the figures of computeExecution at asOf", () => {
    const series = monthlySeries(year, "2025-04-15", FY);
    const e = computeExecution(year, "2025-04-15", FY);
    expect(series.at(-1)).toEqual({ month: 4, date: e.asOf, spent: e.spent, adjustedBudget: e.adjustedBudget, executionRate: e.executionRate, timeProgress: e.timeProgress });
  });

  it("uses 29 February in a leap year, stops at a month end falling on asOf", () => {
    const series = monthlySeries(records("1000000.00"), "2024-03-31", 2024);
    expect(series.map((p) => [p.date, p.timeProgress])).toEqual([
      ["2024-01-31", "8.47"], // 31/366
      ["2024-02-29", "16.39"], // 60/366
      ["2024-03-31", "24.86"], // 91/366
    ]);
  });

  it("is empty before the fiscal year and has twelve months after it", () => {
    expect(monthlySeries(year, "2024-12-31", FY)).toEqual([]);
    const after = monthlySeries(year, "2026-02-01", FY);
    expect(after).toHaveLength(12);
    expect(after.at(-1)).toMatchObject({ month: 12, date: "2025-12-31", spent: "590000.00", timeProgress: "100.00" });
  });

  it("shows no rate in the months the adjusted budget is 0", () => {
    const series = monthlySeries(records("0.00", [], [["2025-02-10", "100000.00"]]), "2025-02-20", FY);
    expect(series.map((p) => p.executionRate)).toEqual([null, "0.00"]);
  });
});

describe("rollUp", () => {
  const items = [
    // 900,000 / 1,000,000 = 90.00%
    { key: "309001-A", records: records("1000000.00", [["2025-02-01", "900000.00"]]) },
    // 900,000 / 9,000,000 = 10.00%
    { key: "309001-B", records: records("9000000.00", [["2025-03-01", "900000.00"]]) },
    // adjusted 2,000,000 − 500,000 = 1,500,000; spent 300,000 − 100,000 = 200,000 (the July payment is
    // after asOf) → 13.33%
    {
      key: "309002-C",
      records: records(
        "2000000.00",
        [
          ["2025-04-01", "300000.00"],
          ["2025-04-20", "-100000.00"],
          ["2025-07-10", "400000.00"],
        ],
        [["2025-05-01", "-500000.00"]],
      ),
    },
  ];

  it("adds budgets, adjustments and spending and takes the rate of the sums, not the average of rates", () => {
    const { total, byKey } = rollUp(items, "2025-06-30", FY);
    expect(Object.keys(byKey)).toEqual(["309001-A", "309001-B", "309002-C"]);
    expect(byKey["309001-A"]?.executionRate).toBe("90.00");
    expect(byKey["309001-B"]?.executionRate).toBe("10.00");
    expect(byKey["309002-C"]?.executionRate).toBe("13.33");
    // budget 12,000,000; adjustments −500,000; adjusted 11,500,000; spent 2,000,000 → 17.39%,
    // 49.59 − 17.39 = 32.20 behind → 滞后. The average of the rates, (90 + 10 + 13.33) / 3 = 37.78%,
    // would be 11.81 behind and only 预警.
    expect(total).toMatchObject({
      initialBudget: "12000000.00",
      adjustments: "-500000.00",
      adjustedBudget: "11500000.00",
      spent: "2000000.00",
      executionRate: "17.39",
      gapPoints: "32.20",
      warning: "LAGGING",
      overspent: false,
    });
    expect(total.explanation).toBe(
      "调整后预算 = 年初预算 1,200.00 万元 − 调减 50.00 万元 = 1,150.00 万元；执行率 = 已支出 200.00 万元 ÷ 调整后预算 1,150.00 万元 = 17.39%；序时进度 49.59%；落后 32.20 个百分点，超过 20 个百分点，为滞后",
    );
  });

  it("totals are exactly the sums of the items", () => {
    const { total, byKey } = rollUp(items, "2025-06-30", FY);
    const fen = (s: string) => BigInt(s.replace(".", ""));
    const sum = (field: "initialBudget" | "adjustments" | "adjustedBudget" | "spent") => Object.values(byKey).reduce((s, e) => s + fen(e[field]), 0n);
    expect(fen(total.initialBudget)).toBe(sum("initialBudget"));
    expect(fen(total.adjustments)).toBe(sum("adjustments"));
    expect(fen(total.adjustedBudget)).toBe(sum("adjustedBudget"));
    expect(fen(total.spent)).toBe(sum("spent"));
  });

  it("applies custom thresholds to the total and to each item", () => {
    const { total, byKey } = rollUp(items, "2025-06-30", FY, { warnPoints: "30", lagPoints: "40" });
    expect(total.warning).toBe("WARNING"); // 32.20
    expect(byKey["309001-A"]?.warning).toBe("NORMAL"); // −40.41
    expect(byKey["309001-B"]?.warning).toBe("WARNING"); // 39.59
    expect(byKey["309002-C"]?.warning).toBe("WARNING"); // 36.26
    const defaults = rollUp(items, "2025-06-30", FY);
    expect(defaults.byKey["309001-B"]?.warning).toBe("LAGGING");
  });

  it("has no rate for nothing, and refuses a key given twice", () => {
    const { total, byKey } = rollUp([], "2025-06-30", FY);
    expect(byKey).toEqual({});
    expect(total).toMatchObject({ initialBudget: "0.00", spent: "0.00", executionRate: null, warning: null });
    expect(() => rollUp([items[0]!, items[0]!], "2025-06-30", FY)).toThrow("汇总项重复：309001-A");
  });
});
