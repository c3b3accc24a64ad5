import { describe, expect, it } from "vitest";
import { parseTarget } from "@/lib/targets/parse-target";
import type { Category } from "@/lib/targets/types";
import { RULES, reviewTargets, type Finding, type ReviewContext, type ReviewIndicator, type ReviewProject } from "@/lib/targets/review";

const CTX: ReviewContext = { fiscalYear: 2025 };

function ind(category: Category, name: string, target: string): ReviewIndicator {
  const parsed = parseTarget(target);
  if (!parsed) throw new Error(`bad target ${target}`);
  return { category, name, ...parsed };
}

/** A project every rule accepts; each test changes one thing. */
function base(changes: Partial<ReviewProject> = {}): ReviewProject {
  return {
    unitCode: "309001",
    unitName: "测试单位",
    name: "测试项目",
    budgetWan: "10.00",
    annualGoal: "完成全年系统运维，保障系统稳定运行",
    indicators: [
      ind("数量", "开展巡检次数", "≥12次"),
      ind("质量", "故障排除率", "≥95%"),
      ind("时效", "完成时间", "≤12月"),
      ind("成本", "运维费用", "≤10万元"),
      ind("社会效益", "系统稳定运行率", "≥99%"),
      ind("满意度", "服务对象满意度", "≥90%"),
    ],
    ...changes,
  };
}

/** The base project with the indicators of `category` replaced (or removed with []). */
function withCategory(category: Category, replacement: ReviewIndicator[], changes: Partial<ReviewProject> = {}): ReviewProject {
  const project = base(changes);
  const at = project.indicators.findIndex((i) => i.category === category);
  const others = project.indicators.filter((i) => i.category !== category);
  others.splice(at < 0 ? others.length : at, 0, ...replacement);
  return { ...project, indicators: others };
}

function run(ruleId: string, projects: ReviewProject[] | ReviewProject, ctx: ReviewContext = CTX): Finding[] {
  const list = Array.isArray(projects) ? projects : [projects];
  return reviewTargets(list, ctx).filter((f) => f.ruleId === ruleId);
}

describe("rule registry", () => {
  it("has stable, unique kebab-case ids with Chinese titles and descriptions", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(rule.title).toMatch(/[\u4e00-\u9fff]/);
      expect(rule.description).toMatch(/[\u4e00-\u9fff]/);
      expect(["error", "warning", "info"]).toContain(rule.severity);
    }
    expect(ids).toEqual(
      expect.arrayContaining([
        "deadline-wrong-year",
        "cost-exceeds-budget",
        "cost-sum-mismatch",
        "qualitative-only-category",
        "missing-category",
        "percent-over-100",
        "equals-on-count",
        "unit-budget-mismatch",
      ]),
    );
  });

  it("finds nothing on a well-formed project", () => {
    expect(reviewTargets([base()], { fiscalYear: 2025, unitProjectTotalsWan: { "309001": "10.00" } })).toEqual([]);
  });

  it("carries project and indicator ids into findings", () => {
    const project = withCategory("数量", [{ ...ind("数量", "采购台数", "=4台"), id: "ind-7" }], { id: "prj-3" });
    expect(run("equals-on-count", project)).toEqual([
      expect.objectContaining({ projectIndex: 0, projectId: "prj-3", indicatorIndex: 0, indicatorId: "ind-7", severity: "info" }),
    ]);
    const [finding] = run("equals-on-count", base());
    expect(finding).toBeUndefined();
  });

  it("sorts by project, then indicator (project-level first), then severity", () => {
    const first = withCategory("质量", [ind("质量", "验收合格率", "=120%")], { annualGoal: "" });
    const second = withCategory("满意度", []);
    const findings = reviewTargets([second, first], { fiscalYear: 2025, unitProjectTotalsWan: { "309001": "20.00", "309009": "1.00" } });
    expect(findings.map((f) => [f.projectIndex, f.indicatorIndex, f.ruleId])).toEqual([
      [-1, undefined, "unit-budget-mismatch"],
      [0, undefined, "missing-category"],
      [1, undefined, "empty-annual-goal"],
      [1, 1, "percent-over-100"],
    ]);
  });
});

