// The import's types and size limit without its runtime (exceljs, iconv-lite), so client components
// such as the upload form can check the size and name the layouts without bundling the parsers.
import type { ParseResult } from "@/lib/targets/types";

export type Layout = "table12" | "per-project";
export type ImportFormat = "xlsx" | "csv" | "text";

export interface ImportParse extends ParseResult {
  layout: Layout | null;
  format: ImportFormat | null; // "csv" = comma-separated text, "text" = tab-separated (PDF copy, Excel "Unicode text")
  /** The budget year the file's titles name (year.ts), or null when they name none. */
  year: number | null;
}

export interface ImportOptions {
  layout?: Layout | "auto";
  fileName?: string; // only for a warning when the extension disagrees with the content
}

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
