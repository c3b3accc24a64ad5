// The columns each layout must have. A header that lacks one cannot be read safely: a table-12 CSV
// without its 质量指标 column would import every project without its quality indicators and propose
// deleting those already in the system. So a missing column is a fatal problem naming it, and nothing
// is proposed (guard.ts). A layout for another province's table adds its own list here.

import { CATEGORIES, CATEGORY_LABELS } from "@/lib/targets/categories";
import type { Category } from "@/lib/targets/types";

/** The table-12 fields the parser maps by header text (parse-table12.ts). */
export type Table12Field = "seq" | "unitCode" | "unitName" | "name" | "budget" | "goal";

/** 项目绩效目标公开表 (table 12 of the 部门预算公开): the project columns and one column per 二级指标. */
export function missingTable12Columns(fields: ReadonlySet<Table12Field>, categories: ReadonlySet<Category>): string[] {
  const missing: string[] = [];
  if (!fields.has("unitCode") && !fields.has("unitName")) missing.push("单位代码（或单位名称）");
  if (!fields.has("name")) missing.push("项目名称");
  if (!fields.has("budget")) missing.push("预算资金总额");
  if (!fields.has("goal")) missing.push("年度绩效目标");
  for (const category of CATEGORIES) if (!categories.has(category)) missing.push(CATEGORY_LABELS[category]);
  return missing;
}

/** 项目支出绩效目标表 (one form per project): its indicator block needs these columns. */
export function missingPerProjectColumns(found: { l1?: number; l2?: number; l3?: number; value?: number }): string[] {
  const missing: string[] = [];
  if (found.l1 === undefined && found.l2 === undefined) missing.push("二级指标");
  if (found.l3 === undefined) missing.push("三级指标");
  if (found.value === undefined) missing.push("指标值");
  return missing;
}

/** The problem's wording: which columns, and what the layout has. */
export function missingColumnsMessage(layout: string, missing: readonly string[]): string {
  return `表头缺少${missing.map((m) => `“${m}”`).join("、")}列。${layout}的每一列都必须保留（没有内容的列留空即可），缺列的表无法完整读取，请用完整的表格重新预览`;
}
