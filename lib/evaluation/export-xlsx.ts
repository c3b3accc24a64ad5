// The year-end self-evaluation (绩效自评) as .xlsx: each project's 项目支出绩效自评表 in the layout
// of 财预〔2020〕10号 (./export-xlsx-form), and for several projects a 汇总 sheet in front.
//
// Two versions: the public one is what a unit hands in: only approved evaluations are published —
// the others are listed in the 汇总 as 未完成自评 with their status, never with a score — and it holds
// none of the notes an evaluator keeps for the department (override reasons, computed scores, flags,
// 需要复核), anywhere in the file. The internal one has every form, those notes and the full status.
//
// Summary sheet "汇总": row 1 title (A:J), row 2 "金额单位：万元", row 3 header — 序号 A, 实施单位 B,
// 项目名称 C, 年初预算数 D, 全年预算数 E, 全年执行数 F, 执行率 G (a number in "0.00%"), 自评得分 H,
// 自评等级 I, 自评状态 J — one row per form from row 4, then 合计 (A:C) with exact sums in D–F and the
// execution rate of the sums in G, over the rows that show figures.
import ExcelJS from "exceljs";
import { workbookBuffer } from "@/lib/xlsx/write";
import type { PrintedForm } from "./printed-form";
import { FONT, clean, decimalCell, executionRate, percentCell, put, sheetNames, sumDecimals, textHeight, displayDecimal } from "./export-xlsx-cells";
import { FORM_TITLE, addFormSheet } from "./export-xlsx-form";

export { sheetNames } from "./export-xlsx-cells";
export { FORM_ROWS, INTERNAL_TITLE } from "./export-xlsx-form";
export type { PrintedForm, PrintedFormLine } from "./printed-form";

export interface EvaluationWorkbookOptions {
  /** true: the version handed in (no status, no internal notes); false: the department's own copy. */
  public: boolean;
  /** Title of the 汇总 sheet; by default "2025年度项目支出绩效自评结果汇总表". */
  summaryTitle?: string;
  /** The file's creation date (document properties); now by default. */
  created?: Date;
}

export const SUMMARY_SHEET = "汇总";
const SUMMARY_HEADERS = ["序号", "实施单位", "项目名称", "年初预算数(万元)", "全年预算数(万元)", "全年执行数(万元)", "执行率", "自评得分", "自评等级", "自评状态"] as const;
const SUMMARY_WIDTHS = [6, 24, 30, 14, 14, 14, 10, 10, 12, 16] as const;
/** What the public version says of a project whose evaluation is not approved, instead of a score. */
export const NOT_EVALUATED = "未完成自评";
const SUMMARY_FIRST_ROW = 4;

/**
 * Builds the workbook: one form → that project's sheet only; several → 汇总 first, then one sheet
 * per project, in the given order (public version: per approved project). Sheet names follow the
 * project names (cleaned, ≤ 31 characters, unique). Throws when there is nothing to publish.
 */
export async function evaluationWorkbook(forms: PrintedForm[], options: EvaluationWorkbookOptions): Promise<Uint8Array> {
  if (forms.length === 0) throw new Error("没有可导出的绩效自评表");
  const internal = !options.public;
  const sheets = internal ? forms : forms.filter((f) => f.approved);
  if (sheets.length === 0) throw new Error("没有审核通过的绩效自评，公开版无可导出的内容");
  const workbook = new ExcelJS.Workbook();
  const created = options.created ?? new Date();
  workbook.creator = "绩效通";
  workbook.lastModifiedBy = "绩效通";
  workbook.created = created;
  workbook.modified = created;
  const title = forms.length === 1 ? `${forms[0]!.projectName} ${yearsText(forms)}年度${FORM_TITLE}` : summaryTitle(forms, options.summaryTitle);
  workbook.title = clean(title);

  const summary = forms.length > 1;
  const names = sheetNames(
    sheets.map((f) => f.projectName),
    summary ? [SUMMARY_SHEET] : [],
  );
  if (summary) addSummarySheet(workbook, forms, summaryTitle(forms, options.summaryTitle), internal);
  sheets.forEach((form, i) => addFormSheet(workbook, names[i]!, form, internal));
  return workbookBuffer(workbook);
}

function yearsText(forms: readonly PrintedForm[]): string {
  return [...new Set(forms.map((f) => f.year))].sort((a, b) => a - b).join("、");
}

