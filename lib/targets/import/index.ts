import { hasTable12Header, parseTable12Grid } from "@/lib/targets/parse-table12";
import type { Problem } from "@/lib/targets/types";
import { missingColumnsMessage } from "./columns";
import { sniff } from "./decode";
import { describedGrid, unreadableMessage } from "./diagnose";
import type { Grid, Shape } from "./grid";
import { mappingHeaderMissing, mappingReader, missingMappingFields, suggestMapping, type TargetsMapping } from "./mapping";
import { hasPerProjectHeader, missingPerProjectHeader, parsePerProject } from "./parse-per-project";
import { textShapes } from "./shapes";
import { MAX_IMPORT_BYTES, type GridSample, type ImportFormat, type ImportOptions, type ImportParse, type Layout } from "./shared";
import { NOT_A_WORKBOOK, readWorkbook } from "./xlsx";
import { fileYear } from "./year";

export { MAX_IMPORT_BYTES, type GridSample, type ImportFormat, type ImportOptions, type ImportParse, type Layout } from "./shared";
export { NO_HEADER } from "./diagnose";

const MB = MAX_IMPORT_BYTES / 1024 / 1024;

const HAS_HEADER: Readonly<Record<Layout, (grid: Grid) => boolean>> = { table12: hasTable12Header, "per-project": (grid) => hasPerProjectHeader(grid) };
const FORMATS: Readonly<Record<Shape, ImportFormat>> = { sheet: "xlsx", tab: "text", comma: "csv", pipe: "pipe", spaces: "spaces", lines: "lines", tree: "tree" };
const SAMPLE_ROWS = 40;
const SAMPLE_CELL = 80;

const empty = { layout: null, format: null, year: null, sample: null, mapping: null, suggested: null } as const;
const fail = (message: string, format: ImportFormat | null = null, before: Problem[] = []): ImportParse => ({
  ...empty, projects: [], problems: [...before, { severity: "error", fatal: true, location: "全文", message }], format,
});
const internal = (e: unknown): ImportParse => fail(`导入时发生内部错误：${e instanceof Error ? e.message : String(e)}`);