describe("deadline-wrong-year", () => {
  it("flags a 2024 deadline in a 2025 indicator, naming both years", () => {
    const project = withCategory("时效", [ind("时效", "各项工作在2024年12月底前完成", "是")]);
    const [finding, ...rest] = run("deadline-wrong-year", project);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: "error", projectIndex: 0, indicatorIndex: 2 });
    expect(finding?.message).toContain("“2024年12月底前完成”");
    expect(finding?.message).toContain("2025年内");
  });

  it.each([["2024年底前完成验收"], ["系统于2024年完成升级"], ["截至2024年6月30日上线"], ["2024年度内完成"]])("flags %s", (name) => {
    expect(run("deadline-wrong-year", withCategory("时效", [ind("时效", name, "是")]))).toHaveLength(1);
  });

  it("flags a year given as the target value of a timeliness indicator", () => {
    expect(run("deadline-wrong-year", withCategory("时效", [ind("时效", "完成时间", "≤2024年")]))).toHaveLength(1);
    expect(run("deadline-wrong-year", withCategory("时效", [ind("时效", "完成时间", "2024年12月底前")]))).toHaveLength(1);
  });

  it("flags a deadline after the fiscal year as outside the year", () => {
    const [finding] = run("deadline-wrong-year", withCategory("时效", [ind("时效", "2026年6月底前完成", "是")]));
    expect(finding?.message).toContain("超出了2025预算年度");
  });

  it("flags the annual goal at project level", () => {
    const [finding, ...rest] = run("deadline-wrong-year", base({ annualGoal: "于2024年完成全市政务云迁移" }));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ projectIndex: 0 });
    expect(finding?.indicatorIndex).toBeUndefined();
    expect(finding?.message).toContain("年度绩效目标");
  });

  it.each([
    ["2025年12月底前完成采购合同"],
    ["近3年平均故障数"],
    ["2025年度内完成"],
    ["落实2023-2025年行动计划"],
    ["落实2023年至2025年行动计划"],
    ["完成2024年度决算审计"],
    ["在2024年基础上提高"],
    ["2024年前三季度问题整改"],
    ["支撑2000个用户"],
  ])("does not flag %s", (name) => {
    expect(run("deadline-wrong-year", withCategory("时效", [ind("时效", name, "是")]))).toEqual([]);
  });

  it("does not flag a past fact in the annual goal", () => {
    expect(run("deadline-wrong-year", base({ annualGoal: "一期已于2024年完成，本年度完成二期建设" }))).toEqual([]);
  });
});

describe("cost-exceeds-budget", () => {
  it("flags a cost in 万元 above the budget, with both figures and the excess", () => {
    const [finding] = run("cost-exceeds-budget", withCategory("成本", [ind("成本", "运维费用", "≤12万元")]));
    expect(finding).toMatchObject({ severity: "error", indicatorIndex: 3 });
    expect(finding?.message).toContain("10.00万元");
    expect(finding?.message).toContain("2.00万元");
  });

  it("converts 元 to 万元 exactly", () => {
    const [finding] = run("cost-exceeds-budget", withCategory("成本", [ind("成本", "运维费用", "≤100000.01元")]));
    expect(finding?.message).toContain("折合10.000001万元");
    expect(run("cost-exceeds-budget", withCategory("成本", [ind("成本", "运维费用", "≤100000元")]))).toEqual([]);
  });

  it("accepts a cost equal to the budget", () => {
    expect(run("cost-exceeds-budget", base())).toEqual([]);
    expect(run("cost-exceeds-budget", withCategory("成本", [ind("成本", "运维费用", "≤10.0000万元")]))).toEqual([]);
  });
});

