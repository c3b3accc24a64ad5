// Text whose cells are not separated by tabs or commas: copied from a PDF or a web page, cells come
// apart at `|`, at runs of spaces, or one per line. Each shape becomes the same Grid the layouts read
// (grid.ts); the caller tries them in turn and keeps the first in which a layout finds its header.

import { type Grid, type GridRow, textToGrid } from "./grid";
import { comparatorCell, indicatorColumn, level1Name, categoryName, projectField } from "./labels";
import { treeGrid } from "./tree";

export { SHAPE_LABELS } from "./shared";


const splitLines = (text: string): string[] => text.split(/\r\n?|\n/);
const PIPE = /[|｜¦]/;
// A markdown or box-drawing rule between rows: only pipes, dashes, colons, pluses and spaces.
const RULE = /^[\s|｜¦:+\-—–=─━┼]+$/;
// Two or more spaces (a full-width space counts as two) or a tab separate cells; one space does not.
const GAP = /(?:[ \u00a0]{2,}|\u3000+|\t)+/;

/**
 * The grids a text may be, most likely first, made one at a time: the first a layout recognises
 * ends the search. Tabs come first (a PDF copy's cells are full of commas), commas before spaces.
 */
export function* textShapes(text: string): Generator<Grid> {
  const lines = splitLines(text);
  if (text.includes("\t")) yield { ...textToGrid(text, "\t"), shape: "tab" };
  if (lines.filter((l) => PIPE.test(l)).length >= 2) yield pipeGrid(lines);
  yield { ...textToGrid(text, ","), shape: "comma" };
  if (lines.some((l) => GAP.test(l.trim()))) yield spacesGrid(lines);
  yield linesGrid(lines);
  yield treeGrid(lines);
}

/** The text split one given way (the admin's choice on the mapping screen). */
export function textAs(text: string, shape: "tab" | "comma" | "pipe" | "spaces"): Grid {
  const lines = splitLines(text);
  if (shape === "pipe") return pipeGrid(lines);
  if (shape === "spaces") return spacesGrid(lines);
  return { ...textToGrid(text, shape === "tab" ? "\t" : ","), shape };
}

/** `| 项目名称 | 城区路灯运维 |`: pipes separate cells; a rule line between rows is no row. */
export function pipeGrid(lines: readonly string[]): Grid {
  const rows: GridRow[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === "" || (RULE.test(line) && /[-—–=─━]/.test(line))) return;
    const inner = line.trim().replace(/^[|｜¦]/, "").replace(/[|｜¦]$/, "");
    rows.push({ row: i + 1, cells: inner.split(PIPE).map((c) => c.trim()) });
  });
  // Empty cells keep their place between pipes, so columns hold; rows shortened by a merged cell are
  // placed by what their cells say, like every short row.
  return { sheet: null, rows, aligned: true, shape: "pipe" };
}

/** Runs of two or more spaces separate cells; empty cells leave no trace, so rows are loose. */
export function spacesGrid(lines: readonly string[]): Grid {
  const rows: GridRow[] = [];
  lines.forEach((line, i) => {
    const cells = line.trim().split(GAP).map((c) => c.trim()).filter((c) => c !== "");
    if (cells.length > 0) rows.push({ row: i + 1, cells });
  });
  return { sheet: null, rows, aligned: false, loose: true, shape: "spaces" };
}

const isColumnHeader = (text: string) => indicatorColumn(text) !== null;
// A label alone on its line, its value on the next: "项目名称" then "城区路灯运维".
const isBareLabel = (text: string) => projectField(text) !== null;
const END = /^(?:(?:注|备注|说明)[:：]|填报人|审核人|联系人|联系电话|填报日期|单位负责人|财务负责人)/;

/**
 * One cell per line. A label's value is the next line; three or more column headers in a row are
 * the indicator header; below it, each indicator's cells are gathered by what they are: a 一级 or
 * 二级 name starts a new group, a name follows, then its value, then a comparator or a unit if the
 * header has such a column.
 */
export function linesGrid(source: readonly string[]): Grid {
  const lines = source.map((text, i) => ({ row: i + 1, text: text.trim() })).filter((l) => l.text !== "");
  const rows: GridRow[] = [];
  let header: string[] | null = null;
  for (let i = 0; i < lines.length; ) {
    const line = lines[i]!;
    let run = i;
    while (run < lines.length && isColumnHeader(lines[run]!.text)) run++;
    if (run - i >= 3) {
      header = lines.slice(i, run).map((l) => l.text);
      rows.push({ row: line.row, cells: header, lines: lines.slice(i, run).map((l) => l.row) });
      i = run;
      continue;
    }
    if (isBareLabel(line.text) || END.test(line.text)) {
      header = null;
      const next = lines[i + 1];
      if (next && !isBareLabel(next.text) && !isColumnHeader(next.text) && !END.test(next.text) && !END.test(line.text)) {
        rows.push({ row: line.row, cells: [line.text, next.text], lines: [line.row, next.row] });
        i += 2;
      } else {
        rows.push({ row: line.row, cells: [line.text] });
        i++;
      }
      continue;
    }
    if (header) {
      const gathered = gatherIndicator(lines, i, header);
      rows.push(gathered.row);
      i = gathered.next;
      continue;
    }
    rows.push({ row: line.row, cells: [line.text] });
    i++;
  }
  return { sheet: null, rows, aligned: false, loose: true, shape: "lines" };
}

function gatherIndicator(lines: readonly { row: number; text: string }[], start: number, header: readonly string[]): { row: GridRow; next: number } {
  const columns = new Set(header.map((h) => indicatorColumn(h)?.column));
  const cells: string[] = [];
  const at: number[] = [];
  let [l2, named, valued, compared, measured] = [false, false, false, false, false];
  let i = start;
  for (; i < lines.length; i++) {
    const { row, text } = lines[i]!;
    if (isBareLabel(text) || END.test(text) || isColumnHeader(text)) break;
    const comparator = columns.has("comparator") && comparatorCell(text) !== null;
    if (level1Name(text) !== null && cells.length === 0) {
      // a 一级 name opens the row
    } else if (categoryName(text) !== null && !named && !l2) l2 = true;
    else if (named && (level1Name(text) !== null || categoryName(text) !== null)) break;
    else if (!named) named = true;
    // A comparator before the value belongs to the same indicator, and so do one unit or comparator after it.
    else if (!valued && comparator && !compared) compared = true;
    else if (!valued) valued = true;
    else if (comparator && !compared) compared = true;
    else if (columns.has("measure") && looksLikeMeasure(text) && !measured) measured = true;
    else break;
    cells.push(text);
    at.push(row);
  }
  return { row: { row: at[0] ?? lines[start]!.row, cells, lines: at }, next: Math.max(i, start + 1) };
}

/** A unit of measure on its own: short, no digits, not a comparator (箱, 个, %, 万元, 次/月). */
export function looksLikeMeasure(text: string): boolean {
  const t = text.normalize("NFKC").trim();
  return t !== "" && t.length <= 6 && !/\d/.test(t) && comparatorCell(t) === null && categoryName(t) === null;
}
