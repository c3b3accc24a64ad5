import type ExcelJS from "exceljs";
import { parseDecimal, shiftDecimal } from "@/lib/decimal";
import { FONT, put, type DecimalCell } from "@/lib/evaluation/export-xlsx-cells";
import { formatWan, fromScaled } from "@/lib/money";

// The pieces every leadership sheet shares (monitoring report, overview, unit and budget exports):
// A4 page setup with the header rows repeated on every printed page, a title block, figures as numeric
// cells with formats, and the sign-off line. Cells are written through put (export-xlsx-cells.ts) and
// the workbook through workbookBuffer (write.ts).

/** 元 → a numeric 万元 cell: the exact value (元 has 2 decimals, so 万元 has at most 6), shown with 2 decimals like the screens. */
export function wanCell(yuan: string): DecimalCell {
  const d = parseDecimal(yuan)!;
  const wan = shiftDecimal(d, -4);
  return { decimal: true, value: Number(fromScaled(wan.units, wan.scale)), numFmt: "#,##0.00", display: formatWan(yuan) };
}

/** A count as a number cell. */
export const countCell = (n: number): DecimalCell => ({ decimal: true, value: n, numFmt: "0", display: String(n) });

/** A sheet laid out for A4 (portrait or landscape), one page wide, `repeat` rows ("4:5") on every printed page. */
export function a4Sheet(workbook: ExcelJS.Workbook, name: string, options: { landscape: boolean; widths: number[]; repeat?: string; footer?: string }): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, {
    views: [{ showGridLines: false }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: options.landscape ? "landscape" : "portrait",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.3, right: 0.3, top: 0.5, bottom: 0.5, header: 0.2, footer: 0.2 },
      ...(options.repeat ? { printTitlesRow: options.repeat } : {}),
    },
    headerFooter: { oddFooter: `&L${options.footer ?? ""}&R第 &P 页，共 &N 页` },
  });
  // exceljs leaves a width of 9 (its default) out of the file.
  sheet.columns = options.widths.map((w) => ({ width: w === 9 ? 9.01 : w }));
  return sheet;
}

/** Rows 1–2: the title and its subtitle, centred over `columns` columns, outside the bordered table. */
export function titleBlock(sheet: ExcelJS.Worksheet, columns: number, title: string, subtitle: string): void {
  sheet.mergeCells(1, 1, 1, columns);
  sheet.getCell(1, 1).value = title;
  sheet.getCell(1, 1).style = { font: { name: FONT, size: 16, bold: true }, alignment: { horizontal: "center", vertical: "middle" } };
  sheet.getRow(1).height = 32;
  sheet.mergeCells(2, 1, 2, columns);
  sheet.getCell(2, 1).value = subtitle;
  sheet.getCell(2, 1).style = { font: { name: FONT, size: 11 }, alignment: { horizontal: "center", vertical: "middle" } };
  sheet.getRow(2).height = 20;
}

/** A line of plain text (no border) across columns left..right of `row`. */
export function note(sheet: ExcelJS.Worksheet, row: number, left: number, right: number, text: string, align: "left" | "right" = "left"): void {
  if (right > left) sheet.mergeCells(row, left, row, right);
  const cell = sheet.getCell(row, left);
  cell.value = text;
  cell.style = { font: { name: FONT, size: 10 }, alignment: { horizontal: align, vertical: "middle", wrapText: true } };
}

/** The sign-off line under a report: 填报人 / 审核人 / 单位负责人 and the date, to be signed on paper. */
export function signOff(sheet: ExcelJS.Worksheet, row: number, columns: number): void {
  const third = Math.floor(columns / 3);
  note(sheet, row, 1, third, "填报人：＿＿＿＿＿＿＿＿");
  note(sheet, row, third + 1, 2 * third, "审核人：＿＿＿＿＿＿＿＿");
  note(sheet, row, 2 * third + 1, columns, "单位负责人：＿＿＿＿＿＿＿＿");
  note(sheet, row + 1, 1, columns, "填报日期：＿＿＿＿年＿＿月＿＿日", "right");
  sheet.getRow(row).height = 28;
  sheet.getRow(row + 1).height = 22;
}

/** Fills the cells of a row range with a highlight (a project or indicator to look at). */
export function highlight(sheet: ExcelJS.Worksheet, row: number, left: number, right: number, argb = "FFFCE4D6"): void {
  for (let c = left; c <= right; c += 1) sheet.getCell(row, c).fill = { type: "pattern", pattern: "solid", fgColor: { argb } };
}

export { put };

export type TableCell = string | number | DecimalCell | null;

/**
 * A sheet holding one table: the title block, a note line (scope, date, units), a header row repeated
 * on every printed page, the rows, and an optional 合计 row in the header's style. Text is left-aligned,
 * figures right-aligned.
 */
export function tableSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  table: { title: string; subtitle: string; note: string; columns: { label: string; width: number }[]; rows: TableCell[][]; total?: TableCell[]; landscape?: boolean },
): ExcelJS.Worksheet {
  const count = table.columns.length;
  const sheet = a4Sheet(workbook, name, { landscape: table.landscape ?? count > 7, widths: table.columns.map((c) => c.width), repeat: "4:4", footer: table.title });
  titleBlock(sheet, count, table.title, table.subtitle);
  note(sheet, 3, 1, count, table.note, "right");
  table.columns.forEach((c, n) => put(sheet, [4, n + 1, 4, n + 1], c.label, "header", "center"));
  const write = (row: number, cells: TableCell[], kind: "header" | "body") =>
    cells.forEach((value, n) => {
      const figure = typeof value === "number" || (value !== null && typeof value === "object");
      put(sheet, [row, n + 1, row, n + 1], typeof value === "number" ? countCell(value) : (value ?? ""), kind, figure ? "right" : "left");
    });
  table.rows.forEach((cells, n) => write(5 + n, cells, "body"));
  if (table.total) write(5 + table.rows.length, table.total, "header");
  return sheet;
}
