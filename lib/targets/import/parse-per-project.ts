import { categoryFromLabel } from "@/lib/targets/categories";
import { parseBudget } from "@/lib/targets/parse-table12";
import { parseTarget } from "@/lib/targets/parse-target";
import type { Category, ParseResult, ParsedIndicator, Problem } from "@/lib/targets/types";
import { missingPerProjectColumns } from "./columns";
import { isBlank, place, type Grid, type GridRow } from "./grid";

// 项目支出绩效目标表: the form a department fills per project. Labels sit in cells, values in the next
// filled cell to their right; the indicator block is a table under 一级/二级/三级指标 and 指标值.

type Label = "name" | "dept" | "unit" | "funds" | "total" | "goal" | "other";
type Column = "l1" | "l2" | "l3" | "value" | "unit";
interface Columns { l1?: number; l2?: number; l3: number; value: number; unit?: number }
interface Form {
  name: string; nameAt: string; unitText: string; goal: string;
  budgetText: string | null; budgetAt: string; fundsAt: string | null;
  indicators: ParsedIndicator[]; errors: number; sawIndicators: boolean;
}

const norm = (s: string): string => s.normalize("NFKC").replace(/\s+/g, "");
const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, "").trim();
// Stripping "(万元)" and a trailing colon lets "项目资金（万元）" and "实施单位：" match one spelling.
const labelKey = (s: string): string => norm(s).replace(/[:：]$/, "").replace(/\((?:万元|元)\)$/, "");
const LABELS: ReadonlyArray<readonly [RegExp, Label]> = [
  [/^项目名称$/, "name"], [/^主管部门(?:及代码|名称|代码)?$/, "dept"], [/^(?:实施单位|项目实施单位|执行单位)$/, "unit"],
  [/^项目资金$/, "funds"], [/^(?:年度资金总额|资金总额)$/, "total"], [/^(?:年度(?:绩效|总体)?目标|总体目标)$/, "goal"],
  [/^(?:其中:?财政拨款|财政拨款|其他资金|上年结转|绩效指标|项目属性|项目期限|项目类别)$/, "other"],
];
const COLUMNS: ReadonlyArray<readonly [RegExp, Column]> = [
  [/^一级指标$/, "l1"], [/^二级指标$/, "l2"], [/^(?:三级指标|指标名称|具体指标)$/, "l3"],
  [/^(?:年度)?(?:指标值|目标值)(?:\(.*\))?$/, "value"], [/^(?:计量|度量)?单位$/, "unit"],
];
const TITLE = /绩效目标(?:申报)?表/;
// Signature lines under the form. An indicator may well be named "联系群众次数", so only these exact
// openings count, and only on a row whose 指标值 cell is empty.
const END_OF_FORM = /^(?:(?:注|备注|说明)[:：]|填报人|审核人|联系人|联系电话|填报日期|单位负责人|财务负责人)/;
// 一级指标 成本指标 / 满意度指标 name a single category even when the 二级 wording is unfamiliar.
const ONE_CATEGORY_LEVEL1: ReadonlySet<Category> = new Set(["成本", "满意度"]);

const labelOf = (cell: string): Label | null => {
  const key = labelKey(cell);
  return LABELS.find(([re]) => re.test(key))?.[1] ?? null;
};

function readColumns(cells: readonly string[]): Columns | null {
  const found = new Map<Column, number>();
  cells.forEach((cell, i) => {
    const key = labelKey(cell);
    const column = COLUMNS.find(([re]) => re.test(key))?.[1];
    if (column && !found.has(column)) found.set(column, i);
  });
  const l3 = found.get("l3");
  const value = found.get("value");
  if (l3 === undefined || value === undefined || (!found.has("l2") && !found.has("l1"))) return null;
  return { l1: found.get("l1"), l2: found.get("l2"), l3, value, unit: found.get("unit") };
}

/**
 * The columns missing from an indicator header that has some of this layout's columns but not all
 * (columns.ts), or null when no row looks like one: a form whose 指标值 column was deleted says so.
 */
