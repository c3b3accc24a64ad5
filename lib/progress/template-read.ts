// The monthly progress template (月度填报模板): its layout, shared with the builder in ./template, and the
// reader that turns an uploaded copy back into check-in rows. The builder imports from here (not the
// other way round) so the two files never form an import cycle.
import { canonicalDecimal, parseDecimal } from "@/lib/decimal";
import { sniff } from "@/lib/targets/import/decode";
import type { Grid, GridRow } from "@/lib/targets/import/grid";
import { MAX_IMPORT_BYTES } from "@/lib/targets/import/shared";
import { NOT_A_WORKBOOK, readWorkbook } from "@/lib/targets/import/xlsx";
import { DEVIATION_CAUSE_LABELS, LIKELIHOOD_LABELS, type CheckInValues, type DeviationCause, type Likelihood } from "./check-in-schema";

export interface TemplateIndicator {
  id: string; // uuid, written in a hidden column so the upload maps rows back exactly
  projectName: string;
  category: string; // 数量, 质量 ...
  name: string;
  target: string; // "≥ 50 箱", for display
  kind: "number" | "text"; // number: actual is a decimal in `unit`; text: actual is one of `options`
  unit: string;
  options?: string[]; // qualitative scale, best first (["是","否"], ["优","良","中","差"])
  /** The latest check-in before this month, shown in the read-only 上次 column. */
  last?: { asOfDate: string; actual: string } | null;
  /**
   * This month's saved check-in, written into the input cells — every field, so that the template
   * uploaded unchanged changes nothing and an emptied cell clears what was saved. Likelihood and cause
   * by code (CERTAIN) or label (确定能).
   */
  saved?: { [K in "actual" | "forecast" | "likelihood" | "deviationCause" | "correctiveAction" | "note"]?: string | null } | null;
  /** What to type in the value cells (validate.inputHint), shown as the cells' input message. */
  hint?: string;
}

export interface TemplateMeta {
  unitCode: string;
  unitName: string;
  year: number;
  month: number;
  asOfDate: string; // YYYY-MM-DD; "" means the last day of the month
}

export type { DeviationCause, Likelihood };

/** One indicator's row of the sheet: the check-in's fields as text, as the grid and the API send them. */
export interface TemplateRow extends CheckInValues {
  row: number; // the sheet row the user sees, for messages
  indicatorId: string;
}

export interface TemplateError {
  row: number | null;
  column: string | null;
  message: string;
}

export interface TemplateRead {
  meta: { unitCode: string; year: number; month: number; asOfDate: string } | null;
  rows: TemplateRow[];
  errors: TemplateError[];
}

// ---------------------------------------------------------------------------------------------
// Layout

export const TEMPLATE_SHEET = "月度填报";
export const META_SHEET = "模板信息";
export const TEMPLATE_VERSION = "1";

export const COLUMNS = {
  seq: "序号",
  projectName: "项目名称",
  category: "二级指标",
  name: "三级指标",
  target: "年度指标值",
  last: "上次实际完成值（日期）",
  actual: "本月累计实际完成值",
  forecast: "全年预计完成值",
  likelihood: "完成目标可能性",
  deviationCause: "偏差原因",
  correctiveAction: "纠偏措施",
  note: "备注",
  id: "指标ID",
} as const;
export type ColumnKey = keyof typeof COLUMNS;

/** Column order of the sheet: COLUMN_ORDER[i] is column i + 1; the id column is last and hidden. */
export const COLUMN_ORDER: readonly ColumnKey[] = [
  "seq",
  "projectName",
  "category",
  "name",
  "target",
  "last",
  "actual",
  "forecast",
  "likelihood",
  "deviationCause",
  "correctiveAction",
  "note",
  "id",
];
export const INPUT_COLUMNS: readonly ColumnKey[] = ["actual", "forecast", "likelihood", "deviationCause", "correctiveAction", "note"];
export const columnNumber = (key: ColumnKey): number => COLUMN_ORDER.indexOf(key) + 1;

export const TITLE_ROW = 1;
export const HEADER_ROW = 3;
export const FIRST_DATA_ROW = HEADER_ROW + 1;

/** Keys of the hidden meta sheet, one per row: key in column A, value in column B, label in column C. */
export const META_KEYS = { unitCode: "单位代码", year: "年度", month: "月份", asOfDate: "填报截至日期", version: "模板版本" } as const;

