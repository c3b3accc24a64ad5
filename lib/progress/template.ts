// The monthly progress template (月度填报模板): an official-looking, printable .xlsx a unit fills in
// offline and uploads again. Layout and reading live in ./template-read; this file builds the sheet.
import ExcelJS from "exceljs";
import { workbookBuffer } from "@/lib/xlsx/write";
import { DEVIATION_CAUSE_LABELS, LIKELIHOOD_LABELS } from "./check-in-schema";
import {
  COLUMN_ORDER,
  COLUMNS,
  DEVIATION_CAUSE_OPTIONS,
  FIRST_DATA_ROW,
  HEADER_ROW,
  INPUT_COLUMNS,
  LIKELIHOOD_OPTIONS,
  META_KEYS,
  META_SHEET,
  TEMPLATE_SHEET,
  TEMPLATE_VERSION,
  TITLE_ROW,
  columnNumber,
  compact,
  endOfMonth,
  matchOption,
  parseTemplateNumber,
  scaleOf,
  type ColumnKey,
  type TemplateIndicator,
  type TemplateMeta,
} from "./template-read";

export { readMonthlyTemplate } from "./template-read";
export type { DeviationCause, Likelihood, TemplateError, TemplateIndicator, TemplateMeta, TemplateRead, TemplateRow } from "./template-read";
export { COLUMNS as TEMPLATE_COLUMNS, META_SHEET, TEMPLATE_SHEET, endOfMonth } from "./template-read";

const WIDTHS: Record<ColumnKey, number> = {
  seq: 6,
  projectName: 22,
  category: 10, // not 9: exceljs treats 9 as its default width and leaves it out of the file
  name: 22,
  target: 14,
  last: 15,
  actual: 14,
  forecast: 14,
  likelihood: 12,
  deviationCause: 13,
  correctiveAction: 26,
  note: 16,
  id: 38,
};
const LAST_VISIBLE = columnNumber("note");

