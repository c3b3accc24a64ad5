import { describe, expect, it } from "vitest";
import { checkInSchema, isEmptyCheckIn, mergeCheckIn, type CheckInValues } from "@/lib/progress/check-in-schema";
import { assertApprovalConfirmed, completenessText, monthCompleteness, submissionReason } from "@/lib/progress/completeness";
import { basisLabel, draftsHref, includeDrafts } from "@/lib/progress/reviewed";
import { inputHint } from "@/lib/progress/validate";

const ID = "00000000-0000-4000-8000-000000000001";
const SAVED: CheckInValues = { actual: "30", forecast: "50", likelihood: "POSSIBLE", deviationCause: "FUNDING", correctiveAction: "追加采购", note: "5月" };
const row = (fields: Record<string, unknown>) => checkInSchema.parse({ indicatorId: ID, ...fields });

describe("a row of changes: a value sets, null or empty clears, an absent key keeps", () => {
  it("merges into what was saved", () => {
    expect(mergeCheckIn(SAVED, row({ actual: "35" }))).toEqual({ ...SAVED, actual: "35" });
    expect(mergeCheckIn(SAVED, row({ forecast: null, note: "" }))).toEqual({ ...SAVED, forecast: null, note: null });
    expect(mergeCheckIn(SAVED, row({ likelihood: "", deviationCause: null, correctiveAction: "   " }))).toEqual({ ...SAVED, likelihood: null, deviationCause: null, correctiveAction: null });
    expect(mergeCheckIn(SAVED, row({}))).toEqual(SAVED);
    expect(mergeCheckIn(null, row({ actual: "1" }))).toEqual({ actual: "1", forecast: null, likelihood: null, deviationCause: null, correctiveAction: null, note: null });
  });

  it("is empty when every field is cleared", () => {
    expect(isEmptyCheckIn(mergeCheckIn(SAVED, row({ actual: null, forecast: null, likelihood: null, deviationCause: null, correctiveAction: null, note: null })))).toBe(true);
    expect(isEmptyCheckIn(mergeCheckIn(SAVED, row({ actual: null, forecast: null, likelihood: null, deviationCause: null, correctiveAction: null })))).toBe(false);
  });

  it("refuses what cannot be saved, with the field's message", () => {
    const issues = (fields: Record<string, unknown>) => checkInSchema.safeParse({ indicatorId: ID, ...fields }).error?.issues.map((i) => [i.path[0], i.message]);
    expect(issues({ likelihood: "SURE" })).toEqual([["likelihood", "完成目标可能性只能是 确定能、有可能、完全不可能"]]);
    expect(issues({ deviationCause: "资金" })).toEqual([["deviationCause", "偏差原因只能是 经费保障、制度保障、人员保障、硬件条件保障、其他"]]);
    expect(issues({ correctiveAction: "x".repeat(1001) })).toEqual([["correctiveAction", "纠偏措施不能超过 1000 字"]]);
    expect(issues({ note: "响铃\u0007" })).toEqual([["note", "备注含有无法保存的控制字符，请删除后重试"]]);
    expect(issues({ actual: 5 })).toEqual([["actual", "实际完成值应为文字"]]);
    expect(issues({ version: 0 })).toEqual([["version", "版本号应为正整数"]]);
    // A version of null is "none", as the read API answers for an unfilled row.
    expect(row({ version: null }).version).toBeUndefined();
    // Line ends as an .xlsx keeps them.
    expect(row({ correctiveAction: "一\r\n二\r三" }).correctiveAction).toBe("一\n二\n三");
  });
});

