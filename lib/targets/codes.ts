import type { Category as CategoryCode, Comparator as ComparatorCode, Direction, Level1 as Level1Code } from "@/lib/db/generated/enums";
import type { Category, Comparator, Level1 } from "./types";

// The parser speaks the published table's Chinese names; the database stores English enum codes
// (docs/domain.md glossary). These maps are the one place the two meet.

export const CATEGORY_CODES: Readonly<Record<Category, CategoryCode>> = {
  数量: "QUANTITY",
  质量: "QUALITY",
  时效: "TIMELINESS",
  成本: "COST",
  经济效益: "ECONOMIC",
  社会效益: "SOCIAL",
  生态效益: "ECOLOGICAL",
  可持续效益: "SUSTAINABILITY",
  满意度: "SATISFACTION",
};

export const LEVEL1_CODES: Readonly<Record<Level1, Level1Code>> = { 产出: "OUTPUT", 效益: "BENEFIT", 满意度: "SATISFACTION" };

export const COMPARATOR_CODES: Readonly<Record<Comparator, ComparatorCode>> = {
  ">=": "GTE",
  "<=": "LTE",
  "=": "EQ",
  ">": "GT",
  "<": "LT",
  qualitative: "QUALITATIVE",
};

const invert = <K extends string, V extends string>(map: Readonly<Record<K, V>>) =>
  Object.fromEntries(Object.entries(map).map(([k, v]) => [v, k])) as Record<V, K>;

export const CATEGORY_NAMES = invert(CATEGORY_CODES);
export const LEVEL1_NAMES = invert(LEVEL1_CODES);
export const COMPARATORS = invert(COMPARATOR_CODES);

export const DIRECTION_CODES: Readonly<Record<"forward" | "reverse", Direction>> = { forward: "FORWARD", reverse: "REVERSE" };