const FONT = "宋体";
const INPUT_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF2CC" } };
const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9D9D9" } };
const THIN: Partial<ExcelJS.Border> = { style: "thin", color: { argb: "FF000000" } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

const NOTES =
  "说明：1. 浅黄色单元格为填报项，其余内容请勿修改，也不要增删行、列；" +
  `2. “${COLUMNS.actual}”填自年初至填报截至日期的累计数，数值型指标只填数字（计量单位见“${COLUMNS.target}”），定性指标从下拉列表中选择；` +
  `3. 填报项中是本月已保存的内容，原样上传不会改变任何数据；清空单元格即清空该项；“${COLUMNS.last}”只供参考；` +
  `4. 预计不能完成或进度滞后的，请选择“${COLUMNS.deviationCause}”并填写“${COLUMNS.correctiveAction}”；` +
  "5. 填好后直接上传本文件。";

/**
 * Builds the template for one unit and month. Rows follow `indicators` in order; the hidden id column
 * lets the upload match rows however the user sorts them. Throws only on a caller's mistake (bad
 * month or date, the same indicator twice).
 */
export async function buildMonthlyTemplate(meta: TemplateMeta, indicators: TemplateIndicator[]): Promise<Uint8Array> {
  const asOfDate = checkMeta(meta);
  const ids = new Set<string>();
  for (const i of indicators) {
    const key = compact(i.id).toLowerCase();
    if (ids.has(key)) throw new Error(`指标 ${i.id} 重复，同一指标在模板中只能有一行`);
    ids.add(key);
  }

  const workbook = new ExcelJS.Workbook();
  workbook.creator = "绩效通";
  workbook.title = `${meta.unitName} ${meta.year}年${meta.month}月 绩效目标运行监控填报表`;
  const lastDataRow = HEADER_ROW + indicators.length;
  const sheet = workbook.addWorksheet(TEMPLATE_SHEET, {
    views: [{ state: "frozen", xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${FIRST_DATA_ROW}`, activeCell: `G${FIRST_DATA_ROW}` }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages down as needed
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${TITLE_ROW}:${HEADER_ROW}`,
    },
    headerFooter: { oddFooter: "&C第 &P 页，共 &N 页" },
  });
  sheet.columns = COLUMN_ORDER.map((key) => ({ key, width: WIDTHS[key], hidden: key === "id" }));
  const lists = new OptionLists();

  const title = sheet.getCell(TITLE_ROW, 1);
  title.value = clean(workbook.title);
  title.font = { name: FONT, size: 16, bold: true };
  title.alignment = { horizontal: "center", vertical: "middle" };
  sheet.mergeCells(TITLE_ROW, 1, TITLE_ROW, LAST_VISIBLE);
  sheet.getRow(TITLE_ROW).height = 32;

  const dateLine = sheet.getCell(TITLE_ROW + 1, 1);
  dateLine.value = `填报截至日期：${asOfDate}`;
  sheet.mergeCells(TITLE_ROW + 1, 1, TITLE_ROW + 1, 6);
  const unitLine = sheet.getCell(TITLE_ROW + 1, 7);
  unitLine.value = clean(`填报单位：${meta.unitCode} ${meta.unitName}`);
  unitLine.alignment = { horizontal: "right", vertical: "middle" };
  sheet.mergeCells(TITLE_ROW + 1, 7, TITLE_ROW + 1, LAST_VISIBLE);
  for (const c of [dateLine, unitLine]) c.font = { name: FONT, size: 11 };
  sheet.getRow(TITLE_ROW + 1).height = 20;

  const header = sheet.getRow(HEADER_ROW);
  COLUMN_ORDER.forEach((key, i) => {
    const c = header.getCell(i + 1);
    c.value = COLUMNS[key];
    if (key === "id") return;
    c.font = { name: FONT, size: 10, bold: true };
    c.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    c.fill = HEADER_FILL;
    c.border = BORDER;
  });
  header.height = 36;

  indicators.forEach((indicator, index) => {
    const row = sheet.getRow(FIRST_DATA_ROW + index);
    const values: Record<ColumnKey, ExcelJS.CellValue> = {
      seq: index + 1,
      projectName: clean(indicator.projectName),
      category: clean(indicator.category),
      name: clean(indicator.name),
      target: clean(indicator.target),
      last: lastText(indicator),
      actual: prefill(indicator, indicator.saved?.actual),
      forecast: prefill(indicator, indicator.saved?.forecast),
      likelihood: choiceLabel(indicator.saved?.likelihood, LIKELIHOOD_LABELS, LIKELIHOOD_OPTIONS),
      deviationCause: choiceLabel(indicator.saved?.deviationCause, DEVIATION_CAUSE_LABELS, DEVIATION_CAUSE_OPTIONS),
      correctiveAction: freeTextCell(indicator.saved?.correctiveAction),
      note: freeTextCell(indicator.saved?.note),
      id: indicator.id,
    };
    COLUMN_ORDER.forEach((key, i) => {
      const c = row.getCell(i + 1);
      c.value = values[key];
      if (key === "id") return;
      c.font = { name: FONT, size: 10 };
      c.border = BORDER;
      const centred = key === "seq" || key === "category" || key === "likelihood" || key === "deviationCause";
      c.alignment = { vertical: "middle", wrapText: true, ...(centred ? { horizontal: "center" } : {}) };
      if (INPUT_COLUMNS.includes(key)) {
        c.protection = { locked: false };
        c.fill = INPUT_FILL;
      }
    });
    for (const key of ["actual", "forecast"] as const) {
      const c = row.getCell(columnNumber(key));
      c.numFmt = valueFormat(indicator);
      const validation = valueValidation(indicator, key, asOfDate, lists);
      if (validation) c.dataValidation = validation;
    }
    for (const key of ["correctiveAction", "note"] as const) row.getCell(columnNumber(key)).numFmt = "@"; // "1-2" must not become a date
    row.getCell(columnNumber("likelihood")).dataValidation = listValidation(COLUMNS.likelihood, LIKELIHOOD_OPTIONS);
    row.getCell(columnNumber("deviationCause")).dataValidation = listValidation(COLUMNS.deviationCause, DEVIATION_CAUSE_OPTIONS);
  });

  const notesRow = lastDataRow + 2;
  const notes = sheet.getCell(notesRow, 1);
  notes.value = NOTES;
  notes.font = { name: FONT, size: 9 };
  notes.alignment = { vertical: "top", wrapText: true };
  sheet.mergeCells(notesRow, 1, notesRow, LAST_VISIBLE);
  sheet.getRow(notesRow).height = 42; // merged cells never auto-fit
  // One merged cell: a signature line split over several cells would put text in the input columns.
  const signRow = notesRow + 1;
  const sign = sheet.getCell(signRow, 1);
  sign.value = "填报人：　　　　　　　　　　　　审核人：　　　　　　　　　　　　填报日期：　　　　年　　月　　日";
  sign.font = { name: FONT, size: 11 };
  sign.alignment = { vertical: "middle" };
  sheet.mergeCells(signRow, 1, signRow, LAST_VISIBLE);
  sheet.getRow(signRow).height = 28;

  sheet.pageSetup.printArea = `A1:${sheet.getColumn(LAST_VISIBLE).letter}${signRow}`;
  sheet.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: lastDataRow, column: LAST_VISIBLE } };
  // No password: the lock only keeps users from breaking the layout by accident. Filtering and row
  // heights stay allowed; column widths do not, so the id column cannot be unhidden by a drag.
  await sheet.protect("", { selectLockedCells: true, selectUnlockedCells: true, formatRows: true, autoFilter: true });

  const metaSheet = workbook.addWorksheet(META_SHEET, { state: "veryHidden" });
  const metaValues: Record<keyof typeof META_KEYS, string> = {
    unitCode: meta.unitCode,
    year: String(meta.year),
    month: String(meta.month),
    asOfDate,
    version: TEMPLATE_VERSION,
  };
  // Strings, so a code like 009001 keeps its zeros.
  (Object.keys(META_KEYS) as (keyof typeof META_KEYS)[]).forEach((key, i) => {
    metaSheet.getRow(i + 1).values = [key, clean(metaValues[key]), META_KEYS[key]];
  });
  lists.writeTo(metaSheet);
  await metaSheet.protect("", {});

  return workbookBuffer(workbook);
}