export const LIKELIHOOD_OPTIONS = Object.values(LIKELIHOOD_LABELS);
export const DEVIATION_CAUSE_OPTIONS = Object.values(DEVIATION_CAUSE_LABELS);

// Where an actual's value lands in the database: numeric(24,8).
const MAX_FRACTION_DIGITS = 8;
const MAX_INTEGER_DIGITS = 16;

/** NFKC and no whitespace: full-width `（１２）`, stray spaces and line breaks compare equal. */
export const compact = (text: string): string => text.normalize("NFKC").replace(/\s+/g, "");

export { endOfMonthDate as endOfMonth } from "@/lib/calendar";

/**
 * A number as typed or shown: "１,２００" → "1200", "30%" for a % unit → "30", "50箱" for 箱 → "50",
 * "1e-7" → "0.0000001". Returns the canonical decimal, or a Chinese reason. Never goes through a float.
 */
export function parseTemplateNumber(text: string, unit: string): { value: string } | { error: string } {
  let t = compact(text);
  const unitText = compact(unit);
  // A unit typed after the number, or a percent cell (Excel turns "30%" into 0.3 shown as 30%).
  if (unitText && t.length > unitText.length && t.endsWith(unitText)) t = t.slice(0, -unitText.length);
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(t)) t = t.replaceAll(",", "");
  const exponent = /^([+-]?(?:\d+\.?\d*|\.\d+))e([+-]?\d+)$/i.exec(t);
  if (exponent) t = expandExponent(exponent[1]!, Number(exponent[2]));
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(t);
  if (!match || `${match[2]}${match[3] ?? ""}` === "") return { error: "不是有效的数字" };
  const [, sign = "", whole = "", frac = ""] = match;
  const value = canonicalDecimal(`${sign}${whole || "0"}${frac ? `.${frac}` : ""}`);
  if (value.startsWith("-")) return { error: "不能为负数" };
  const [int = "", fraction = ""] = value.split(".");
  if (fraction.length > MAX_FRACTION_DIGITS) return { error: `小数位数不能超过 ${MAX_FRACTION_DIGITS} 位` };
  if (int.length > MAX_INTEGER_DIGITS) return { error: "数值过大" };
  return { value };
}

function expandExponent(mantissa: string, exponent: number): string {
  const normal = mantissa.startsWith(".") || mantissa.startsWith("-.") || mantissa.startsWith("+.") ? mantissa.replace(".", "0.") : mantissa;
  const d = parseDecimal(normal.replace(/\.$/, ""));
  // Far outside numeric(24,8) either way; keep it unparsable so it is reported, not built digit by digit.
  if (!d || Math.abs(exponent) > 40) return "x";
  const scale = d.scale - exponent;
  if (scale >= 0) return canonicalDecimal(formatScaled(d.units, scale));
  return canonicalDecimal((d.units * 10n ** BigInt(-scale)).toString());
}

function formatScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** The option the text names (compared without width or spacing differences), or null. */
export function matchOption(text: string, options: readonly string[]): string | null {
  const key = compact(text);
  return options.find((o) => compact(o) === key) ?? null;
}

export const scaleOf = (indicator: TemplateIndicator): string[] => (indicator.options ?? []).filter((o) => o.trim() !== "");

// ---------------------------------------------------------------------------------------------
// Reading

const HEADER_SEARCH_ROWS = 30;
const READ_FAILED = "无法读取上传的文件";
const USE_OUR_TEMPLATE = "请在系统下载的月度填报模板上填写后上传";

/**
 * Reads an uploaded template. Rows are matched to indicators by the hidden 指标ID column, never by
 * position, because users sort, filter and delete rows. A row with any error is left out of `rows`
 * so that nothing half-read can be saved; every problem is in `errors` with its row and column.
 * Never throws: a corrupt file or a picture comes back as one error.
 */
export async function readMonthlyTemplate(bytes: Uint8Array, indicators: TemplateIndicator[]): Promise<TemplateRead> {
  try {
    return await readTemplate(bytes, indicators);
  } catch {
    return failed(`${READ_FAILED}：文件内容无法识别。${USE_OUR_TEMPLATE}`);
  }
}

const failed = (message: string): TemplateRead => ({ meta: null, rows: [], errors: [{ row: null, column: null, message }] });

