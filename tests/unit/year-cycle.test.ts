import { describe, expect, it } from "vitest";
import { compareYears, sameDateLastYear, type YearFigures } from "@/lib/dashboard/compare";
import { draftNarrative, narrativeErrors, EMPTY_NARRATIVE } from "@/lib/evaluation/narrative";
import { wan2 } from "@/lib/evaluation/printed-form";
import { meanTotal, scoreEvaluation } from "@/lib/evaluation/score";
import { pickYear, readYear, yearHref, yearInfo } from "@/lib/fiscal-years";
import { publishedItem } from "@/lib/targets/next-year";
import { reviewTargets } from "@/lib/targets/review";
import { budgetRaisedExecutionLagged, missedCopiedUnchanged, targetBelowActual, weakGradeUnrevised } from "@/lib/targets/review/rules-next-year";
import type { PreviousResult, ReviewProject } from "@/lib/targets/review/types";

describe("fiscal years (lib/fiscal-years.ts)", () => {
  const years = [{ year: 2025 }, { year: 2026 }, { year: 2027 }];
  it("reads the year in the URL when the department has it, else the calendar year, else the latest before it, else the first", () => {
    expect(pickYear(years, 2025, "2026-12-06")?.year).toBe(2025);
    expect(pickYear(years, undefined, "2026-12-06")?.year).toBe(2026); // drafting 2027 does not move everybody into it
    expect(pickYear(years, 2019, "2026-12-06")?.year).toBe(2026);
    expect(pickYear([{ year: 2025 }], undefined, "2026-12-06")?.year).toBe(2025);
    expect(pickYear([{ year: 2027 }, { year: 2028 }], undefined, "2026-12-06")?.year).toBe(2027);
    expect(pickYear([], undefined, "2026-12-06")).toBeUndefined();
  });
  it("reads ?year= strictly and links to another year keeping the page's other parameters but its date", () => {
    expect([readYear("2025"), readYear(" 2026 "), readYear("25"), readYear("2025a"), readYear(["2024"]), readYear(undefined)]).toEqual([2025, 2026, undefined, undefined, 2024, undefined]);
    expect(yearHref("/projects", { dept: "d1", status: "BEHIND", asOf: "2026-03-01", year: "2026" }, 2025)).toBe("/projects?dept=d1&status=BEHIND&year=2025");
  });
  it("names a year's state: closed, drafted (until its targets are approved), or open", () => {
    const base = { id: "y", year: 2026, closedAt: null, targetsLockedAt: null, draftedFromYear: null };
    expect(yearInfo(base)).toMatchObject({ state: "open", label: "执行中" });
    expect(yearInfo({ ...base, draftedFromYear: 2025 })).toMatchObject({ state: "draft", label: "草案（由 2025 年度起草）" });
    expect(yearInfo({ ...base, draftedFromYear: 2025, targetsLockedAt: new Date() })).toMatchObject({ state: "open" });
    expect(yearInfo({ ...base, closedAt: new Date("2027-01-31T02:00:00Z") })).toMatchObject({ state: "closed", label: "已关闭（只读）", closedAt: "2027-01-31T02:00:00.000Z" });
  });
});

describe("this year beside last year (lib/dashboard/compare.ts)", () => {
  it("the same date a year earlier; 29 February is 28 February", () => {
    expect(["2026-07-15", "2024-02-29", "2025-03-01", "2026-12-31"].map(sameDateLastYear)).toEqual(["2025-07-15", "2023-02-28", "2024-03-01", "2025-12-31"]);
  });
  it("the mean of the projects' totals, 2 decimals half-up; changes are this year minus last", () => {
    expect(meanTotal(["92.75", "69.00", "89.75"])).toBe("83.83"); // 251.50 ÷ 3 = 83.8333…
    expect(meanTotal(["0.01", "0.02"])).toBe("0.02"); // 0.015 → half-up
    expect(meanTotal([])).toBeNull();
    const figures = (rate: string | null, score: string | null): YearFigures => ({ year: 0, asOf: "", adjustedBudget: "0", spent: "0", executionRate: rate, timeProgress: "0", projects: 0, projectCounts: { COMPLETED: 0, ON_TRACK: 0, AT_RISK: 0, BEHIND: 0, NOT_REPORTED: 0 }, indicatorCounts: { COMPLETED: 0, ON_TRACK: 0, AT_RISK: 0, BEHIND: 0, NOT_REPORTED: 0 }, grades: { 优: 0, 良: 0, 中: 0, 差: 0 }, averageScore: score });
    expect(compareYears(figures("45.10", "80.00"), figures("52.35", "78.25")).change).toEqual({ executionRate: "-7.25", averageScore: "1.75" });
    expect(compareYears(figures(null, "80.00"), figures("52.35", null)).change).toEqual({ executionRate: null, averageScore: null });
  });
});

