import { describe, expect, it } from "vitest";
import { computeExecution } from "@/lib/budget/execution";
import { evaluationFigure } from "@/lib/evaluation/figure";
import { projectEvaluation, projectedSpent, withStatus } from "@/lib/evaluation/projection";
import { changesSince, type SnapshotBasis } from "@/lib/evaluation/snapshot";
import type { StatusCheckIn } from "@/lib/progress/status";

// The worked example of budget execution (tests/unit/budget-execution.test.ts): 1,234.56 of 5,000.00
// 万元 spent on 30 June 2025, 24.69% against 序时进度 49.59% → 滞后.
const BUDGET = "50000000.00";
const SPENT = "12345600.00";
const training = { id: "a", level1: "产出" as const, category: "数量" as const, name: "培训人次", comparator: ">=" as const, value: "100", unit: "人次", weight: null };
const effect = { id: "b", level1: "效益" as const, category: "社会效益" as const, name: "提升履职能力", comparator: "qualitative" as const, value: "良好", unit: "", weight: null };
const satisfaction = { id: "c", level1: "满意度" as const, category: "满意度" as const, name: "学员满意度", comparator: ">=" as const, value: "90", unit: "%", weight: null };
const INDICATORS = [training, effect, satisfaction];

const project = (asOf: string, latest: Map<string, StatusCheckIn>) => {
  const execution = computeExecution({ budget: BUDGET, adjustments: [], expenditures: [{ date: "2025-06-20", amount: SPENT }] }, asOf, 2025);
  return { execution, projection: projectEvaluation(execution, withStatus(INDICATORS, latest, asOf, 2025), asOf, 2025) };
};

describe("the one projection of a project's year-end self-evaluation", () => {
  it("a project whose spending lags (24.69% on 30 June, 滞后) is projected at its pace: 4.98 of 10 for execution, not full marks", () => {
    const latest = new Map<string, StatusCheckIn>([
      ["a", { asOfDate: "2025-06-30", actualValue: "50" }], // 50% of 100 at 序时进度 49.59% → 正常
      ["b", { asOfDate: "2025-06-30", actualText: "良好" }],
      ["c", { asOfDate: "2025-06-30", actualValue: "92" }],
    ]);
    const { execution, projection } = project("2025-06-30", latest);
    expect([execution.executionRate, execution.warning]).toEqual(["24.69", "LAGGING"]);
    // 30 June is day 181 of 365: 1,234,560,000 fen × 365 ÷ 181 = 2,489,582,320.44 → 24,895,823.20 元,
    // 49.79% of the budget → 4.979 points.
    expect(projectedSpent(SPENT, "2025-06-30", 2025)).toBe("24895823.20");
    expect([projection.result.executionRate, projection.result.executionScore]).toEqual(["49.79", "4.9790"]);
    // 4.979 + 50 (on course) + 30 (良好) + 10 (92 ≥ 90) = 94.979 → 94.98.
    expect([projection.total, projection.grade, projection.final]).toEqual(["94.98", "优", false]);
    expect(projection.losses[0]).toEqual({ name: "预算执行率", lost: "5.02", basis: "按支出进度预计全年执行 49.79%" });
    expect(projection.basis).toEqual(Array(3).fill("进度正常，按达到目标计"));
  });

  it("once the year is over, the result counts: no forecast or 'on course' guess replaces an actual (92.47 优 was 89.97 良)", () => {
    // The year's last report says 95 of 100 with a forecast of 100: 正常 at the year's end (5 points short).
    const latest = new Map<string, StatusCheckIn>([
      ["a", { asOfDate: "2025-11-30", actualValue: "95", forecastValue: "100" }],
      ["b", { asOfDate: "2025-12-31", actualText: "良好" }],
      ["c", { asOfDate: "2025-12-31", actualValue: "92" }],
    ]);
    const { execution, projection } = project("2025-12-31", latest);
    expect(execution.executionRate).toBe("24.69");
    // 2.469 + 95 ÷ 100 × 50 + 30 + 10 = 89.969 → 89.97 良. Taking the forecast (or the target, as the
    // old projection did for a 正常 indicator) gave 2.469 + 50 + 30 + 10 = 92.47 优.
    expect([projection.result.executionScore, projection.total, projection.grade, projection.final]).toEqual(["2.4690", "89.97", "良", true]);
    expect(projection.basis[0]).toBe("按 2025-11-30 填报的实际 95 计");
    expect(projection.input.indicators.map((i) => i.actual)).toEqual(["95", "良好", "92"]); // the year-end form's pre-fill
    expect(projection.input.spentWan).toBe("1234.560000");
  });

  it("a December check-in is the year's result even before the year is over", () => {
    const latest = new Map<string, StatusCheckIn>([["a", { asOfDate: "2025-12-10", actualValue: "80", forecastValue: "100" }]]);
    const { projection } = project("2025-12-15", latest);
    expect(projection.basis).toEqual(["按 2025-12-10 填报的实际 80 计", "未填报，按 0 分计", "未填报，按 0 分计"]);
    expect(projection.final).toBe(false); // two indicators still have no year-end figure
  });

  it("names the kind of every figure: 预测 until saved, then the saved one's status; 需要复核 travels with it", () => {
    const { projection } = project("2025-06-30", new Map());
    const projected = evaluationFigure(null, () => ({ ...projection, executionRate: projection.result.executionRate }));
    expect(projected).toMatchObject({ kind: "预测", statusLabel: "未填写", total: projection.total, asOf: "2025-06-30", review: [] });
    expect(projected.explanation).toMatch(/^尚未填写自评，按截至 2025-06-30 的填报和支出预测：预计总分/);
    const saved = { total: "88.33", grade: "良" as const, executionRate: "100.00", overrides: 1, savedAt: "2026-01-10T02:00:00.000Z", review: ["指标「x」的年度指标值由“≥ 2 次”改为“≥ 1 次”"] };
    const never = () => { throw new Error("a saved evaluation is not projected"); };
    expect(evaluationFigure({ ...saved, status: "APPROVED" }, never)).toMatchObject({ kind: "已审核", statusLabel: "已审核通过", total: "88.33", grade: "良", explanation: "审核通过（2026-01-10）的自评：总分 88.33，等级“良”", review: saved.review });
    expect(evaluationFigure({ ...saved, status: "SUBMITTED" }, never).kind).toBe("已提交");
    expect(evaluationFigure({ ...saved, status: "RETURNED" }, never)).toMatchObject({ kind: "草稿", statusLabel: "已退回" });
  });
});

