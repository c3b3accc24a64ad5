// The indicator block of a target form: a header row (一级指标, 二级指标, 三级指标, 指标值, and maybe
// 计量单位, a comparator column, 长期/年度 pairs, or project columns in a table of one row per indicator)
// and the rows under it. Every cell that is not read is a problem with its row and column.

import { categoryFromLabel } from "@/lib/targets/categories";
import { readTarget } from "@/lib/targets/parse-target";
import type { Category, ParsedIndicator, ParsedTarget, Problem } from "@/lib/targets/types";
import { DATE_NAME, excelDate } from "./cells";
import { missingPerProjectColumns } from "./columns";
import { cellPlace, type Grid, type GridRow } from "./grid";
import { categoryName, comparatorCell, indicatorColumn, labelKey, level1Name, projectField, type IndicatorColumn, type Term } from "./labels";
import { looksLikeMeasure } from "./shapes";

/** Project fields a table of one row per indicator carries in columns of its own. */
export type ProjectColumn = "name" | "unitCode" | "unitName" | "budget" | "goal";

export interface Columns {
  l1?: number;
  l2?: number;
  l3: number;
  value: number;
  measure?: number;
  comparator?: number;
  project: Partial<Record<ProjectColumn, number>>;
  /** The budget column is in 元 ("预算金额（元）"). */
  budgetYuan: boolean;
  width: number;
  /** Columns of the 长期 (medium-term) half of a 长期/年度 pair: left out, only the year's targets count. */
  longTerm: number[];
}

export const COLUMN_LABELS: Readonly<Record<IndicatorColumn, string>> = {
  l1: "一级指标", l2: "二级指标", l3: "三级指标", value: "指标值", measure: "计量单位", comparator: "比较符",
};

export interface HeaderRead {
  columns: Columns | null;
  /** Required columns the row lacks (columns.ts's wording), when it has some indicator columns. */
  missing: string[];
  /** How many indicator columns the row names: a row with two or more is meant as a header. */
  named: number;
  /** Why the row cannot be read although it names every column (two unmarked halves). */
  ambiguous?: string;
}

const PROJECT_COLUMNS: ReadonlySet<string> = new Set(["name", "unitCode", "unitName", "budget", "goal"]);

/**
 * A header row by the synonym table (labels.ts). `terms` is the row above when it says which columns
 * are 长期 and which 年度 ("中长期目标 | 年度目标" spanning the two halves).
 */
export function readColumns(cells: readonly string[], terms: readonly (Term | null)[] = []): HeaderRead {
  const hits: Array<{ col: number; column: IndicatorColumn; term: Term | null }> = [];
  const project: Columns["project"] = {};
  let budgetYuan = false;
  cells.forEach((cell, col) => {
    const found = indicatorColumn(cell);
    if (found) return void hits.push({ col, column: found.column, term: found.term ?? terms[col] ?? null });
    const field = projectField(cell);
    if (field === "budgetYuan" && project.budget === undefined) [project.budget, budgetYuan] = [col, true];
    else if (field && PROJECT_COLUMNS.has(field) && project[field as ProjectColumn] === undefined) project[field as ProjectColumn] = col;
  });
  const chosen = new Map<IndicatorColumn, number>();
  const longTerm: number[] = [];
  let ambiguous: string | undefined;
  for (const column of Object.keys(COLUMN_LABELS) as IndicatorColumn[]) {
    const all = hits.filter((h) => h.column === column);
    const annual = all.filter((h) => h.term === "annual");
    const plain = all.filter((h) => h.term === null);
    longTerm.push(...all.filter((h) => h.term === "long").map((h) => h.col));
    const pick = annual[0] ?? (annual.length === 0 && plain.length === 1 ? plain[0] : undefined);
    if (pick) chosen.set(column, pick.col);
    // 一级指标 may be shared by both halves; a second unmarked 三级指标 or 指标值 is another half.
    else if (plain.length > 1 && column !== "l1") ambiguous ??= `表头有 ${plain.length} 个“${COLUMN_LABELS[column]}”列（第${plain.map((h) => h.col + 1).join("、")}列），未标明哪一个是年度指标，请在表头注明“年度”或“长期”`;
    else if (plain.length > 1) chosen.set(column, plain[0]!.col);
  }
  const missing = missingPerProjectColumns(Object.fromEntries(chosen));
  const named = new Set(hits.map((h) => h.column)).size;
  if (missing.length > 0 || ambiguous) return { columns: null, missing, named, ambiguous };
  const get = (c: IndicatorColumn) => chosen.get(c);
  const columns: Columns = {
    l1: get("l1"), l2: get("l2"), l3: get("l3")!, value: get("value")!, measure: get("measure"), comparator: get("comparator"),
    project, budgetYuan, width: cells.length, longTerm: longTerm.filter((c) => ![...chosen.values()].includes(c)),
  };
  return { columns, missing: [], named };
}

