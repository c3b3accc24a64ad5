import ExcelJS from "exceljs";
import type { Grid, GridRow } from "./grid";

export const NOT_A_WORKBOOK = "文件不是有效的 Excel 工作簿（.xlsx）";
// exceljs has no cancellation; a pathological archive must not hold an import request forever.
const LOAD_TIMEOUT_MS = 30_000;
// A 10 MB upload can inflate to gigabytes of XML; real budget workbooks stay far below this.
const MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
// Columns beyond any real form; a stray formatted cell at XFD1 must not make every row 16 384 wide.
const MAX_COLUMNS = 200;

/** Reads every worksheet into a grid; throws an Error whose Chinese message starts with NOT_A_WORKBOOK. */
export async function readWorkbook(bytes: Uint8Array): Promise<Grid[]> {
  const inflated = uncompressedSize(bytes);
  if (inflated !== null && inflated > MAX_UNCOMPRESSED_BYTES) {
    throw new Error(`${NOT_A_WORKBOOK}：解压后超过 ${MAX_UNCOMPRESSED_BYTES / 1024 / 1024} MB，不像是一份预算表格`);
  }
  const workbook = new ExcelJS.Workbook();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${NOT_A_WORKBOOK}：${LOAD_TIMEOUT_MS / 1000} 秒内未能读完，文件可能已损坏`)), LOAD_TIMEOUT_MS);
    });
    // exceljs's typings predate Node's generic Buffer; the runtime accepts any Buffer.
    const buffer = Buffer.from(bytes) as unknown as ArrayBuffer;
    await Promise.race([workbook.xlsx.load(buffer), timeout]);
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

/** Sum of the sizes the ZIP's central directory declares, read before inflating anything; null if unreadable. */
function uncompressedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => (at >= 0 && at + 4 <= bytes.length ? view.getUint32(at, true) : -1);
  const u16 = (at: number) => (at >= 0 && at + 2 <= bytes.length ? view.getUint16(at, true) : -1);
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  let total = 0;
  let at = u32(end + 16);
  for (let entries = u16(end + 10); entries > 0; entries--) {
    if (u32(at) !== 0x02014b50) return null;
    const size = u32(at + 24);
    // ZIP64 marks sizes it moved elsewhere with 0xFFFFFFFF: count them as too large rather than guess.
    total += size === 0xffffffff ? Infinity : size;
    at += 46 + u16(at + 28) + u16(at + 30) + u16(at + 32);
  }
  return total;
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
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value, numFmt);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if ("richText" in value && Array.isArray(value.richText)) return value.richText.map((run) => String(run.text ?? "")).join("");
  if ("error" in value) return String(value.error);
  // Formula cells (plain or shared) carry the value Excel last computed.
  if ("formula" in value || "sharedFormula" in value) return cellText((value as { result?: ExcelJS.CellValue }).result, numFmt);
  if ("text" in value) {
    const text = (value as { text?: unknown }).text;
    return typeof text === "string" ? text : cellText(text as ExcelJS.CellValue, numFmt);
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