describe("completeness of a month", () => {
  const rows = [
    { indicatorId: "a", projectName: "甲", name: "购买打印纸", current: { actual: "30", deviationCause: "", correctiveAction: "" }, needsExplanation: false },
    { indicatorId: "b", projectName: "甲", name: "满意度", current: null, needsExplanation: false },
    { indicatorId: "c", projectName: "乙", name: "验收数量", current: { actual: "1", deviationCause: "STAFFING", correctiveAction: "" }, needsExplanation: true },
    { indicatorId: "d", projectName: "乙", name: "完成时间", current: { actual: "", deviationCause: "", correctiveAction: "" }, needsExplanation: false },
  ];

  it("counts indicators with an actual and names what is missing", () => {
    const c = monthCompleteness(rows);
    expect([c.filled, c.expected, c.unfilled.map((m) => m.name), c.unexplained.map((m) => m.name)]).toEqual([2, 4, ["满意度", "完成时间"], ["验收数量"]]);
    expect(completenessText(c)).toBe("已填 2/4，2 项未填实际完成值，1 项需说明偏差原因和纠偏措施而未填");
  });

  it("asks for a reason to submit and a confirmation to approve only when incomplete", () => {
    const incomplete = monthCompleteness(rows);
    expect(() => submissionReason(incomplete, "")).toThrow("本月填报不完整（已填 2/4，2 项未填实际完成值，1 项需说明偏差原因和纠偏措施而未填）。如确需现在提交，请说明原因。");
    expect(() => submissionReason(incomplete, "好")).toThrow("请说明原因");
    expect(submissionReason(incomplete, "  二季度统计口径调整  ")).toBe("二季度统计口径调整");
    expect(() => submissionReason(incomplete, "长".repeat(1001))).toThrow("原因不能超过 1000 字");
    expect(() => assertApprovalConfirmed(incomplete, false)).toThrow("如仍要审核通过，请勾选确认");
    expect(() => assertApprovalConfirmed(incomplete, true)).not.toThrow();
    const complete = monthCompleteness([rows[0]!]);
    expect(submissionReason(complete, "")).toBeNull();
    expect(() => assertApprovalConfirmed(complete, false)).not.toThrow();
    expect(completenessText(complete)).toBe("已填 1/1");
  });
});

describe("what to type", () => {
  const hint = (category: string, comparator: string, value: string, unit: string, name = "指标") => inputHint({ category, comparator, value, unit, name } as Parameters<typeof inputHint>[0]);
  it("names the unit, the scale or the month", () => {
    expect(hint("时效", "<=", "12", "月底", "项目开工时间")).toBe("填完成的月份数字 1–12（12 月及以前为按时），尚未完成填 0");
    expect(hint("时效", "<", "7", "月")).toBe("填完成的月份数字 1–12（6 月及以前为按时），尚未完成填 0");
    expect(hint("数量", ">=", "50", "箱")).toBe("填数字，单位：箱");
    expect(hint("质量", ">=", "95", "%", "故障排除率")).toBe("填 0–100 的数字（%），不带百分号");
    expect(hint("经济效益", ">=", "5", "%", "收入增长率")).toBe("填数字（%），不带百分号");
    expect(hint("质量", "qualitative", "良好", "")).toBe("从列表中选择：良好、较好、一般、较差");
    expect(hint("时效", "qualitative", "是", "", "年度内完成")).toBe("从列表中选择：是、否");
  });
});

describe("the reviewed-data rule's switch and label", () => {
  it("defaults by role and follows the URL", () => {
    expect(["LEADER", "ADMIN", "REPORTER", "REVIEWER"].map((role) => includeDrafts({ role } as never))).toEqual([false, false, true, true]);
    expect(includeDrafts({ role: "LEADER" }, "1")).toBe(true);
    expect(includeDrafts({ role: "REPORTER" }, "0")).toBe(false);
    expect(includeDrafts({ role: "LEADER" }, ["1"])).toBe(false);
    expect(draftsHref("/projects", { status: "BEHIND", drafts: "0", asOf: "2025-06-30", many: ["a", "b"] }, true)).toBe("/projects?status=BEHIND&asOf=2025-06-30&drafts=1");
  });

  it("says which months were reviewed", () => {
    const u = (unitName: string, month: number | null) => ({ unitId: unitName, unitName, month });
    expect(basisLabel(false, [u("本级", 10), u("中心", 10)])).toBe("截至 10 月已审核数据");
    expect(basisLabel(false, [u("本级", 10), u("中心", 9)])).toBe("已审核数据：本级截至 10 月，中心截至 9 月");
    expect(basisLabel(false, [u("本级", null), u("中心", 9)])).toBe("已审核数据：本级尚无，中心截至 9 月");
    expect(basisLabel(false, [u("本级", null)])).toBe("已审核数据（尚无审核通过的月度填报）");
    expect(basisLabel(true, [u("本级", 10)])).toBe("已计入未审核的填报（虚线标出）");
  });
});