export function missingPerProjectHeader(grids: readonly Grid[]): { at: string; missing: string[] } | null {
  for (const grid of grids) {
    for (const row of grid.rows) {
      const found: Partial<Record<Column, number>> = {};
      row.cells.forEach((cell, i) => {
        const column = COLUMNS.find(([re]) => re.test(labelKey(cell)))?.[1];
        if (column && found[column] === undefined) found[column] = i;
      });
      if (Object.keys(found).length < 2) continue;
      const missing = missingPerProjectColumns(found);
      if (missing.length > 0) return { at: place(grid.sheet, row.row), missing };
    }
  }
  return null;
}

/** Whether the grid holds a 项目支出绩效目标表 (a 项目名称 label and an indicator header row). */
export function hasPerProjectHeader(grid: Grid): boolean {
  const named = grid.rows.some((r) => r.cells.some((c) => labelOf(c) === "name" || /^项目名称[:：]./.test(norm(c))));
  return named && grid.rows.some((r) => readColumns(r.cells) !== null);
}

/** Reads every form on every grid. Never throws: an unexpected error becomes a problem. */
export function parsePerProject(grids: readonly Grid[]): ParseResult {
  const result: Required<ParseResult> = { projects: [], problems: [], places: [] };
  for (const grid of grids) {
    try {
      readGrid(grid, result);
    } catch (e) {
      const message = `解析时发生内部错误：${e instanceof Error ? e.message : String(e)}`;
      result.problems.push({ severity: "error", location: place(grid.sheet), message });
    }
  }
  return result;
}

function readGrid(grid: Grid, result: Required<ParseResult>): void {
  const { problems } = result;
  const at = (row: number, col?: number) => place(grid.sheet, row, col === undefined ? undefined : col + 1);
  let form: Form | null = null;
  let columns: Columns | null = null;
  let carry = { l1: "", l2: "" };
  const finish = () => {
    if (form) finishForm(form, result);
    form = null;
    columns = null;
  };
  const draft = (row: number): Form => ({
    name: "", nameAt: at(row), unitText: "", goal: "", budgetText: null, budgetAt: "", fundsAt: null,
    indicators: [], errors: 0, sawIndicators: false,
  });

  for (const row of grid.rows) {
    const { cells } = row;
    if (isBlank(cells)) continue;
    const first = norm(cells.find((c) => c.trim() !== "") ?? "");
    const header = readColumns(cells);
    if (header) {
      form ??= draft(row.row);
      form.sawIndicators = true;
      columns = header;
      carry = { l1: "", l2: "" };
      continue;
    }
    const fields = readLabels(row);
    if (fields.size === 0 && TITLE.test(first) && cells.filter((c) => c.trim() !== "").length === 1) {
      finish(); // the title of the next form
      continue;
    }
    if (columns && END_OF_FORM.test(first) && (cells[columns.value] ?? "").trim() === "") columns = null;
    if (columns && form && fields.size === 0) {
      carry = readIndicatorRow(row, columns, carry, form, grid.sheet, problems);
      continue;
    }
    if (fields.size === 0) {
      // "项目资金（万元）" alone on its row: the amount may be the first number on the rows below.
      const i = cells.findIndex((c) => parseBudget(c) !== null);
      if (form?.fundsAt && form.budgetText === null && i >= 0) [form.budgetText, form.budgetAt] = [cells[i] ?? "", at(row.row, i)];
      continue;
    }
    // Labels after an indicator block, or a second 项目名称, begin the next form.
    if (form && (form.sawIndicators || (fields.has("name") && form.name !== ""))) finish();
    const current: Form = (form ??= draft(row.row));
    for (const [label, { value, col }] of fields) {
      if (label === "name") [current.name, current.nameAt] = [oneLine(value), at(row.row, col)];
      else if (label === "unit") current.unitText = oneLine(value);
      else if (label === "goal") current.goal = value.trim();
      else if (label === "total" || (label === "funds" && current.budgetText === null && value !== "")) {
        [current.budgetText, current.budgetAt] = [value, at(row.row, col)];
      }
      if (label === "funds") current.fundsAt = at(row.row, col);
    }
  }
  finish();
}

