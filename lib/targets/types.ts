// Shapes produced by the table-12 (项目绩效目标公开表) parser. Kept free of runtime code so both
// server and client modules can import them.

export type Category = "数量" | "质量" | "时效" | "成本" | "经济效益" | "社会效益" | "生态效益" | "可持续效益" | "满意度";

// 财预〔2020〕10号 puts 成本 under 产出, so Level1 is derived from Category rather than from the table layout.
export type Level1 = "产出" | "效益" | "满意度";

export type Comparator = ">=" | "<=" | "=" | ">" | "<" | "qualitative";

export interface ParsedTarget {
  comparator: Comparator;
  // Exact decimal string for quantitative targets ("50", "2.1587") so money and percentages never pass
  // through a JS float; the target text itself ("是", "良好") for qualitative ones.
  value: string;
  unit: string; // "" when none
}

export interface ParsedIndicator extends ParsedTarget {
  category: Category;
  name: string;
  raw: string; // the item exactly as published, before any normalisation
}

export interface ParsedProject {
  unitCode: string;
  unitName: string;
  name: string;
  budgetWan: string; // "5000.00": separators removed, at least two decimals, never rounded
  annualGoal: string;
  indicators: ParsedIndicator[];
}

export interface Problem {
  severity: "error" | "warning";
  /** The file as a whole cannot be imported (unreadable, a column missing, two years): nothing is proposed. */
  fatal?: boolean;
  location: string; // "第515行 第7列", "第515行" or "全文"
  message: string; // Simplified Chinese, shown to users
}

export interface ParseResult {
  projects: ParsedProject[];
  problems: Problem[];
  /** Where each project starts in the file ("第5行", "工作表“表12” 第5行"), in the order of `projects`, for messages naming it. */
  places?: string[];
}
