import type { ParseResult, ParsedIndicator, Problem } from "@/lib/targets/types";
import { isAmountHeader, readAmount, splitUnit } from "./cells";
import { cellPlace, isBlank, place, type Grid, type GridRow } from "./grid";
import { placeCells, readColumns, readIndicatorRow, termsOf, type Columns, type HeaderRead } from "./indicator-block";
import { indicatorColumn, labelKey, projectField, type ProjectField } from "./labels";

// 项目支出绩效目标表: the form a department fills per project, and the tables that carry the same
// content one row per indicator. Labels sit in cells with their value in the next filled cell to the
// right, after a colon in the same cell, or on the row below (an amount under "金额（万元）", the two
// goals under "长期目标 | 年度目标"); the indicator block is a table under 一级/二级/三级指标 and 指标值
// (indicator-block.ts). Which cells are labels and which rows are headers is the synonym table's
// (labels.ts) — or an admin's column mapping (mapping.ts), through the same Reader.

/** What decides labels and headers: the synonym table, or a column mapping. */
export interface Reader {
  label(cell: string): ProjectField | null;
  header(row: GridRow, above: GridRow | undefined): HeaderRead;
  /** Values typed by the admin for fields the file does not carry. */
  values?: Partial<Record<"name" | "unit" | "budget" | "goal", string>>;
}

export const SYNONYMS: Reader = {
  label: projectField,
  header: (row, above) => readColumns(row.cells, (above && termsOf(above.cells)) ?? []),
};

interface Form {
  name: string; nameAt: string;
  unitText: string; unitCode: string; deptText: string;
  goal: string | null; goalAt: string; goalCol: number | null;
  budgetText: string | null; budgetAt: string; budgetYuan: boolean;
  /** Where the budget was read when that is a part of the total ("第9行 第2列（（一）财政拨款小计）"). */
  subtotal: string | null;
  indicators: ParsedIndicator[]; errors: number; sawIndicators: boolean;
}
type Pending = { field: ProjectField; col: number; yuan: boolean };

const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, "").trim();
const TITLE = /绩效目标(?:申报|批复)?表/;
// Signature lines under the form. An indicator may well be named "联系群众次数", so only these exact
// openings count, and only on a row whose 指标值 cell is empty.
const END_OF_FORM = /^(?:(?:注|备注|说明)[:：]|填报人|审核人|联系人|联系电话|填报日期|单位负责人|财务负责人)/;
// "（一）财政拨款小计": a part of the total, so an amount read under it is said to be read from there.
const SUBTOTAL = /小计|财政拨款|^[(（][一二三四五六七八九十]+[)）]/;
const BELOW: ReadonlySet<ProjectField> = new Set(["name", "unitName", "unitCode", "department", "budget", "budgetYuan", "funds", "goal", "longGoal"]);

/** Whether the grid holds a 项目支出绩效目标表 (a project name somewhere and an indicator header row). */
export function hasPerProjectHeader(grid: Grid, reader: Reader = SYNONYMS): boolean {
  let named = reader.values?.name !== undefined;
  let header = false;
  grid.rows.forEach((row, i) => {
    if (!named) named = row.cells.some((c) => reader.label(c) === "name" || reader.label(inlineLabel(c)?.label ?? "") === "name");
    if (!header) {
      const read = reader.header(row, grid.rows[i - 1]);
      header = read.columns !== null;
      if (header && read.columns!.project.name !== undefined) named = true;
    }
  });
  return named && header;
}

/**
 * The columns missing from an indicator header that has some of this layout's columns but not all
 * (columns.ts), or null when no row looks like one: a form whose 指标值 column was deleted says so.
 */
export function missingPerProjectHeader(grids: readonly Grid[]): { at: string; missing: string[]; ambiguous?: string } | null {
  for (const grid of grids) {
    for (const [i, row] of grid.rows.entries()) {
      const read = SYNONYMS.header(row, grid.rows[i - 1]);
      if (read.named < 2 || read.columns) continue;
      if (read.ambiguous) return { at: place(grid.sheet, row.row), missing: [], ambiguous: read.ambiguous };
      if (read.missing.length > 0) return { at: place(grid.sheet, row.row), missing: read.missing };
    }
  }
  return null;
}

/** Reads every form on every grid. Never throws: an unexpected error becomes a problem. */
export function parsePerProject(grids: readonly Grid[], reader: Reader = SYNONYMS): ParseResult {
  const result: Required<ParseResult> = { projects: [], problems: [], places: [] };
  for (const grid of grids) {
    result.problems.push(...(grid.notes ?? []));
    try {
      readGrid(grid, reader, result);
    } catch (e) {
      const message = `解析时发生内部错误：${e instanceof Error ? e.message : String(e)}`;
      result.problems.push({ severity: "error", location: place(grid.sheet), message });
    }
  }
  return result;
}

