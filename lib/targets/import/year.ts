// The budget year a file names in its titles ("2025年部门预算", "项目支出绩效目标表（2025年度）"). An
// import goes into that year; a file that names two different years holds two tables that must be
// imported separately, and is refused with the places. Only title-like rows count — one short cell
// without amounts — so a target such as "2025年12月底前完成" or a sentence comparing with the year
// before is never read as the file's year.

import type { Problem } from "@/lib/targets/types";
import { place, type Grid } from "./grid";

const TITLE_MAX = 40;
const YEAR = /(20\d{2})\s*年(?:度)?/;
const TITLE_WORD = /预算|决算|绩效|目标|公开|报表|年度）|年度\)/;
const NOT_A_TITLE = /万元|同比|增加|减少|增长|下降|持平|完成|月底|月前/;

export interface NamedYear {
  year: number;
  at: string; // place of the title
  text: string;
}

/** The years the titles of these grids name, in reading order. */
export function yearsNamed(grids: readonly Grid[]): NamedYear[] {
  const found: NamedYear[] = [];
  for (const grid of grids) {
    for (const row of grid.rows) {
      const filled = row.cells.map((c) => c.trim()).filter((c) => c !== "");
      if (filled.length !== 1) continue;
      const text = filled[0]!.normalize("NFKC");
      if (text.length > TITLE_MAX || !TITLE_WORD.test(text) || NOT_A_TITLE.test(text)) continue;
      const m = YEAR.exec(text);
      if (m) found.push({ year: Number(m[1]), at: place(grid.sheet, row.row), text });
    }
  }
  return found;
}

/** The file's year, or null when it names none; two different years are a fatal problem. */
export function fileYear(grids: readonly Grid[], problems: Problem[]): number | null {
  const named = yearsNamed(grids);
  const years = [...new Set(named.map((n) => n.year))];
  if (years.length > 1) {
    const places = years.map((y) => named.find((n) => n.year === y)!).map((n) => `${n.at}“${n.text}”（${n.year} 年度）`);
    problems.push({ severity: "error", fatal: true, location: "全文", message: `文件中有不同年度的表：${places.join("、")}。一次只能导入一个年度，请分开导入。` });
    return null;
  }
  return years[0] ?? null;
}
