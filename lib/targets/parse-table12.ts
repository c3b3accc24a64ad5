import { CATEGORY_LABELS, categoryFromLabel } from "./categories";
import { missingColumnsMessage, missingTable12Columns, type Table12Field } from "./import/columns";
import { isBlank, place, textToGrid, type Grid, type GridRow } from "./import/grid";
import { parseTarget, splitIndicatorText } from "./parse-target";
import type { Category, ParseResult, ParsedIndicator, ParsedProject, Problem } from "./types";

type Field = Table12Field;

// A Map, not an object literal, so header cells like "constructor" cannot hit Object.prototype.
const FIELD_HEADERS = new Map<string, Field>([
  ["序号", "seq"], ["单位代码", "unitCode"], ["单位编码", "unitCode"], ["单位名称", "unitName"],
  ["项目名称", "name"], ["预算资金总额", "budget"], ["预算金额", "budget"], ["资金总额", "budget"],
  ["年度绩效目标", "goal"], ["年度目标", "goal"],
]);
// Cells of the upper header rows that may sit above the indicator columns of a two- or three-row header.
const GROUP_HEADERS = new Set(["绩效指标", "一级指标", "二级指标", "产出指标", "效益指标"]);
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
// "预算资金总额(万元)" is the published spelling; "(元)" is not stripped, a budget in yuan must not pass as 万元.
const headerKey = (s: string): string => norm(s).replace(/\(万元\)$/, "");
// Line breaks inside an xlsx cell are wrapping, not content, in names.
const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, "").trim();
const error = (location: string, message: string): Problem => ({ severity: "error", location, message });
const warning = (location: string, message: string): Problem => ({ severity: "warning", location, message });

function readHeader(cells: string[], aligned: boolean): Columns | null {
  const fields = new Map<Field, number>();
  const categories: Columns["categories"] = [];
  cells.forEach((cell, index) => {
    const key = headerKey(cell);
    const field = FIELD_HEADERS.get(key);
    if (field !== undefined) {
      if (!fields.has(field)) fields.set(field, index);
      return;
    }
    const category = categoryFromLabel(key);
    if (category) categories.push({ index, category });
  });
  // 项目名称 alone also matches other tables of the disclosure; table 12 is the one with targets. Without
  // 序号, rows are told apart by their 项目名称 cell, which needs columns that stay put (xlsx, CSV).
  const identified = fields.has("seq") || (aligned && (fields.has("unitCode") || fields.has("unitName")));
  const looksLikeTable12 = identified && fields.has("name") && (fields.has("goal") || categories.length > 0);
  return looksLikeTable12 ? { fields, categories, width: cells.length } : null;
}

function isSubHeader(cells: readonly string[]): boolean {
  let categories = 0;
  for (const cell of cells) {
    const key = norm(cell);
    if (key === "") continue;
    if (categoryFromLabel(key)) categories++;
    else if (!GROUP_HEADERS.has(key)) return false;
  }
  return categories > 0;
}

/** The header starting at rows[i]; merged xlsx headers put 数量指标… one or two rows below 项目名称. */
function headerAt(rows: readonly GridRow[], i: number, aligned: boolean): { columns: Columns; span: number } | null {
  const first = rows[i];
  if (!first) return null;
  const cells = [...first.cells];
  let span = 1;
  for (let next = rows[i + 1]; span < 3 && next && isSubHeader(next.cells); next = rows[i + span]) {
    next.cells.forEach((cell, col) => {
      if (categoryFromLabel(norm(cell)) && !FIELD_HEADERS.has(headerKey(cells[col] ?? ""))) cells[col] = cell;
    });
    span++;
  }
  const columns = readHeader(cells, aligned);
  return columns ? { columns, span } : null;
}

/** Whether the grid holds a 项目绩效目标公开表 header (used for layout detection). */
export function hasTable12Header(grid: Grid): boolean {
  return grid.rows.some((_, i) => headerAt(grid.rows, i, grid.aligned) !== null);
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
    const source = String(text ?? "");
    if (source.trim() === "") return { projects: [], problems: [error("全文", "输入为空，没有可解析的内容")] };
    const { projects, places, sawHeader } = parseTable12Grid(textToGrid(source.replace(/^\uFEFF/, ""), "\t"), problems);
    if (!sawHeader) problems.push({ ...error("全文", "未找到表头：需要一行同时包含“序号”“项目名称”及“年度绩效目标”或指标列"), fatal: true });
    return { projects, problems, places };
  } catch (e) {
    // Imports must degrade to a reported problem: a crash would lose every project already read.
    problems.push(error("全文", `解析时发生内部错误：${e instanceof Error ? e.message : String(e)}`));
    return { projects: [], problems };
  }
}