describe("cost-sum-mismatch", () => {
  it("flags money cost items that do not add up to the budget", () => {
    const project = withCategory("成本", [ind("成本", "设备费", "≤4万元"), ind("成本", "服务费", "=5万元")]);
    const [finding, ...rest] = run("cost-sum-mismatch", project);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: "warning", projectIndex: 0 });
    expect(finding?.message).toContain("2项成本金额指标合计9.00万元");
    expect(finding?.message).toContain("10.00万元");
    expect(finding?.message).toContain("少于预算1.00万元");
  });

  it("accepts items that sum exactly, in mixed money units", () => {
    expect(run("cost-sum-mismatch", withCategory("成本", [ind("成本", "设备费", "≤40000元"), ind("成本", "服务费", "≤6万元")]))).toEqual([]);
    expect(run("cost-sum-mismatch", withCategory("成本", [ind("成本", "设备费", "≤3.33万元"), ind("成本", "服务费", "≤6.67万元")]))).toEqual([]);
  });

  it("ignores projects without money cost items and ≥ targets", () => {
    expect(run("cost-sum-mismatch", withCategory("成本", [ind("成本", "预算控制率", "≤100%")]))).toEqual([]);
    expect(run("cost-sum-mismatch", withCategory("成本", [ind("成本", "运维费用", "≤10万元"), ind("成本", "配套资金", "≥2万元")]))).toEqual([]);
  });

  it("leaves a single item above the budget to cost-exceeds-budget", () => {
    expect(run("cost-sum-mismatch", withCategory("成本", [ind("成本", "运维费用", "≤12万元")]))).toEqual([]);
  });
});

describe("qualitative-only-category", () => {
  it("flags a measurable category with only qualitative targets", () => {
    const [finding, ...rest] = run("qualitative-only-category", withCategory("质量", [ind("质量", "驻村工作成效", "良好")]));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: "warning", indicatorIndex: 1 });
    expect(finding?.message).toContain("质量指标只有定性表述“驻村工作成效”（良好）");
    expect(finding?.message).toContain("=100%");
  });

  it("flags a timeliness statement without any deadline", () => {
    expect(run("qualitative-only-category", withCategory("时效", [ind("时效", "聘请的法律顾问能按时出具法律意见书", "是")]))).toHaveLength(1);
  });

  it("accepts a category with at least one quantitative target, and a dated yes/no statement", () => {
    expect(run("qualitative-only-category", withCategory("质量", [ind("质量", "工作成效", "良好"), ind("质量", "验收合格率", "=100%")]))).toEqual([]);
    expect(run("qualitative-only-category", withCategory("时效", [ind("时效", "2025年12月底前完成采购合同", "是")]))).toEqual([]);
  });

  it("does not ask for numbers in benefit or satisfaction categories", () => {
    expect(run("qualitative-only-category", withCategory("社会效益", [ind("社会效益", "提升履职能力", "良好")]))).toEqual([]);
  });
});

describe("missing-category", () => {
  it("reports each missing kind once", () => {
    expect(run("missing-category", base({ indicators: [] })).map((f) => f.message)).toEqual([
      expect.stringContaining("没有数量指标"),
      expect.stringContaining("没有成本指标"),
      expect.stringContaining("没有效益指标"),
      expect.stringContaining("没有满意度指标"),
    ]);
    const [finding] = run("missing-category", withCategory("满意度", []));
    expect(finding).toMatchObject({ severity: "warning", projectIndex: 0 });
    expect(finding?.message).toContain("测试项目");
  });

  it("accepts any benefit category as 效益", () => {
    expect(run("missing-category", withCategory("社会效益", [ind("可持续效益", "保障系统安全稳定运行", "是")]))).toEqual([]);
  });
});

describe("percent-over-100", () => {
  it("flags a rate above 100%, compared exactly", () => {
    const [finding] = run("percent-over-100", withCategory("质量", [ind("质量", "验收合格率", "=120%")]));
    expect(finding).toMatchObject({ severity: "error", indicatorIndex: 1 });
    expect(run("percent-over-100", withCategory("满意度", [ind("满意度", "服务对象满意度", "≥100.01%")]))).toHaveLength(1);
  });

  it("accepts 100%, growth rates and names that are not rates", () => {
    expect(run("percent-over-100", withCategory("质量", [ind("质量", "验收合格率", "=100.00%")]))).toEqual([]);
    expect(run("percent-over-100", withCategory("经济效益", [ind("经济效益", "交易额同比增长率", "≥150%")]))).toEqual([]);
    expect(run("percent-over-100", withCategory("经济效益", [ind("经济效益", "资金撬动比例", "≥300%")]))).toEqual([]);
  });
});

