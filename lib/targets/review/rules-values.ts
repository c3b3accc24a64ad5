// Rules on individual target values: dates, months, percentages, comparators and units.

import { compareDecimal, parseDecimal } from "@/lib/decimal";
import { compact, indicatorFinding, indicatorLabel, projectFinding, projectLabel } from "./helpers";
import type { Finding, ReviewIndicator, Rule } from "./types";

// ---------------------------------------------------------------------------------------------
// deadline-wrong-year

export interface DeadlineMention {
  year: number;
  /** the deadline phrase as written, e.g. `2024年12月底前完成` */
  phrase: string;
}

const YEAR = /(?<!\d)(?:19|20)\d{2}(?!\d)/g;
// `2023-2025年`, `2023年至2025年`: the first year opens a range and is no deadline.
const RANGE_START = /^年?[-–—~～至到](?:19|20)\d{2}(?!\d)/;
const MONTH_DAY = String.raw`(?:\d{1,2}月份?(?:\d{1,2}[日号])?)?`;
// After `YYYY`: `年底`, `年末`, `年12月底前`, `年内`, `年度内完成`, `年12月31日止`, `年完成`.
// `前` followed by a number is a period (`2024年前三季度`), not a deadline.
const DEADLINE_AFTER = new RegExp(
  String.raw`^年度?${MONTH_DAY}(?:底前|末前|底|末|前(?![一二三四五六七八九十两几\d个])|之前|以前|内|止|上旬|中旬|下旬)?` +
    String.raw`(?:全面|全部|基本|如期|按期|按时|顺利)?(?:完成|完工|建成|竣工|验收|交付|上线|投入使用|投用|结束|办结)?`,
);
const HAS_DEADLINE_WORD = /底|末|前|之前|以前|内|止|旬|完成|完工|建成|竣工|验收|交付|上线|投入使用|投用|结束|办结/;
// `截至2024年12月31日`: the word before the year makes any date a deadline.
const DEADLINE_BEFORE = /(?:截至|截止到|截止至|截止|不晚于|最迟于?|最晚于?)$/;
// `一期已于2024年完成` reports a past fact in the goal's background, not this year's deadline.
const PAST_BEFORE = /(?:已经|已|曾)(?:于|在)?$/;

/**
 * Years used as deadlines in a text: `2024年12月底前完成`, `2024年底`, `于2024年完成`, `截至2024年6月30日`.
 * Not `近3年`, `2024年度` (a reference to a year's work), a range start (`2023-2025年`) or a number
 * that is not followed by 年.
 */
export function findDeadlineYears(text: string): DeadlineMention[] {
  const s = compact(text);
  const mentions: DeadlineMention[] = [];
  for (const m of s.matchAll(YEAR)) {
    const start = m.index;
    const end = start + m[0].length;
    const after = s.slice(end);
    const before = s.slice(Math.max(0, start - 6), start);
    if (!after.startsWith("年") || RANGE_START.test(after) || PAST_BEFORE.test(before)) continue;
    const tail = DEADLINE_AFTER.exec(after)?.[0] ?? "年";
    const prefix = DEADLINE_BEFORE.exec(before)?.[0];
    if (prefix !== undefined) {
      // Any date after 截至/不晚于 is a deadline; include the month and day that follow.
      const date = new RegExp(String.raw`^年${MONTH_DAY}`).exec(after)?.[0] ?? "年";
      const longer = tail.length > date.length ? tail : date;
      mentions.push({ year: Number(m[0]), phrase: `${prefix}${m[0]}${longer}` });
      continue;
    }
    if (!HAS_DEADLINE_WORD.test(tail.slice(1).replace(/^度/, ""))) continue;
    mentions.push({ year: Number(m[0]), phrase: `${m[0]}${tail}` });
  }
  return mentions;
}

function indicatorDeadlines(indicator: ReviewIndicator): DeadlineMention[] {
  const mentions = findDeadlineYears(indicator.name);
  if (indicator.comparator === "qualitative") return [...mentions, ...findDeadlineYears(indicator.value)];
  mentions.push(...findDeadlineYears(`${indicator.value}${indicator.unit}`));
  // `完成时间(≤2024年)`: in a timeliness indicator a bare year as the target value is the deadline.
  if (indicator.category === "时效" && /^年/.test(compact(indicator.unit)) && /^(?:19|20)\d{2}$/.test(indicator.value) && mentions.length === 0) {
    mentions.push({ year: Number(indicator.value), phrase: `${indicator.value}${indicator.unit}` });
  }
  return mentions;
}