function readGrid(grid: Grid, reader: Reader, result: Required<ParseResult>): void {
  const { problems } = result;
  let form: Form | null = null;
  let columns: Columns | null = null;
  let carry = { l1: "", l2: "" };
  let pending: Pending[] = [];
  let saidLongTerm = false;
  const finish = () => {
    if (form) finishForm(form, reader, result);
    form = null;
  };
  const draft = (row: GridRow, inherit?: Form | null): Form => ({
    name: "", nameAt: cellPlace(grid, row), unitText: inherit?.unitText ?? "", unitCode: inherit?.unitCode ?? "", deptText: inherit?.deptText ?? "",
    goal: null, goalAt: cellPlace(grid, row), goalCol: null, budgetText: null, budgetAt: "", budgetYuan: false, subtotal: null,
    indicators: [], errors: 0, sawIndicators: false,
  });
  const block = (f: Form) => ({ grid, columns: columns!, problems, onError: () => void f.errors++ });

  for (const [index, row] of grid.rows.entries()) {
    if (isBlank(row.cells)) continue;
    const first = labelKey(row.cells.find((c) => c.trim() !== "") ?? "");
    const head = reader.header(row, previousFilled(grid.rows, index));
    if (head.columns) {
      form ??= draft(row);
      form.sawIndicators = true;
      columns = head.columns;
      [carry, pending, form.subtotal] = [{ l1: "", l2: "" }, [], null];
      if (columns.longTerm.length > 0 && !saidLongTerm) {
        saidLongTerm = true;
        problems.push({ severity: "warning", location: cellPlace(grid, row), message: `表中有中长期指标列（第${columns.longTerm.map((c) => c + 1).join("、")}列），只导入年度指标，中长期指标未导入` });
      }
      continue;
    }
    const fields = readLabels(row, reader);
    if (fields.size === 0 && TITLE.test(first) && row.cells.filter((c) => c.trim() !== "").length === 1) {
      finish(); // the title of the next form
      columns = null;
      continue;
    }
    if (columns && END_OF_FORM.test(first) && (row.cells[columns.value] ?? "").trim() === "") columns = null;
    if (columns && form && fields.size === 0) {
      const placed = placeCells(grid, row, columns);
      if (columns.project.name !== undefined) {
        const before: Form = form;
        form = projectOfRow(grid, placed, form, columns, finish, draft);
        // 一级/二级 merged down never reach into the next project.
        if (form !== before) carry = { l1: "", l2: "" };
      }
      carry = readIndicatorRow(placed, block(form!), carry, form!.indicators);
      continue;
    }
    if (fields.size === 0) {
      if (form) {
        if (pending.length > 0) pending = fillPending(form, pending, row, grid);
        else {
          watchSubtotal(form, row, grid, problems);
          continueGoal(form, row, grid);
        }
      }
      continue;
    }
    // Labels after an indicator block, or a second 项目名称, begin the next form.
    if (form && (form.sawIndicators || (fields.has("name") && form.name !== ""))) {
      finish();
      columns = null;
    }
    const current: Form = (form ??= draft(row));
    [pending, current.subtotal] = [[], null];
    for (const [field, { value, col, below }] of fields) {
      if (below) {
        if (BELOW.has(field)) pending.push({ field, col, yuan: field === "budgetYuan" });
        if (field === "goal") [current.goal, current.goalAt] = [current.goal ?? "", cellPlace(grid, row, col)];
        continue;
      }
      setField(current, field, value, cellPlace(grid, row, col), col);
    }
  }
  finish();
}

function previousFilled(rows: readonly GridRow[], index: number): GridRow | undefined {
  for (let i = index - 1; i >= 0; i--) if (!isBlank(rows[i]!.cells)) return rows[i];
  return undefined;
}

function setField(form: Form, field: ProjectField, value: string, at: string, col: number): void {
  if (field === "name") [form.name, form.nameAt] = [oneLine(value), at];
  else if (field === "unitName") form.unitText = oneLine(value);
  else if (field === "unitCode") form.unitCode = oneLine(value);
  else if (field === "department") form.deptText = oneLine(value);
  else if (field === "goal") [form.goal, form.goalAt, form.goalCol] = [value.trim(), at, col];
  else if (field === "budget" || field === "budgetYuan") [form.budgetText, form.budgetAt, form.budgetYuan] = [value, at, field === "budgetYuan"];
  else if (field === "funds" && form.budgetText === null) [form.budgetText, form.budgetAt] = [value, at];
}