async function readTemplate(bytes: Uint8Array, indicators: TemplateIndicator[]): Promise<TemplateRead> {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) return failed(`文件为空。${USE_OUR_TEMPLATE}`);
  // Checked before anything inflates the bytes: an oversized upload must cost nothing.
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    return failed(`文件过大：上限为 ${MAX_IMPORT_BYTES / 1024 / 1024} MB，本文件约 ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB`);
  }
  const sniffed = sniff(bytes);
  if (sniffed.kind !== "zip") {
    // The import's wording up to its first colon says what the file is; its advice is about target import.
    const what = sniffed.kind === "rejected" ? sniffed.message.split("：")[0] : "这是文本文件（CSV 或纯文本），不是 Excel 工作簿（.xlsx）";
    return failed(`${what}。${USE_OUR_TEMPLATE}`);
  }
  let grids: Grid[];
  try {
    grids = await readWorkbook(bytes);
  } catch (e) {
    const reason = e instanceof Error && e.message.startsWith(NOT_A_WORKBOOK) ? e.message : NOT_A_WORKBOOK;
    return failed(`${reason}。${USE_OUR_TEMPLATE}`);
  }
  const errors: TemplateError[] = [];
  const meta = readMeta(grids.find((g) => g.sheet === META_SHEET), errors);

  // The template's own sheet first; a renamed copy is still found by its header.
  const candidates = [...grids.filter((g) => g.sheet === TEMPLATE_SHEET), ...grids.filter((g) => g.sheet !== TEMPLATE_SHEET)];
  let found: { grid: Grid; header: GridRow } | null = null;
  for (const grid of candidates) {
    const header = grid.rows.find((r) => r.row <= HEADER_SEARCH_ROWS && r.cells.some((c) => compact(c) === compact(COLUMNS.id)));
    if (header) {
      found = { grid, header };
      break;
    }
  }
  if (!found) {
    const sheetNames = grids.map((g) => `“${g.sheet}”`).join("、");
    errors.push({
      row: null,
      column: COLUMNS.id,
      message: `没有找到带隐藏“${COLUMNS.id}”列的填报表（工作表：${sheetNames}），无法把各行对应到指标。${USE_OUR_TEMPLATE}，不要把内容复制到新的工作簿`,
    });
    return { meta, rows: [], errors };
  }

  const { grid, header } = found;
  const columns = mapColumns(header, errors);
  const byId = new Map(indicators.map((i) => [normaliseId(i.id), i]));
  const dataRows = grid.rows.filter((r) => r.row > header.row);
  const cell = (r: GridRow, key: ColumnKey): string => {
    const col = columns.get(key);
    return col === undefined ? "" : (r.cells[col - 1] ?? "");
  };

  // First occurrence of each id, so that a copied row is caught whichever of the two comes first.
  const firstRow = new Map<string, number>();
  const duplicated = new Set<string>();
  for (const r of dataRows) {
    const id = normaliseId(cell(r, "id"));
    if (!id) continue;
    if (firstRow.has(id)) duplicated.add(id);
    else firstRow.set(id, r.row);
  }

  const rows: TemplateRow[] = [];
  for (const r of dataRows) {
    const id = normaliseId(cell(r, "id"));
    if (!id) {
      // Footnotes and the signature line sit below the table without an id; typed values there are lost
      // work. A footnote whose merge was undone (by a row deletion in some editors) repeats column A's
      // text in every column: that is not input.
      const spread = (text: string) => text === (r.cells[0] ?? "");
      if (INPUT_COLUMNS.some((key) => cell(r, key).trim() !== "" && !spread(cell(r, key)))) {
        errors.push({
          row: r.row,
          column: COLUMNS.id,
          message: `第${r.row}行：这一行没有指标ID，无法对应到指标，该行未读取（请不要在模板中新增行，也不要把内容粘贴到表格以外的行）`,
        });
      }
      continue;
    }
    const indicator = byId.get(id);
    if (!indicator) {
      errors.push({
        row: r.row,
        column: COLUMNS.id,
        message: `第${r.row}行：该行的指标不在本次填报的指标中（可能已被删除，或是从其他单位、其他年度的模板复制来的行），该行未读取`,
      });
      continue;
    }
    if (duplicated.has(id)) {
      const first = firstRow.get(id)!;
      if (first !== r.row) {
        errors.push({
          row: r.row,
          column: COLUMNS.id,
          message: `第${r.row}行：与第${first}行是同一指标（${indicator.projectName} / ${indicator.name}），无法确定以哪一行为准，重复的各行均未读取`,
        });
      }
      continue;
    }
    const before = errors.length;
    const at = (key: ColumnKey, detail: string) => errors.push({ row: r.row, column: COLUMNS[key], message: `第${r.row}行 ${COLUMNS[key]}：${detail}` });
    const value = (key: "actual" | "forecast"): string | null => readValue(indicator, cell(r, key), (detail) => at(key, detail));
    const choice = <T extends string>(key: "likelihood" | "deviationCause", labels: Record<T, string>): T | null => {
      const text = cell(r, key);
      if (text.trim() === "") return null;
      const entry = (Object.entries(labels) as [T, string][]).find(([, label]) => compact(label) === compact(text));
      if (!entry) at(key, `“${text.trim()}”不是可选值（可选：${Object.values<string>(labels).join("、")}）`);
      return entry?.[0] ?? null;
    };
    const row: TemplateRow = {
      row: r.row,
      indicatorId: indicator.id,
      actual: value("actual"),
      forecast: value("forecast"),
      likelihood: choice("likelihood", LIKELIHOOD_LABELS),
      deviationCause: choice("deviationCause", DEVIATION_CAUSE_LABELS),
      correctiveAction: freeText(cell(r, "correctiveAction")),
      note: freeText(cell(r, "note")),
    };
    if (errors.length === before) rows.push(row);
  }
  // Every indicator must have its row: an absent one would silently keep (or lose) its values. The row
  // named is the indicator's row in a template downloaded now.
  indicators.forEach((indicator, index) => {
    if (firstRow.has(normaliseId(indicator.id))) return;
    const row = FIRST_DATA_ROW + index;
    errors.push({
      row,
      column: COLUMNS.id,
      message: `第${row}行（${indicator.projectName} / ${indicator.name}）：模板中缺少这一行。请不要删除模板中的行；如果该指标是下载模板后才新增的，请重新下载模板`,
    });
  });
  return { meta, rows, errors };
}

