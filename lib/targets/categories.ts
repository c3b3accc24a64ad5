import { categoryName } from "./import/labels";
import type { Category, Level1 } from "./types";

// Canonical order = the column order of the published form, so sorting by index reproduces it.
export const CATEGORIES: readonly Category[] = [
  "数量",
  "质量",
  "时效",
  "成本",
  "经济效益",
  "社会效益",
  "生态效益",
  "可持续效益",
  "满意度",
];

export const LEVEL1_ORDER: readonly Level1[] = ["产出", "效益", "满意度"];

export const LEVEL1_LABELS: Readonly<Record<Level1, string>> = {
  产出: "产出指标",
  效益: "效益指标",
  满意度: "满意度指标",
};

export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  数量: "数量指标",
  质量: "质量指标",
  时效: "时效指标",
  成本: "成本指标",
  经济效益: "经济效益指标",
  社会效益: "社会效益指标",
  生态效益: "生态效益指标",
  可持续效益: "可持续效益指标",
  满意度: "服务对象满意度指标",
};

/** Maps a column header or item prefix (`数量指标`, `满意度指标：`, `可持续影响指标`) to its category; the spellings are import/labels.ts's. */
export function categoryFromLabel(text: string): Category | null {
  return categoryName(text);
}

export function level1Of(category: Category): Level1 {
  switch (category) {
    case "数量":
    case "质量":
    case "时效":
    case "成本":
      return "产出";
    case "满意度":
      return "满意度";
    default:
      return "效益";
  }
}
