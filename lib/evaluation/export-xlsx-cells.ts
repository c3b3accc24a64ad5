// Cell-level helpers shared by the self-evaluation sheets (./export-xlsx-form, ./export-xlsx):
// styles, exact decimal cells, sheet names and row heights.
import type ExcelJS from "exceljs";
import { parseDecimal, shiftDecimal, type Decimal } from "@/lib/decimal";
import { fromScaled } from "@/lib/money";

export const FONT = "宋体";
const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE7E6E6" } };
const THIN: Partial<ExcelJS.Border> = { style: "thin", color: { argb: "FF000000" } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export type Align = "left" | "center" | "right";
export type CellKind = "header" | "body";

/**
 * Gives every cell of the rectangle its own style object: exceljs shares one style object between a
 * merged master and the cells merged into it, so setting `cell.font` on one would change the others.
 * Every cell of a merged range gets the border too, or Excel draws the range with gaps.
 */
export function styleRange(sheet: ExcelJS.Worksheet, top: number, left: number, bottom: number, right: number, kind: CellKind, align: Align, numFmt?: string): void {
  for (let r = top; r <= bottom; r += 1) {
    for (let c = left; c <= right; c += 1) {
      const cell = sheet.getCell(r, c);
      cell.style = {
        font: { name: FONT, size: 10, bold: kind === "header" },
        alignment: { horizontal: align, vertical: "middle", wrapText: true },
        border: { ...BORDER },
        ...(kind === "header" ? { fill: { ...HEADER_FILL } } : {}),
        ...(numFmt ? { numFmt } : {}),
      };
    }
  }
}

/** Merges unless the range is a single cell (exceljs would record a one-cell merge). */
export function merge(sheet: ExcelJS.Worksheet, top: number, left: number, bottom: number, right: number): void {
  if (top === bottom && left === right) return;
  sheet.mergeCells(top, left, bottom, right);
}

/** Writes a value into the top-left cell of a rectangle, merges it and styles every cell of it. */
export function put(
  sheet: ExcelJS.Worksheet,
  [top, left, bottom, right]: readonly [number, number, number, number],
  value: ExcelJS.CellValue | DecimalCell,
  kind: CellKind,
  align: Align,
): void {
  merge(sheet, top, left, bottom, right);
  const cellValue = isDecimalCell(value) ? value.value : typeof value === "string" ? clean(value) : value;
  const numFmt = isDecimalCell(value) ? value.numFmt : undefined;
  styleRange(sheet, top, left, bottom, right, kind, align, numFmt);
  sheet.getCell(top, left).value = cellValue;
}

export interface DecimalCell {
  readonly decimal: true;
  readonly value: number | string;
  readonly numFmt?: string;
  readonly display: string; // what Excel shows
}

function isDecimalCell(value: unknown): value is DecimalCell {
  return typeof value === "object" && value !== null && (value as { decimal?: unknown }).decimal === true;
}

// Excel keeps 15 significant digits; a number with more would change the moment it is stored.
const EXCEL_DIGITS = 15;

/** At least two decimals, never fewer than the figure has: "100" → "100.00", "2.1587" stays. */
export function displayDecimal(d: Decimal): string {
  if (d.scale >= 2) return fromScaled(d.units, d.scale);
  return fromScaled(d.units * 10n ** BigInt(2 - d.scale), 2);
}

/**
 * A money amount, weight or score as Excel should hold it: a number whose format shows exactly the
 * decimal string ("0.00", or more zeros when the figure has more decimals, so "2.1587" is not shown as
 * 2.16). Number("5056.59") is the double nearest the decimal, and with at most 15 significant digits
 * Excel shows it back digit for digit. Longer figures, and anything that is not a number ("—"), stay
 * text so nothing is rounded.
 */
export function decimalCell(text: string): DecimalCell {
  const d = parseDecimal(text);
  if (!d) return { decimal: true, value: clean(text.trim()), display: clean(text.trim()) };
  const display = displayDecimal(d);
  const digits = (d.units < 0n ? -d.units : d.units).toString().replace(/0+$/, "").length;
  if (digits > EXCEL_DIGITS) return { decimal: true, value: display, display };
  const scale = Math.max(2, d.scale);
  return { decimal: true, value: d.units === 0n ? 0 : Number(display), numFmt: `0.${"0".repeat(scale)}`, display };
}

/**
 * 执行率 as Excel holds a percentage: the fraction as a number, shown through a "0.00%" format
 * ("73.04" → 0.7304, shown 73.04%), so it sorts and sums like a number; none → "—". The fraction is
 * the decimal shifted two places, and Number() of that text is the double nearest it, shown back
 * digit for digit.
 */
export function percentCell(rate: string | null): DecimalCell {
  const d = rate === null ? null : parseDecimal(rate.trim().replace(/%$/, ""));
  if (!d) return { decimal: true, value: "—", display: "—" };
  const display = `${displayDecimal(d)}%`;
  const fraction = shiftDecimal(d, -2);
  const decimals = Math.max(2, d.scale);
  return { decimal: true, value: Number(fromScaled(fraction.units, fraction.scale)), numFmt: `0.${"0".repeat(decimals)}%`, display };
}

/** Exact sum of decimal strings; a text that is not a number counts as nothing. */
export function sumDecimals(texts: readonly string[]): Decimal {
  let scale = 0;
  const values = texts.map((t) => parseDecimal(t)).filter((d): d is Decimal => d !== null);
  for (const d of values) scale = Math.max(scale, d.scale);
  const units = values.reduce((total, d) => total + d.units * 10n ** BigInt(scale - d.scale), 0n);
  return { units, scale };
}

/** spent ÷ budget × 100, rounded half-up to two decimals, in integers; null without a budget. */
export function executionRate(spent: Decimal, budget: Decimal): string | null {
  const scale = Math.max(spent.scale, budget.scale);
  const s = spent.units * 10n ** BigInt(scale - spent.scale);
  const b = budget.units * 10n ** BigInt(scale - budget.scale);
  if (b === 0n) return null;
  const numerator = s * 10000n; // percent with two decimals
  const negative = numerator < 0n !== b < 0n;
  const absN = numerator < 0n ? -numerator : numerator;
  const absB = b < 0n ? -b : b;
  const rounded = (absN * 2n + absB) / (absB * 2n);
  return fromScaled(negative ? -rounded : rounded, 2);
}

// Control characters are not allowed in the sheet's XML; a cell holds at most 32,767 characters.
const CELL_MAX = 32767;
export function clean(text: string): string {
  const cleaned = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "");
  return cleaned.length <= CELL_MAX ? cleaned : `${cleaned.slice(0, CELL_MAX - 1)}…`;
}