/** A row above a header that says which columns are 长期 and which 年度, spread to the right. */
export function termsOf(cells: readonly string[]): (Term | null)[] | null {
  let current: Term | null = null;
  let pure = true;
  const terms = cells.map((cell) => {
    const key = labelKey(cell);
    if (key === "" || key === "绩效指标" || key === "总体目标") return key === "" ? current : null;
    const term: Term | null = /^(?:中长期|长期)(?:绩效)?(?:目标|指标)$/.test(key) ? "long" : /^年度(?:绩效)?(?:目标|指标)$/.test(key) ? "annual" : null;
    if (!term) pure = false;
    current = term;
    return term;
  });
  // Only a row of nothing but 长期/年度 headings marks the halves; "长期目标 | 五年建成" is a goal.
  return pure && terms.some((t) => t !== null) ? terms : null;
}

/**
 * The cells of a row in the header's columns. A row that lost its places (runs of spaces, one cell
 * per line, a merged cell a browser copy left out) is placed by what its cells say: a 一级 name, then a
 * 二级 name, then the name, comparator, value and unit in the header's order, a comparator or unit
 * only where the cell is one.
 */
export function placeCells(grid: Grid, row: GridRow, columns: Columns): GridRow {
  const short = row.cells.length < columns.width && row.cells.some((c) => c.trim() !== "");
  if (!(grid.loose || (short && (!grid.aligned || grid.shape === "pipe")))) return row;
  const filled = row.cells.map((text, i) => ({ text: text.trim(), line: row.lines?.[i] ?? row.row })).filter((c) => c.text !== "");
  const cells = Array<string>(columns.width).fill("");
  const lines = Array<number>(columns.width).fill(row.row);
  let k = 0;
  const put = (col: number) => {
    [cells[col], lines[col]] = [filled[k]!.text, filled[k]!.line];
    k++;
  };
  if (columns.l1 !== undefined && k < filled.length && level1Name(filled[k]!.text)) put(columns.l1);
  if (columns.l2 !== undefined && k < filled.length - 1 && categoryName(filled[k]!.text)) put(columns.l2);
  const rest = [columns.l3, columns.comparator, columns.value, columns.measure].filter((c): c is number => c !== undefined).sort((a, b) => a - b);
  for (const col of rest) {
    if (k >= filled.length) break;
    const text = filled[k]!.text;
    if (col === columns.comparator && comparatorCell(text) === null) continue;
    if (col === columns.measure && !looksLikeMeasure(text)) continue;
    put(col);
  }
  // Cells left over have no column to go to: keep them after the header's width, where the caller names them.
  return { row: row.row, cells: [...cells, ...filled.slice(k).map((c) => c.text)], lines: [...lines, ...filled.slice(k).map((c) => c.line)] };
}

export interface BlockContext {
  grid: Grid;
  columns: Columns;
  problems: Problem[];
  /** Counts the form's unread indicators, for the message when its project is skipped. */
  onError: () => void;
}

// 一级指标 成本指标 / 满意度指标 name a single category even when the 二级 wording is unfamiliar.
const ONE_CATEGORY_LEVEL1: ReadonlySet<Category> = new Set(["成本", "满意度"]);
const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, "").trim();

