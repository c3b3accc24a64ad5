// The import's types and size limit without its runtime (exceljs, iconv-lite), so client components
// such as the upload form can check the size and name the layouts without bundling the parsers.
import type { ParseResult } from "@/lib/targets/types";
import type { Shape } from "./grid";
import type { TargetsMapping } from "./mapping";

export type Layout = "table12" | "per-project";

/** How the cells of a file were told apart, as the import screen and the CLI name it. */
export const SHAPE_LABELS: Readonly<Record<Shape, string>> = {
  sheet: "Excel 工作表",
  tab: "制表符分隔的文字",
  comma: "逗号分隔（CSV）",
  pipe: "竖线“|”分隔的文字",
  spaces: "连续空格分隔的文字",
  lines: "每行一个单元格的文字",
  tree: "按缩进分级的树形批复表",
};
/** "csv" = comma-separated text, "text" = tab-separated (PDF copy, Excel "Unicode text"); the others are shapes.ts's. */
export type ImportFormat = "xlsx" | "csv" | "text" | "pipe" | "spaces" | "lines" | "tree";

/** The first rows of the grid a file was (or could be) read as, for the column-mapping screen. */
export interface GridSample {
  sheet: string | null;
  /** Every worksheet of an xlsx, or [] for text. */
  sheets: string[];
  shape: Shape;
  /** The ways the text could be split, for the admin to choose from; [] for an xlsx. */
  shapes: Shape[];
  rows: { row: number; cells: string[] }[];
  width: number;
  /** Rows with content in the whole grid. */
  total: number;
}

export interface ImportParse extends ParseResult {
  layout: Layout | null;
  format: ImportFormat | null;
  /** The budget year the file's titles name (year.ts), or null when they name none. */
  year: number | null;
  /** The grid read (or the most table-like one when none could be read). */
  sample: GridSample | null;
  /** The column mapping the file was read with: the admin's, or the one remembered for the department. */
  mapping: { source: "given" | "remembered"; value: TargetsMapping } | null;
  /** A first guess for the mapping screen, when the file could not be read without one. */
  suggested: TargetsMapping | null;
}

export interface ImportOptions {
  layout?: Layout | "auto";
  fileName?: string; // only for a warning when the extension disagrees with the content
  /** Read with this mapping instead of recognising the layout. */
  mapping?: TargetsMapping;
  /** Tried when no layout is recognised (the department's remembered mapping). */
  remembered?: TargetsMapping | null;
}

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
