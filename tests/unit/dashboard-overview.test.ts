import { describe, expect, it } from "vitest";
import type { DashboardFacts } from "@/lib/dashboard/facts";
import type { ShownCheckIn } from "@/lib/progress/reviewed";
import { buildOverview, completeness } from "@/lib/dashboard/overview";
import { filterProjects, projectTotals } from "@/lib/dashboard/queries";

const U1 = "u1";
const U2 = "u2";

/** A check-in as the facts hold it; reviewed unless `draft`. */
const checkIn = (indicatorId: string, actualValue: string, by: string, draft = false, extra: Partial<ShownCheckIn> = {}): [string, ShownCheckIn] => [
  indicatorId,
  { indicatorId, checkInId: null, asOfDate: "2025-06-30", actualValue, actualText: null, forecastValue: null, forecastText: null, likelihood: null, deviationCause: null, correctiveAction: null, note: null, by, updatedAt: new Date(), draft, reportStatus: draft ? "DRAFT" : "APPROVED", ...extra },
];

function facts(): DashboardFacts {
  const reviewed = new Map([
    checkIn("a1", "10", "张三"), // met → 已完成
    checkIn("b1", "20", "李四"), // 20% vs 49.59% → 29.59 behind → 滞后
  ]);
  return {
    department: { id: "d", code: "309", name: "柳州市大数据发展局" },
    year: 2025,
    fiscalYearId: "fy",
    asOf: "2025-06-30", // 序时进度 181/365 = 49.59%
    month: 6,
    units: [{ id: U1, code: "309001", name: "局本级" }, { id: U2, code: "309002", name: "信息中心" }],
    projects: [
      { id: "a", seq: 1, name: "甲", unitId: U1, budget: "100000.00" },
      { id: "b", seq: 2, name: "乙", unitId: U2, budget: "900000.00" },
    ],
    indicators: [
      { id: "a1", projectId: "a", level1: "产出", category: "数量", name: "采购台数", comparator: ">=", value: "10", unit: "台", weight: null },
      { id: "b1", projectId: "b", level1: "产出", category: "数量", name: "培训人次", comparator: ">=", value: "100", unit: "人次", weight: null },
      { id: "b2", projectId: "b", level1: "满意度", category: "满意度", name: "满意度", comparator: ">=", value: "90", unit: "%", weight: null },
    ],
    drafts: false,
    latest: reviewed,
    reviewed,
    reviewedThrough: [{ unitId: U1, unitName: "局本级", month: 6 }, { unitId: U2, unitName: "信息中心", month: 6 }],
    spending: [
      { projectId: "a", month: 3, amount: "30000.00" },
      { projectId: "a", month: 6, amount: "60000.00" },
      { projectId: "b", month: 5, amount: "90000.00" },
    ],
    adjustments: [{ projectId: "b", month: 4, amount: "-100000.00" }],
    reports: [{ unitId: U1, status: "SUBMITTED" }],
    reportedThisMonth: new Set(["a1", "b1"]),
  };
}

