// What to say about a file no layout could read: what was found in it, and what a readable file
// needs. "未找到可识别的表头" alone left users guessing whether the file was empty, split wrongly, or
// just labelled differently; this names the separator, the most header-like row, the labels we
// did recognise, and the way out (a column mapping).

import { type Grid, type GridRow, place } from "./grid";
import { categoryName, indicatorColumn, level1Name, projectField } from "./labels";
import { headerLikeRow } from "./mapping";
import { SHAPE_LABELS, type Layout } from "./shared";

export const NO_HEADER = "未找到可识别的表头";

const NEEDS: Readonly<Record<Layout, string>> = {
  "per-project": "逐项目的“项目支出绩效目标表”需要“项目名称”（或“项目支出名称”）一栏，和一行同时含“一级指标”或“二级指标”、“三级指标”（或“指标名称”“指标内容”）、“指标值”（或“目标值”“指标值及单位”）的表头",
  table12: "“项目绩效目标公开表”（表12）需要一行含“序号”或“单位代码/单位名称”、“项目名称”、“预算资金总额”、“年度绩效目标”和九个二级指标列（数量指标……服务对象满意度指标）的表头",
};
const WAY_OUT = "也可以在导入页面“指定列的对应关系”逐列说明，或在命令行加 --mapping 对应关系.json。";

/** The message for a file in which no layout found its header. `grids` are the shapes tried, most likely first. */
export function unreadableMessage(grids: readonly Grid[], layout?: Layout | "auto"): string {
  const grid = describedGrid(grids);
  const needs = layout === "table12" || layout === "per-project" ? [NEEDS[layout]] : [NEEDS["per-project"], NEEDS.table12];
  const found = grid ? foundIn(grid) : "文件中没有可读的文字";
  return `${NO_HEADER}。读到：${found}。需要：${needs.join("；或")}。${WAY_OUT}`;
}

/** The grid worth describing: the one whose header-like row has the most cells (a sheet, or the best split of a text). */
export function describedGrid(grids: readonly Grid[]): Grid | null {
  let best: Grid | null = null;
  let width = -1;
  for (const grid of grids) {
    if (grid.shape === "lines" || grid.shape === "tree") continue;
    const row = headerLikeRow(grid);
    const cells = row ? row.cells.filter((c) => c.trim() !== "").length : 0;
    if (cells > width) [best, width] = [grid, cells];
  }
  return best ?? grids[0] ?? null;
}

function foundIn(grid: Grid): string {
  const rows = grid.rows.filter((r) => r.cells.some((c) => c.trim() !== ""));
  const where = grid.sheet === null ? SHAPE_LABELS[grid.shape ?? "tab"] : `工作表“${grid.sheet}”`;
  const header = headerLikeRow(grid);
  const known = recognised(grid.rows);
  const parts = header || grid.sheet !== null ? [`${where}，共 ${rows.length} 行有内容`] : [`${rows.length} 行文字，没有制表符、逗号、“|”或连续空格把它们分成单元格，没有一行像表头`];
  if (header) parts.push(`最像表头的是${place(grid.sheet, header.row)}：${quoteCells(header.cells)}`);
  else if (grid.sheet !== null) parts.push("没有一行像表头（每行最多一个单元格有内容）");
  parts.push(known.length > 0 ? `其中认得的栏目名和指标类别名：${known.join("、")}` : "其中没有认得的栏目名");
  return parts.join("；");
}

function quoteCells(cells: readonly string[]): string {
  const filled = cells.map((c) => c.replace(/\s+/g, " ").trim()).filter((c) => c !== "");
  const shown = filled.slice(0, 10).map((c) => `“${c.length > 16 ? `${c.slice(0, 16)}…` : c}”`);
  return `${shown.join(" ")}${filled.length > 10 ? ` 等 ${filled.length} 个单元格` : `（${filled.length} 个单元格）`}`;
}

/** Labels, column headers and level names the synonym table knows, as written, in order of appearance. */
function recognised(rows: readonly GridRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows.slice(0, 200)) {
    for (const cell of row.cells) {
      const text = cell.trim();
      if (text === "" || text.length > 20) continue;
      const label = text.split(/[:：]/)[0] ?? "";
      if (indicatorColumn(text) || (projectField(label) && projectField(label) !== "other") || level1Name(text) || categoryName(text)) seen.add(projectField(label) ? label : text);
    }
  }
  return [...seen].slice(0, 12);
}
