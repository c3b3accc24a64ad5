// The synonym table: every label and column header the importer understands, kept as data with the
// place each spelling was seen. A department's table is read by what its headers SAY, so supporting
// another province's wording is one line here, not a new parser. Keys are compared without
// whitespace, width or a trailing colon ("项 目 名 称：" is 项目名称), and a header's own "(万元)" is
// dropped; "(元)" is kept, so an amount in 元 is never read as 万元.
//
// A layout still names the columns it requires (columns.ts): a synonym lets a header be FOUND under
// another name, it never makes a missing column optional.

import type { Category, Comparator } from "@/lib/targets/types";

// Where a spelling comes from. The trial is the one the import was tested against: published target
// tables of other cities and provinces (湖南、湖北、四川、宁夏、内蒙古, budget years 2020–2025), of
// which no text copy was read before these synonyms; the fixtures in tests/fixtures/targets/ rebuild
// their structures with our own content.
const SEED = "柳州市大数据发展局 2025 年部门预算公开 表12（种子数据）";
const FORM_2020 = "财预〔2020〕10号 项目支出绩效自评表的栏目";
const FORM_2015 = "财预〔2015〕88号 项目支出绩效目标申报表（2015–2020 年的模板）";
const TRIAL = "其他省市公开的项目支出绩效目标表（导入试用：湖南、湖北、四川、宁夏、内蒙古 2020–2025 年）";
const COMMON = "各地逐项目绩效目标表的常见写法";

export interface Synonym<F> {
  field: F;
  text: string;
  source: string;
}

/** A project's fields: label cells of a per-project form, or columns of a table. */
export type ProjectField = "seq" | "unitCode" | "unitName" | "department" | "name" | "budget" | "budgetYuan" | "funds" | "goal" | "longGoal" | "other";

export const PROJECT_LABELS: readonly Synonym<ProjectField>[] = [
  { field: "seq", text: "序号", source: SEED },
  { field: "unitCode", text: "单位代码", source: SEED },
  { field: "unitCode", text: "单位编码", source: COMMON },
  { field: "unitCode", text: "预算单位代码", source: COMMON },
  { field: "unitName", text: "单位名称", source: SEED },
  { field: "unitName", text: "实施单位", source: FORM_2020 },
  { field: "unitName", text: "项目实施单位", source: COMMON },
  { field: "unitName", text: "执行单位", source: COMMON },
  { field: "unitName", text: "预算单位", source: TRIAL },
  { field: "unitName", text: "预算单位名称", source: COMMON },
  { field: "unitName", text: "填报单位", source: TRIAL },
  { field: "unitName", text: "填报单位(盖章)", source: TRIAL },
  { field: "unitName", text: "项目单位", source: COMMON },
  { field: "department", text: "主管部门", source: FORM_2020 },
  { field: "department", text: "主管部门及代码", source: FORM_2015 },
  { field: "department", text: "主管部门名称", source: COMMON },
  { field: "department", text: "预算部门", source: TRIAL },
  { field: "department", text: "部门名称", source: SEED },
  { field: "name", text: "项目名称", source: SEED },
  { field: "name", text: "项目支出名称", source: TRIAL },
  { field: "name", text: "项目全称", source: COMMON },
  { field: "budget", text: "预算资金总额", source: SEED },
  { field: "budget", text: "预算金额", source: COMMON },
  { field: "budget", text: "资金总额", source: TRIAL },
  { field: "budget", text: "年度资金总额", source: FORM_2015 },
  { field: "budget", text: "年度预算金额", source: COMMON },
  { field: "budget", text: "年度本级预算金额", source: TRIAL },
  { field: "budget", text: "项目资金总额", source: COMMON },
  { field: "budget", text: "预算数", source: COMMON },
  { field: "budgetYuan", text: "预算金额(元)", source: COMMON },
  { field: "budgetYuan", text: "预算资金总额(元)", source: COMMON },
  { field: "budgetYuan", text: "年度资金总额(元)", source: COMMON },
  { field: "funds", text: "项目资金", source: FORM_2015 },
  { field: "funds", text: "项目资金情况", source: COMMON },
  { field: "goal", text: "年度绩效目标", source: SEED },
  { field: "goal", text: "年度目标", source: FORM_2015 },
  { field: "goal", text: "本年度绩效目标", source: TRIAL },
  { field: "goal", text: "项目绩效目标", source: TRIAL },
  { field: "goal", text: "年度总体目标", source: FORM_2020 },
  { field: "goal", text: "总体目标", source: COMMON },
  { field: "longGoal", text: "长期目标", source: TRIAL },
  { field: "longGoal", text: "中长期目标", source: FORM_2015 },
  { field: "longGoal", text: "长期绩效目标", source: COMMON },
  { field: "longGoal", text: "中长期绩效目标", source: COMMON },
  // Cells of a form that are labels but carry nothing we import: named, so their values are not
  // taken for another label's.
  ...["其中:财政拨款", "财政拨款", "其他资金", "上年结转", "绩效指标", "项目属性", "项目期限", "项目类别", "项目类型", "资金来源"].map((text) => ({ field: "other" as const, text, source: COMMON })),
];

