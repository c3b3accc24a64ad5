// The 绩效运行监控表 as a workbook in the layout finance bureaus issue (项目支出绩效目标执行监控表):
// a 汇总 sheet (one row per project, 合计 last) and one sheet per project, A4 landscape, merged
// headers, thin borders, the header rows repeated on every printed page, the sign-off line under each
// table, and the projects / indicators to look at (report.ts rule 5) shaded.
//
// A project's sheet, 16 columns (A–P):
//   1 title · 2 period · 3 填报单位 | 截至日期、金额单位、数据口径
//   4 项目名称 · 5 主管部门 | 实施单位
//   6–7 项目资金（万元）: 年初预算数 C:D, 调整后预算数 E:F, 1–N 月执行数 G:I, 执行率 J:K, 序时进度 L:M, 预警 N:P
//   8 年度总体目标
//   9–10 一级指标 A, 二级指标 B, 三级指标 C, 年度指标值 D, 1–N 月执行情况 E, 全年预计完成情况 F,
//        偏差原因分析 G:K (经费保障 制度保障 人员保障 硬件条件保障 其他), 完成目标可能性 L:N (确定能 有可能 完全不可能),
//        纠偏措施 O, 备注 P — repeated on every page
//   11… one row per indicator (一级/二级 merged down while they repeat); then the sign-off line.
import ExcelJS from "exceljs";
import { WARNING_LABELS } from "@/lib/budget/execution";
import { percentCell, sheetNames, textHeight } from "@/lib/evaluation/export-xlsx-cells";
import { DEVIATION_CAUSE_LABELS, LIKELIHOOD_LABELS, type DeviationCause, type Likelihood } from "@/lib/progress/check-in-schema";
import { STATUS_LABELS, type IndicatorStatus } from "@/lib/progress/status";
import { workbookBuffer } from "@/lib/xlsx/write";
import { a4Sheet, countCell, highlight, note, put, signOff, titleBlock, wanCell } from "@/lib/xlsx/sheets";
import type { MonitoringProject, MonitoringReport } from "./report";

export const PROJECT_TITLE = "项目支出绩效目标执行监控表";
export const SUMMARY_TITLE = "绩效运行监控汇总表";
export const SUMMARY_SHEET = "汇总";
const CAUSES = Object.keys(DEVIATION_CAUSE_LABELS) as DeviationCause[];
const LIKELIHOODS = Object.keys(LIKELIHOOD_LABELS) as Likelihood[];
const TICK = "√";

const PROJECT_WIDTHS = [8, 9, 22, 12, 12, 12, 6, 6, 6, 7, 6, 6, 6, 7, 22, 12];
export const PROJECT_ROWS = { funds: 6, fundsValues: 7, goal: 8, header: 9, firstIndicator: 11 } as const;