describe("equals-on-count", () => {
  it("suggests ≥ for an = count", () => {
    const [finding] = run("equals-on-count", withCategory("数量", [ind("数量", "碎纸机", "=4台")]));
    expect(finding).toMatchObject({ severity: "info", indicatorIndex: 0 });
    expect(finding?.message).toContain("≥4台");
  });

  it("accepts =0, ≥ counts, frequencies and counts outside 数量", () => {
    expect(run("equals-on-count", withCategory("数量", [ind("数量", "安全事故数", "=0个")]))).toEqual([]);
    expect(run("equals-on-count", withCategory("数量", [ind("数量", "碎纸机", "≥4台")]))).toEqual([]);
    expect(run("equals-on-count", withCategory("数量", [ind("数量", "机房巡检", "=1次/月")]))).toEqual([]);
    expect(run("equals-on-count", withCategory("社会效益", [ind("社会效益", "重要系统安全事故数", "=0个")]))).toEqual([]);
  });
});

describe("unit-budget-mismatch", () => {
  const a = base({ name: "甲", budgetWan: "3.00" });
  const b = base({ name: "乙", budgetWan: "7.005" });
  const c = base({ name: "丙", unitCode: "309002", unitName: "中心", budgetWan: "1.00" });

  it("accepts exact sums", () => {
    expect(run("unit-budget-mismatch", [a, b, c], { fiscalYear: 2025, unitProjectTotalsWan: { "309001": "10.005", "309002": "1.00" } })).toEqual([]);
  });

  it("flags a unit whose budgets differ from its total, at the unit's first project", () => {
    const [finding, ...rest] = run("unit-budget-mismatch", [c, a, b], { fiscalYear: 2025, unitProjectTotalsWan: { "309001": "10.01", "309002": "1.00" } });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: "error", projectIndex: 1 });
    expect(finding?.message).toContain("2个项目的预算资金总额合计10.005万元");
    expect(finding?.message).toContain("10.01万元");
    expect(finding?.message).toContain("少0.005万元");
  });

  it("warns about a unit in the totals without projects, and projects of an unknown unit", () => {
    const findings = run("unit-budget-mismatch", [a, b, c], { fiscalYear: 2025, unitProjectTotalsWan: { "309001": "10.005", "309003": "5.00", "309004": "0.00" } });
    expect(findings.map((f) => [f.severity, f.projectIndex])).toEqual([
      ["warning", -1],
      ["warning", 2],
    ]);
    expect(findings[0]?.message).toContain("309003");
    expect(findings[1]?.message).toContain("309002");
  });

  it("stays silent when no totals are known", () => {
    expect(run("unit-budget-mismatch", [a], { fiscalYear: 2025 })).toEqual([]);
    expect(run("unit-budget-mismatch", [a], { fiscalYear: 2025, unitProjectTotalsWan: {} })).toEqual([]);
  });
});

describe("satisfaction-target-low", () => {
  it("flags a satisfaction target below 80%", () => {
    const [finding] = run("satisfaction-target-low", withCategory("满意度", [ind("满意度", "服务对象满意度", "≥75%")]));
    expect(finding).toMatchObject({ severity: "warning", indicatorIndex: 5 });
    expect(finding?.message).toContain("低于80%");
  });

  it("accepts 80% and complaint-style ceilings", () => {
    expect(run("satisfaction-target-low", withCategory("满意度", [ind("满意度", "服务对象满意度", "≥80%")]))).toEqual([]);
    expect(run("satisfaction-target-low", withCategory("满意度", [ind("满意度", "用户不满意率", "≤5%")]))).toEqual([]);
  });
});

