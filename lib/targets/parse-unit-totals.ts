// Reads the per-unit 项目支出 totals from 部门支出总体情况表 (table 3 of the 部门预算公开), so the
// target review can check table 12's budgets against them (rule unit-budget-mismatch).
//
// Table 3 as published (tab-separated):
//   部门支出总体情况表
//   部门名称：309柳州市大数据发展局 / 单位：万元
//   科目编码  部门(单位)代码  部门名称(单位)(功能分类科目名称)  合计  基本支出  项目支出  结转下年支出
//   合计                                                    6,400.69  980.63  5,420.06  0.00
//            309     柳州市大数据发展局                      6,400.69  980.63  5,420.06  0.00   ← department
//            309001  柳州市大数据发展局                      5,418.80  362.21  5,056.59  0.00   ← unit
//   2080501          行政单位离退休                          1.80      1.80    0.00      0.00   ← subject

import { parseBudget } from "./parse-table12";
import { compareDecimal, formatDecimalWan, parseDecimal, sumDecimal } from "@/lib/decimal";
import type { Problem } from "./types";

export interface UnitTotalsResult {
  /** 项目支出 in 万元 per unit code, separators removed: {"309001": "5056.59"} */
  totals: Record<string, string>;
  problems: Problem[];
}

const TITLE = "部门支出总体情况表";
// Other table titles (and the table of contents) end the search for table 3's header.
const OTHER_TITLE = /情况表|预算表|总表/;
const UNIT_CODE = /^\d{6,}$/;
const DEPARTMENT_CODE = /^\d{3,5}$/;
const HEADER_SEARCH_LINES = 12;

const norm = (s: string | undefined): string => String(s ?? "").normalize("NFKC").replace(/\s+/g, "");
const error = (location: string, message: string): Problem => ({ severity: "error", location, message });
const warning = (location: string, message: string): Problem => ({ severity: "warning", location, message });

interface Header {
  subject: number;
  code: number;
  project: number;
}

function readHeader(cells: string[]): Header | null {
  const keys = cells.map(norm);
  const subject = keys.indexOf("科目编码");
  const code = keys.findIndex((k, i) => i !== subject && k.includes("代码"));
  const project = keys.indexOf("项目支出");
  return subject >= 0 && code >= 0 && project >= 0 ? { subject, code, project } : null;
}

const filledCells = (cells: string[]): string[] => cells.filter((c) => c.trim() !== "");

/** Whether the line is table 3's title (`部门支出总体情况表`, `预算公开03表 部门支出总体情况表`), not a TOC entry. */
function isTitle(cells: string[]): boolean {
  const filled = filledCells(cells);
  if (filled.length !== 1) return false;
  const text = norm(filled[0]);
  return text.endsWith(TITLE) && text.length <= TITLE.length + 10 && !/^[-*•·]/.test(text);
}

/** Reads 项目支出 per unit from table 3 in a whole disclosure text. Never throws. */
export function parseUnitProjectTotals(text: string): UnitTotalsResult {
  const problems: Problem[] = [];
  try {
    return collect(String(text ?? ""), problems);
  } catch (e) {
    problems.push(error("全文", `读取部门支出总体情况表时发生内部错误：${e instanceof Error ? e.message : String(e)}`));
    return { totals: {}, problems };
  }
}

function collect(text: string, problems: Problem[]): UnitTotalsResult {
  const totals: Record<string, string> = {};
  if (text.trim() === "") {
    problems.push(error("全文", "输入为空，没有可读取的部门支出总体情况表"));
    return { totals, problems };
  }
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/).map((line) => line.split("\t"));

  let start = -1;
  let header: Header | null = null;
  for (let i = 0; i < lines.length && header === null; i++) {
    if (!isTitle(lines[i] ?? [])) continue;
    // The header follows the title after the 部门名称 and 单位 lines; stop at the next table's title.
    for (let j = i + 1; j < Math.min(lines.length, i + 1 + HEADER_SEARCH_LINES); j++) {
      const cells = lines[j] ?? [];
      const found = readHeader(cells);
      if (found) {
        header = found;
        start = j + 1;
        break;
      }
      const filled = filledCells(cells);
      if (filled.length === 1 && OTHER_TITLE.test(norm(filled[0]))) break;
    }
  }
  if (header === null) {
    const titled = lines.some((cells) => isTitle(cells));
    problems.push(
      error(
        "全文",
        titled
          ? "找到了“部门支出总体情况表”标题，但其后没有包含“科目编码”“部门(单位)代码”“项目支出”列的表头，无法读取各单位项目支出"
          : "未找到“部门支出总体情况表”（部门预算公开表3），无法读取各单位项目支出；请导入完整的部门预算公开文件",
      ),
    );
    return { totals, problems };
  }

  let department: { code: string; amount: string; line: number } | null = null;
  for (let i = start; i < lines.length; i++) {
    const cells = lines[i] ?? [];
    const lineNo = i + 1;
    const filled = filledCells(cells);
    if (filled.length === 0) continue;
    // A lone cell is the next table's title or a note: table 3 has ended.
    if (filled.length === 1) break;
    const repeated = readHeader(cells);
    if (repeated) {
      header = repeated; // a page break repeated the header
      continue;
    }
    const subject = norm(cells[header.subject]);
    const code = norm(cells[header.code]);
    if (subject !== "") continue; // a 功能分类 subject row
    const isUnit = UNIT_CODE.test(code);
    if (!isUnit && !DEPARTMENT_CODE.test(code)) continue; // 合计 and header continuation rows
    const cellText = (cells[header.project] ?? "").trim();
    const amount = parseBudget(cellText);
    const where = `第${lineNo}行 第${header.project + 1}列`;
    if (amount === null) {
      problems.push(error(where, `${isUnit ? "单位" : "部门"}${code}的项目支出“${cellText}”不是有效数字，已跳过`));
      continue;
    }
    if (!isUnit) {
      department ??= { code, amount, line: lineNo };
      continue;
    }
    const earlier = totals[code];
    if (earlier === undefined) totals[code] = amount;
    else if (earlier !== amount) {
      problems.push(error(where, `单位${code}的项目支出出现两次且金额不同（${earlier} 与 ${amount}），已采用第一次的金额`));
    }
  }

  const codes = Object.keys(totals);
  if (codes.length === 0) {
    problems.push(error(`第${start}行`, "部门支出总体情况表中没有单位行（“部门(单位)代码”列为6位以上代码且“科目编码”为空），无法读取各单位项目支出"));
    return { totals, problems };
  }
  if (department !== null) {
    // The department row is the sum of its units; a difference means a unit row was misread or missing.
    const sum = sumDecimal(codes.map((c) => parseDecimal(totals[c] ?? "0") ?? { units: 0n, scale: 0 }));
    const published = parseDecimal(department.amount);
    if (published !== null && compareDecimal(sum, published) !== 0) {
      problems.push(
        warning(
          `第${department.line}行`,
          `各单位项目支出合计${formatDecimalWan(sum)}万元与部门${department.code}的项目支出${department.amount}万元不一致，请核对部门支出总体情况表`,
        ),
      );
    }
  }
  return { totals, problems };
}
