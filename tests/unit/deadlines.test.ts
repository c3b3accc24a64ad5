import { describe, expect, it } from "vitest";
import { deadlineSettingsSchema, DEFAULT_DEADLINES, dueState, dueText, evaluationDue, evaluationsAskedFor, monthsAskedFor, reportDue, reviewDue } from "@/lib/deadlines/rules";

const s = DEFAULT_DEADLINES;

describe("deadline rules (lib/deadlines/rules.ts)", () => {
  it("dates month M's report and review in month M+1, December's in January of the next year (rule 1)", () => {
    expect(reportDue(2025, 7, s)).toBe("2025-08-05");
    expect(reviewDue(2025, 7, s)).toBe("2025-08-10");
    expect(reportDue(2025, 12, s)).toBe("2026-01-05");
    expect(reviewDue(2025, 12, { ...s, reviewDueDay: 28 })).toBe("2026-01-28");
    expect(evaluationDue(2025, s)).toBe("2026-03-31");
  });

  it("asks for a month from its last day on, and only from the first month (rule 2)", () => {
    expect(monthsAskedFor(2025, s, "2025-07-30")).toEqual([1, 2, 3, 4, 5, 6]);
    expect(monthsAskedFor(2025, s, "2025-07-31")).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(monthsAskedFor(2025, { ...s, firstMonth: 7 }, "2025-08-01")).toEqual([7]);
    expect(monthsAskedFor(2025, s, "2024-12-31")).toEqual([]);
    expect(monthsAskedFor(2024, s, "2025-01-01")).toHaveLength(12);
    // February of a leap year ends on the 29th.
    expect(monthsAskedFor(2024, s, "2024-02-28")).toEqual([1]);
    expect(monthsAskedFor(2024, s, "2024-02-29")).toEqual([1, 2]);
    expect(evaluationsAskedFor(2025, "2025-12-31")).toBe(false);
    expect(evaluationsAskedFor(2025, "2026-01-01")).toBe(true);
  });

  it("is overdue from midnight after the due day, China time, whatever the instant's UTC date (rule 4)", () => {
    // 23:59:59.999 on 5 August in Beijing is 15:59:59.999Z: still on time.
    expect(dueState("2025-08-05", new Date("2025-08-05T15:59:59.999Z"))).toEqual({ due: "2025-08-05", overdue: false, daysLate: 0, daysLeft: 0 });
    // 00:00 on 6 August in Beijing is 16:00Z on the 5th: one day late.
    expect(dueState("2025-08-05", new Date("2025-08-05T16:00:00.000Z"))).toEqual({ due: "2025-08-05", overdue: true, daysLate: 1, daysLeft: 0 });
    // 07:59 on 5 August UTC is already the afternoon of the 5th in Beijing; 23:00Z on the 3rd is the 4th.
    expect(dueState("2025-08-05", new Date("2025-08-03T23:00:00Z")).daysLeft).toBe(1);
    expect(dueState("2026-01-05", new Date("2026-01-15T02:00:00Z")).daysLate).toBe(10);
    expect(dueText(dueState("2025-08-05", new Date("2025-08-05T16:00:00Z")))).toBe("已逾期 1 天（截止 2025-08-05）");
    expect(dueText(dueState("2025-08-05", new Date("2025-08-05T01:00:00Z")))).toBe("今天截止（2025-08-05）");
    expect(dueText(dueState("2025-08-05", new Date("2025-08-02T01:00:00Z")))).toBe("还有 3 天（截止 2025-08-05）");
  });

  it("refuses a day outside 1–28, a review before the reporting deadline and a day not every year has, in words", () => {
    const errors = (input: object) => {
      const r = deadlineSettingsSchema.safeParse({ ...s, ...input });
      return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
    };
    expect(errors({})).toEqual({});
    expect(errors({ reportDueDay: 29 }).reportDueDay).toBe("填报截止日应为 1–28 的整数（每个月都有的日子，29–31 日不是每个月都有）");
    expect(errors({ reportDueDay: 0 }).reportDueDay).toContain("1–28");
    expect(errors({ reportDueDay: 5.5 }).reportDueDay).toContain("整数");
    expect(errors({ reportDueDay: "abc" }).reportDueDay).toBeTruthy();
    expect(errors({ reportDueDay: 10, reviewDueDay: 8 }).reviewDueDay).toBe("审核截止日（8 日）不能早于填报截止日（10 日）");
    expect(errors({ evaluationDueMonth: 2, evaluationDueDay: 29 }).evaluationDueDay).toBe("2 月没有 29 日（每年都有的日子才能作截止日）");
    expect(errors({ evaluationDueMonth: 4, evaluationDueDay: 31 }).evaluationDueDay).toBe("4 月没有 31 日（每年都有的日子才能作截止日）");
    expect(errors({ firstMonth: 13 }).firstMonth).toBe("起始月份应为 1–12 的整数");
  });
});