/** Columns of an indicator block (一级/二级/三级, 指标值 …). `term` marks one of a 长期/年度 pair. */
export type IndicatorColumn = "l1" | "l2" | "l3" | "value" | "measure" | "comparator";
export type Term = "annual" | "long";

export const INDICATOR_COLUMNS: readonly Synonym<IndicatorColumn>[] = [
  { field: "l1", text: "一级指标", source: FORM_2020 },
  { field: "l2", text: "二级指标", source: FORM_2020 },
  { field: "l3", text: "三级指标", source: FORM_2020 },
  { field: "l3", text: "指标名称", source: COMMON },
  { field: "l3", text: "具体指标", source: COMMON },
  { field: "l3", text: "指标内容", source: TRIAL },
  { field: "l3", text: "绩效指标名称", source: COMMON },
  { field: "value", text: "指标值", source: FORM_2015 },
  { field: "value", text: "目标值", source: COMMON },
  { field: "value", text: "年度指标值", source: FORM_2020 },
  { field: "value", text: "指标值及单位", source: TRIAL },
  { field: "value", text: "绩效指标值", source: COMMON },
  { field: "value", text: "指标目标值", source: COMMON },
  { field: "value", text: "年度目标值", source: COMMON },
  { field: "measure", text: "计量单位", source: COMMON },
  { field: "measure", text: "度量单位", source: COMMON },
  { field: "measure", text: "单位", source: COMMON },
  { field: "measure", text: "指标单位", source: COMMON },
  { field: "comparator", text: "指标值类型", source: TRIAL },
  { field: "comparator", text: "指标性质", source: TRIAL },
  { field: "comparator", text: "指标方向", source: TRIAL },
  { field: "comparator", text: "比较符", source: COMMON },
  { field: "comparator", text: "比较方式", source: COMMON },
];

/** How a 长期/年度 pair qualifies a column: `二级指标(年度)`, `(长期)三级指标`, `年度指标值`, `中长期指标值`. */
const TERMS: ReadonlyArray<readonly [RegExp, Term]> = [
  [/^\((?:年度)\)|\((?:年度)\)$|^年度/, "annual"],
  [/^\((?:中长期|长期)\)|\((?:中长期|长期)\)$|^(?:中长期|长期)/, "long"],
];

/** 一级指标 values. 成本指标 sits at level 1 in the 2021 templates, under 产出 before. */
export const LEVEL1_NAMES: readonly Synonym<"产出" | "效益" | "满意度" | "成本">[] = [
  { field: "产出", text: "产出指标", source: FORM_2020 },
  { field: "效益", text: "效益指标", source: FORM_2020 },
  { field: "满意度", text: "满意度指标", source: FORM_2020 },
  { field: "成本", text: "成本指标", source: COMMON },
];

/** 二级指标 values and the item prefixes of table 12 (`数量指标：`), without their trailing 指标. */
export const CATEGORY_NAMES: readonly Synonym<Category>[] = [
  { field: "数量", text: "数量", source: SEED },
  { field: "质量", text: "质量", source: SEED },
  { field: "时效", text: "时效", source: SEED },
  { field: "成本", text: "成本", source: SEED },
  { field: "经济效益", text: "经济效益", source: SEED },
  { field: "经济效益", text: "经济", source: COMMON },
  { field: "社会效益", text: "社会效益", source: SEED },
  { field: "社会效益", text: "社会", source: COMMON },
  { field: "生态效益", text: "生态效益", source: SEED },
  { field: "生态效益", text: "生态", source: COMMON },
  { field: "可持续效益", text: "可持续效益", source: SEED },
  { field: "可持续效益", text: "可持续影响", source: FORM_2015 },
  { field: "可持续效益", text: "可持续", source: COMMON },
  { field: "满意度", text: "服务对象满意度", source: SEED },
  { field: "满意度", text: "社会公众或服务对象满意度", source: FORM_2015 },
  { field: "满意度", text: "社会公众满意度", source: TRIAL },
  { field: "满意度", text: "满意度", source: SEED },
];