/** A project per name in a table of one row per indicator; an empty name cell is a merged one. */
function projectOfRow(grid: Grid, row: GridRow, form: Form, columns: Columns, finish: () => void, draft: (row: GridRow, inherit?: Form | null) => Form): Form {
  const { project } = columns;
  const cell = (i: number | undefined) => (i === undefined ? "" : oneLine(row.cells[i] ?? ""));
  const name = cell(project.name);
  let current = form;
  if (name !== "" && name !== current.name) {
    if (current.name !== "" || current.indicators.length > 0 || current.errors > 0) {
      const before = current;
      finish();
      current = draft(row, before);
      current.sawIndicators = true;
    }
    [current.name, current.nameAt] = [name, cellPlace(grid, row, project.name)];
  }
  if (cell(project.unitName) !== "") current.unitText = cell(project.unitName);
  if (cell(project.unitCode) !== "") current.unitCode = cell(project.unitCode);
  if (current.budgetText === null && cell(project.budget) !== "") {
    [current.budgetText, current.budgetAt, current.budgetYuan] = [cell(project.budget), cellPlace(grid, row, project.budget), columns.budgetYuan];
  }
  const goal = (row.cells[project.goal ?? -1] ?? "").trim();
  if (project.goal !== undefined && !current.goal) [current.goal, current.goalAt] = [goal, cellPlace(grid, row, project.goal)];
  return current;
}

/** A label and its value written in one cell: "项目名称：城区路灯运维", "资金总额: 250". */
function inlineLabel(cell: string): { label: string; value: string } | null {
  const m = /^([^:：\n]{1,20}?)\s*[:：]\s*(\S[\s\S]*)$/.exec(cell.trim());
  return m ? { label: m[1] ?? "", value: m[2] ?? "" } : null;
}

/**
 * Labels on one row with the value that follows each: in the same cell after a colon, else the next
 * filled cell that is not a label itself; `below` when there is none, or only "金额（万元）".
 */
function readLabels(row: GridRow, reader: Reader): Map<ProjectField, { value: string; col: number; below: boolean }> {
  const out = new Map<ProjectField, { value: string; col: number; below: boolean }>();
  // "总体目标 | 长期目标 | 年度目标": 总体目标 heads the two goals below it and is not itself the goal.
  const groupGoal = row.cells.some((c) => reader.label(c) === "longGoal") && row.cells.filter((c) => reader.label(c) === "goal").length > 1;
  row.cells.forEach((cell, i) => {
    const inline = inlineLabel(cell);
    const inlineField = inline ? reader.label(inline.label) : null;
    const field = inlineField ?? reader.label(cell);
    if (groupGoal && labelKey(cell) === "总体目标") return;
    if (!field || field === "other" || out.has(field)) return;
    if (inline && inlineField) return void out.set(field, { value: inline.value, col: i, below: false });
    const next = row.cells.findIndex((c, j) => j > i && c.trim() !== "");
    const text = next < 0 ? "" : (row.cells[next] ?? "");
    if (next < 0 || reader.label(text) || reader.label(inlineLabel(text)?.label ?? "") || indicatorColumn(text)) return void out.set(field, { value: "", col: i, below: true });
    if (isAmountHeader(text)) return void out.set(field, { value: "", col: next, below: true });
    out.set(field, { value: text, col: next, below: false });
  });
  return out;
}

/** Values on the row under their labels: aligned grids by column, others in the labels' order. */
function fillPending(form: Form, pending: Pending[], row: GridRow, grid: Grid): Pending[] {
  if (pending.length === 0) return pending;
  const filled = row.cells.map((text, col) => ({ text: text.trim(), col })).filter((c) => c.text !== "");
  const byOrder = !grid.aligned && filled.length === pending.length;
  const has: Partial<Record<ProjectField, boolean>> = { name: form.name !== "", unitName: form.unitText !== "", unitCode: form.unitCode !== "", department: form.deptText !== "", budget: form.budgetText !== null, budgetYuan: form.budgetText !== null, funds: form.budgetText !== null, goal: !!form.goal };
  pending.forEach((p, k) => {
    // A value given on the label's own row by another label ("项目资金 | 年度资金总额 | 3") wins.
    if (has[p.field]) return;
    const amount = p.field === "budget" || p.field === "budgetYuan" || p.field === "funds";
    const under = grid.aligned ? { text: (row.cells[p.col] ?? "").trim(), col: p.col } : byOrder ? filled[k]! : (filled.find((c) => !amount || readAmount(c.text) !== null) ?? filled[0]!);
    const taken = amount && readAmount(under.text, p.yuan) === null ? (filled.find((c) => readAmount(c.text, p.yuan) !== null) ?? under) : under;
    if (taken.text === "") return;
    setField(form, p.field === "funds" ? "budget" : p.field, taken.text, cellPlace(grid, row, taken.col), taken.col);
    const label = amount ? (filled.find((c) => c.col < taken.col && readAmount(c.text) === null)?.text ?? "") : "";
    if (SUBTOTAL.test(label)) form.subtotal = `${cellPlace(grid, row, taken.col)}“${label}”`;
  });
  return [];
}

