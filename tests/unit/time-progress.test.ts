import { describe, expect, it } from "vitest";
import { ratioPercent, timeProgress } from "@/lib/budget/time-progress";
import { formatDecimal, parseDecimal } from "@/lib/decimal";
import { asOfDateFor } from "@/lib/progress/check-ins";

describe("timeProgress (序时进度)", () => {
  it.each([
    ["2025-01-01", 2025, 1, 365, "0.27"],
    ["2024-01-01", 2024, 1, 366, "0.27"],
    ["2024-02-29", 2024, 60, 366, "16.39"],
    ["2024-03-01", 2024, 61, 366, "16.67"],
    ["2025-03-01", 2025, 60, 365, "16.44"],
    ["2025-06-30", 2025, 181, 365, "49.59"],
    ["2024-06-30", 2024, 182, 366, "49.73"],
    ["2024-07-01", 2024, 183, 366, "50.00"],
    ["2025-12-31", 2025, 365, 365, "100.00"],
    ["2024-12-31", 2024, 366, 366, "100.00"],
  ])("%s in %i → %i/%i = %s%%", (date, year, numerator, denominator, percent) => {
    expect(timeProgress(date, year)).toEqual({ numerator, denominator, percent });
  });

  it("is 0 before the fiscal year and 100% after it", () => {
    expect(timeProgress("2024-12-31", 2025)).toEqual({ numerator: 0, denominator: 365, percent: "0.00" });
    expect(timeProgress("2026-01-15", 2025)).toEqual({ numerator: 365, denominator: 365, percent: "100.00" });
    expect(timeProgress("2025-03-01", 2024)).toEqual({ numerator: 366, denominator: 366, percent: "100.00" });
  });
});

describe("ratioPercent", () => {
  const pct = (a: string, b: string) => {
    const r = ratioPercent(parseDecimal(a)!, parseDecimal(b)!);
    return r === null ? null : formatDecimal(r, 2);
  };
  it("rounds half-up to two decimals, exactly", () => {
    expect(pct("1", "32")).toBe("3.13"); // 3.125
    expect(pct("1", "8")).toBe("12.50");
    expect(pct("2", "3")).toBe("66.67");
    expect(pct("1", "3")).toBe("33.33");
    expect(pct("30", "50")).toBe("60.00");
    expect(pct("1.2", "1.3")).toBe("92.31");
    expect(pct("2.1587", "2.1587")).toBe("100.00");
    expect(pct("-1", "32")).toBe("-3.13");
  });
  it("is null for a zero denominator", () => {
    expect(pct("5", "0")).toBeNull();
  });
});

describe("a check-in's as-of date", () => {
  it("is today (China time) within the current month, else the month's end", () => {
    const earlyMorning = new Date("2025-06-30T17:30:00Z"); // 01:30 on 1 July in Beijing
    expect(asOfDateFor(2025, 7, earlyMorning)).toBe("2025-07-01");
    expect(asOfDateFor(2025, 6, earlyMorning)).toBe("2025-06-30");
    expect(asOfDateFor(2025, 7, new Date("2025-07-15T02:00:00Z"))).toBe("2025-07-15");
  });
});