describe("the report's narrative draft (lib/evaluation/narrative.ts)", () => {
  // A 法律顾问费 of three indicators: 5 万元, 4.50 spent, one line missed.
  const lines = [
    { name: "年内召开法律讲座次数", level1: "产出" as const, category: "数量" as const, comparator: ">=" as const, target: "2", unit: "次", actual: "1", shown: "≥ 2 次", qualitative: false, deviation: "全年只安排了 1 次。" },
    { name: "加强局内职工法律意识", level1: "效益" as const, category: "可持续效益" as const, comparator: "qualitative" as const, target: "良好", unit: "", actual: "良好", shown: "良好", qualitative: true, deviation: "" },
    { name: "局内职工满意程度", level1: "满意度" as const, category: "满意度" as const, comparator: ">=" as const, target: "90", unit: "%", actual: "95", shown: "≥ 90%", qualitative: false, deviation: "" },
  ];
  const outcome = scoreEvaluation({ budgetWan: "5", spentWan: "4.5", indicators: lines.map(({ name, level1, category, comparator, target, unit, actual }) => ({ name, level1, category, comparator, target, unit, actual })) });
  if (!outcome.ok) throw new Error("the engine refused the hand-made form");
  const draft = draftNarrative({
    project: { name: "法律顾问费", unitName: "柳州市大数据发展局", year: 2025 },
    funds: { initialBudget: "50000.00", adjustedBudget: "50000.00", spent: "45000.00" },
    result: outcome.result,
    lines: lines.map((l) => ({ name: l.name, level1: l.level1, category: l.category, target: l.shown, unit: l.unit, qualitative: l.qualitative, deviation: l.deviation })),
    wan: wan2,
  });
  it("drafts every section from the record only: the funds, the indicators, each miss with its numbers, the evaluator's own analysis", () => {
    // One 产出 line worth 50: 1 of ≥2 → 25; 效益 良好 → 30; 满意度 95 ≥ 90 → 10; 执行 90% → 9: 74.00, 中.
    expect([outcome.result.total, outcome.result.grade]).toEqual(["74.00", "中"]);
    expect(draft.workText).toBe("柳州市大数据发展局对照“法律顾问费”2025年度绩效目标开展自评：年初预算数 5.00 万元，全年预算数 5.00 万元，全年执行数 4.50 万元，预算执行率 90.00%；共设置绩效指标 3 个（产出指标 1 个、效益指标 1 个、满意度指标 1 个），逐项填报实际完成值并按财预〔2020〕10号规则评分。");
    expect(draft.practiceText).toBe("达成年度指标值的指标 2 个：“加强局内职工法律意识”（目标 良好，实际 良好）；“局内职工满意程度”（目标 ≥ 90%，实际 95%）。");
    expect(draft.problemText).toBe(`未完全达成年度指标值的指标 1 个：“年内召开法律讲座次数”（目标 ≥ 2 次，实际 1 次，得分 25.00/50.00）。预算执行率 90.00%，预算执行得分 9.00/10.00。`);
    expect(draft.improvementText).toBe("“年内召开法律讲座次数”：全年只安排了 1 次。");
    expect(draft.resultUseText).toBe("本项目2025年度自评得分 74.00 分，等级“中”。");
  });
  it("a submitted narrative needs every section (无 when there is nothing to say)", () => {
    expect(narrativeErrors({ ...draft, practiceText: " " })).toEqual({ "narrative.practiceText": "提交前请填写“主要经验做法”（没有可写的内容时写“无”）" });
    expect(Object.keys(narrativeErrors(EMPTY_NARRATIVE))).toHaveLength(5);
    expect(narrativeErrors(draft)).toEqual({});
  });
});