function wrongYearAdvice(mentions: DeadlineMention[], fiscalYear: number): string {
  const wrong = mentions.filter((m) => m.year !== fiscalYear);
  const phrases = [...new Set(wrong.map((m) => `“${m.phrase}”`))].join("、");
  const years = [...new Set(wrong.map((m) => `${m.year}年`))].join("、");
  const earlier = wrong.some((m) => m.year < fiscalYear);
  return earlier
    ? `中的完成时限${phrases}在${years}，但这是${fiscalYear}年度的绩效目标；请改为${fiscalYear}年内的时限（如“${fiscalYear}年12月底前完成”），并核实是否沿用了往年的目标内容。`
    : `中的完成时限${phrases}在${years}，超出了${fiscalYear}预算年度；年度绩效目标应在预算年度内完成，请改为${fiscalYear}年内可完成的时限，跨年度的内容写入项目中长期目标。`;
}

export const deadlineWrongYear: Rule = {
  id: "deadline-wrong-year",
  title: "完成时限年份与预算年度不符",
  description: "年度绩效目标和指标中“××××年12月底前完成”一类时限的年份应为预算年度，写成其他年份多是沿用往年目标未修改。",
  severity: "error",
  check(project, index, ctx) {
    const findings: Finding[] = [];
    const goal = findDeadlineYears(project.annualGoal);
    if (goal.some((m) => m.year !== ctx.fiscalYear)) {
      findings.push(projectFinding(deadlineWrongYear, project, index, `${projectLabel(project)}的年度绩效目标${wrongYearAdvice(goal, ctx.fiscalYear)}`));
    }
    project.indicators.forEach((indicator, i) => {
      const mentions = indicatorDeadlines(indicator);
      if (!mentions.some((m) => m.year !== ctx.fiscalYear)) return;
      findings.push(
        indicatorFinding(deadlineWrongYear, project, index, i, `${projectLabel(project)}的${indicatorLabel(indicator)}${wrongYearAdvice(mentions, ctx.fiscalYear)}`),
      );
    });
    return findings;
  },
};

// ---------------------------------------------------------------------------------------------
// timeliness-beyond-year

const MONTH_UNIT = /^月(?:底|末|份|前|初|上旬|中旬|下旬)?$/;

export const timelinessBeyondYear: Rule = {
  id: "timeliness-beyond-year",
  title: "时效指标月份超出1–12月",
  description: "以月份表示的时效指标（如“≤12月”）应是预算年度内的1–12月，写成13月或0月说明目标值填错。",
  severity: "error",
  check(project, index) {
    const findings: Finding[] = [];
    project.indicators.forEach((indicator, i) => {
      if (indicator.category !== "时效" || indicator.comparator === "qualitative" || !MONTH_UNIT.test(compact(indicator.unit))) return;
      const month = /^\d+$/.test(indicator.value) ? Number(indicator.value) : Number.NaN;
      if (month >= 1 && month <= 12) return;
      findings.push(
        indicatorFinding(
          timelinessBeyondYear,
          project,
          index,
          i,
          `${projectLabel(project)}的${indicatorLabel(indicator)}中的月份“${indicator.value}”不是1–12月中的一个月；年度指标应在预算年度内完成，请改为如“≤12月”或具体的完成月份。`,
        ),
      );
    });
    return findings;
  },
};

// ---------------------------------------------------------------------------------------------
// percent-over-100

const HUNDRED = { units: 100n, scale: 0 } as const;
// Shares and rates that cannot exceed 100%: 合格率, 覆盖率, 满意度, 完成率, 占比, 支出进度 ...
const RATE_WORDS = /率|满意|覆盖|完成|合格|达标|占比|进度|知晓|普及|到位/;
// Growth against a base may legitimately exceed 100% (`同比增长150%`).
const GROWTH_WORDS = /增长|增幅|增速|增加|提高|提升|同比|环比|倍/;

export const percentOver100: Rule = {
  id: "percent-over-100",
  title: "比率目标超过100%",
  description: "合格率、完成率、覆盖率、满意度、占比等比率最高为100%，目标值超过100%无法实现也无法考核；增长率一类指标不受此限。",
  severity: "error",
  check(project, index) {
    const findings: Finding[] = [];
    project.indicators.forEach((indicator, i) => {
      if (indicator.comparator === "qualitative" || compact(indicator.unit) !== "%") return;
      const value = parseDecimal(indicator.value);
      if (value === null || compareDecimal(value, HUNDRED) <= 0) return;
      const name = compact(indicator.name);
      if (!RATE_WORDS.test(name) || GROWTH_WORDS.test(name)) return;
      findings.push(
        indicatorFinding(
          percentOver100,
          project,
          index,
          i,
          `${projectLabel(project)}的${indicatorLabel(indicator)}超过100%；这类比率最高只能达到100%，请核对目标值（如“=100%”或“≥95%”），若实为增长幅度请在名称中写明“增长”。`,
        ),
      );
    });
    return findings;
  },
};

