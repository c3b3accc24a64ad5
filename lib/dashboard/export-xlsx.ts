// The overview and the unit page as workbooks (what leadership looks at, to pass on): the same Overview
// object the page renders (./queries.ts), so every figure is the page's. Numbers are numeric cells with
// formats (万元 exact with two decimals shown, rates as percentages); the as-of date and the data basis
// are in every title.
//   总览   key figures, status counts, the month's reporting, projected grades
//   各单位 (department only) execution, reporting and risk per unit
//   项目   per project: funds, execution, status counts, the self-evaluation figure; 合计 last
//   预警   red and yellow warnings with their reasons
//   月度执行 the execution chart's figures by month
import ExcelJS from "exceljs";
import { WARNING_LABELS, type Execution } from "@/lib/budget/execution";
import { decimalCell, percentCell } from "@/lib/evaluation/export-xlsx-cells";
import { REVIEW_STATUS_LABELS } from "@/lib/review/workflow";
import { STATUS_LABELS } from "@/lib/progress/status";
import { workbookBuffer } from "@/lib/xlsx/write";
import { tableSheet, wanCell, type TableCell } from "@/lib/xlsx/sheets";
import { STATUS_ORDER, type Overview } from "./overview";
import { projectTotals } from "./queries";

const warning = (e: Execution) => (e.warning ? `${WARNING_LABELS[e.warning]}${e.overspent ? "（超预算）" : ""}` : e.overspent ? "超预算" : "—");
const wan = (label: string) => ({ label: `${label}（万元）`, width: 13 });

function keyFigures(o: Overview): TableCell[][] {
  const t = o.total;
  return [
    ["年初预算数（万元）", wanCell(t.initialBudget)],
    ["预算调整（万元）", wanCell(t.adjustments)],
    ["调整后预算数（万元）", wanCell(t.adjustedBudget)],
    ["已支出（万元）", wanCell(t.spent)],
    ["执行率", percentCell(t.executionRate)],
    ["序时进度", percentCell(t.timeProgress)],
    ["落后序时（百分点）", decimalCell(t.gapPoints ?? "—")],
    ["预算执行预警", warning(t)],
    ...(["项目", "指标"] as const).flatMap((what) => STATUS_ORDER.map((s): TableCell[] => [`${what}：${STATUS_LABELS[s]}（个）`, (what === "项目" ? o.projectCounts : o.indicatorCounts)[s]])),
    [`${o.month} 月填报：已填指标（个）`, o.reporting.reported],
    [`${o.month} 月填报：应填指标（个）`, o.reporting.expected],
    [`${o.month} 月填报完成度`, percentCell(o.reporting.percent)],
    ...(["优", "良", "中", "差"] as const).map((g): TableCell[] => [`年度自评（含预测）等级“${g}”的项目（个）`, o.projectedGrades[g]]),
  ];
}

/** The workbook of an overview: a department's (`unitName` null) or one unit's. */
export async function overviewWorkbook(o: Overview, unitName: string | null): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "绩效通";
  const scope = unitName ?? `${o.department.code} ${o.department.name}`;
  const subtitle = `（${o.year} 年度 · 截至 ${o.asOf}）`;
  const basis = `${scope} · ${o.basis.label} · 金额单位：万元`;
  const title = (what: string) => `${unitName ?? o.department.name}${what}（截至 ${o.asOf}）`;

  tableSheet(workbook, "总览", { title: title("绩效运行总览"), subtitle, note: basis, landscape: false, columns: [{ label: "项目", width: 40 }, { label: "数值", width: 18 }], rows: keyFigures(o) });
  if (!unitName) {
    tableSheet(workbook, "各单位", {
      title: title("各单位执行与填报"),
      subtitle,
      note: basis,
      columns: [{ label: "单位代码", width: 10 }, { label: "单位名称", width: 28 }, { label: "项目数", width: 8 }, { label: "指标数", width: 8 }, wan("调整后预算"), wan("已支出"), { label: "执行率", width: 10 }, { label: "预警", width: 10 }, { label: "风险指标", width: 9 }, { label: `${o.month}月已填`, width: 9 }, { label: "完成度", width: 10 }, { label: "月度状态", width: 13 }, { label: "已审核至", width: 10 }],
      rows: o.units.map((u) => [u.code, u.name, u.projectCount, u.indicatorCount, wanCell(u.execution.adjustedBudget), wanCell(u.execution.spent), percentCell(u.execution.executionRate), warning(u.execution), u.atRisk, u.reported, percentCell(u.completeness), u.reportStatus ? REVIEW_STATUS_LABELS[u.reportStatus] : "未开始", u.reviewedThrough ? `${u.reviewedThrough} 月` : "—"]),
    });
  }
  const totals = projectTotals(o.projects);
  tableSheet(workbook, "项目", {
    title: title("项目执行与绩效状态"),
    subtitle,
    note: basis,
    columns: [{ label: "序号", width: 6 }, { label: "单位", width: 16 }, { label: "项目名称", width: 30 }, wan("年初预算"), wan("调整后预算"), wan("已支出"), { label: "执行率", width: 10 }, { label: "预警", width: 10 }, { label: "绩效状态", width: 9 }, ...STATUS_ORDER.map((s) => ({ label: `${STATUS_LABELS[s]}指标`, width: 8 })), { label: "自评得分", width: 9 }, { label: "自评等级", width: 8 }, { label: "自评口径", width: 10 }],
    rows: o.projects.map((p) => [p.seq, p.unitName, p.name, wanCell(p.execution.initialBudget), wanCell(p.execution.adjustedBudget), wanCell(p.execution.spent), percentCell(p.execution.executionRate), warning(p.execution), STATUS_LABELS[p.status], ...STATUS_ORDER.map((s) => p.counts[s]), decimalCell(p.evaluation.total), p.evaluation.grade, p.evaluation.kind]),
    total: ["", "合计", `${o.projects.length} 个项目`, wanCell(totals.initialBudget), wanCell(totals.adjustedBudget), wanCell(totals.spent), percentCell(totals.executionRate), "", "", ...STATUS_ORDER.map((s) => o.projects.reduce((n, p) => n + p.counts[s], 0)), "", "", ""],
  });
  tableSheet(workbook, "预警", {
    title: title("预警"),
    subtitle,
    note: basis,
    columns: [{ label: "级别", width: 6 }, { label: "预警", width: 14 }, { label: "单位", width: 18 }, { label: "项目", width: 28 }, { label: "原因", width: 70 }],
    rows: o.warnings.length > 0 ? o.warnings.map((w) => [w.level === "red" ? "红色" : "黄色", w.label, w.unitName, w.projectName, w.reason]) : [["—", "无预警", "", "", ""]],
  });
  tableSheet(workbook, "月度执行", {
    title: title("累计预算执行率与序时进度"),
    subtitle,
    note: basis,
    landscape: false,
    columns: [{ label: "月份", width: 8 }, { label: "截至", width: 12 }, wan("已支出"), wan("调整后预算"), { label: "执行率", width: 10 }, { label: "序时进度", width: 10 }],
    rows: o.series.map((m) => [`${m.month}月`, m.date, wanCell(m.spent), wanCell(m.adjustedBudget), percentCell(m.executionRate), percentCell(m.timeProgress)]),
  });
  return workbookBuffer(workbook);
}