/** What a separate comparator column (指标值类型 / 指标性质 / 指标方向) may hold. */
export type ComparatorCell = Comparator | "quantitative";
export const COMPARATOR_CELLS: readonly Synonym<ComparatorCell>[] = [
  ...([["≥", ">="], [">=", ">="], ["≧", ">="], ["⩾", ">="], ["大于等于", ">="], ["不低于", ">="], ["不少于", ">="], ["不小于", ">="], ["正向", ">="], ["正向指标", ">="]] as const).map(([text, field]) => ({ field, text, source: TRIAL })),
  ...([["≤", "<="], ["<=", "<="], ["≦", "<="], ["⩽", "<="], ["小于等于", "<="], ["不高于", "<="], ["不超过", "<="], ["不大于", "<="], ["反向", "<="], ["反向指标", "<="]] as const).map(([text, field]) => ({ field, text, source: TRIAL })),
  ...([["=", "="], ["＝", "="], ["等于", "="], [">", ">"], ["大于", ">"], ["<", "<"], ["小于", "<"]] as const).map(([text, field]) => ({ field, text, source: COMMON })),
  { field: "qualitative", text: "定性", source: TRIAL },
  { field: "qualitative", text: "定性指标", source: TRIAL },
  { field: "quantitative", text: "定量", source: TRIAL },
  { field: "quantitative", text: "定量指标", source: TRIAL },
];

/** The comparison key of a label: no whitespace, NFKC (full-width folded), no trailing colon or "(万元)". */
export function labelKey(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "").replace(/[:：]+$/, "").replace(/\(万元\)$/, "");
}

const index = <F>(list: readonly Synonym<F>[]) => new Map(list.map((s) => [labelKey(s.text), s.field]));
const PROJECT_INDEX = index(PROJECT_LABELS);
const COLUMN_INDEX = index(INDICATOR_COLUMNS);
const LEVEL1_INDEX = index(LEVEL1_NAMES);
const CATEGORY_INDEX = index(CATEGORY_NAMES);
const COMPARATOR_INDEX = index(COMPARATOR_CELLS);

/** The project field a label or header names, or null. */
export function projectField(text: string): ProjectField | null {
  return PROJECT_INDEX.get(labelKey(text)) ?? null;
}

/** The indicator column a header names, with its term when it is one of a 长期/年度 pair. */
export function indicatorColumn(text: string): { column: IndicatorColumn; term?: Term } | null {
  const key = labelKey(text);
  const direct = COLUMN_INDEX.get(key);
  if (direct) return { column: direct, ...(key.startsWith("年度") ? { term: "annual" as const } : {}) };
  for (const [pattern, term] of TERMS) {
    if (!pattern.test(key)) continue;
    const column = COLUMN_INDEX.get(key.replace(pattern, ""));
    if (column) return { column, term };
  }
  // "指标值（包含数字及文字描述）": an explanation in brackets after a known header.
  const bare = /^(.+?)\([^()]*\)$/.exec(key)?.[1];
  const column = bare === undefined ? undefined : COLUMN_INDEX.get(bare);
  return column ? { column } : null;
}

/** 产出/效益/满意度/成本 for a 一级指标 cell, or null. */
export function level1Name(text: string): "产出" | "效益" | "满意度" | "成本" | null {
  return LEVEL1_INDEX.get(labelKey(text)) ?? null;
}

/** The category a 二级指标 cell or item prefix names (`数量指标`, `满意度指标：`, `可持续影响指标`). */
export function categoryName(text: string): Category | null {
  return CATEGORY_INDEX.get(labelKey(text).replace(/指标$/, "")) ?? null;
}

/** What a comparator column's cell says, or null when it says nothing we know. */
export function comparatorCell(text: string): ComparatorCell | null {
  return COMPARATOR_INDEX.get(labelKey(text)) ?? null;
}

/** Every category prefix spelling, longest first, for the regular expression that splits table-12 cells. */
export const CATEGORY_PREFIXES: readonly string[] = [...new Set(CATEGORY_NAMES.map((s) => s.text))].sort((a, b) => b.length - a.length);