describe("what changed since a snapshot was taken (需要复核)", () => {
  const basis: SnapshotBasis = {
    annualGoal: "提升我局职工法律意识，降低我局法律风险",
    funds: { initialBudget: "50000.00", adjustedBudget: "50000.00", spent: "45000.00" },
    indicators: [
      { id: "1", name: "年内召开法律讲座次数", level1: "产出", category: "数量", target: "≥ 2 次" },
      { id: "2", name: "合同审查率", level1: "产出", category: "质量", target: "= 100%" },
      { id: "3", name: "法律意识", level1: "效益", category: "可持续效益", target: "良好" },
    ],
  };

  it("nothing when only whitespace of the annual goal differs", () => {
    expect(changesSince(basis, { ...basis, annualGoal: "提升我局职工法律意识，\r\n降低我局法律风险 " })).toEqual([]);
  });

  it("every change of money, goal and targets, each with its old and new value", () => {
    const now: SnapshotBasis = {
      annualGoal: "提升我局职工法律意识",
      funds: { initialBudget: "50000.00", adjustedBudget: "60000.00", spent: "45000.5" },
      indicators: [
        { id: "1", name: "年内召开法律讲座次数", level1: "产出", category: "数量", target: "≥ 1 次" },
        { id: "3", name: "职工法律意识", level1: "满意度", category: "满意度", target: "良好" },
        { id: "4", name: "法律咨询次数", level1: "产出", category: "数量", target: "≥ 10 次" },
      ],
    };
    expect(changesSince(basis, now)).toEqual([
      "全年预算数（调整后）由 5.00 万元 变为 6.00 万元",
      "全年执行数由 45,000.00 元 变为 45,000.50 元",
      "年度绩效目标（预期目标）的文字有修改",
      "指标「年内召开法律讲座次数」的年度指标值由“≥ 2 次”改为“≥ 1 次”",
      "删除了指标「合同审查率」（= 100%）",
      "指标「法律意识」改名为「职工法律意识」",
      "指标「职工法律意识」由效益指标·可持续效益指标调整为满意度指标·服务对象满意度指标",
      "新增了指标「法律咨询次数」（≥ 10 次）",
    ]);
  });
});