function projectSheet(workbook: ExcelJS.Workbook, name: string, report: MonitoringReport, p: MonitoringProject): void {
  const columns = PROJECT_WIDTHS.length;
  const sheet = a4Sheet(workbook, name, { landscape: true, widths: PROJECT_WIDTHS, repeat: `${PROJECT_ROWS.header}:${PROJECT_ROWS.header + 1}`, footer: `${p.name} · ${report.basis}` });
  titleBlock(sheet, columns, PROJECT_TITLE, `（${report.year} 年 ${report.period}）`);
  note(sheet, 3, 1, 8, `填报单位（盖章）：${p.unitCode} ${p.unitName}`);
  note(sheet, 3, 9, columns, `截至 ${report.asOf} · 金额单位：万元 · ${report.basis}`, "right");

  put(sheet, [4, 1, 4, 2], "项目名称", "header", "center");
  put(sheet, [4, 3, 4, columns], p.name, "body", "left");
  put(sheet, [5, 1, 5, 2], "主管部门", "header", "center");
  put(sheet, [5, 3, 5, 8], `${report.department.code} ${report.department.name}`, "body", "left");
  put(sheet, [5, 9, 5, 10], "实施单位", "header", "center");
  put(sheet, [5, 11, 5, columns], `${p.unitCode} ${p.unitName}`, "body", "left");

  const f = PROJECT_ROWS.funds;
  const e = p.execution;
  put(sheet, [f, 1, f + 1, 2], "项目资金（万元）", "header", "center");
  const funds: [number, number, string, ReturnType<typeof wanCell> | string][] = [
    [3, 4, "年初预算数", wanCell(e.initialBudget)],
    [5, 6, "调整后预算数", wanCell(e.adjustedBudget)],
    [7, 9, `${report.period}执行数`, wanCell(e.spent)],
    [10, 11, "执行率", percentCell(e.executionRate)],
    [12, 13, "序时进度", percentCell(e.timeProgress)],
    [14, 16, "预警", e.warning ? `${WARNING_LABELS[e.warning]}${e.overspent ? "（超预算）" : ""}` : "—"],
  ];
  for (const [left, right, label, value] of funds) {
    put(sheet, [f, left, f, right], label, "header", "center");
    put(sheet, [f + 1, left, f + 1, right], value, "body", typeof value === "string" ? "center" : "right");
  }
  put(sheet, [PROJECT_ROWS.goal, 1, PROJECT_ROWS.goal, 2], "年度总体目标", "header", "center");
  put(sheet, [PROJECT_ROWS.goal, 3, PROJECT_ROWS.goal, columns], p.annualGoal, "body", "left");
  sheet.getRow(PROJECT_ROWS.goal).height = textHeight(p.annualGoal, PROJECT_WIDTHS.slice(2).reduce((a, b) => a + b, 0), 24);

  const h = PROJECT_ROWS.header;
  const single: [number, string][] = [[1, "一级指标"], [2, "二级指标"], [3, "三级指标"], [4, "年度指标值"], [5, `${report.period}执行情况`], [6, "全年预计完成情况"], [15, "纠偏措施"], [16, "备注"]];
  for (const [c, label] of single) put(sheet, [h, c, h + 1, c], label, "header", "center");
  put(sheet, [h, 7, h, 11], "偏差原因分析", "header", "center");
  CAUSES.forEach((cause, n) => put(sheet, [h + 1, 7 + n, h + 1, 7 + n], DEVIATION_CAUSE_LABELS[cause], "header", "center"));
  put(sheet, [h, 12, h, 14], "完成目标可能性", "header", "center");
  LIKELIHOODS.forEach((l, n) => put(sheet, [h + 1, 12 + n, h + 1, 12 + n], LIKELIHOOD_LABELS[l], "header", "center"));
  sheet.getRow(h + 1).height = 30;

  let row = PROJECT_ROWS.firstIndicator;
  if (p.indicators.length === 0) {
    put(sheet, [row, 1, row, columns], "（该项目没有绩效指标）", "body", "center");
    row += 1;
  }
  p.indicators.forEach((i, n) => {
    const r = row + n;
    const remark = [STATUS_LABELS[i.status], i.likelihoodDerived ? "已完成，视为确定能" : "", i.missing.join("、")].filter(Boolean).join("；");
    const cells: [number, string][] = [[3, i.name], [4, i.target], [5, i.actual ?? ""], [6, i.forecast ?? ""], [15, i.correctiveAction ?? ""], [16, remark]];
    for (const [c, value] of cells) put(sheet, [r, c, r, c], value, "body", c === 3 || c === 15 ? "left" : "center");
    CAUSES.forEach((cause, k) => put(sheet, [r, 7 + k, r, 7 + k], i.deviationCause === cause ? TICK : "", "body", "center"));
    LIKELIHOODS.forEach((l, k) => put(sheet, [r, 12 + k, r, 12 + k], i.likelihood === l ? TICK : "", "body", "center"));
    sheet.getRow(r).height = Math.max(textHeight(i.name, PROJECT_WIDTHS[2]!), textHeight(i.correctiveAction ?? "", PROJECT_WIDTHS[14]!), textHeight(remark, PROJECT_WIDTHS[15]!));
    if (i.highlight) highlight(sheet, r, 3, columns);
  });
  // 一级 / 二级 merged down while they repeat, as on the paper form.
  for (const [column, key] of [[1, "level1"], [2, "category"]] as const) {
    let start = 0;
    for (let n = 1; n <= p.indicators.length; n += 1) {
      const same = n < p.indicators.length && p.indicators[n]![key] === p.indicators[start]![key] && (key === "level1" || p.indicators[n]!.level1 === p.indicators[start]!.level1);
      if (same) continue;
      put(sheet, [row + start, column, row + n - 1, column], p.indicators[start]![key], "body", "center");
      start = n;
    }
  }
  signOff(sheet, row + Math.max(p.indicators.length, 0) + 1, columns);
}

const SUMMARY_WIDTHS = [5, 16, 28, 11, 11, 11, 9, 9, 8, 6, 6, 6, 6, 6, 6, 7, 6];
const COUNT_ORDER: IndicatorStatus[] = ["COMPLETED", "ON_TRACK", "AT_RISK", "BEHIND", "NOT_REPORTED"];
export const SUMMARY_ROWS = { header: 4, firstProject: 6 } as const;