/** Table 12 on any grid; problems are appended. May throw on a bug: callers wrap it. */
export function parseTable12Grid(grid: Grid, problems: Problem[]): { projects: ParsedProject[]; places: string[]; sawHeader: boolean } {
  const rows: Row[] = [];
  let columns: Columns | null = null;
  let sawHeader = false;
  const { sheet } = grid;

  for (let i = 0; i < grid.rows.length; i++) {
    const { row: lineNo, cells } = grid.rows[i]!;
    const filled = cells.filter((c) => c.trim() !== "");
    if (filled.length === 0) continue;
    const header = headerAt(grid.rows, i, grid.aligned);
    if (header) {
      sawHeader = true;
      i += header.span - 1;
      const missing = missingTable12Columns(new Set(header.columns.fields.keys()), new Set(header.columns.categories.map((c) => c.category)));
      // A header repeated on every page lacks the same columns: said once, at the first.
      const message = missingColumnsMessage("项目绩效目标公开表（表12）", missing);
      if (missing.length > 0 && !problems.some((p) => p.fatal && p.message === message)) problems.push({ ...error(place(sheet, lineNo), message), fatal: true });
      // Repeated page headers re-map columns, so a later page with another layout still reads right.
      columns = missing.length > 0 ? null : header.columns;
      continue;
    }
    if (!columns) continue;
    if (filled.length === 1 && END_OF_TABLE.test(norm(filled[0] ?? ""))) {
      columns = null;
      continue;
    }
    const seqIndex = columns.fields.get("seq");
    const seq = seqIndex === undefined ? "" : norm(cells[seqIndex] ?? "");
    const named = (cells[columns.fields.get("name") ?? 0] ?? "").trim() !== "";
    // Without a 序号 (allowed in xlsx and CSV only) a filled 项目名称 starts a project.
    if (/^\d+$/.test(seq) || (named && grid.aligned)) {
      rows.push({ line: lineNo, cells: [...cells], cellLines: cells.map(() => lineNo), columns });
      continue;
    }
    const last = rows[rows.length - 1];
    // Excel-made rows keep their columns even when text is short ("Unicode text" exports every column).
    const byColumn = grid.aligned || (cells.length >= columns.width && (cells[0] ?? "").trim() === "");
    if (byColumn && !hasTargets(cells, columns)) continue; // an unnumbered 合计 row, or leftovers of merged cells
    if (!last) {
      problems.push(error(place(sheet, lineNo), "该行不以序号开头，也没有可续接的上一行，已忽略"));
      continue;
    }
    if (byColumn) {
      // Vertically merged project cells leave the next row's 序号 empty; its indicators add to the project.
      cells.forEach((cell, c) => {
        if (cell.trim() === "") return;
        const before = last.cells[c] ?? "";
        if (before.trim() === "") last.cellLines[c] = lineNo;
        last.cells[c] = before.trim() === "" ? cell : `${before}\n${cell}`;
      });
      continue;
    }
    // A PDF line break inside a cell: the first piece finishes the previous row's last cell.
    const [first = "", ...more] = cells;
    last.cells[last.cells.length - 1] += first;
    last.cells.push(...more);
    last.cellLines.push(...more.map(() => lineNo));
  }
  const projects: ParsedProject[] = [];
  const places: string[] = [];
  for (const row of rows) {
    const project = readRow(row, sheet, problems);
    if (project) {
      projects.push(project);
      places.push(place(sheet, row.line));
    }
  }
  return { projects, places, sawHeader };
}

function hasTargets(cells: readonly string[], columns: Columns): boolean {
  const goal = columns.fields.get("goal");
  const indexes = [...columns.categories.map((c) => c.index), ...(goal === undefined ? [] : [goal])];
  return !isBlank(indexes.map((i) => cells[i] ?? ""));
}

function readRow(row: Row, sheet: string | null, problems: Problem[]): ParsedProject | null {
  const { fields, categories, width } = row.columns;
  const at = (index: number): string => place(sheet, row.cellLines[index] ?? row.line, index + 1);
  const get = (field: Field): string => {
    const index = fields.get(field);
    return index === undefined ? "" : (row.cells[index] ?? "").trim();
  };
  const filledIndicatorCells = categories
    .map(({ index, category }) => ({ index, category, text: row.cells[index] ?? "" }))
    .filter((c) => c.text.trim() !== "");

  const name = oneLine(get("name"));
  if (name === "") {
    // 合计 and the department subtotal have no project name; they are not projects.
    if (filledIndicatorCells.length > 0) problems.push(error(place(sheet, row.line), "该行有绩效指标但缺少项目名称，已跳过"));
    return null;
  }
  const budgetIndex = fields.get("budget") ?? 0;
  const budgetWan = parseBudget(get("budget"));
  if (budgetWan === null) {
    problems.push(error(at(budgetIndex), `项目“${name}”的预算资金总额“${get("budget")}”不是有效数字，已跳过该项目`));
    return null;
  }
  if (row.cells.slice(width).some((c) => c.trim() !== "")) {
    problems.push(warning(place(sheet, row.line), `项目“${name}”的单元格多于表头列数，多出的内容已忽略`));
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
      const itemName = oneLine(item.name);
      if (item.targetText === null) {
        problems.push(error(at(cell.index), `指标“${label}”缺少括号中的目标值，未导入`));
        continue;
      }
      if (itemName === "") {
        problems.push(error(at(cell.index), `指标“${label}”缺少指标名称，未导入`));
        continue;
      }
      const target = parseTarget(item.targetText);
      if (!target) {
        problems.push(error(at(cell.index), `指标“${itemName}”的目标值“${item.targetText}”无法识别，未导入`));
        continue;
      }
      indicators.push({ category: item.category, name: itemName, ...target, raw: label });
    }
  }
  if (indicators.length === 0) problems.push(warning(place(sheet, row.line), `项目“${name}”没有可导入的绩效指标`));
  const unit = (field: Field): string => oneLine(get(field));
  return { unitCode: unit("unitCode"), unitName: unit("unitName"), name, budgetWan, annualGoal: get("goal"), indicators };
}
