// Rules on the shape of a project's target set: required categories, measurability, the annual goal,
// duplicates. 财预〔2020〕10号 structures targets as 产出 (数量/质量/时效/成本), 效益 and 满意度.

import { categoryLabel, compact, indicatorFinding, projectFinding, projectLabel } from "./helpers";
import type { Category } from "@/lib/targets/types";
import type { Finding, ReviewIndicator, Rule } from "./types";

const BENEFITS: readonly Category[] = ["经济效益", "社会效益", "生态效益", "可持续效益"];

// One entry per kind the domain requires (docs/domain.md, "Target review": no 满意度, no 成本, no 效益),
// plus 数量: without an output quantity nothing says what the money buys.
const REQUIRED_KINDS: ReadonlyArray<{ label: string; categories: readonly Category[]; example: string }> = [
  { label: "数量指标", categories: ["数量"], example: "如“完成××次（≥4次）”“覆盖××个单位（≥10个）”" },
  { label: "成本指标", categories: ["成本"], example: "按主要支出内容列出成本金额，如“××费用（≤预算金额 万元）”" },
  { label: "效益指标（经济、社会、生态或可持续效益）", categories: BENEFITS, example: "说明项目带来的效果，如“系统全年安全稳定运行率（≥99%）”" },
  { label: "满意度指标", categories: ["满意度"], example: "如“服务对象满意度（≥90%）”" },
];

export const missingCategory: Rule = {
  id: "missing-category",
  title: "缺少必备指标类别",
  description: "每个项目都应设置数量、成本、效益和满意度指标，缺少任一类别的绩效目标不完整，财政部门审核时会退回。",
  severity: "warning",
  check(project, index) {
    const present = new Set(project.indicators.map((i) => i.category));
    return REQUIRED_KINDS.filter((kind) => !kind.categories.some((c) => present.has(c))).map((kind) =>
      projectFinding(missingCategory, project, index, `${projectLabel(project)}没有${kind.label}；请补充，${kind.example}。`),
    );
  },
};

const MEASURABLE: ReadonlyArray<{ category: Category; example: string }> = [
  { category: "数量", example: "如“开展××次（≥4次）”“完成××个（≥10个）”" },
  { category: "质量", example: "如“验收合格率（=100%）”“故障排除率（≥95%）”" },
  { category: "时效", example: "如“完成时间（≤12月）”“响应时间（≤30分钟）”" },
  { category: "成本", example: "如“××费用（≤预算金额 万元）”" },
];

// docs/domain.md: timeliness may be "a yes/no on a dated statement" (`2025年12月底前完成采购合同(是)`);
// such a statement carries its deadline in the name, so it is effectively measurable.
const DEADLINE_IN_NAME = /\d{1,2}月|年底|年末|年内|年度内|季度|\d+(?:个)?(?:工作日|日|天|小时|分钟)/;

function isMeasurableAsWritten(indicator: ReviewIndicator): boolean {
  if (indicator.comparator !== "qualitative") return true;
  return indicator.category === "时效" && DEADLINE_IN_NAME.test(compact(indicator.name));
}

export const qualitativeOnlyCategory: Rule = {
  id: "qualitative-only-category",
  title: "可量化指标仅有定性表述",
  description: "数量、质量、时效、成本指标可以量化，只写“良好”“是”等定性目标无法客观考核，应改为带数值和计量单位的目标。",
  severity: "warning",
  check(project, index) {
    const findings: Finding[] = [];
    for (const { category, example } of MEASURABLE) {
      const items = project.indicators.map((indicator, i) => ({ indicator, i })).filter((x) => x.indicator.category === category);
      const [first] = items;
      if (first === undefined || items.some((x) => isMeasurableAsWritten(x.indicator))) continue;
      const listed = items.map((x) => `“${x.indicator.name}”（${x.indicator.value}）`).join("、");
      findings.push(
        indicatorFinding(
          qualitativeOnlyCategory,
          project,
          index,
          first.i,
          `${projectLabel(project)}的${categoryLabel(category)}只有定性表述${listed}，无法客观衡量；请改为可量化的目标，${example}。`,
        ),
      );
    }
    return findings;
  },
};

const PLACEHOLDER = /^(?:无|暂无|空|略|\/|-+|—+|——)?$/;

export const emptyAnnualGoal: Rule = {
  id: "empty-annual-goal",
  title: "年度绩效目标为空",
  description: "年度绩效目标是指标设置的依据，空白或只填“无”“/”的项目绩效目标不完整，应写明当年要完成的产出和效果。",
  severity: "error",
  check(project, index) {
    if (!PLACEHOLDER.test(compact(project.annualGoal))) return [];
    return [
      projectFinding(
        emptyAnnualGoal,
        project,
        index,
        `${projectLabel(project)}没有填写年度绩效目标；请写明本年度用这笔资金要完成的主要产出和预期效果（与下方各项指标对应）。`,
      ),
    ];
  },
};

export const duplicateIndicator: Rule = {
  id: "duplicate-indicator",
  title: "指标重复",
  description: "同一项目同一类别下名称相同的指标会重复考核、重复计分，应合并或区分名称。",
  severity: "warning",
  check(project, index) {
    const seen = new Map<string, number>();
    const findings: Finding[] = [];
    project.indicators.forEach((indicator, i) => {
      const key = `${indicator.category}\u0000${compact(indicator.name)}`;
      const earlier = seen.get(key);
      if (earlier === undefined) {
        seen.set(key, i);
        return;
      }
      findings.push(
        indicatorFinding(
          duplicateIndicator,
          project,
          index,
          i,
          `${projectLabel(project)}的${categoryLabel(indicator.category)}“${indicator.name}”出现了不止一次（第${earlier + 1}项和第${i + 1}项）；请合并为一项，或改用能区分内容的名称。`,
        ),
      );
    });
    return findings;
  },
};