function checkMeta(meta: TemplateMeta): string {
  if (!Number.isInteger(meta.year) || meta.year < 1900 || meta.year > 9999) throw new Error(`年度无效：${meta.year}`);
  if (!Number.isInteger(meta.month) || meta.month < 1 || meta.month > 12) throw new Error(`月份无效：${meta.month}`);
  if (!meta.unitCode.trim()) throw new Error("缺少单位代码");
  const asOfDate = meta.asOfDate.trim() || endOfMonth(meta.year, meta.month);
  const date = new Date(`${asOfDate}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOfDate) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== asOfDate) {
    throw new Error(`填报截至日期无效：${meta.asOfDate}`);
  }
  return asOfDate;
}

/** The last check-in as the unit saw it: "30 箱" over "（2025-05-31）", or a dash. */
function lastText(indicator: TemplateIndicator): string {
  const last = indicator.last;
  if (!last || last.actual.trim() === "") return "—";
  const value = indicator.kind === "number" && indicator.unit ? `${last.actual} ${indicator.unit}` : last.actual;
  return clean(`${value}\n（${last.asOfDate}）`);
}

/**
 * A saved value written back for the unit to keep or change: a number cell when Excel holds the
 * decimal exactly (so its decimal validation and sums work), text otherwise. A saved value that no
 * longer reads (its target changed from a number to a scale, or the scale changed) is written as it
 * is: the upload then names it, rather than clearing it unnoticed.
 */
function prefill(indicator: TemplateIndicator, value: string | null | undefined): ExcelJS.CellValue {
  if (value == null || value.trim() === "") return null;
  if (indicator.kind === "number") {
    const parsed = parseTemplateNumber(value, indicator.unit);
    if (!("value" in parsed)) return clean(value.trim());
    // Excel keeps 15 significant digits; more would be rounded the moment the file is opened.
    const significant = parsed.value.replace(".", "").replace(/^0+/, "").length;
    return significant <= 15 && String(Number(parsed.value)) === parsed.value ? Number(parsed.value) : parsed.value;
  }
  const scale = scaleOf(indicator);
  return scale.length === 0 ? clean(value.trim()) : (matchOption(value, scale) ?? clean(value.trim()));
}

/** Accepts the code (CERTAIN) or the label (确定能); anything else is not pre-filled. */
function choiceLabel(value: string | null | undefined, labels: Record<string, string>, options: readonly string[]): string | null {
  if (!value) return null;
  if (value in labels) return labels[value]!;
  return matchOption(value, options);
}

/** Free text as saved (the reader trims, as saving does); control characters would break the file. */
const freeTextCell = (value: string | null | undefined): string | null => (value && value.trim() ? clean(value) : null);

/** Shows the unit after the number ("50 箱") while the cell holds just 50. */
function valueFormat(indicator: TemplateIndicator): string {
  if (indicator.kind === "text") return "@";
  const unit = indicator.unit.replace(/["\\]/g, "").trim();
  if (!unit) return "General";
  return unit === "%" ? 'General"%"' : `General" ${unit}"`;
}

function valueValidation(indicator: TemplateIndicator, key: "actual" | "forecast", asOfDate: string, lists: OptionLists): ExcelJS.DataValidation | undefined {
  const label = COLUMNS[key];
  const what = key === "actual" ? `自年初至 ${asOfDate} 的累计完成值` : "预计到年底的完成值";
  if (indicator.kind === "number") {
    const unit = indicator.unit ? `（单位：${indicator.unit}）` : "";
    return {
      type: "decimal",
      operator: "greaterThanOrEqual",
      formulae: [0],
      allowBlank: true,
      showErrorMessage: true,
      errorStyle: "stop",
      errorTitle: "请填写数字",
      error: `“${label}”只能填写不小于 0 的数字${unit}，不要带单位或文字。`,
      showInputMessage: true,
      promptTitle: label,
      prompt: clip(indicator.hint ? `${what}：${indicator.hint}。` : `${what}${unit}，只填数字。`, 250),
    };
  }
  const scale = scaleOf(indicator);
  if (scale.length === 0) return undefined;
  return { ...listValidation(label, scale, lists.rangeFor(scale)), prompt: clip(`${what}，从下拉列表中选择：${scale.join("、")}`, 250) };
}

function listValidation(label: string, options: readonly string[], range?: string): ExcelJS.DataValidation {
  return {
    type: "list",
    // An inline list breaks on a comma inside an option and stops at 255 characters; scales go to a range.
    formulae: [range ?? `"${options.join(",")}"`],
    allowBlank: true,
    showErrorMessage: true,
    errorStyle: "stop",
    errorTitle: "请从下拉列表中选择",
    error: clip(`“${label}”只能选择：${options.join("、")}`, 225),
    showInputMessage: true,
    promptTitle: label,
    prompt: clip(`从下拉列表中选择：${options.join("、")}`, 250),
  };
}

/** The qualitative scales, one column each on the hidden sheet (column D on), shared by equal scales. */
class OptionLists {
  private readonly columns = new Map<string, { column: number; options: readonly string[] }>();
  private static readonly FIRST_COLUMN = 4;

  rangeFor(options: readonly string[]): string {
    const key = JSON.stringify(options);
    let entry = this.columns.get(key);
    if (!entry) {
      entry = { column: OptionLists.FIRST_COLUMN + this.columns.size, options };
      this.columns.set(key, entry);
    }
    const letter = columnLetter(entry.column);
    return `'${META_SHEET}'!$${letter}$1:$${letter}$${options.length}`;
  }

  writeTo(sheet: ExcelJS.Worksheet): void {
    for (const { column, options } of this.columns.values()) {
      options.forEach((option, i) => {
        sheet.getCell(i + 1, column).value = clean(option);
      });
    }
  }
}

function columnLetter(column: number): string {
  let n = column;
  let letters = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

// Control characters are not allowed in the sheet's XML and would make Excel refuse the whole file.
const clean = (text: string): string => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "");

// Excel limits a validation's prompt to 255 characters and its error message to 225.
const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
