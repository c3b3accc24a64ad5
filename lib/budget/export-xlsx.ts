// The budget page (预算执行) as a workbook: the department total, each unit and each project, the same
// BudgetOverview the page renders (./queries.ts), figures as numeric cells (万元 exact, rates as
// percentages), the as-of date in the title.
import ExcelJS from "exceljs";
import { decimalCell, percentCell } from "@/lib/evaluation/export-xlsx-cells";
import { workbookBuffer } from "@/lib/xlsx/write";
import { tableSheet, wanCell, type TableCell } from "@/lib/xlsx/sheets";
import { WARNING_LABELS, type Execution } from "./execution";
import type { BudgetOverview } from "./queries";

function row(level: string, name: string, e: Execution): TableCell[] {
  return [level, name, wanCell(e.initialBudget), wanCell(e.adjustments), wanCell(e.adjustedBudget), wanCell(e.spent), percentCell(e.executionRate), percentCell(e.timeProgress), decimalCell(e.gapPoints ?? "—"), e.warning ? WARNING_LABELS[e.warning] : "—", e.overspent ? "是" : "否"];
}

export async function budgetWorkbook(o: BudgetOverview): Promise<Uint8Array> {
  if (!o.department || !o.total || o.year === null) throw new Error("budgetWorkbook: nothing to export");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "绩效通";
  const rows: TableCell[][] = [row("部门", `${o.department.code} ${o.department.name}`, o.total)];
  for (const u of o.units) {
    rows.push(row("单位", `${u.code} ${u.name}`, u.execution));
    for (const p of o.projects.filter((x) => x.unitId === u.id)) rows.push(row("项目", `　${p.name}`, p.execution));
  }
  const wan = (label: string) => ({ label: `${label}（万元）`, width: 13 });
  tableSheet(workbook, "预算执行", {
    title: `${o.department.name}预算执行（截至 ${o.asOf}）`,
    subtitle: `（${o.year} 年度 · 序时进度 ${o.total.timeProgress}%）`,
    note: `${o.department.code} ${o.department.name} · 金额单位：万元 · 执行率 = 已支出 ÷ 调整后预算数，单位和部门为金额合计之比`,
    columns: [{ label: "层级", width: 6 }, { label: "部门 / 单位 / 项目", width: 34 }, wan("年初预算"), wan("预算调整"), wan("调整后预算"), wan("已支出"), { label: "执行率", width: 10 }, { label: "序时进度", width: 10 }, { label: "落后序时（点）", width: 10 }, { label: "预警", width: 8 }, { label: "超预算", width: 8 }],
    rows,
  });
  return workbookBuffer(workbook);
}
