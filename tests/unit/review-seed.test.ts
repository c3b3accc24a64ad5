import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseTable12 } from "@/lib/targets/parse-table12";
import { parseUnitProjectTotals } from "@/lib/targets/parse-unit-totals";
import { RULES, reviewTargets, type Finding, type ReviewProject } from "@/lib/targets/review";

const SEED = readFileSync(new URL("../../prisma/seed-data/liuzhou-309-2025-budget-disclosure.txt", import.meta.url), "utf8");

// Compile-time check that the parser's output can be reviewed as it is.
const projects: ReviewProject[] = parseTable12(SEED).projects;
const totals = parseUnitProjectTotals(SEED);
const findings = reviewTargets(projects, { fiscalYear: 2025, unitProjectTotalsWan: totals.totals });
const byRule = (id: string): Finding[] => findings.filter((f) => f.ruleId === id);
const indexOf = (name: string): number => projects.findIndex((p) => p.name === name);

describe("review of the Liuzhou 309 2025 targets", () => {
  it("reads the inputs it is reviewing", () => {
    expect(projects).toHaveLength(16);
    expect(totals).toEqual({ totals: { "309001": "5056.59", "309002": "363.47" }, problems: [] });
  });

  it("finds the 2024 deadline in 县区安全攻防演练", () => {
    const project = indexOf("县区安全攻防演练");
    const indicator = projects[project]?.indicators.findIndex((i) => i.name === "各项工作在2024年12月底前完成");
    expect(project).toBe(7);
    expect(indicator).toBe(2);
    const hits = byRule("deadline-wrong-year");
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ ruleId: "deadline-wrong-year", severity: "error", projectIndex: project, indicatorIndex: indicator });
    expect(hits[0]?.message).toContain("2024");
    expect(hits[0]?.message).toContain("2025");
    expect(hits[0]?.message).toContain("县区安全攻防演练");
  });

  it("does not flag 2025年12月底前完成采购合同", () => {
    expect(byRule("deadline-wrong-year").map((f) => f.projectIndex)).not.toContain(indexOf("日常办公耗材购置"));
  });

  it("finds no cost above a budget and no unit total mismatch", () => {
    expect(byRule("cost-exceeds-budget")).toEqual([]);
    expect(byRule("unit-budget-mismatch")).toEqual([]);
  });

  it("accepts 办公设备购置's costs of 2.1587 万元 against its budget shown as 2.16 万元, and 软件售后经费's five items", () => {
    expect(byRule("cost-sum-mismatch")).toEqual([]);
    const office = projects[indexOf("办公设备购置")]!;
    const costs = office.indicators.filter((i) => i.category === "成本").map((i) => `${i.value}${i.unit}`);
    expect([office.budgetWan, costs]).toEqual(["2.16", ["2.1587万元"]]);
    // One fen more than the rounding allows is a finding again.
    const off = { ...office, budgetWan: "2.17" };
    expect(reviewTargets([off], { fiscalYear: 2025 }).filter((f) => f.ruleId === "cost-sum-mismatch")).toHaveLength(1);
  });

  it("finds what reviewers send back: 投诉量 under 满意度, a benefit of “=1年”, two projects with one annual goal", () => {
    expect(byRule("wrong-category").map((f) => [projects[f.projectIndex]?.name, projects[f.projectIndex]?.indicators[f.indicatorIndex ?? -1]?.name])).toEqual([["龙城市民云APP运维费", "全年用户投诉量"]]);
    expect(byRule("benefit-only-duration").map((f) => projects[f.projectIndex]?.indicators[f.indicatorIndex ?? -1]?.name)).toEqual([
      "提高工作效率", "规范信息化项目建设", "保障政府网站安全稳定", "龙城市民云APP安全稳定运行",
    ]);
    const [copied] = byRule("duplicate-annual-goal");
    expect(copied?.projectIndex).toBe(indexOf("柳州市电子政务信息系统安全等级保护工作"));
    expect(copied?.message).toContain("与项目“信息化项目建设管理工作经费”完全相同");
  });

  it("groups the “=” suggestions into one per project: 7 findings for the 17 indicators", () => {
    const hits = byRule("equals-on-count");
    expect(hits).toHaveLength(7);
    expect(new Set(hits.map((f) => f.projectIndex)).size).toBe(7);
    const office = hits.find((f) => f.projectIndex === indexOf("办公设备购置"))!;
    expect(office.indicatorIndex).toBeUndefined();
    expect(office.message).toContain("有 5 个数量指标用了“=”：“碎纸机”（=4台）、“书柜”（=2张）");
    expect(hits.reduce((n, f) => n + (f.message.match(/（=\d+[^）]*）/g)?.length ?? 0), 0)).toBe(17);
  });

  it("finds the qualitative-only 质量 and 时效 categories", () => {
    const hits = byRule("qualitative-only-category");
    const at = (f: Finding) => `${projects[f.projectIndex]?.name}/${projects[f.projectIndex]?.indicators[f.indicatorIndex ?? -1]?.category}`;
    expect(hits.map(at)).toEqual([
      "日常办公耗材购置/质量",
      "第一书记驻村工作经费/质量",
      "法律顾问费/质量",
      "法律顾问费/时效",
      "大数据行业发展工作经费/质量",
      "保密机房维护费/质量",
      "保密机房维护费/时效",
      "柳州市政务新媒体内容监测/质量",
    ]);
    expect(hits.find((f) => f.projectIndex === indexOf("第一书记驻村工作经费"))?.message).toContain("驻村工作成效");
  });

  it("counts every rule's findings (a change in behaviour shows here)", () => {
    const counts = Object.fromEntries(RULES.map((r) => [r.id, byRule(r.id).length]));
    expect(counts).toEqual({
      "unit-budget-mismatch": 0,
      "empty-annual-goal": 0,
      "duplicate-annual-goal": 1,
      "deadline-wrong-year": 1,
      "cost-exceeds-budget": 0,
      "cost-sum-mismatch": 0,
      "percent-over-100": 0,
      "timeliness-beyond-year": 0,
      "missing-category": 0,
      "wrong-category": 1,
      "qualitative-only-category": 8,
      "satisfaction-target-low": 0,
      "missing-unit": 0,
      "duplicate-indicator": 0,
      "benefit-only-duration": 4,
      "equals-on-count": 7,
      "cost-not-monetary": 8,
      // The next-year checks need a year drafted from another (the seed's 2025 was imported).
      "target-below-actual": 0,
      "missed-copied-unchanged": 0,
      "weak-grade-unrevised": 0,
      "budget-raised-execution-lagged": 0,
    });
    expect(findings).toHaveLength(30);
  });

  it("flags only the first eight projects' cost indicators as rates without money", () => {
    expect(byRule("cost-not-monetary").map((f) => f.projectIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("reports a unit whose budgets no longer match table 3", () => {
    const altered = projects.map((p) => (p.name === "法律顾问费" ? { ...p, budgetWan: "5.10" } : p));
    const hits = reviewTargets(altered, { fiscalYear: 2025, unitProjectTotalsWan: totals.totals }).filter((f) => f.ruleId === "unit-budget-mismatch");
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ severity: "error", projectIndex: 0 });
    expect(hits[0]?.message).toContain("309001");
    expect(hits[0]?.message).toContain("5,056.69万元");
    expect(hits[0]?.message).toContain("5,056.59万元");
    expect(hits[0]?.message).toContain("多0.10万元");
  });

  it("sorts by project, then indicator, then severity", () => {
    const keys = findings.map((f) => [f.projectIndex, f.indicatorIndex ?? -1, ["error", "warning", "info"].indexOf(f.severity)]);
    const sorted = [...keys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!);
    expect(keys).toEqual(sorted);
  });
});