/** Parses an uploaded file (xlsx, CSV or text in any common encoding), deciding by content. Never throws. */
export async function parseTargetsFile(bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportParse> {
  try {
    if (!(bytes instanceof Uint8Array)) return fail("文件为空");
    // Checked before anything reads the bytes: an oversized upload must cost nothing.
    if (bytes.byteLength > MAX_IMPORT_BYTES) return fail(`文件过大：上限为 ${MB} MB，本文件约 ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB`);
    if (bytes.byteLength === 0) return fail("文件为空");
    const sniffed = sniff(bytes);
    if (sniffed.kind === "rejected") return fail(sniffed.message);
    const extension = /\.([a-z0-9]+)$/i.exec(options.fileName ?? "")?.[1]?.toLowerCase() ?? null;
    if (sniffed.kind === "zip") {
      let grids: Grid[];
      try {
        grids = (await readWorkbook(bytes)).map((g) => ({ ...g, shape: "sheet" as const }));
      } catch (e) {
        return fail(e instanceof Error && e.message.startsWith(NOT_A_WORKBOOK) ? e.message : NOT_A_WORKBOOK);
      }
      const notes = extension && extension !== "xlsx" && extension !== "xlsm" ? [mismatch(extension, "Excel 工作簿")] : [];
      // A workbook is one candidate: its sheets are read together (forms on several sheets).
      return read([grids], options, notes);
    }
    if (sniffed.text.trim() === "") return fail("文件为空");
    const notes = extension === "xlsx" || extension === "xls" ? [mismatch(extension, `文本表格（${sniffed.encoding}）`)] : [];
    return readText(sniffed.text, options, [...sniffed.problems, ...notes]);
  } catch (e) {
    return internal(e);
  }
}

/** Parses pasted text: table 12 copied from the PDF, or CSV, tab-, `|`- or space-separated text. Never throws. */
export function parseTargetsText(text: string, options: Omit<ImportOptions, "fileName"> = {}): ImportParse {
  try {
    if (typeof text !== "string" || text.trim() === "") return fail("内容为空");
    if (text.length > MAX_IMPORT_BYTES) return fail(`内容过长：上限为 ${MB} MB`);
    return readText(text, options, []);
  } catch (e) {
    return internal(e);
  }
}

const mismatch = (extension: string, actual: string): Problem => ({
  severity: "warning", location: "全文", message: `文件扩展名为 .${extension}，但内容是${actual}，已按内容读取`,
});

function readText(text: string, options: ImportOptions, before: Problem[]): ImportParse {
  const body = text.replace(/^\uFEFF/, "");
  // Each way of splitting the text is a candidate of its own, made only when the ones before fail.
  return read((function* () { for (const grid of textShapes(body)) yield [grid]; })(), options, before);
}

/**
 * The first candidate in which a layout finds its header is read with it. Failing that: a header
 * lacking a column is named, a remembered mapping is tried, and otherwise the message says what
 * the file holds and what it needs.
 */
function read(candidates: Iterable<Grid[]>, options: ImportOptions, before: Problem[]): ImportParse {
  if (options.mapping) return readMapped([...candidates].flat(), options.mapping, "given", before);
  const tried: Grid[] = [];
  for (const grids of candidates) {
    tried.push(...grids);
    const layout = recognise(grids, options.layout);
    if (layout) return parseGrids(grids, layout, before, tried);
  }
  // A per-project indicator header with a column deleted is that layout, incomplete: name the column.
  const partial = options.layout === "table12" ? null : missingPerProjectHeader(tried);
  const format = tried[0] ? FORMATS[tried[0].shape ?? "tab"] : null;
  const described = describedGrid(tried);
  if (partial) {
    const message = partial.ambiguous ?? missingColumnsMessage("项目支出绩效目标表", partial.missing);
    return { ...fail(`${partial.at} ${message}`, format, before), sample: sampleOf(described, tried) };
  }
  if (options.remembered && missingMappingFields(options.remembered).length === 0 && mappedGrid(tried, options.remembered)) {
    return readMapped(tried, options.remembered, "remembered", before);
  }
  return { ...fail(unreadableMessage(tried, options.layout), format, before), sample: sampleOf(described, tried), suggested: described ? suggestMapping(described) : null };
}

function recognise(grids: readonly Grid[], option: ImportOptions["layout"]): Layout | null {
  const wanted: Layout[] = option === "table12" || option === "per-project" ? [option] : ["table12", "per-project"];
  // The first sheet that has any recognisable header decides, so a workbook reads the way it opens.
  for (const grid of grids) for (const layout of wanted) if (HAS_HEADER[layout](grid)) return layout;
  return null;
}

function parseGrids(grids: readonly Grid[], layout: Layout, before: Problem[], all: readonly Grid[]): ImportParse {
  const problems = [...before];
  // Every sheet counts for the year: a cover names it, and a second sheet of another year is a second table.
  const year = fileYear(grids, problems);
  const read = layout === "per-project" ? grids.filter((g) => hasPerProjectHeader(g)) : grids.filter(hasTable12Header).slice(0, 1);
  // A per-project read may still be wrong about a column; its sample and guess open the mapping screen.
  const first = read[0] ?? null;
  const base = { ...empty, layout, year, format: FORMATS[first?.shape ?? "tab"], sample: sampleOf(first, all), suggested: layout === "per-project" && first ? suggestMapping(first) : null };
  if (layout === "per-project") {
    const result = parsePerProject(read);
    return { ...base, projects: result.projects, places: result.places, problems: [...problems, ...result.problems] };
  }
  // Table 12 is one table: the first sheet with its header; other sheets are notes or other tables.
  const { projects, places } = read[0] ? parseTable12Grid(read[0], problems) : { projects: [], places: [] };
  return { ...base, projects, places, problems };
}

/** The grid a mapping applies to: its sheet, its way of splitting the text, or the first holding its header. */
function mappedGrid(grids: readonly Grid[], mapping: TargetsMapping): Grid | null {
  const reader = mappingReader(mapping);
  const candidates = grids.filter((g) => g.shape !== "lines" && g.shape !== "tree");
  const chosen = mapping.sheet !== undefined ? candidates.filter((g) => g.sheet === mapping.sheet) : mapping.shape ? candidates.filter((g) => g.shape === mapping.shape) : candidates;
  return chosen.find((g) => g.rows.some((row, i) => reader.header(row, g.rows[i - 1]).columns !== null)) ?? null;
}

function readMapped(grids: readonly Grid[], mapping: TargetsMapping, source: "given" | "remembered", before: Problem[]): ImportParse {
  const missing = missingMappingFields(mapping);
  const grid = missing.length > 0 ? null : mappedGrid(grids, mapping);
  const shown = grid ?? grids.find((g) => (mapping.sheet !== undefined ? g.sheet === mapping.sheet : mapping.shape ? g.shape === mapping.shape : g.shape !== "lines" && g.shape !== "tree")) ?? null;
  const base = { ...empty, mapping: { source, value: mapping }, suggested: mapping, sample: sampleOf(shown, grids) };
  const refuse = (message: string): ImportParse => ({ ...fail(message, null, before), ...base });
  if (missing.length > 0) return refuse(`列的对应关系缺少：${missing.join("、")}`);
  if (!grid) return refuse(mappingHeaderMissing(mapping));
  const problems = [...before];
  const year = fileYear([grid], problems);
  const result = parsePerProject([grid], mappingReader(mapping));
  return { ...base, layout: "per-project", format: FORMATS[grid.shape ?? "tab"], year, projects: result.projects, places: result.places, problems: [...problems, ...result.problems] };
}

function sampleOf(grid: Grid | null, all: readonly Grid[]): GridSample | null {
  if (!grid) return null;
  const rows = grid.rows.filter((r) => r.cells.some((c) => c.trim() !== ""));
  const shown = rows.slice(0, SAMPLE_ROWS).map((r) => ({ row: r.row, cells: r.cells.slice(0, 40).map((c) => (c.length > SAMPLE_CELL ? `${c.slice(0, SAMPLE_CELL)}…` : c)) }));
  const shapes = [...new Set(all.map((g) => g.shape).filter((s): s is Shape => s !== undefined && s !== "sheet" && s !== "lines" && s !== "tree"))];
  return {
    sheet: grid.sheet,
    sheets: all.filter((g) => g.sheet !== null).map((g) => g.sheet!),
    shape: grid.shape ?? "tab",
    shapes,
    rows: shown,
    width: Math.max(0, ...shown.map((r) => r.cells.length)),
    total: rows.length,
  };
}