function summarySheet(workbook: ExcelJS.Workbook, report: MonitoringReport): void {
  const columns = SUMMARY_WIDTHS.length;
  const sheet = a4Sheet(workbook, SUMMARY_SHEET, { landscape: true, widths: SUMMARY_WIDTHS, repeat: `${SUMMARY_ROWS.header}:${SUMMARY_ROWS.header + 1}`, footer: report.basis });
  titleBlock(sheet, columns, SUMMARY_TITLE, `（${report.year} 年 ${report.period}）`);
  note(sheet, 3, 1, 6, `主管部门：${report.department.code} ${report.department.name}`);
  note(sheet, 3, 7, columns, `截至 ${report.asOf} · 金额单位：万元 · ${report.basis}`, "right");
  const h = SUMMARY_ROWS.header;
  for (const [c, label] of [[1, "序号"], [2, "实施单位"], [3, "项目名称"], [8, "序时进度"], [9, "预警"], [16, "需关注指标"], [17, "缺项"]] as const) put(sheet, [h, c, h + 1, c], label, "header", "center");
  put(sheet, [h, 4, h, 7], "项目资金（万元）", "header", "center");
  ["年初预算数", "调整后预算数", `${report.period}执行数`, "执行率"].forEach((label, n) => put(sheet, [h + 1, 4 + n, h + 1, 4 + n], label, "header", "center"));
  put(sheet, [h, 10, h, 15], "绩效指标（个）", "header", "center");
  ["合计", ...COUNT_ORDER.map((s) => STATUS_LABELS[s])].forEach((label, n) => put(sheet, [h + 1, 10 + n, h + 1, 10 + n], label, "header", "center"));
  sheet.getRow(h + 1).height = 30;

  let row = SUMMARY_ROWS.firstProject;
  const totalCounts = { all: 0, flagged: 0, missing: 0, ...Object.fromEntries(COUNT_ORDER.map((s) => [s, 0])) } as Record<string, number>;
  report.projects.forEach((p, n) => {
    const counts = Object.fromEntries(COUNT_ORDER.map((s) => [s, p.indicators.filter((i) => i.status === s).length])) as Record<IndicatorStatus, number>;
    const missing = p.indicators.filter((i) => i.missing.length > 0).length;
    const e = p.execution;
    put(sheet, [row, 1, row, 1], countCell(n + 1), "body", "center");
    put(sheet, [row, 2, row, 2], p.unitName, "body", "left");
    put(sheet, [row, 3, row, 3], p.name, "body", "left");
    put(sheet, [row, 4, row, 4], wanCell(e.initialBudget), "body", "right");
    put(sheet, [row, 5, row, 5], wanCell(e.adjustedBudget), "body", "right");
    put(sheet, [row, 6, row, 6], wanCell(e.spent), "body", "right");
    put(sheet, [row, 7, row, 7], percentCell(e.executionRate), "body", "right");
    put(sheet, [row, 8, row, 8], percentCell(e.timeProgress), "body", "right");
    put(sheet, [row, 9, row, 9], e.warning ? WARNING_LABELS[e.warning] : "—", "body", "center");
    put(sheet, [row, 10, row, 10], countCell(p.indicators.length), "body", "center");
    COUNT_ORDER.forEach((s, k) => put(sheet, [row, 11 + k, row, 11 + k], countCell(counts[s]), "body", "center"));
    put(sheet, [row, 16, row, 16], countCell(p.flagged), "body", "center");
    put(sheet, [row, 17, row, 17], countCell(missing), "body", "center");
    sheet.getRow(row).height = Math.max(textHeight(p.name, SUMMARY_WIDTHS[2]!), textHeight(p.unitName, SUMMARY_WIDTHS[1]!));
    if (p.highlight) highlight(sheet, row, 1, columns);
    totalCounts.all! += p.indicators.length;
    totalCounts.flagged! += p.flagged;
    totalCounts.missing! += missing;
    for (const s of COUNT_ORDER) totalCounts[s]! += counts[s];
    row += 1;
  });
  const t = report.totals;
  put(sheet, [row, 1, row, 3], "合计", "header", "center");
  put(sheet, [row, 4, row, 4], wanCell(t.initialBudget), "header", "right");
  put(sheet, [row, 5, row, 5], wanCell(t.adjustedBudget), "header", "right");
  put(sheet, [row, 6, row, 6], wanCell(t.spent), "header", "right");
  put(sheet, [row, 7, row, 7], percentCell(t.executionRate), "header", "right");
  put(sheet, [row, 8, row, 9], "", "header", "center");
  put(sheet, [row, 10, row, 10], countCell(totalCounts.all!), "header", "center");
  COUNT_ORDER.forEach((s, k) => put(sheet, [row, 11 + k, row, 11 + k], countCell(totalCounts[s]!), "header", "center"));
  put(sheet, [row, 16, row, 16], countCell(totalCounts.flagged!), "header", "center");
  put(sheet, [row, 17, row, 17], countCell(totalCounts.missing!), "header", "center");
  note(sheet, row + 1, 1, columns, "注：底色标出的项目有滞后、有风险或完成目标可能性为“有可能”“完全不可能”的指标；执行率 = 执行数 ÷ 调整后预算数，合计行为金额合计之比；数据为审核通过的填报。");
  sheet.getRow(row + 1).height = 30;
  signOff(sheet, row + 3, columns);
}

/** The department's workbook (汇总 + a sheet per project), or one project's sheet alone. */
export async function monitoringWorkbook(report: MonitoringReport, options: { summary: boolean }): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "绩效通";
  workbook.title = `${report.year} 年 ${report.period}${PROJECT_TITLE}`;
  if (options.summary) summarySheet(workbook, report);
  const names = sheetNames(report.projects.map((p) => `${p.seq}-${p.name}`), options.summary ? [SUMMARY_SHEET] : []);
  report.projects.forEach((p, n) => projectSheet(workbook, names[n]!, report, p));
  return workbookBuffer(workbook);
}
