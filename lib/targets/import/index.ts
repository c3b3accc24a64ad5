import { hasTable12Header, parseTable12Grid } from "@/lib/targets/parse-table12";
import type { Problem } from "@/lib/targets/types";
import { sniff } from "./decode";
import { textToGrid, type Grid } from "./grid";
import { missingColumnsMessage } from "./columns";
import { hasPerProjectHeader, missingPerProjectHeader, parsePerProject } from "./parse-per-project";
import { MAX_IMPORT_BYTES, type ImportFormat, type ImportOptions, type ImportParse, type Layout } from "./shared";
import { NOT_A_WORKBOOK, readWorkbook } from "./xlsx";
import { fileYear } from "./year";

export { MAX_IMPORT_BYTES, type ImportFormat, type ImportOptions, type ImportParse, type Layout } from "./shared";

const MB = MAX_IMPORT_BYTES / 1024 / 1024;

export const NO_HEADER =
  "未找到可识别的表头：需要“项目绩效目标公开表”（含 单位代码、项目名称…列）或“项目支出绩效目标表”（含 一级指标、二级指标、三级指标、指标值）";
const NO_HEADER_FOR: Readonly<Record<Layout, string>> = {
  table12: "未找到“项目绩效目标公开表”的表头：需要一行含 序号（或单位代码）、项目名称，以及年度绩效目标或数量指标等指标列",
  "per-project": "未找到“项目支出绩效目标表”：需要“项目名称”以及含 一级指标、二级指标、三级指标、指标值 的表头行",
};
const HAS_HEADER: Readonly<Record<Layout, (grid: Grid) => boolean>> = { table12: hasTable12Header, "per-project": hasPerProjectHeader };

const fail = (message: string, format: ImportFormat | null = null, before: Problem[] = []): ImportParse => ({
  projects: [], problems: [...before, { severity: "error", fatal: true, location: "全文", message }], layout: null, format, year: null,
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
        grids = await readWorkbook(bytes);
      } catch (e) {
        return fail(e instanceof Error && e.message.startsWith(NOT_A_WORKBOOK) ? e.message : NOT_A_WORKBOOK);
      }
      const notes = extension && extension !== "xlsx" && extension !== "xlsm" ? [mismatch(extension, "Excel 工作簿")] : [];
      return parseGrids(grids, recognise(grids, options.layout), "xlsx", notes, options.layout);
    }
    if (sniffed.text.trim() === "") return fail("文件为空");
    const notes = extension === "xlsx" || extension === "xls" ? [mismatch(extension, `文本表格（${sniffed.encoding}）`)] : [];
    return parseText(sniffed.text, options.layout, [...sniffed.problems, ...notes]);
  } catch (e) {
    return internal(e);
  }
}

/** Parses pasted text: table 12 copied from the PDF, or CSV / tab-separated text. Never throws. */
export function parseTargetsText(text: string, options: Omit<ImportOptions, "fileName"> = {}): ImportParse {
  try {
    if (typeof text !== "string" || text.trim() === "") return fail("内容为空");
    if (text.length > MAX_IMPORT_BYTES) return fail(`内容过长：上限为 ${MB} MB`);
    return parseText(text, options.layout, []);
  } catch (e) {
    return internal(e);
  }
}

const mismatch = (extension: string, actual: string): Problem => ({
  severity: "warning", location: "全文", message: `文件扩展名为 .${extension}，但内容是${actual}，已按内容读取`,
});

// Tab first: text copied from the PDF or saved as Excel "Unicode text" is tab-separated, and its cells
// are full of commas. Commas split the text when only they reveal a header, or when there is no tab.
function parseText(text: string, option: ImportOptions["layout"], before: Problem[]): ImportParse {
  const body = text.replace(/^\uFEFF/, "");
  const tab = textToGrid(body, "\t");
  const tabLayout = recognise([tab], option);
  if (tabLayout) return parseGrids([tab], tabLayout, "text", before);
  const csv = textToGrid(body, ",");
  const csvLayout = recognise([csv], option);
  if (csvLayout || !body.includes("\t")) return parseGrids([csv], csvLayout, "csv", before, option);
  return parseGrids([tab], null, "text", before, option);
}

function recognise(grids: readonly Grid[], option: ImportOptions["layout"]): Layout | null {
  const wanted: Layout[] = option === "table12" || option === "per-project" ? [option] : ["table12", "per-project"];
  // The first sheet that has any recognisable header decides, so a workbook reads the way it opens.
  for (const grid of grids) for (const layout of wanted) if (HAS_HEADER[layout](grid)) return layout;
  return null;
}

function parseGrids(
  grids: readonly Grid[], layout: Layout | null, format: ImportFormat, before: Problem[], option?: ImportOptions["layout"],
): ImportParse {
  if (!layout) {
    // A per-project indicator header with a column deleted is that layout, incomplete: name the column.
    const partial = option === "table12" ? null : missingPerProjectHeader(grids);
    if (partial) return fail(`${partial.at} ${missingColumnsMessage("项目支出绩效目标表", partial.missing)}`, format, before);
    return fail(option === "table12" || option === "per-project" ? NO_HEADER_FOR[option] : NO_HEADER, format, before);
  }
  const problems = [...before];
  // Every sheet counts for the year: a cover names it, and a second sheet of another year is a second table.
  const year = fileYear(grids, problems);
  if (layout === "per-project") {
    const result = parsePerProject(grids.filter(hasPerProjectHeader));
    return { projects: result.projects, places: result.places, problems: [...problems, ...result.problems], layout, format, year };
  }
  // Table 12 is one table: the first sheet with its header; other sheets are notes or other tables.
  const grid = grids.find(hasTable12Header);
  const { projects, places } = grid ? parseTable12Grid(grid, problems) : { projects: [], places: [] };
  return { projects, places, problems, layout, format, year };
}