function summaryTitle(forms: readonly PrintedForm[], title: string | undefined): string {
  return title?.trim() || `${yearsText(forms)}年度项目支出绩效自评结果汇总表`;
}

function addSummarySheet(workbook: ExcelJS.Workbook, forms: readonly PrintedForm[], title: string, internal: boolean): void {
  const headers: string[] = [...SUMMARY_HEADERS];
  const columns = headers.length;
  const header = SUMMARY_FIRST_ROW - 1;
  const sheet = workbook.addWorksheet(SUMMARY_SHEET, {
    views: [{ state: "frozen", xSplit: 0, ySplit: header, topLeftCell: `A${SUMMARY_FIRST_ROW}`, showGridLines: false }],
    pageSetup: {
      paperSize: 9, // A4; landscape, the list is wider than the forms
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.3, right: 0.3, top: 0.5, bottom: 0.5, header: 0.2, footer: 0.2 },
      printTitlesRow: `${header}:${header}`,
    },
    headerFooter: internal ? { oddHeader: "&L内部版，不得对外报送", oddFooter: "&C第 &P 页，共 &N 页" } : { oddFooter: "&C第 &P 页，共 &N 页" },
  });
  sheet.columns = SUMMARY_WIDTHS.slice(0, columns).map((width) => ({ width }));
  const lastLetter = sheet.getColumn(columns).letter;

  const titleCell = sheet.getCell(1, 1);
  sheet.mergeCells(1, 1, 1, columns);
  titleCell.value = clean(title);
  titleCell.style = { font: { name: FONT, size: 16, bold: true }, alignment: { horizontal: "center", vertical: "middle", wrapText: true } };
  sheet.getRow(1).height = 32;
  const unitCell = sheet.getCell(2, 1);
  sheet.mergeCells(2, 1, 2, columns);
  unitCell.value = "金额单位：万元";
  unitCell.style = { font: { name: FONT, size: 10 }, alignment: { horizontal: "right", vertical: "middle" } };

  headers.forEach((label, i) => put(sheet, [header, i + 1, header, i + 1], label, "header", "center"));
  sheet.getRow(header).height = 30;

  // The public version shows figures of approved evaluations only; the others are 未完成自评, never 0 分/差.
  const shown = (form: PrintedForm) => internal || form.approved;
  forms.forEach((form, i) => {
    const r = SUMMARY_FIRST_ROW + i;
    const figures = shown(form)
      ? [decimalCell(form.funds.initialBudgetWan), decimalCell(form.funds.annualBudgetWan), decimalCell(form.funds.spentWan), percentCell(form.funds.executionRate), decimalCell(form.total), form.grade]
      : ["—", "—", "—", "—", "—", NOT_EVALUATED];
    const values = [i + 1, form.unit, form.projectName, ...figures, internal ? form.status : form.statusLabel];
    const aligns = ["center", "left", "left", "right", "right", "right", "center", "center", "center", "center"] as const;
    values.forEach((value, c) => put(sheet, [r, c + 1, r, c + 1], value, "body", aligns[c]!));
    sheet.getRow(r).height = Math.max(textHeight(form.unit, SUMMARY_WIDTHS[1], 22), textHeight(form.projectName, SUMMARY_WIDTHS[2], 22));
  });

  // 合计: exact sums of the decimal strings, shown with as many decimals as the figures have.
  const total = SUMMARY_FIRST_ROW + forms.length;
  const counted = forms.filter(shown);
  const initial = sumDecimals(counted.map((f) => f.funds.initialBudgetWan));
  const annual = sumDecimals(counted.map((f) => f.funds.annualBudgetWan));
  const spent = sumDecimals(counted.map((f) => f.funds.spentWan));
  put(sheet, [total, 1, total, 3], counted.length === forms.length ? "合计" : `合计（已完成自评的 ${counted.length} 个项目）`, "header", "center");
  [initial, annual, spent].forEach((sum, i) => put(sheet, [total, 4 + i, total, 4 + i], decimalCell(displayDecimal(sum)), "header", "right"));
  put(sheet, [total, 7, total, 7], percentCell(executionRate(spent, annual)), "header", "center");
  for (let c = 8; c <= columns; c += 1) put(sheet, [total, c, total, c], null, "header", "center");
  sheet.getRow(total).height = 24;
  sheet.pageSetup.printArea = `A1:${lastLetter}${total}`;
}
