import ExcelJS from "exceljs";
import { repackBounded, UnzipRefused } from "@/lib/xlsx/unzip";
import { restoreFormulaText } from "@/lib/xlsx/write";
import type { Grid, GridRow } from "./grid";

export const NOT_A_WORKBOOK = "文件不是有效的 Excel 工作簿（.xlsx）";
// exceljs has no cancellation; a pathological archive must not hold an import request forever.
const LOAD_TIMEOUT_MS = 30_000;
// Columns beyond any real form; a stray formatted cell at XFD1 must not make every row 16 384 wide.
const MAX_COLUMNS = 200;

/**
 * Reads every worksheet into a grid; throws an Error whose Chinese message starts with NOT_A_WORKBOOK.
 * The one reader of uploaded workbooks (targets, progress templates, expenditures): exceljs only ever
 * sees the archive as lib/xlsx/unzip.ts rebuilt it, after inflating it under a running limit.
 */
export async function readWorkbook(bytes: Uint8Array): Promise<Grid[]> {
  let archive: Buffer;
  try {
    archive = repackBounded(bytes);
  } catch (e) {
    if (e instanceof UnzipRefused) throw new Error(`${NOT_A_WORKBOOK}：${e.message}`);
    throw e;
  }
  const workbook = new ExcelJS.Workbook();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${NOT_A_WORKBOOK}：${LOAD_TIMEOUT_MS / 1000} 秒内未能读完，文件可能已损坏`)), LOAD_TIMEOUT_MS);
    });
    // exceljs's typings predate Node's generic Buffer; the runtime accepts any Buffer.
    await Promise.race([workbook.xlsx.load(archive as unknown as ArrayBuffer), timeout]);
  } catch (e) {
    // exceljs and JSZip speak English ("Corrupted zip…"); users get the Chinese reason, the detail stays out.
    if (e instanceof Error && e.message.startsWith(NOT_A_WORKBOOK)) throw e;
    throw new Error(`${NOT_A_WORKBOOK}：无法解压或读取，文件可能已损坏，或是改了扩展名的其他文件`);
  } finally {
    clearTimeout(timer);
  }
  // A ZIP without xl/workbook.xml (a .docx, a zipped folder) loads as a workbook with no sheets.
  if (workbook.worksheets.length === 0) throw new Error(NOT_A_WORKBOOK);
  return workbook.worksheets.map(sheetToGrid);
}

function sheetToGrid(sheet: ExcelJS.Worksheet): Grid {
  const rows: GridRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      // A merged range keeps its value in the master cell only; the others would repeat it.
      if (col > MAX_COLUMNS || cell.type === ExcelJS.ValueType.Merge) return;
      while (cells.length < col - 1) cells.push("");
      cells[col - 1] = cellText(cell.value, String(cell.numFmt ?? "")).replace(/\r\n?/g, "\n");
    });
    rows.push({ row: rowNumber, cells });
  });
  return { sheet: sheet.name, rows, aligned: true };
}

/** The text a user sees in the cell, without float arithmetic on numbers. */
export function cellText(value: ExcelJS.CellValue | undefined, numFmt = ""): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return restoreFormulaText(value);
  if (typeof value === "number") return numberText(value, numFmt);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if ("richText" in value && Array.isArray(value.richText)) return restoreFormulaText(value.richText.map((run) => String(run.text ?? "")).join(""));
  if ("error" in value) return String(value.error);
  // Formula cells (plain or shared) carry the value Excel last computed.
  if ("formula" in value || "sharedFormula" in value) return cellText((value as { result?: ExcelJS.CellValue }).result, numFmt);
  if ("text" in value) {
    const text = (value as { text?: unknown }).text;
    return typeof text === "string" ? restoreFormulaText(text) : cellText(text as ExcelJS.CellValue, numFmt);
  }
  return "";
}

/**
 * 5000 → "5000", 2.16 → "2.16". JavaScript already prints the shortest decimal that round-trips; only
 * values that carry binary noise past Excel's 15 significant digits (0.1+0.2 in a formula) are cut back
 * to what Excel shows. A percent format moves the decimal point as text, never by multiplying.
 */
export function numberText(n: number, numFmt = ""): string {
  if (!Number.isFinite(n)) return "";
  let text = String(n);
  if (!/e/i.test(text) && text.replace(/^-|\./g, "").replace(/^0+/, "").length > 15) text = String(Number(n.toPrecision(15)));
  if (/e/i.test(text) || !/%/.test(numFmt.replace(/"[^"]*"|\\./g, ""))) return text;
  return `${shiftDecimal(text, 2)}%`;
}

function shiftDecimal(text: string, places: number): string {
  const negative = text.startsWith("-");
  const [int = "", frac = ""] = text.replace(/^-/, "").split(".");
  const digits = int + frac.padEnd(places, "0");
  const point = int.length + places;
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, "");
  const rest = digits.slice(point).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${rest ? `.${rest}` : ""}`;
}
