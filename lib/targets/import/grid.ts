// One table shape for every input format (xlsx sheet, CSV, tab-separated text), so the layout
// parsers never need to know where a cell came from — only how to name its place.

export interface GridRow {
  row: number; // 1-based row in the sheet, or record number in text (a quoted line break does not count)
  cells: string[]; // cells[i] is column i + 1; merged-away cells are ""
}

export interface Grid {
  sheet: string | null; // worksheet name for xlsx, null for text
  rows: GridRow[];
  // True when every row keeps its columns (xlsx, CSV). Text copied from a PDF is not aligned: a cell's
  // line break starts a new line whose first piece belongs to the previous row's last cell.
  aligned: boolean;
}

export type Delimiter = "\t" | ",";

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