/** Labels on one row with the value that follows each: the next filled cell that is not a label itself. */
function readLabels(row: GridRow): Map<Label, { value: string; col: number }> {
  const out = new Map<Label, { value: string; col: number }>();
  row.cells.forEach((cell, i) => {
    const inline = /^(项目名称|实施单位|年度资金总额|年度目标|年度绩效目标)\s*[:：]\s*(\S[\s\S]*)$/.exec(cell.trim());
    const label = inline ? labelOf(inline[1] ?? "") : labelOf(cell);
    if (!label || label === "other" || out.has(label)) return;
    if (inline) return void out.set(label, { value: inline[2] ?? "", col: i });
    const next = row.cells.findIndex((c, j) => j > i && c.trim() !== "");
    const value = next < 0 || labelOf(row.cells[next] ?? "") ? "" : (row.cells[next] ?? "");
    out.set(label, { value, col: next < 0 ? i : next });
  });
  return out;
}

function readIndicatorRow(
  row: GridRow, columns: Columns, carry: { l1: string; l2: string }, form: Form, sheet: string | null, problems: Problem[],
): { l1: string; l2: string } {
  const cell = (i: number | undefined) => (i === undefined ? "" : (row.cells[i] ?? "").trim());
  const at = (i: number | undefined) => place(sheet, row.row, (i ?? columns.l3) + 1);
  const err = (i: number | undefined, message: string) => {
    problems.push({ severity: "error", location: at(i), message });
    form.errors++;
  };
  const l1 = cell(columns.l1) || carry.l1;
  // Merged 二级 cells are empty below their first row; a new 一级 group starts a new 二级 group too.
  const l2 = cell(columns.l2) || (l1 === carry.l1 ? carry.l2 : "");
  const next = { l1, l2 };
  const names = cell(columns.l3).split(/\n+/).map((s) => s.trim());
  const values = cell(columns.value).split(/\n+/).map((s) => s.trim());
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
    const parsed = parseTarget(valueText);
    if (!parsed) { err(columns.value, `指标“${name}”的指标值“${valueText}”无法识别，未导入`); continue; }
    // Some templates give the unit its own column: "50" + "箱".
    const unitCell = cell(columns.unit).normalize("NFKC");
    const target = parsed.unit === "" && parsed.comparator !== "qualitative" && unitCell !== "" ? { ...parsed, unit: unitCell } : parsed;
    form.indicators.push({ category, name, ...target, raw: `${l2 || l1}：${name}(${valueText})` });
  }
  return next;
}

function finishForm(form: Form, { projects, problems, places }: Required<ParseResult>): void {
  const lost = form.indicators.length > 0 ? `，其中的 ${form.indicators.length} 个指标未导入` : "";
  const err = (location: string, message: string) => problems.push({ severity: "error", location, message });
  // A stray label row with nothing under it is not a form; nothing is lost by passing over it.
  if (form.name === "" && form.indicators.length === 0 && form.errors === 0) return;
  if (form.name === "") return void err(form.nameAt, `项目名称为空，无法导入该项目${lost}`);
  if (form.budgetText === null) return void err(form.fundsAt ?? form.nameAt, `项目“${form.name}”缺少“年度资金总额”，已跳过该项目${lost}`);
  const budgetWan = parseBudget(form.budgetText.replace(/万元$/, ""));
  if (budgetWan === null) return void err(form.budgetAt, `项目“${form.name}”的年度资金总额“${form.budgetText}”不是有效数字，已跳过该项目${lost}`);
  const [unitCode, unitName] = splitUnit(form.unitText);
  if (form.indicators.length === 0 && form.errors === 0) {
    problems.push({ severity: "warning", location: form.nameAt, message: `项目“${form.name}”没有可导入的绩效指标` });
  }
  places.push(form.nameAt);
  projects.push({ unitCode, unitName, name: form.name, budgetWan, annualGoal: form.goal, indicators: form.indicators });
}

// "309001柳州市大数据发展局" or "柳州市大数据发展局(309001)"; without a code the caller resolves the name.
function splitUnit(text: string): [string, string] {
  const unit = text.normalize("NFKC").trim();
  const leading = /^(\d{3,})\s*[-_—]?\s*(\S.*)$/.exec(unit);
  if (leading) return [leading[1] ?? "", (leading[2] ?? "").trim()];
  const trailing = /^(.+?)\s*\((\d{3,})\)$/.exec(unit);
  if (trailing) return [trailing[2] ?? "", (trailing[1] ?? "").trim()];
  return ["", text.trim()];
}
