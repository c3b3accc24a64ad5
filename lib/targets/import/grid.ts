import type { Problem } from "@/lib/targets/types";

// One table shape for every input format (xlsx sheet, CSV, tab-separated text), so the layout
// parsers never need to know where a cell came from — only how to name its place.

export interface GridRow {
  row: number; // 1-based row in the sheet, or record number in text (a quoted line break does not count)
  cells: string[]; // cells[i] is column i + 1; merged-away cells are ""
  /** The line each cell came from, when the cells of one row were gathered from several lines (shapes.ts). */
  lines?: number[];
}

/** How the cells of a text were told apart (shapes.ts); "sheet" for an xlsx worksheet. */
export type Shape = "sheet" | "tab" | "comma" | "pipe" | "spaces" | "lines" | "tree";

export interface Grid {
  sheet: string | null; // worksheet name for xlsx, null for text
  rows: GridRow[];
  // True when every row keeps its columns (xlsx, CSV). Text copied from a PDF is not aligned: a cell's
  // line break starts a new line whose first piece belongs to the previous row's last cell.
  aligned: boolean;
  shape?: Shape;
  /**
   * The cells of a row lost their places: runs of spaces swallow empty cells, and one cell per line
   * has no columns at all. The parser then places each cell by what it says (a 一级 name, a 二级 name,
   * a comparator …), never by its count.
   */
  loose?: boolean;
  /** Problems found while shaping the text into rows (a tree whose indentation is ambiguous …). */
  notes?: Problem[];
}

export type Delimiter = "\t" | ",";

/**
 * The place of a cell as the user can find it: its line for a row gathered from several lines, and
 * no column where the text has none (one cell per line, a tree).
 */
export function cellPlace(grid: Grid, row: GridRow, col?: number): string {
  const line = col === undefined ? row.row : (row.lines?.[col] ?? row.row);
  const columns = grid.shape !== "lines" && grid.shape !== "tree";
  return place(grid.sheet, line, columns && col !== undefined ? col + 1 : undefined);
}

/** `工作表“表12” 第5行 第7列`, `第5行`, or `全文` when there is no row. */
export function place(sheet: string | null, row?: number, col?: number): string {
  const where = row === undefined ? "全文" : col === undefined ? `第${row}行` : `第${row}行 第${col}列`;
  return sheet === null ? where : `工作表“${sheet}” ${where}`;
}

export const isBlank = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === "");

/**
 * Splits text into records and fields. A field that starts with `"` is RFC 4180 quoted (delimiters,
 * line breaks and `""` inside) only if its closing quote is followed by a delimiter or line end;
 * otherwise the quote is ordinary text, as in `"中国柳州"门户网站` copied from a PDF.
 */
export function textToGrid(text: string, delimiter: Delimiter, aligned = delimiter === ","): Grid {
  const rows: GridRow[] = [];
  const n = text.length;
  let cells: string[] = [];
  let pos = 0;
  let row = 1;
  if (n === 0) return { sheet: null, rows, aligned };
  for (;;) {
    const quoted = text[pos] === '"' ? readQuoted(text, pos, delimiter) : null;
    if (quoted) {
      cells.push(quoted.value);
      pos = quoted.end;
    } else {
      let end = pos;
      while (end < n) {
        const ch = text[end];
        if (ch === delimiter || ch === "\n" || ch === "\r") break;
        end++;
      }
      cells.push(text.slice(pos, end));
      pos = end;
    }
    if (pos >= n) break;
    if (text[pos] === delimiter) {
      pos++;
      continue;
    }
    pos += text[pos] === "\r" && text[pos + 1] === "\n" ? 2 : 1;
    rows.push({ row, cells });
    cells = [];
    row++;
    if (pos >= n) return { sheet: null, rows, aligned };
  }
  rows.push({ row, cells });
  return { sheet: null, rows, aligned };
}

function readQuoted(text: string, start: number, delimiter: Delimiter): { value: string; end: number } | null {
  let pos = start + 1;
  for (;;) {
    const close = text.indexOf('"', pos);
    if (close < 0) return null;
    if (text[close + 1] === '"') {
      pos = close + 2;
      continue;
    }
    const after = text[close + 1];
    if (after !== undefined && after !== delimiter && after !== "\n" && after !== "\r") return null;
    return { value: text.slice(start + 1, close).replace(/""/g, '"').replace(/\r\n?/g, "\n"), end: close + 1 };
  }
}
