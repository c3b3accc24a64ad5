// The checks finance reviewers apply to next year's targets drafted from this year's results
// (绩效目标申报). They look only at a continuing project (one drafted from a project of the year
// before, ReviewProject.previous) and at its indicators copied from one of that project's
// (ReviewIndicator.previousId); a project or indicator added anew has nothing to compare with.
//  1. A forward target (≥, >) set below what the project already achieved: next year's 目标 is
//     lower than this year's actual, in the same unit.
//  2. An indicator missed this year (not fully met on the form) copied with the very same target:
//     the cause was not addressed by a revised target.
//  3. A project graded 中 or 差 whose targets were not revised at all.
//  4. A budget raised while this year's execution lagged (the year-end execution 预警 or 滞后).

import { compareDecimal, formatDecimalWan, parseDecimal, subtractDecimal } from "@/lib/decimal";
import { actualWithUnit, formatTarget } from "@/lib/targets/parse-target";
import { indicatorFinding, projectFinding, projectLabel } from "./helpers";
import type { PreviousLine, ReviewIndicator, ReviewProject, Rule } from "./types";

const shown = (i: Pick<ReviewIndicator, "comparator" | "value" | "unit">) => formatTarget({ comparator: i.comparator, value: i.value, unit: i.unit });
const sameTarget = (i: ReviewIndicator, p: PreviousLine) => i.comparator === p.comparator && i.unit === p.unit && (i.comparator === "qualitative" ? i.value.trim() === p.value.trim() : parseDecimal(i.value) !== null && parseDecimal(p.value) !== null && compareDecimal(parseDecimal(i.value)!, parseDecimal(p.value)!) === 0);

/** Each copied indicator with the line of the year before it continues. */
function copied(project: ReviewProject): { index: number; indicator: ReviewIndicator; before: PreviousLine }[] {
  const lines = project.previous?.lines ?? {};
  return project.indicators.flatMap((indicator, index) => {
    const before = indicator.previousId ? lines[indicator.previousId] : undefined;
    return before ? [{ index, indicator, before }] : [];
  });
}

export const targetBelowActual: Rule = {
  id: "target-below-actual",
  title: "目标低于上年实际完成值",
  description: "延续项目的正向指标（≥、>）下一年度目标低于本年度已实现的实际完成值，目标设定偏低，财政审核会退回要求提高。",
  severity: "warning",
  check(project, index) {
    const year = project.previous?.year;
    return copied(project).flatMap(({ index: n, indicator, before }) => {
      if ((indicator.comparator !== ">=" && indicator.comparator !== ">") || before.actualNumber === null || indicator.unit !== before.unit) return [];
      const target = parseDecimal(indicator.value);
      const actual = parseDecimal(before.actualNumber);
      if (!target || !actual || compareDecimal(target, actual) >= 0) return [];
      return [indicatorFinding(targetBelowActual, project, index, n, `${projectLabel(project)}的“${indicator.name}”目标为“${shown(indicator)}”，低于 ${year} 年已实际完成的 ${actualWithUnit(before.actual!, before.unit)}；目标应不低于上年实际，请提高目标或说明原因。`)];
    });
  },
};

export const missedCopiedUnchanged: Rule = {
  id: "missed-copied-unchanged",
  title: "上年未达成的指标原样照搬",
  description: "本年度未完全达成的指标，下一年度沿用完全相同的目标值，既未分析调整目标，也未体现改进措施。",
  severity: "warning",
  check(project, index) {
    const year = project.previous?.year;
    return copied(project)
      .filter(({ indicator, before }) => !before.met && sameTarget(indicator, before))
      .map(({ index: n, indicator, before }) =>
        indicatorFinding(missedCopiedUnchanged, project, index, n, `${projectLabel(project)}的“${indicator.name}”${year} 年未完全达成（目标 ${before.target}，实际 ${before.actual === null ? "未填报" : actualWithUnit(before.actual, before.unit, before.comparator === "qualitative")}，得分 ${before.score}/${before.weight}），下一年度照搬原目标“${shown(indicator)}”；请结合偏差原因调整目标或写明保障措施。`),
      );
  },
};

export const weakGradeUnrevised: Rule = {
  id: "weak-grade-unrevised",
  title: "自评中、差的项目目标未修订",
  description: "本年度自评等级为“中”或“差”的延续项目，下一年度绩效目标没有任何修订（指标与目标值与上年完全相同）。",
  severity: "warning",
  check(project, index) {
    const previous = project.previous;
    if (!previous || (previous.grade !== "中" && previous.grade !== "差")) return [];
    const pairs = copied(project);
    const revised = pairs.length !== project.indicators.length || pairs.length !== Object.keys(previous.lines).length || pairs.some(({ indicator, before }) => !sameTarget(indicator, before) || indicator.name !== before.name);
    if (revised) return [];
    return [projectFinding(weakGradeUnrevised, project, index, `${projectLabel(project)}${previous.year} 年自评等级“${previous.grade}”（${previous.total} 分，${previous.kind}），下一年度的 ${pairs.length} 个指标及目标值与上年完全相同；请针对失分原因修订目标。`)];
  },
};

export const budgetRaisedExecutionLagged: Rule = {
  id: "budget-raised-execution-lagged",
  title: "上年执行滞后而预算增加",
  description: "延续项目本年度预算执行率落后（年末执行预警或滞后），下一年度预算反而增加，财政审核会要求说明理由或压减。",
  severity: "warning",
  check(project, index) {
    const previous = project.previous;
    if (!previous?.executionWarning) return [];
    const now = parseDecimal(project.budgetWan);
    const before = parseDecimal(previous.budgetWan);
    if (!now || !before || compareDecimal(now, before) <= 0) return [];
    return [projectFinding(budgetRaisedExecutionLagged, project, index, `${projectLabel(project)}预算 ${formatDecimalWan(now)} 万元，比 ${previous.year} 年的 ${formatDecimalWan(before)} 万元增加 ${formatDecimalWan(subtractDecimal(now, before))} 万元，而 ${previous.year} 年预算执行率仅 ${previous.executionRate ?? "—"}%（${previous.executionWarning}）；请说明增加的理由或按执行情况压减。`)];
  },
};
