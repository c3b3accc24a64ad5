import { CATEGORY_LABELS, categoryFromLabel } from "./categories";
import { parseTarget, splitIndicatorText } from "./parse-target";
import type { Category, ParseResult, ParsedIndicator, ParsedProject, Problem } from "./types";

type Field = "seq" | "unitCode" | "unitName" | "name" | "budget" | "goal";

// A Map, not an object literal, so header cells like "constructor" cannot hit Object.prototype.
const FIELD_HEADERS = new Map<string, Field>([
  ["序号", "seq"], ["单位代码", "unitCode"], ["单位编码", "unitCode"], ["单位名称", "unitName"],
  ["项目名称", "name"], ["预算资金总额", "budget"], ["预算金额", "budget"], ["资金总额", "budget"],
  ["年度绩效目标", "goal"], ["年度目标", "goal"],
]);
const REQUIRED: ReadonlyArray<readonly [Field, string]> = [["seq", "序号"], ["name", "项目名称"], ["budget", "预算资金总额"]];
// A lone note, part heading or short table title ("预算公开01表") ends table 12 when it is not last in
// the file; otherwise the next table's numbered rows would be read as projects.
const END_OF_TABLE = /^(?:注|备注|说明)[:：]|^第[一二三四五六七八九十\d]+部分|^.{0,30}表(?:\(?(?:\d+|续)\)?)?$/;
const BUDGET = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

interface Columns {
  fields: Map<Field, number>;
  categories: Array<{ index: number; category: Category }>;
  width: number;
}
interface Row { line: number; cells: string[]; cellLines: number[]; columns: Columns }

const norm = (s: string): string => s.normalize("NFKC").replace(/\s+/g, "");
const error = (location: string, message: string): Problem => ({ severity: "error", location, message });
const warning = (location: string, message: string): Problem => ({ severity: "warning", location, message });

function readHeader(cells: string[]): Columns | null {
  const fields = new Map<Field, number>();
  const categories: Columns["categories"] = [];
  cells.forEach((cell, index) => {
    const key = norm(cell);
    const field = FIELD_HEADERS.get(key);
    if (field !== undefined) {
      if (!fields.has(field)) fields.set(field, index);
      return;
    }
    const category = categoryFromLabel(key);
    if (category) categories.push({ index, category });
  });
  // 序号 + 项目名称 alone also match other tables of the disclosure; table 12 is the one with targets.
  const looksLikeTable12 = fields.has("seq") && fields.has("name") && (fields.has("goal") || categories.length > 0);
  return looksLikeTable12 ? { fields, categories, width: cells.length } : null;
}

/** "5,000.00" → "5000.00"; pads to two decimals but never rounds. */
export function parseBudget(text: string): string | null {
  const compact = norm(text);
  if (!BUDGET.test(compact)) return null;
  const [int = "", frac = ""] = compact.replace(/,/g, "").split(".");
  return `${int}.${frac.padEnd(2, "0")}`;
}

/** Parses 项目绩效目标公开表 from the table alone or from a whole tab-separated disclosure. Never throws. */
export function parseTable12(text: string): ParseResult {
  const problems: Problem[] = [];
  try {
    return collect(String(text ?? ""), problems);
  } catch (e) {
    // Imports must degrade to a reported problem: a crash would lose every project already read.
    problems.push(error("全文", `解析时发生内部错误：${e instanceof Error ? e.message : String(e)}`));
    return { projects: [], problems };
  }
}