describe("timeliness-beyond-year", () => {
  it("flags a month outside 1–12", () => {
    expect(run("timeliness-beyond-year", withCategory("时效", [ind("时效", "完成时间", "=13月")]))[0]).toMatchObject({ severity: "error", indicatorIndex: 2 });
    expect(run("timeliness-beyond-year", withCategory("时效", [ind("时效", "完成时间", "≤0月底")]))).toHaveLength(1);
  });

  it("accepts 12月底 and durations", () => {
    expect(run("timeliness-beyond-year", withCategory("时效", [ind("时效", "完成时间", "≤12月底")]))).toEqual([]);
    expect(run("timeliness-beyond-year", withCategory("时效", [ind("时效", "建设周期", "≤18个月")]))).toEqual([]);
  });
});

describe("empty-annual-goal", () => {
  it.each([[""], ["  "], ["无"], ["/"]])("flags %j", (goal) => {
    expect(run("empty-annual-goal", base({ annualGoal: goal }))[0]).toMatchObject({ severity: "error", projectIndex: 0 });
  });

  it("accepts a goal", () => {
    expect(run("empty-annual-goal", base())).toEqual([]);
  });
});

describe("missing-unit", () => {
  it("flags a quantitative target without a unit", () => {
    expect(run("missing-unit", withCategory("数量", [ind("数量", "开展培训", "≥5")]))[0]).toMatchObject({ severity: "warning", indicatorIndex: 0 });
  });

  it("accepts units and qualitative targets", () => {
    expect(run("missing-unit", withCategory("数量", [ind("数量", "开展培训", "≥5次"), ind("数量", "培训覆盖全员", "是")]))).toEqual([]);
  });
});

describe("duplicate-indicator", () => {
  it("flags the second occurrence of a name in one category", () => {
    const [finding] = run("duplicate-indicator", withCategory("质量", [ind("质量", "故障排除率", "≥95%"), ind("质量", "故障排除率 ", "=100%")]));
    expect(finding).toMatchObject({ severity: "warning", indicatorIndex: 2 });
  });

  it("accepts the same name in different categories", () => {
    expect(run("duplicate-indicator", withCategory("质量", [ind("质量", "系统稳定运行率", "≥95%")]))).toEqual([]);
  });
});

describe("cost-not-monetary", () => {
  it("notes a cost category with rates only", () => {
    const [finding] = run("cost-not-monetary", withCategory("成本", [ind("成本", "预算控制率", "≤100%")]));
    expect(finding).toMatchObject({ severity: "info", indicatorIndex: 3 });
    expect(finding?.message).toContain("“预算控制率”（≤100%）");
  });

  it("accepts a cost category with a money amount, and leaves a missing category to missing-category", () => {
    expect(run("cost-not-monetary", withCategory("成本", [ind("成本", "预算控制率", "≤100%"), ind("成本", "运维费用", "≤10万元")]))).toEqual([]);
    expect(run("cost-not-monetary", withCategory("成本", []))).toEqual([]);
  });
});

describe("cost-sum-mismatch at the budget's shown precision", () => {
  it("accepts costs that round to the budget as the table prints it, and not a cent more", () => {
    const project = (budgetWan: string, ...costs: string[]) =>
      withCategory("成本", costs.map((c, i) => ind("成本", `费用${i + 1}`, c)), { budgetWan });
    expect(run("cost-sum-mismatch", project("2.16", "≤2.1587万元"))).toEqual([]);
    expect(run("cost-sum-mismatch", project("2.16", "≤1.1550万元", "≤1万元"))).toEqual([]); // 2.155 rounds half up
    expect(run("cost-sum-mismatch", project("2.16", "≤2.1549万元"))).toHaveLength(1);
    expect(run("cost-sum-mismatch", project("2.16", "≤21587元"))).toEqual([]);
    // A budget written with more decimals is compared at those decimals.
    expect(run("cost-sum-mismatch", project("2.1587", "≤1.16万元", "≤1万元"))).toHaveLength(1);
  });
});

