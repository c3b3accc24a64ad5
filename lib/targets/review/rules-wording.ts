// Rules on what an indicator says against where it sits, and on goals copied between projects —
// checks finance bureaus apply by reading, not by arithmetic.

import { categoryLabel, compact, indicatorFinding, indicatorLabel, projectFinding, projectLabel, targetText } from "./helpers";
import type { Category } from "@/lib/targets/types";
import type { Finding, Rule } from "./types";

const BENEFITS: ReadonlySet<Category> = new Set(["经济效益", "社会效益", "生态效益", "可持续效益"]);

// What a name says it measures, against the categories that measure it. Each entry is a reviewer's
// reason for sending a target back.
const MISPLACED: ReadonlyArray<{ in: (c: Category) => boolean; name: RegExp; unless?: RegExp; belongs: string; why: string }> = [
  {
    in: (c) => c === "满意度",
    name: /投诉|差错|事故|故障|违规|举报|差评|退件/,
    unless: /满意/,
    belongs: "质量指标或社会效益指标",
    why: "投诉、差错、事故一类衡量的是服务质量或社会效果，不是服务对象的满意程度",
  },
  {
    in: (c) => BENEFITS.has(c),
    name: /满意/,
    belongs: "满意度指标",
    why: "满意程度应单列为满意度指标，按满意度计分",
  },
  {
    in: (c) => c === "数量",
    name: /(?:合格|达标|准确|完好|正确|优良|验收通过|完成)率/,
    belongs: "质量指标",
    why: "比率衡量的是完成得好不好，不是完成了多少",
  },
];

export const wrongCategory: Rule = {
  id: "wrong-category",
  title: "指标放错类别",
  description: "指标应放在它所衡量内容的类别下：投诉量、差错率不是满意度，满意度不是社会效益，合格率不是数量；放错类别会按错误的分值计分。",
  severity: "warning",
  check(project, index) {
    const findings: Finding[] = [];
    project.indicators.forEach((indicator, i) => {
      const name = compact(indicator.name);
      const rule = MISPLACED.find((m) => m.in(indicator.category) && m.name.test(name) && !(m.unless?.test(name) ?? false));
      if (!rule) return;
      findings.push(indicatorFinding(wrongCategory, project, index, i, `${projectLabel(project)}的“${indicator.name}”（${targetText(indicator)}）放在${categoryLabel(indicator.category)}下，但${rule.why}；请移到${rule.belongs}。`));
    });
    return findings;
  },
};

// A benefit written as how long something lasts (`=1年`, `≥3年`) says nothing about the benefit.
const DURATION = /^(?:个)?(?:年|月|个月|周|天|日)$/;

export const benefitOnlyDuration: Rule = {
  id: "benefit-only-duration",
  title: "效益指标只写了期限",
  description: "效益指标应说明项目带来的效果（受益人数、比率的提高、成本的节约等），只写“=1年”“≥3年”一类持续时间无法衡量效果。",
  severity: "warning",
  check(project, index) {
    const findings: Finding[] = [];
    project.indicators.forEach((indicator, i) => {
      if (!BENEFITS.has(indicator.category) || indicator.comparator === "qualitative" || !DURATION.test(compact(indicator.unit))) return;
      findings.push(
        indicatorFinding(
          benefitOnlyDuration,
          project,
          index,
          i,
          `${projectLabel(project)}的${indicatorLabel(indicator)}只写了持续时间，没有说明带来什么效果；请改为可衡量的效果，如“受益群众人数（≥××人）”“××率（较上年提高××个百分点）”。`,
        ),
      );
    });
    return findings;
  },
};

const PLACEHOLDER = /^(?:无|暂无|空|略|\/|-+|—+|——)?$/;

export const duplicateAnnualGoal: Rule = {
  id: "duplicate-annual-goal",
  title: "年度绩效目标与其他项目相同",
  description: "每个项目的年度绩效目标应写明本项目的产出和效果；两个项目的目标一字不差，多是复制后未修改。",
  severity: "warning",
  check() {
    return []; // across projects: see checkAll
  },
  checkAll(projects) {
    const first = new Map<string, number>();
    const findings: Finding[] = [];
    projects.forEach((project, index) => {
      const key = compact(project.annualGoal);
      if (PLACEHOLDER.test(key)) return; // empty-annual-goal reports it
      const earlier = first.get(key);
      if (earlier === undefined) return void first.set(key, index);
      const other = projects[earlier]!;
      const goal = project.annualGoal.trim();
      findings.push(
        projectFinding(
          duplicateAnnualGoal,
          project,
          index,
          `${projectLabel(project)}的年度绩效目标与${projectLabel(other)}完全相同（“${goal.length > 40 ? `${goal.slice(0, 40)}…` : goal}”）；请写明本项目自己要完成的产出和效果。`,
        ),
      );
    });
    return findings;
  },
};