// ---------------------------------------------------------------------------------------------
// satisfaction-target-low

const SATISFACTION_FLOOR = { units: 80n, scale: 0 } as const;

export const satisfactionTargetLow: Rule = {
  id: "satisfaction-target-low",
  title: "满意度目标值偏低",
  description: "服务对象满意度目标低于80%时几乎必然达成、考核不出服务质量，财政部门通常要求不低于80%（常见为≥85%或≥90%）。",
  severity: "warning",
  check(project, index) {
    const findings: Finding[] = [];
    project.indicators.forEach((indicator, i) => {
      if (indicator.category !== "满意度" || compact(indicator.unit) !== "%" || !compact(indicator.name).includes("满意")) return;
      // Only forward targets: `≤5%` in this column is a complaint rate, not a satisfaction level.
      if (indicator.comparator !== ">=" && indicator.comparator !== ">" && indicator.comparator !== "=") return;
      const value = parseDecimal(indicator.value);
      if (value === null || compareDecimal(value, SATISFACTION_FLOOR) >= 0) return;
      findings.push(
        indicatorFinding(
          satisfactionTargetLow,
          project,
          index,
          i,
          `${projectLabel(project)}的${indicatorLabel(indicator)}低于80%；满意度目标一般不低于80%（常见为“≥85%”或“≥90%”），请提高目标值，或在说明中写明设定较低目标的理由。`,
        ),
      );
    });
    return findings;
  },
};

// ---------------------------------------------------------------------------------------------
// equals-on-count

const COUNT_UNIT = /^(?:万|千|百|亿)?(?:个|台|张|把|次|份|条|家|人|名|项|套|场|篇|件|户|所|座|处|辆|批|期|本|册|部|架|块|间|栋|支|位|人次|个次|场次|家次|户次|批次)$/;

export const equalsOnCount: Rule = {
  id: "equals-on-count",
  title: "数量指标使用“=”",
  description: "数量指标一般用“≥”表示至少完成的数量，用“=”时超额完成在表面上也不符合目标；“=0”（如事故数）不在此列。一个项目的这类指标合为一条建议。",
  severity: "info",
  check(project, index) {
    const counts = project.indicators
      .map((indicator, i) => ({ indicator, i }))
      .filter(({ indicator }) => {
        if (indicator.category !== "数量" || indicator.comparator !== "=" || !COUNT_UNIT.test(compact(indicator.unit))) return false;
        const value = parseDecimal(indicator.value);
        return value !== null && value.units !== 0n; // `=0个` (accidents) is a ceiling, not a count to reach
      });
    const [first] = counts;
    if (first === undefined) return [];
    const advice = "数量指标通常写成“≥”，表示至少完成的数量，请确认是否修改；若必须恰好是这个数量（如按台数采购）可保留。";
    if (counts.length === 1) {
      const { indicator } = first;
      return [indicatorFinding(equalsOnCount, project, index, first.i, `${projectLabel(project)}的${indicatorLabel(indicator)}用了“=”；数量指标通常写成“≥${indicator.value}${indicator.unit}”，表示至少完成的数量，请确认是否修改；若必须恰好是这个数量（如按台数采购）可保留。`)];
    }
    // One suggestion per project: seventeen identical lines would bury the findings that matter.
    const listed = counts.map(({ indicator }) => `“${indicator.name}”（=${indicator.value}${indicator.unit}）`).join("、");
    return [projectFinding(equalsOnCount, project, index, `${projectLabel(project)}有 ${counts.length} 个数量指标用了“=”：${listed}；${advice}`)];
  },
};

// ---------------------------------------------------------------------------------------------
// missing-unit

export const missingUnit: Rule = {
  id: "missing-unit",
  title: "定量指标缺少计量单位",
  description: "定量指标的目标值必须带计量单位（个、次、%、万元等），否则目标与实际完成值无法比较。",
  severity: "warning",
  check(project, index) {
    const findings: Finding[] = [];
    project.indicators.forEach((indicator, i) => {
      if (indicator.comparator === "qualitative" || compact(indicator.unit) !== "") return;
      findings.push(
        indicatorFinding(
          missingUnit,
          project,
          index,
          i,
          `${projectLabel(project)}的${indicatorLabel(indicator)}没有计量单位；请在目标值后写明单位，如个、次、%、万元、月。`,
        ),
      );
    });
    return findings;
  },
};