function mapColumns(header: GridRow, errors: TemplateError[]): Map<ColumnKey, number> {
  const columns = new Map<ColumnKey, number>();
  header.cells.forEach((text, i) => {
    const key = COLUMN_ORDER.find((k) => compact(COLUMNS[k]) === compact(text));
    if (key && !columns.has(key)) columns.set(key, i + 1);
  });
  for (const key of INPUT_COLUMNS) {
    if (!columns.has(key)) {
      errors.push({ row: header.row, column: COLUMNS[key], message: `第${header.row}行：没有找到“${COLUMNS[key]}”列，该列的内容无法读取（请不要修改或删除表头）` });
    }
  }
  return columns;
}

function readValue(indicator: TemplateIndicator, text: string, report: (detail: string) => void): string | null {
  if (text.trim() === "") return null;
  if (indicator.kind === "number") {
    const parsed = parseTemplateNumber(text, indicator.unit);
    if ("value" in parsed) return parsed.value;
    const unit = indicator.unit ? `单位：${indicator.unit}，` : "";
    report(`“${text.trim()}”${parsed.error}（${unit}只填数字，如 50 或 2.5）`);
    return null;
  }
  const scale = scaleOf(indicator);
  if (scale.length === 0) return text.trim();
  const option = matchOption(text, scale);
  if (option === null) report(`“${text.trim()}”不是可选值（可选：${scale.join("、")}）`);
  return option;
}

function freeText(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === "" ? null : trimmed;
}

const normaliseId = (text: string): string => compact(text).toLowerCase();

function readMeta(grid: Grid | undefined, errors: TemplateError[]): TemplateRead["meta"] {
  // Without the sheet (data pasted into another workbook) the rows still carry their ids; the caller
  // knows which unit and month it asked for and decides whether that is enough.
  if (!grid) return null;
  const values = new Map<string, string>();
  for (const r of grid.rows) if (r.cells[0]) values.set(r.cells[0].trim(), (r.cells[1] ?? "").trim());
  const unitCode = values.get("unitCode") ?? "";
  const year = Number(values.get("year"));
  const month = Number(values.get("month"));
  const asOfDate = values.get("asOfDate") ?? "";
  const validDate = /^\d{4}-\d{2}-\d{2}$/.test(asOfDate) && !Number.isNaN(Date.parse(`${asOfDate}T00:00:00Z`));
  if (!unitCode || !Number.isInteger(year) || year < 1900 || !Number.isInteger(month) || month < 1 || month > 12 || !validDate) {
    errors.push({ row: null, column: null, message: `模板信息已损坏，无法确定是哪个单位、哪个月的填报表。请重新下载模板填写` });
    return null;
  }
  return { unitCode, year, month, asOfDate };
}
