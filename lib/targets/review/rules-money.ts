// Rules on money: cost indicators against the project budget, and table 12 against the unit
// totals of the other budget tables. All arithmetic is exact (see decimal.ts).

import {
  absDecimal,
  compareDecimal,
  type Decimal,
  formatDecimalWan,
  isMoneyUnit,
  moneyToWan,
  parseDecimal,
  roundDecimal,
  subtractDecimal,
  sumDecimal,
} from "@/lib/decimal";
import { indicatorFinding, indicatorLabel, projectFinding, projectLabel, targetText } from "./helpers";
import type { Finding, ReviewIndicator, ReviewProject, Rule } from "./types";

interface MoneyCost {
  index: number;
  indicator: ReviewIndicator;
  wan: Decimal;
}

function moneyCosts(project: ReviewProject): MoneyCost[] {
  const costs: MoneyCost[] = [];
  project.indicators.forEach((indicator, index) => {
    if (indicator.category !== "成本" || indicator.comparator === "qualitative") return;
    const wan = moneyToWan(indicator.value, indicator.unit);
    if (wan !== null) costs.push({ index, indicator, wan });
  });
  return costs;
}

function wanNote(cost: MoneyCost): string {
  // Say what a 元 figure is in 万元, so the comparison with the budget can be checked by eye.
  return cost.indicator.unit.trim() === "万元" ? "" : `，折合${formatDecimalWan(cost.wan)}万元`;
}

export const costExceedsBudget: Rule = {
  id: "cost-exceeds-budget",
  title: "成本指标超出项目预算",
  description: "检查以金额表示的成本指标是否大于项目预算资金总额，成本不可能超过预算，多为金额或计量单位（元/万元）填错。",
  severity: "error",
  check(project, index) {
    const budget = parseDecimal(project.budgetWan);
    if (budget === null) return [];
    return moneyCosts(project)
      .filter((cost) => compareDecimal(cost.wan, budget) > 0)
      .map((cost) =>
        indicatorFinding(
          costExceedsBudget,
          project,
          index,
          cost.index,
          `${projectLabel(project)}的${indicatorLabel(cost.indicator)}${wanNote(cost)}，比项目预算资金总额${formatDecimalWan(budget)}万元` +
            `多${formatDecimalWan(subtractDecimal(cost.wan, budget))}万元；成本指标不能大于预算，请核对金额和计量单位（元/万元）。`,
        ),
      );
  },
};

export const costSumMismatch: Rule = {
  id: "cost-sum-mismatch",
  title: "成本指标合计与项目预算不一致",
  description: "以“≤”或“=”金额表示的成本指标合计应等于项目预算资金总额（按预算所写的位数四舍五入后相等即可），不等说明成本测算有遗漏、重复或与预算脱节。",
  severity: "warning",
  check(project, index) {
    const budget = parseDecimal(project.budgetWan);
    if (budget === null) return [];
    const costs = moneyCosts(project).filter((c) => c.indicator.comparator === "<=" || c.indicator.comparator === "=");
    const [first] = costs;
    if (first === undefined) return [];
    const total = sumDecimal(costs.map((c) => c.wan));
    const difference = subtractDecimal(total, budget);
    const sign = compareDecimal(total, budget);
    // Budgets are published in 万元 with two decimals: 2.1587 万元 of costs IS the 2.16 万元 budget
    // as the table shows it, so only a difference that survives that rounding is a finding.
    if (compareDecimal(roundDecimal(total, Math.max(2, budget.scale)), budget) === 0) return [];
    // A single item above the budget is already an error of cost-exceeds-budget; repeating it here
    // as a sum would only add noise.
    if (costs.length === 1 && sign > 0) return [];
    const what = costs.length === 1 ? `成本指标“${first.indicator.name}”金额${formatDecimalWan(total)}万元` : `${costs.length}项成本金额指标合计${formatDecimalWan(total)}万元`;
    const direction = sign < 0 ? "少于预算" : "多于预算";
    return [
      projectFinding(
        costSumMismatch,
        project,
        index,
        `${projectLabel(project)}的${what}，项目预算资金总额${formatDecimalWan(budget)}万元，${direction}${formatDecimalWan(absDecimal(difference))}万元；` +
          `成本指标应按支出内容分项列出，合计等于预算资金总额，请调整金额或补列遗漏的成本项。`,
      ),
    ];
  },
};

function budgetExample(budgetWan: string): string {
  const budget = parseDecimal(budgetWan);
  return budget === null ? "预算金额 万元" : `${formatDecimalWan(budget)}万元`;
}