describe("next year's review checks (lib/targets/review/rules-next-year.ts)", () => {
  const previous: PreviousResult = {
    year: 2025, budgetWan: "1.5", executionRate: "60.00", executionWarning: "滞后", total: "72.50", grade: "中", kind: "已审核",
    lines: {
      a: { name: "互助次数", comparator: ">=", value: "2", unit: "次", target: "≥ 2 次", actual: "1", actualNumber: "1", met: false, weight: "25.00", score: "12.50" },
      b: { name: "调研次数", comparator: ">=", value: "3", unit: "次", target: "≥ 3 次", actual: "5", actualNumber: "5", met: true, weight: "25.00", score: "25.00" },
      c: { name: "工作成效", comparator: "qualitative", value: "良好", unit: "", target: "良好", actual: "良好", actualNumber: null, met: true, weight: "30.00", score: "30.00" },
    },
  };
  const project = (indicators: ReviewProject["indicators"], budgetWan = "1.5"): ReviewProject => ({ unitCode: "309001", unitName: "局", name: "驻村经费", budgetWan, annualGoal: "做好驻村保障。", indicators, previous });
  const copy = { a: { previousId: "a", category: "数量" as const, name: "互助次数", comparator: ">=" as const, value: "2", unit: "次" }, b: { previousId: "b", category: "数量" as const, name: "调研次数", comparator: ">=" as const, value: "3", unit: "次" }, c: { previousId: "c", category: "社会效益" as const, name: "工作成效", comparator: "qualitative" as const, value: "良好", unit: "" } };
  const ids = (p: ReviewProject) => reviewTargets([p], { fiscalYear: 2026 }, [targetBelowActual, missedCopiedUnchanged, weakGradeUnrevised, budgetRaisedExecutionLagged]).map((f) => [f.ruleId, f.indicatorIndex ?? null]);

  it("copied unchanged after a 中 year with a miss, a forward target below the actual, and more money after a lagging year: each flagged", () => {
    expect(ids(project([copy.a, copy.b, copy.c], "2"))).toEqual([["weak-grade-unrevised", null], ["budget-raised-execution-lagged", null], ["missed-copied-unchanged", 0], ["target-below-actual", 1]]);
  });
  it("revised targets are not flagged: the miss raised, the target above the actual, the budget kept; an indicator added anew compares with nothing", () => {
    expect(ids(project([{ ...copy.a, value: "3" }, { ...copy.b, value: "5" }, copy.c, { category: "满意度", name: "满意度", comparator: ">=", value: "90", unit: "%" }]))).toEqual([]);
    expect(ids({ ...project([copy.a]), previous: null })).toEqual([]);
  });
  it("compares targets exactly (2.00 is 2) and only in the same unit (4 篇 is not below 5 次; a changed unit is a revision)", () => {
    expect(ids(project([{ ...copy.a, value: "2.00" }, { ...copy.b, value: "4", unit: "篇" }, copy.c]))).toEqual([["missed-copied-unchanged", 0]]);
  });
});

describe("a drafted indicator's text in table 12 (lib/targets/next-year.ts publishedItem)", () => {
  it("keeps the text as published when it reads back as the same indicator, ASCII colon and inner brackets included", () => {
    expect(publishedItem({ category: "数量", name: "组织项目验收数量", comparator: ">=", value: "5", unit: "个", raw: "数量指标:组织项目验收数量(≥5个)" })).toBe("数量指标:组织项目验收数量(≥5个)");
    expect(publishedItem({ category: "数量", name: "活动演练范围(县区数量)", comparator: ">=", value: "9", unit: "个", raw: "数量指标：活动演练范围(县区数量)(≥9个)" })).toBe("数量指标：活动演练范围(县区数量)(≥9个)");
  });
  it("writes the table's own spelling for an edited indicator or a text from another layout", () => {
    expect(publishedItem({ category: "数量", name: "购买打印纸", comparator: ">=", value: "40", unit: "箱", raw: "数量指标：购买打印纸(≥50箱)" })).toBe("数量指标：购买打印纸(≥40箱)");
    expect(publishedItem({ category: "满意度", name: "用户满意度", comparator: ">=", value: "90", unit: "%", raw: "用户满意度" })).toBe("服务对象满意度指标：用户满意度(≥90%)");
    expect(publishedItem({ category: "质量", name: "验收合格", comparator: "qualitative", value: "是", unit: "", raw: "" })).toBe("质量指标：验收合格(是)");
  });
});