function collect(text: string, problems: Problem[]): ParseResult {
  if (text.trim() === "") return { projects: [], problems: [error("全文", "输入为空，没有可解析的内容")] };
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const rows: Row[] = [];
  let columns: Columns | null = null;
  let sawHeader = false;

  lines.forEach((line, i) => {
    const lineNo = i + 1;
    const cells = line.split("\t");
    const filled = cells.filter((c) => c.trim() !== "");
    if (filled.length === 0) return;
    const header = readHeader(cells);
    if (header) {
      sawHeader = true;
      const missing = REQUIRED.filter(([f]) => !header.fields.has(f)).map(([, label]) => `“${label}”`);
      if (missing.length > 0) problems.push(error(`第${lineNo}行`, `表头缺少${missing.join("、")}列，其后的行无法读取`));
      // Repeated page headers re-map columns, so a later page with another layout still reads right.
      columns = missing.length > 0 ? null : header;
      return;
    }
    if (!columns) return;
    if (filled.length === 1 && END_OF_TABLE.test(norm(filled[0] ?? ""))) {
      columns = null;
      return;
    }
    const seq = norm(cells[columns.fields.get("seq") ?? 0] ?? "");
    if (/^\d+$/.test(seq)) {
      rows.push({ line: lineNo, cells, cellLines: cells.map(() => lineNo), columns });
      return;
    }
    const last = rows[rows.length - 1];
    if (!last) {
      problems.push(error(`第${lineNo}行`, "该行不以序号开头，也没有可续接的上一行，已忽略"));
      return;
    }
    // A PDF line break inside a cell: the first piece finishes the previous row's last cell.
    const [first = "", ...more] = cells;
    last.cells[last.cells.length - 1] += first;
    last.cells.push(...more);
    last.cellLines.push(...more.map(() => lineNo));
  });

  if (!sawHeader) {
    problems.push(error("全文", "未找到表头：需要一行同时包含“序号”“项目名称”及“年度绩效目标”或指标列"));
    return { projects: [], problems };
  }
  const projects: ParsedProject[] = [];
  for (const row of rows) {
    const project = readRow(row, problems);
    if (project) projects.push(project);
  }
  return { projects, problems };
}

function readRow(row: Row, problems: Problem[]): ParsedProject | null {
  const { fields, categories, width } = row.columns;
  const at = (index: number): string => `第${row.cellLines[index] ?? row.line}行 第${index + 1}列`;
  const get = (field: Field): string => {
    const index = fields.get(field);
    return index === undefined ? "" : (row.cells[index] ?? "").trim();
  };
  const filledIndicatorCells = categories
    .map(({ index, category }) => ({ index, category, text: row.cells[index] ?? "" }))
    .filter((c) => c.text.trim() !== "");

  const name = get("name");
  if (name === "") {
    // 合计 and the department subtotal have no project name; they are not projects.
    if (filledIndicatorCells.length > 0) problems.push(error(`第${row.line}行`, "该行有绩效指标但缺少项目名称，已跳过"));
    return null;
  }
  const budgetIndex = fields.get("budget") ?? 0;
  const budgetWan = parseBudget(get("budget"));
  if (budgetWan === null) {
    problems.push(error(at(budgetIndex), `项目“${name}”的预算资金总额“${get("budget")}”不是有效数字，已跳过该项目`));
    return null;
  }
  if (row.cells.slice(width).some((c) => c.trim() !== "")) {
    problems.push(warning(`第${row.line}行`, `项目“${name}”的单元格多于表头列数，多出的内容已忽略`));
  }

  const indicators: ParsedIndicator[] = [];
  for (const cell of filledIndicatorCells) {
    const items = splitIndicatorText(cell.text, cell.category);
    const foreign = [...new Set(items.filter((it) => it.prefixed && it.category !== cell.category).map((it) => it.category))];
    if (foreign.length > 0) {
      const labels = foreign.map((c) => `“${CATEGORY_LABELS[c]}”`).join("、");
      problems.push(warning(at(cell.index), `本列为“${CATEGORY_LABELS[cell.category]}”，单元格内指标前缀为${labels}，已按前缀归类`));
    }
    for (const item of items) {
      const label = item.raw.trim();
      if (item.targetText === null) {
        problems.push(error(at(cell.index), `指标“${label}”缺少括号中的目标值，未导入`));
        continue;
      }
      if (item.name === "") {
        problems.push(error(at(cell.index), `指标“${label}”缺少指标名称，未导入`));
        continue;
      }
      const target = parseTarget(item.targetText);
      if (!target) {
        problems.push(error(at(cell.index), `指标“${item.name}”的目标值“${item.targetText}”无法识别，未导入`));
        continue;
      }
      indicators.push({ category: item.category, name: item.name, ...target, raw: label });
    }
  }
  if (indicators.length === 0) problems.push(warning(`第${row.line}行`, `项目“${name}”没有可导入的绩效指标`));
  return { unitCode: get("unitCode"), unitName: get("unitName"), name, budgetWan, annualGoal: get("goal"), indicators };
}