const SHEET_NAME_MAX = 31;
// Characters Excel refuses in a sheet name, swapped for their full-width look-alikes so the name still
// reads. The apostrophe is allowed inside a name but exceljs writes the print area as '名称'!$A1:$I19
// without doubling it, which Excel would have to repair; a typographic one reads the same.
const SHEET_NAME_SWAP: Record<string, string> = { "[": "［", "]": "］", ":": "：", "*": "＊", "?": "？", "/": "／", "\\": "＼", "'": "’" };

/** Cuts to `max` UTF-16 units (Excel's count) without splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  let out = "";
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/**
 * Sheet names for the given titles, in order: forbidden characters and apostrophes swapped, at most 31
 * characters, and unique ignoring case (as Excel compares them), including
 * against `reserved`. A clash gets "(2)", "(3)" … inside the 31 characters.
 */
export function sheetNames(titles: readonly string[], reserved: readonly string[] = []): string[] {
  const taken = new Set(reserved.map((n) => n.toLowerCase()));
  return titles.map((title) => {
    let base = clean(title)
      .replace(/[[\]:*?/\\']/g, (ch) => SHEET_NAME_SWAP[ch] ?? "_")
      .replace(/\s+/g, " ")
      .trim();
    if (!base || base.toLowerCase() === "history") base = base ? `${base}_` : "项目";
    let name = truncate(base, SHEET_NAME_MAX);
    for (let n = 2; taken.has(name.toLowerCase()); n += 1) {
      const suffix = `(${n})`;
      name = `${truncate(base, SHEET_NAME_MAX - suffix.length)}${suffix}`;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}

/**
 * Rows with merged or wrapped cells never auto-fit, so the height is estimated: a CJK character of
 * 宋体 10pt is about two column-width units wide, other characters one; a line is 13.5pt. Excel caps a
 * row at 409pt.
 */
export function textHeight(text: string, widthUnits: number, minHeight = 20): number {
  const usable = Math.max(2, widthUnits - 1.5);
  let lines = 0;
  for (const paragraph of text.split(/\r?\n/)) {
    let units = 0;
    for (const ch of paragraph) units += /[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3ffff}]/u.test(ch) ? 2 : 1.1;
    lines += Math.max(1, Math.ceil(units / usable));
  }
  return Math.min(409, Math.max(minHeight, Math.ceil(lines * 13.5 + 6)));
}
