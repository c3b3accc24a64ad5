import ExcelJS from "exceljs";
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { authorize } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record";
import { decimalCell, put, sumDecimals, textHeight, displayDecimal } from "@/lib/evaluation/export-xlsx-cells";
import { AppError } from "@/lib/errors";
import { workbookBuffer } from "@/lib/xlsx/write";
import { CATEGORIES, CATEGORY_LABELS } from "./categories";
import { publishedItem } from "./next-year";
import { reviewedYear, type ReportFinding } from "./review-report";

// A year's targets as the 项目绩效目标公开表 (table 12 of the 部门预算公开), .xlsx, for the budget
// disclosure — in the layout of the published table the seed comes from, so the product's own importer
// reads it back as table 12 unchanged (tests/integration/next-year.test.ts). The layout:
//  - Sheet "表12": a title naming the department and the year, 部门名称, 单位：万元; the header 序号 ·
//    单位代码 · 单位名称 · 项目名称 · 预算资金总额 · 年度绩效目标 · one column per 二级指标 (数量指标 …
//    服务对象满意度指标); rows 1–2 the 合计 and the department; then one row per project, each indicator
//    in its category's cell as published (数量指标：购买打印纸(≥50箱), next-year.ts rule 3), several
//    in one cell on lines of their own.
//  - Targets with review errors may still be exported: the errors (and warnings) are then listed on a
//    first sheet "审核发现", so whoever opens the file reads them before the table.
// Read by the 系统管理员 and the 局领导 (the department's disclosure); audited as an export.

export const TABLE12_SHEET = "表12";
export const FINDINGS_SHEET = "审核发现";
const HEADER = ["序号", "单位代码", "单位名称", "项目名称", "预算资金总额", "年度绩效目标", ...CATEGORIES.map((c) => CATEGORY_LABELS[c])];
const WIDTHS = [6, 10, 18, 24, 12, 36, ...CATEGORIES.map(() => 28)];
const SEVERITY = { error: "错误", warning: "提示", info: "建议" } as const;

function findingsSheet(workbook: ExcelJS.Workbook, title: string, findings: readonly ReportFinding[], projectName: (f: ReportFinding) => string): void {
  const sheet = workbook.addWorksheet(FINDINGS_SHEET, { views: [{ state: "frozen", ySplit: 2 }] });
  sheet.columns = [8, 8, 26, 28, 28, 80].map((width) => ({ width }));
  put(sheet, [1, 1, 1, 6], title, "header", "left");
  ["序号", "级别", "规则", "项目", "指标", "说明"].forEach((h, i) => put(sheet, [2, i + 1, 2, i + 1], h, "header", "center"));
  const ordered = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : b.severity === "error" ? 1 : 0));
  ordered.forEach((f, n) => {
    const row = n + 3;
    [String(n + 1), SEVERITY[f.severity], f.rule, projectName(f), f.indicatorName ?? "", f.message].forEach((v, i) => put(sheet, [row, i + 1, row, i + 1], v, "body", i < 2 ? "center" : "left"));
    sheet.getRow(row).height = textHeight(f.message, 80);
  });
}

/** The .xlsx of one department's year (the current one unless asked); refused for unit roles. */
export async function exportTable12(db: Db, actor: Actor, options: { departmentId?: string; year?: number; ip?: string | null } = {}): Promise<{ bytes: Uint8Array; fileName: string; errors: number }> {
  authorize(actor, "table12.export");
  const reviewed = await reviewedYear(db, actor, options);
  if (!reviewed || reviewed.rows.length === 0) throw new AppError("NOT_FOUND", "没有可导出的项目。");
  const { department, fiscalYear, rows, findings } = reviewed;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "绩效通";
  const title = `${department.name}${fiscalYear.year}年项目绩效目标公开表`;
  workbook.title = title;
  const errors = findings.filter((f) => f.severity === "error");
  if (errors.length > 0) {
    const names = new Map(rows.map((p) => [p.id, p.name]));
    findingsSheet(workbook, `${fiscalYear.year}年度绩效目标审核发现：错误 ${errors.length} 处、提示 ${findings.length - errors.length} 处（导出时未改正）`, findings, (f) => (f.projectId ? (names.get(f.projectId) ?? "") : ""));
  }

  const sheet = workbook.addWorksheet(TABLE12_SHEET, { pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "4:4" } });
  sheet.columns = WIDTHS.map((width) => ({ width }));
  const last = HEADER.length;
  put(sheet, [1, 1, 1, last], title, "header", "center");
  sheet.getRow(1).height = 28;
  put(sheet, [2, 1, 2, last], `部门名称：${department.code}${department.name}`, "body", "left");
  put(sheet, [3, 1, 3, last], "单位：万元", "body", "right");
  HEADER.forEach((h, i) => put(sheet, [4, i + 1, 4, i + 1], h, "header", "center"));
  const total = displayDecimal(sumDecimals(rows.map((p) => p.budgetWan)));
  const totals: [string, string, string, string][] = [["1", "", "合计", ""], ["2", department.code, department.name, ""]];
  totals.forEach((cells, n) => {
    const r = 5 + n;
    cells.forEach((v, i) => put(sheet, [r, i + 1, r, i + 1], v, "body", "center"));
    put(sheet, [r, 5, r, 5], decimalCell(total), "body", "right");
    for (let c = 6; c <= last; c++) put(sheet, [r, c, r, c], "", "body", "left");
  });
  rows.forEach((p, n) => {
    const r = 7 + n;
    const cells = CATEGORIES.map((c) => p.indicators.filter((i) => i.category === c).map((i) => publishedItem({ ...i, raw: i.raw ?? "" })).join("\n"));
    [String(n + 3), p.unitCode, p.unitName, p.name].forEach((v, i) => put(sheet, [r, i + 1, r, i + 1], v, "body", i < 2 ? "center" : "left"));
    put(sheet, [r, 5, r, 5], decimalCell(p.budgetWan), "body", "right");
    put(sheet, [r, 6, r, 6], p.annualGoal, "body", "left");
    cells.forEach((v, i) => put(sheet, [r, 7 + i, r, 7 + i], v, "body", "left"));
    sheet.getRow(r).height = Math.max(textHeight(p.annualGoal, 36), ...cells.map((c) => textHeight(c, 28)));
  });
  const bytes = await workbookBuffer(workbook);
  const fileName = `${fiscalYear.year}年项目绩效目标公开表-${department.name}${errors.length > 0 ? `（含${errors.length}处审核错误）` : ""}.xlsx`;
  await db.$transaction((tx) =>
    recordAudit(tx, { actor, ip: options.ip, action: "targets.exportDisclosure", objectType: "FiscalYear", objectId: fiscalYear.id, after: { department: department.code, year: fiscalYear.year, projects: rows.length, errors: errors.length, warnings: findings.length - errors.length, fileName }, outcome: "SUCCESS" }),
  );
  return { bytes, fileName, errors: errors.length };
}