/** Reads one indicator row into `into`; returns the 一级/二级 to carry to the next row (merged cells). */
export function readIndicatorRow(row: GridRow, context: BlockContext, carry: { l1: string; l2: string }, into: ParsedIndicator[]): { l1: string; l2: string } {
  const { grid, columns, problems } = context;
  const cell = (i: number | undefined) => (i === undefined ? "" : (row.cells[i] ?? "").trim());
  const at = (i: number | undefined) => cellPlace(grid, row, i ?? columns.l3);
  const err = (i: number | undefined, message: string) => {
    problems.push({ severity: "error", location: at(i), message });
    context.onError();
  };
  const l1 = cell(columns.l1) || carry.l1;
  // Merged 二级 cells are empty below their first row; a new 一级 group starts a new 二级 group too.
  const l2 = cell(columns.l2) || (l1 === carry.l1 ? carry.l2 : "");
  const next = { l1, l2 };
  const names = cell(columns.l3).split(/\n+/).map((s) => s.trim());
  const values = cell(columns.value).split(/\n+/).map((s) => s.trim());
  const extra = row.cells.slice(columns.width).filter((c) => c.trim() !== "");
  if (extra.length > 0) problems.push({ severity: "warning", location: cellPlace(grid, row), message: `此行有 ${extra.length} 个单元格不在任何一列之下（“${extra.join("”“")}”），未导入` });
  if (names.join("") === "" && values.join("") === "") return next;
  // One line per indicator inside a cell, as long as names and values pair up; otherwise it is wrapping.
  const pairs = names.length > 1 && names.length === values.length
    ? names.map((n, i) => [n, values[i] ?? ""])
    : [[oneLine(cell(columns.l3)), oneLine(cell(columns.value))]];
  const level1 = categoryFromLabel(l1);
  const category = categoryFromLabel(l2) ?? (level1 && ONE_CATEGORY_LEVEL1.has(level1) ? level1 : null);
  for (const [name = "", valueText = ""] of pairs) {
    if (name === "") { err(columns.l3, `指标值“${valueText}”缺少三级指标（指标名称），未导入`); continue; }
    if (valueText === "") { err(columns.value, `指标“${name}”缺少指标值，未导入`); continue; }
    if (!category && l2 === "") { err(columns.l2 ?? columns.l1, `指标“${name}”缺少二级指标，无法归类，未导入`); continue; }
    if (!category) { err(columns.l2, `二级指标“${l2}”不是可识别的指标类别，指标“${name}”未导入`); continue; }
    const date = excelDate(valueText);
    const measureText = cell(columns.measure).normalize("NFKC");
    if (date && measureText === "" && (category === "时效" || DATE_NAME.test(name))) {
      err(columns.value, `指标“${name}”的指标值 ${valueText} 看起来是 Excel 日期 ${date}（单元格被设成了数字格式），请确认后在表中写成日期文字（如“${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8))}日前”或“≤${Number(date.slice(5, 7))}月”）再导入；该指标未导入`);
      continue;
    }
    const target = combineTarget(name, valueText, cell(columns.comparator), measureText, (i, message) => {
      err(i === "value" ? columns.value : i === "comparator" ? columns.comparator : columns.measure, message);
      return null;
    });
    if (!target) continue;
    const written = [cell(columns.comparator), valueText, target.unit !== "" && !valueText.normalize("NFKC").includes(target.unit) ? measureText : ""].join("");
    into.push({ category, name, ...target, raw: `${l2 || l1}：${name}(${written})` });
  }
  return next;
}

/** The value cell read with the comparator and unit columns beside it; null (after saying why) when they disagree. */
function combineTarget(name: string, valueText: string, comparatorText: string, measure: string, fail: (column: "value" | "comparator" | "measure", message: string) => null): ParsedTarget | null {
  const read = readTarget(valueText);
  if (!read) return fail("value", `指标“${name}”的指标值“${valueText}”无法识别，未导入`);
  let target = read.target;
  if (comparatorText !== "") {
    const said = comparatorCell(comparatorText);
    if (said === null) return fail("comparator", `指标“${name}”的比较符“${comparatorText}”无法识别（应为 ≥、≤、=、>、<、正向、反向、定量或定性），未导入`);
    if (said !== "quantitative" && said !== "qualitative") {
      if (target.comparator === "qualitative") return fail("value", `指标“${name}”的比较符为“${comparatorText}”，但指标值“${valueText}”不是数值，未导入`);
      if (read.explicit && target.comparator !== said) return fail("comparator", `指标“${name}”的指标值“${valueText}”与比较符“${comparatorText}”不一致，未导入`);
      target = { ...target, comparator: said };
    }
  }
  // Some templates give the unit its own column: "50" + "箱".
  if (measure !== "" && target.comparator !== "qualitative") {
    if (target.unit === "") target = { ...target, unit: measure };
    else if (target.unit !== measure) return fail("measure", `指标“${name}”的指标值“${valueText}”自带单位“${target.unit}”，与计量单位列的“${measure}”不同，未导入`);
  }
  return target;
}