/**
 * A total read from "（一）财政拨款小计" is only that part: when a row below holds another amount that
 * is not zero, the admin is told which amount was taken and what else the form lists.
 */
function watchSubtotal(form: Form, row: GridRow, grid: Grid, problems: Problem[]): void {
  if (!form.subtotal) return;
  const other = row.cells.map((text, col) => ({ text: text.trim(), col })).find((c) => readAmount(c.text) !== null && /[1-9]/.test(c.text));
  if (!other) return;
  problems.push({ severity: "warning", location: cellPlace(grid, row, other.col), message: `年度资金总额取自${form.subtotal}的 ${form.budgetText}；其下还列有 ${other.text}，如年度资金总额应为各项合计，请在表中写明总额后重新导入` });
  form.subtotal = null;
}

/** A goal that goes on over the next rows of its column (aligned grids: the only filled cell there). */
function continueGoal(form: Form, row: GridRow, grid: Grid): void {
  if (!grid.aligned || form.goalCol === null || form.sawIndicators || !form.goal) return;
  const filled = row.cells.map((c, i) => [c.trim(), i] as const).filter(([c]) => c !== "");
  if (filled.length === 1 && filled[0]![1] === form.goalCol && readAmount(filled[0]![0]) === null) form.goal = `${form.goal}\n${filled[0]![0]}`;
}

function finishForm(form: Form, reader: Reader, { projects, problems, places }: Required<ParseResult>): void {
  const lost = form.indicators.length > 0 ? `，其中的 ${form.indicators.length} 个指标未导入` : "";
  const err = (location: string, message: string) => problems.push({ severity: "error", location, message });
  const warn = (location: string, message: string) => problems.push({ severity: "warning", location, message });
  const values = reader.values ?? {};
  // A stray label row with nothing under it is not a form; nothing is lost by passing over it.
  if (form.name === "" && !values.name && form.indicators.length === 0 && form.errors === 0) return;
  const name = form.name || values.name?.trim() || "";
  if (name === "") return void err(form.nameAt, `项目名称为空，无法导入该项目${lost}`);
  const budgetText = form.budgetText ?? values.budget ?? null;
  if (budgetText === null || budgetText.trim() === "") {
    return void err(form.budgetAt || form.nameAt, `项目“${name}”缺少预算金额（需要“年度资金总额”“预算金额”“资金总额”或“年度本级预算金额”一栏），已跳过该项目${lost}`);
  }
  const budgetWan = readAmount(budgetText, form.budgetYuan);
  if (budgetWan === null) return void err(form.budgetAt, `项目“${name}”的年度资金总额“${budgetText}”不是有效数字，已跳过该项目${lost}`);
  if (form.budgetYuan) warn(form.budgetAt, `项目“${name}”的预算金额以元填写（${budgetText} 元），已换算为 ${budgetWan} 万元`);
  let [unitCode, unitName] = splitUnit(form.unitText || values.unit || "");
  if (form.unitCode !== "") unitCode = form.unitCode;
  if (unitName === "" && unitCode === "" && form.deptText !== "") {
    [unitCode, unitName] = splitUnit(form.deptText);
    warn(form.nameAt, `项目“${name}”没有填写实施单位，已按主管（预算）部门“${form.deptText}”作为实施单位`);
  } else if (unitName === "" && unitCode === "") {
    warn(form.nameAt, `项目“${name}”未找到实施单位（需要“实施单位”“预算单位”或“填报单位”一栏，或单位代码），导入时须能对应到本部门的单位`);
  }
  const goal = form.goal ?? values.goal ?? null;
  if (goal === null) warn(form.nameAt, `项目“${name}”未找到年度绩效目标（需要“年度绩效目标”“年度目标”“本年度绩效目标”或“项目绩效目标”一栏），年度绩效目标为空`);
  else if (goal.trim() === "") warn(form.goalAt, `项目“${name}”的年度绩效目标一栏为空`);
  if (form.indicators.length === 0 && form.errors === 0) warn(form.nameAt, `项目“${name}”没有可导入的绩效指标`);
  places.push(form.nameAt);
  projects.push({ unitCode, unitName, name, budgetWan, annualGoal: (goal ?? "").trim(), indicators: form.indicators });
}