describe("buildOverview", () => {
  it("rolls money up from the sums and takes each project's worst indicator (hand-computed)", () => {
    const o = buildOverview(facts());
    // Department: budget 100,000 + 900,000 − 100,000 = 900,000; spent 180,000; 20.00%; gap 29.59 → 滞后.
    expect(o.total).toMatchObject({ adjustedBudget: "900000.00", spent: "180000.00", executionRate: "20.00", timeProgress: "49.59", gapPoints: "29.59", warning: "LAGGING" });
    // 甲: 90,000 / 100,000 = 90.00% (ahead); 乙: 90,000 / 800,000 = 11.25% → 38.34 behind.
    expect(o.projects.map((p) => [p.execution.executionRate, p.execution.warning, p.status])).toEqual([
      ["90.00", "NORMAL", "COMPLETED"],
      ["11.25", "LAGGING", "BEHIND"],
    ]);
    expect(o.projectCounts).toEqual({ COMPLETED: 1, ON_TRACK: 0, AT_RISK: 0, BEHIND: 1, NOT_REPORTED: 0 });
    expect(o.indicatorCounts).toEqual({ COMPLETED: 1, ON_TRACK: 0, AT_RISK: 0, BEHIND: 1, NOT_REPORTED: 1 });
    // Cumulative by month's end: Mar 30,000; Apr 30,000 of a budget cut to 900,000; May 120,000; Jun 180,000.
    expect(o.series.map((p) => [p.date, p.spent, p.adjustedBudget, p.executionRate])).toEqual([
      ["2025-01-31", "0.00", "1000000.00", "0.00"],
      ["2025-02-28", "0.00", "1000000.00", "0.00"],
      ["2025-03-31", "30000.00", "1000000.00", "3.00"],
      ["2025-04-30", "30000.00", "900000.00", "3.33"],
      ["2025-05-31", "120000.00", "900000.00", "13.33"],
      ["2025-06-30", "180000.00", "900000.00", "20.00"],
    ]);
    expect(o.units.map((u) => [u.code, u.execution.executionRate, u.reported, u.indicatorCount, u.completeness, u.atRisk, u.reportStatus])).toEqual([
      ["309001", "90.00", 1, 1, "100.00", 0, "SUBMITTED"],
      ["309002", "11.25", 1, 2, "50.00", 1, null],
    ]);
    expect(o.reporting).toEqual({ month: 6, reported: 2, expected: 3, percent: "66.67" });
    // Warnings: 乙 is red twice (money and indicators), with the numbers that make it so.
    expect(o.warnings.map((w) => [w.level, w.label, w.projectName])).toEqual([
      ["red", "预算执行滞后", "乙"],
      ["red", "绩效指标滞后", "乙"],
    ]);
    expect(o.warnings[0]!.reason).toContain("落后 38.34 个百分点");
    expect(o.warnings[1]!.reason).toContain("培训人次");
  });

  it("projects each year-end self-evaluation score by the same engine (hand-computed)", () => {
    const o = buildOverview(facts());
    // 甲: 90,000 spent by 30 June → 90,000 × 365 ÷ 181 = 181,491.71 of 100,000 → full 10; 采购台数 已完成 → 50;
    // only 执行率 and 产出 apply: (10 + 50) × 100 ÷ 60 = 100.00 → 优.
    expect(o.projects[0]!.evaluation).toMatchObject({ total: "100.00", grade: "优" });
    // 乙: 181,491.71 of 800,000 = 22.69% → 2.269; 培训人次 20 of 100 → 10 of 50; 满意度 未填报 → 0 of 10;
    // (2.269 + 10 + 0) × 100 ÷ 70 = 17.527… → 17.53 → 差.
    expect(o.projects[1]!.evaluation).toMatchObject({ total: "17.53", grade: "差" });
    expect(o.projects[1]!.evaluation).toMatchObject({ kind: "预测", asOf: "2025-06-30" });
    expect(o.projects[1]!.evaluation.explanation).toBe("尚未填写自评，按截至 2025-06-30 的填报和支出预测：预计总分 17.53，等级“差”；主要失分：培训人次 −40.00（按最新实际 20 计）；满意度 −10.00（未填报，按 0 分计）；预算执行率 −7.73（按支出进度预计全年执行 22.69%）");
    expect(o.projectedGrades).toEqual({ 优: 1, 良: 0, 中: 0, 差: 1 });
  });

  it("with drafts: reads the drafts, marks them, and keeps the reviewed figures beside every one they move (hand-computed)", () => {
    const base = facts();
    // A draft of 乙's 培训人次 (60 of 100: 60% vs 49.59% → 正常) and a first, draft 满意度 (95 ≥ 90 → 正常).
    const latest = new Map([...base.reviewed, checkIn("b1", "60", "李四", true), checkIn("b2", "95", "李四", true)]);
    const o = buildOverview({ ...base, drafts: true, latest });
    expect(o.basis).toMatchObject({ drafts: true, label: "已计入未审核的填报（虚线标出）" });
    expect(o.indicators.map((i) => [i.id, i.status, i.draft])).toEqual([["a1", "COMPLETED", false], ["b1", "ON_TRACK", true], ["b2", "ON_TRACK", true]]);
    expect(o.indicatorCounts).toEqual({ COMPLETED: 1, ON_TRACK: 2, AT_RISK: 0, BEHIND: 0, NOT_REPORTED: 0 });
    expect(o.reviewed!.indicatorCounts).toEqual({ COMPLETED: 1, ON_TRACK: 0, AT_RISK: 0, BEHIND: 1, NOT_REPORTED: 1 });
    expect(o.reviewed!.projectCounts).toEqual({ COMPLETED: 1, ON_TRACK: 0, AT_RISK: 0, BEHIND: 1, NOT_REPORTED: 0 });
    expect(o.projectCounts).toEqual({ COMPLETED: 1, ON_TRACK: 1, AT_RISK: 0, BEHIND: 0, NOT_REPORTED: 0 });
    expect(o.projects.map((p) => [p.name, p.drafts])).toEqual([["甲", 0], ["乙", 2]]);
    expect(o.units.map((u) => [u.code, u.atRisk, o.reviewed!.units[u.id]!.atRisk, u.drafts])).toEqual([["309001", 0, 0, 0], ["309002", 0, 1, 2]]);
    // 乙's indicator warning exists only in the reviewed figures: gone with drafts; its money warning is not a draft's.
    expect(o.warnings.map((w) => [w.label, w.draft])).toEqual([["预算执行滞后", false]]);
    // Projection of 乙 with drafts: 2.269 + 50 (培训人次 正常 → met) + 10 (满意度 正常 → met) = 62.269 × 100 ÷ 70 = 88.96 → 良.
    expect([o.projects[1]!.evaluation.total, o.reviewed!.projects.b!.total]).toEqual(["88.96", "17.53"]);
    expect(o.reviewed!.indicators.b1).toEqual({ status: "BEHIND", actual: "20" });
    // Without drafts the same facts give the reviewed figures and no marks.
    const signed = buildOverview(base);
    expect(signed.reviewed).toBeNull();
    expect(signed.basis.label).toBe("截至 6 月已审核数据");
    expect(signed.indicatorCounts).toEqual(o.reviewed!.indicatorCounts);
  });

  it("filters lists and totals them by the rate of the sums", () => {
    const o = buildOverview(facts());
    expect(filterProjects(o, { status: "BEHIND" }).map((p) => p.name)).toEqual(["乙"]);
    expect(filterProjects(o, { warning: "red" }).map((p) => p.name)).toEqual(["乙"]);
    expect(filterProjects(o, { category: "满意度" }).map((p) => p.name)).toEqual(["乙"]);
    expect(filterProjects(o, { unitId: U1 }).map((p) => p.name)).toEqual(["甲"]);
    expect(projectTotals(o.projects)).toEqual({ initialBudget: "1000000.00", adjustedBudget: "900000.00", spent: "180000.00", executionRate: "20.00" });
    expect(projectTotals([])).toMatchObject({ adjustedBudget: "0.00", executionRate: null });
  });

  it("reports completeness with two decimals, and none when nothing is expected", () => {
    expect(completeness(1, 3)).toBe("33.33");
    expect(completeness(2, 3)).toBe("66.67");
    expect(completeness(0, 0)).toBeNull();
  });
});