export const costNotMonetary: Rule = {
  id: "cost-not-monetary",
  title: "成本指标未列金额",
  description: "成本指标只写“预算控制率≤100%”一类比率时说明不了花多少钱办多少事，应按主要支出内容列出成本金额。",
  severity: "info",
  check(project, index) {
    const costs = project.indicators.map((indicator, i) => ({ indicator, i })).filter((c) => c.indicator.category === "成本");
    const [first] = costs;
    if (first === undefined) return []; // missing-category reports a project without any cost indicator
    if (costs.some((c) => c.indicator.comparator !== "qualitative" && isMoneyUnit(c.indicator.unit))) return [];
    const listed = costs.map((c) => `“${c.indicator.name}”（${targetText(c.indicator)}）`).join("、");
    return [
      indicatorFinding(
        costNotMonetary,
        project,
        index,
        first.i,
        `${projectLabel(project)}的成本指标只有${listed}，没有以金额表示的成本；` +
          `建议按主要支出内容列出成本金额（如“××费用 ≤${budgetExample(project.budgetWan)}”），使其合计等于预算资金总额。`,
      ),
    ];
  },
};

export const unitBudgetMismatch: Rule = {
  id: "unit-budget-mismatch",
  title: "单位项目预算合计与预算表不一致",
  description: "按单位汇总项目绩效目标表的预算资金总额，应等于部门支出总体情况表等报表中该单位的项目支出数，不一致说明有项目漏报、多报或金额填错。",
  severity: "error",
  check() {
    return []; // department-level: see checkAll
  },
  checkAll(projects, ctx) {
    const totals = ctx.unitProjectTotalsWan;
    // No totals (or none could be read from the other tables) means there is nothing to compare with.
    if (totals === undefined || Object.keys(totals).length === 0) return [];
    const findings: Finding[] = [];
    const units = new Map<string, number[]>();
    projects.forEach((p, i) => {
      const code = p.unitCode.trim();
      units.set(code, [...(units.get(code) ?? []), i]);
    });
    const exclusionNote = "（按规定不公开的涉密项目不列入本表，如属此情况请在说明中注明差额原因）";

    for (const [code, totalText] of Object.entries(totals)) {
      const total = parseDecimal(totalText);
      if (total === null) continue;
      const indexes = units.get(code) ?? [];
      const [firstIndex] = indexes;
      if (firstIndex === undefined) {
        if (total.units === 0n) continue;
        findings.push({
          ruleId: unitBudgetMismatch.id,
          severity: "warning",
          projectIndex: -1,
          message:
            `单位${code}在预算报表中项目支出为${formatDecimalWan(total)}万元，但项目绩效目标表中没有该单位的项目；` +
            `请补报该单位项目的绩效目标，或核对单位代码${exclusionNote}。`,
        });
        continue;
      }
      const budgets = indexes.map((i) => parseDecimal(projects[i]?.budgetWan ?? ""));
      if (budgets.some((b) => b === null)) continue; // an unreadable budget cannot be summed honestly
      const sum = sumDecimal(budgets.filter((b): b is Decimal => b !== null));
      const sign = compareDecimal(sum, total);
      if (sign === 0) continue;
      const firstProject = projects[firstIndex];
      if (firstProject === undefined) continue;
      const unitName = firstProject.unitName.trim() === "" ? "" : `（${firstProject.unitName.trim()}）`;
      findings.push(
        projectFinding(
          unitBudgetMismatch,
          firstProject,
          firstIndex,
          `单位${code}${unitName}在项目绩效目标表中${indexes.length}个项目的预算资金总额合计${formatDecimalWan(sum)}万元，` +
            `与预算报表中该单位的项目支出${formatDecimalWan(total)}万元不一致，${sign > 0 ? "多" : "少"}${formatDecimalWan(absDecimal(subtractDecimal(sum, total)))}万元；` +
            `请核对各项目的预算资金总额，确认是否有项目漏报或多报${exclusionNote}。`,
        ),
      );
    }

    for (const [code, indexes] of units) {
      if (Object.hasOwn(totals, code)) continue;
      const [firstIndex] = indexes;
      const firstProject = firstIndex === undefined ? undefined : projects[firstIndex];
      if (firstIndex === undefined || firstProject === undefined) continue;
      const sum = sumDecimal(indexes.map((i) => parseDecimal(projects[i]?.budgetWan ?? "")).filter((b): b is Decimal => b !== null));
      const who = code === "" ? `${indexes.length}个项目未填写单位代码` : `单位${code}${firstProject.unitName.trim() === "" ? "" : `（${firstProject.unitName.trim()}）`}有${indexes.length}个项目`;
      findings.push(
        projectFinding(
          unitBudgetMismatch,
          firstProject,
          firstIndex,
          `${who}（预算合计${formatDecimalWan(sum)}万元），但预算报表中没有该单位的项目支出数，无法核对；请核对单位代码是否正确。`,
          "warning",
        ),
      );
    }
    return findings;
  },
};
