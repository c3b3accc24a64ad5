import { describe, expect, it } from "vitest";
import { asOfWithinYear, chinaDateTime, currentMonthOf, dateInChina, dayOfYear, daysInMonth, daysInYear, endOfMonthDate, hourInChina, isLeapYear, parseCalendarDate, todayInChina, todayWithinYear } from "@/lib/calendar";

describe("calendar", () => {
  it.each([
    [2024, true, 366],
    [2025, false, 365],
    [2100, false, 365],
    [2000, true, 366],
    [1900, false, 365],
  ])("%i: leap %s, %i days", (year, leap, days) => {
    expect(isLeapYear(year)).toBe(leap);
    expect(daysInYear(year)).toBe(days);
  });

  it.each([
    ["2025-01-01", 1],
    ["2024-02-29", 60],
    ["2024-03-01", 61],
    ["2025-03-01", 60],
    ["2025-06-30", 181],
    ["2024-06-30", 182],
    ["2025-12-31", 365],
    ["2024-12-31", 366],
  ])("day of year of %s is %i", (date, day) => {
    expect(dayOfYear(date)).toBe(day);
  });

  it("knows February and month ends", () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2025, 2)).toBe(28);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(endOfMonthDate(2025, 6)).toBe("2025-06-30");
    expect(endOfMonthDate(2024, 2)).toBe("2024-02-29");
    expect(endOfMonthDate(2025, 12)).toBe("2025-12-31");
  });

  it.each(["2025-02-29", "2025-6-30", "2025-13-01", "2025-04-31", "2025-06-30T00:00:00Z", "", "2025/06/30"])(
    "refuses %j as a calendar date",
    (date) => {
      expect(() => dayOfYear(date)).toThrow(/不是有效的日期/);
    },
  );
});

describe("asOfWithinYear and todayInChina", () => {
  it("keeps a real date inside the year, else holds today inside it", () => {
    expect(asOfWithinYear(2025, "2025-06-30", "2026-11-26")).toBe("2025-06-30");
    expect(asOfWithinYear(2025, "2025-02-30", "2026-11-26")).toBe("2025-12-31"); // not a date
    expect(asOfWithinYear(2025, "2024-12-31", "2025-03-01")).toBe("2025-03-01"); // another year
    expect(asOfWithinYear(2025, undefined, "2024-11-26")).toBe("2025-01-01");
    expect(asOfWithinYear(2025, null, "2025-07-01")).toBe("2025-07-01");
    expect(todayInChina(new Date("2025-06-30T16:00:00Z"))).toBe("2025-07-01"); // midnight in Beijing
    expect(todayInChina(new Date("2025-06-30T15:59:59Z"))).toBe("2025-06-30");
  });
});

describe("China's day", () => {
  it("turns at 16:00 UTC, midnight in China", () => {
    expect(dateInChina(new Date("2025-12-31T15:59:59.999Z"))).toBe("2025-12-31");
    expect(dateInChina(new Date("2025-12-31T16:00:00Z"))).toBe("2026-01-01");
    expect(chinaDateTime(new Date("2025-12-31T16:00:00Z"))).toBe("2026-01-01T00:00:00");
    expect(hourInChina(new Date("2025-06-30T15:59:59Z"))).toBe(23);
    expect(hourInChina(new Date("2025-06-30T16:00:00Z"))).toBe(0);
    expect(hourInChina(new Date("2025-06-30T01:00:00Z"))).toBe(9);
  });

  it("holds today inside the fiscal year: a past year at 31 December, a future one at 1 January", () => {
    const newYearsEveUtc = new Date("2025-12-31T16:30:00Z"); // 00:30 on 1 January 2026 in China
    expect(todayWithinYear(2025, newYearsEveUtc)).toBe("2025-12-31");
    expect(todayWithinYear(2026, newYearsEveUtc)).toBe("2026-01-01");
    expect(todayWithinYear(2027, newYearsEveUtc)).toBe("2027-01-01");
    expect(todayWithinYear(2025, new Date("2025-12-31T15:59:00Z"))).toBe("2025-12-31");
    expect(todayWithinYear(2025, new Date("2025-07-14T18:00:00Z"))).toBe("2025-07-15");
  });

  it("gives the current month of this year by China's day, December for any other year", () => {
    expect(currentMonthOf(2025, new Date("2025-06-30T15:59:59Z"))).toBe(6);
    expect(currentMonthOf(2025, new Date("2025-06-30T16:00:00Z"))).toBe(7); // 1 July in China
    expect(currentMonthOf(2025, new Date("2025-12-31T16:00:00Z"))).toBe(12); // 2026 in China: the year is over
    expect(currentMonthOf(2026, new Date("2025-12-31T16:00:00Z"))).toBe(1);
    expect(currentMonthOf(2027, new Date("2025-06-30T00:00:00Z"))).toBe(12);
  });

  it("rejects what is not a real date", () => {
    expect(parseCalendarDate("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 });
    expect(() => parseCalendarDate("2025-02-29")).toThrow("不是有效的日期");
    expect(() => parseCalendarDate("2025-6-30")).toThrow("不是有效的日期");
  });
});
