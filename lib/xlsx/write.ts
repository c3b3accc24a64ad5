import ExcelJS from "exceljs";

// Every .xlsx the product hands out is written by workbookBuffer: the one place where text that a
// spreadsheet program could take for a formula is neutralised (CSV/formula injection, OWASP). A text
// cell is stored as text, but a person who edits it (F2, Enter) or saves the sheet as CSV and opens
// that turns "=HYPERLINK(…)" or "=cmd|' /C calc'!A0" typed by someone else into a live formula.

/** What a spreadsheet program reads as the start of a formula (the full-width forms, from a Chinese input method, too). */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

/**
 * A figure with an optional comparator and a unit in Chinese or a percent sign: "-5", "+3.5", "= 100%",
 * "= 1 次/月", "= 12 月". Re-read as a formula it can only be arithmetic or an error — no function
 * call, no reference to another file — so it keeps its form on the official sheets.
 */
const PLAIN_FIGURE = /^[=+\-＝＋－]?\s?\d[\d,]*(?:\.\d+)?\s?[%‰]?(?:\s?[\p{Script=Han}/]+)?$/u;

/**
 * Whether text gets the apostrophe: it looks like a formula and is not a plain figure — or it already
 * begins with an apostrophe before such text, so that the apostrophe a person typed survives the
 * round trip through restoreFormulaText.
 */
function needsApostrophe(text: string): boolean {
  if (FORMULA_START.test(text)) return !PLAIN_FIGURE.test(text);
  return text.startsWith("'") && needsApostrophe(text.slice(1));
}

/** The text as it is safe to store: a leading apostrophe before anything formula-like but a plain figure. */
export function neutralizeFormula(text: string): string {
  return needsApostrophe(text) ? `'${text}` : text;
}

/**
 * The exact inverse of neutralizeFormula, applied by every reader of an uploaded .xlsx: a file the
 * product wrote and a person uploads unchanged reads back as the text that was saved.
 */
export function restoreFormulaText(text: string): string {
  return text.startsWith("'") && needsApostrophe(text.slice(1)) ? text.slice(1) : text;
}

function neutralizeCell(cell: ExcelJS.Cell): void {
  // A merged range keeps its value in the master cell; formulas are the product's own.
  if (cell.type === ExcelJS.ValueType.Merge) return;
  const value = cell.value;
  if (typeof value === "string") {
    const safe = neutralizeFormula(value);
    if (safe !== value) cell.value = safe;
  } else if (value && typeof value === "object") {
    if ("richText" in value && Array.isArray(value.richText) && value.richText.length > 0) {
      const [first, ...rest] = value.richText;
      const safe = neutralizeFormula(first!.text);
      if (safe !== first!.text) cell.value = { ...value, richText: [{ ...first!, text: safe }, ...rest] };
    } else if ("hyperlink" in value && typeof value.text === "string") {
      const safe = neutralizeFormula(value.text);
      if (safe !== value.text) cell.value = { ...value, text: safe };
    }
  }
}

/** The workbook as .xlsx bytes, every text cell of every sheet neutralised first (see neutralizeFormula). */
export async function workbookBuffer(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  workbook.eachSheet((sheet) => {
    sheet.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, neutralizeCell);
    });
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