describe("equals-on-count, grouped", () => {
  it("gives one finding per project that lists every “=” count", () => {
    const project = withCategory("数量", [ind("数量", "碎纸机", "=4台"), ind("数量", "书柜", "=2张"), ind("数量", "巡检", "≥12次")]);
    const findings = run("equals-on-count", project);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "info", projectIndex: 0 });
    expect(findings[0]?.indicatorIndex).toBeUndefined();
    expect(findings[0]?.message).toBe("项目“测试项目”有 2 个数量指标用了“=”：“碎纸机”（=4台）、“书柜”（=2张）；数量指标通常写成“≥”，表示至少完成的数量，请确认是否修改；若必须恰好是这个数量（如按台数采购）可保留。");
  });
});

describe("wrong-category", () => {
  it("flags complaints under 满意度, satisfaction under a benefit, a rate under 数量", () => {
    const complaints = run("wrong-category", withCategory("满意度", [ind("满意度", "全年用户投诉量", "≤50个"), ind("满意度", "用户满意度", "≥90%")]));
    expect(complaints).toHaveLength(1);
    expect(complaints[0]).toMatchObject({ severity: "warning", indicatorIndex: 5 });
    expect(complaints[0]?.message).toContain("“全年用户投诉量”（≤50个）放在服务对象满意度指标下");
    expect(complaints[0]?.message).toContain("请移到质量指标或社会效益指标");
    expect(run("wrong-category", withCategory("社会效益", [ind("社会效益", "群众满意度", "≥90%")]))[0]?.message).toContain("请移到满意度指标");
    expect(run("wrong-category", withCategory("数量", [ind("数量", "验收合格率", "=100%")]))[0]?.message).toContain("请移到质量指标");
  });

  it("accepts an indicator where it belongs, and complaint handling measured as satisfaction", () => {
    expect(run("wrong-category", base())).toEqual([]);
    expect(run("wrong-category", withCategory("满意度", [ind("满意度", "投诉处理满意度", "≥90%")]))).toEqual([]);
    expect(run("wrong-category", withCategory("质量", [ind("质量", "投诉办结率", "≥95%")]))).toEqual([]);
  });
});

describe("benefit-only-duration", () => {
  it("flags a benefit that is only how long (=1年, ≥3个月)", () => {
    const [finding, ...rest] = run("benefit-only-duration", withCategory("社会效益", [ind("社会效益", "保障系统安全稳定", "=1年")]));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: "warning", indicatorIndex: 4 });
    expect(finding?.message).toContain("社会效益指标“保障系统安全稳定”（=1年）只写了持续时间");
    expect(run("benefit-only-duration", withCategory("可持续效益", [ind("可持续效益", "发挥作用期限", "≥3个月")]))).toHaveLength(1);
  });

  it("accepts durations outside benefits and benefits with a measure", () => {
    expect(run("benefit-only-duration", withCategory("时效", [ind("时效", "完成时限", "≤3个月")]))).toEqual([]);
    expect(run("benefit-only-duration", withCategory("社会效益", [ind("社会效益", "受益群众", "≥1000人")]))).toEqual([]);
    expect(run("benefit-only-duration", withCategory("社会效益", [ind("社会效益", "影响年限", "长期")]))).toEqual([]);
  });
});

describe("duplicate-annual-goal", () => {
  it("flags the later of two projects whose goals are the same, whitespace and width aside", () => {
    const a = base({ name: "甲项目", annualGoal: "提升全市信息化工作水平，统筹信息化资源" });
    const b = base({ name: "乙项目", annualGoal: "提升全市信息化工作水平， 统筹信息化资源\n" });
    const findings = run("duplicate-annual-goal", [a, b, base({ name: "丙项目" })]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "warning", projectIndex: 1 });
    expect(findings[0]?.message).toContain("项目“乙项目”的年度绩效目标与项目“甲项目”完全相同");
  });

  it("leaves empty goals to empty-annual-goal", () => {
    expect(run("duplicate-annual-goal", [base({ name: "甲", annualGoal: "" }), base({ name: "乙", annualGoal: "无" })])).toEqual([]);
  });
});
