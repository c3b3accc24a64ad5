import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { budgetOverview } from "@/lib/budget/queries";
import { exportBudget, exportOverview, exportUnitOverview } from "@/lib/dashboard/export-service";
import { departmentOverview, projectTotals, unitOverview } from "@/lib/dashboard/queries";
import type { Overview } from "@/lib/dashboard/overview";
import { formatDecimal, parseDecimal, shiftDecimal } from "@/lib/decimal";
import { exportMonitoring } from "@/lib/monitoring/export";
import { monitoringReport } from "@/lib/monitoring/report";
import { PROJECT_ROWS, SUMMARY_ROWS, SUMMARY_SHEET } from "@/lib/monitoring/xlsx";
import { saveCheckIns } from "@/lib/progress/check-ins";
import { reviewReport, submitReport } from "@/lib/progress/reports";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

// The 绩效运行监控表 read back with exceljs and compared, figure by figure, with the dashboard's overview
// of the same date; and the overview, unit page and budget page exports likewise. 309002 reports June
// and July (approved), 309001 has a July draft that must not appear; money spent before and after 31 July.

const db = setupTestDb();
const PROJECT = "信息化项目建设管理工作经费"; // 309002: 组织项目验收数量 ≥5 个, 验收通过率 =100%
const ASOF = "2025-07-31";
const now = new Date("2025-08-03T02:00:00Z");

/** 元 → 万元 with 6 decimals; a rate "12.34" → the fraction "0.1234": what the cells must hold, as text. */
const wan = (yuan: string) => formatDecimal(shiftDecimal(parseDecimal(yuan)!, -4), 6);
const fraction = (rate: string) => formatDecimal(shiftDecimal(parseDecimal(rate)!, -2), 4);
const num = (cell: ExcelJS.Cell, decimals: number) => (cell.value as number).toFixed(decimals);

let seeded: { reporter: Actor; leader: Actor; otherReporter: Actor } | null = null;

async function world() {
  if (seeded) return seeded;
  const reporter = (await makeUser(db(), "REPORTER", "309002")).actor;
  const reviewer = (await makeUser(db(), "REVIEWER", "309002")).actor;
  const otherReporter = (await makeUser(db(), "REPORTER", "309001")).actor;
  const leader = (await makeUser(db(), "LEADER")).actor;
  const project = await db().project.findFirstOrThrow({ where: { name: PROJECT }, include: { indicators: true } });
  const by = (name: string) => project.indicators.find((i) => i.name === name)!.id;
  const row = (name: string, values: Record<string, string>) => ({ indicatorId: by(name), ...values });
  const approve = async (month: number, rows: object[]) => {
    const saved = await saveCheckIns(db(), reporter, { year: 2025, month, rows }, { now });
    expect(saved.errors).toEqual({});
    const report = await db().monthlyReport.findFirstOrThrow({ where: { month, unitId: project.unitId } });
    await submitReport(db(), reporter, report.id, { reason: "其余指标本月无进展" });
    await reviewReport(db(), reviewer, report.id, "approve", "", { confirmIncomplete: true });
  };
  // June: 2 of ≥5 acceptances is 40% against 49.59% of the year — on track then; by 31 July (58.08%) it
  // is 有风险 and, not updated, has no deviation cause: the report lists it as missing.
  await approve(6, [row("组织项目验收数量", { actual: "2", likelihood: "CERTAIN" }), row("验收通过率", { actual: "100", likelihood: "CERTAIN" })]);
  await approve(7, [row("验收通过率", { actual: "100" }), row("项目管理经费", { actual: "3", likelihood: "POSSIBLE", deviationCause: "STAFFING", correctiveAction: "补充项目管理人员" })]);
  // 309001's July is a draft: leaders (and this report) do not read it.
  const paper = await db().indicator.findFirstOrThrow({ where: { name: "购买打印纸" } });
  expect((await saveCheckIns(db(), otherReporter, { year: 2025, month: 7, rows: [{ indicatorId: paper.id, actual: "30", likelihood: "CERTAIN" }] }, { now })).errors).toEqual({});
  await db().expenditure.createMany({
    data: [
      { projectId: project.id, date: new Date("2025-03-10"), amount: "10000.00", createdById: reporter.id, payee: "甲" },
      { projectId: project.id, date: new Date("2025-07-20"), amount: "5000.55", createdById: reporter.id, payee: "乙" },
      { projectId: project.id, date: new Date("2025-08-02"), amount: "999.00", createdById: reporter.id, payee: "丙" },
    ],
  });
  await db().budgetAdjustment.create({ data: { projectId: project.id, date: new Date("2025-05-01"), amount: "20000.00", reason: "追加", approvedBy: "财政局", createdById: reporter.id } });
  seeded = { reporter, leader, otherReporter };
  return seeded;
}

async function workbook(bytes: Uint8Array) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return book;
}

function summaryRow(sheet: ExcelJS.Worksheet, name: string): ExcelJS.Row {
  for (let r = SUMMARY_ROWS.firstProject; r <= sheet.rowCount; r += 1) if (sheet.getRow(r).getCell(3).value === name) return sheet.getRow(r);
  throw new Error(`no row for ${name}`);
}

describe("绩效运行监控表", () => {
  it("defaults to 1–7 月, reads reviewed data only, and lists what is missing before export", async () => {
    const { leader, reporter } = await world();
    const report = await monitoringReport(db(), leader);
    expect(report).toMatchObject({ asOf: ASOF, period: "1–7 月", year: 2025, basis: "已审核数据：柳州市大数据发展局尚无，柳州市信息化建设管理中心截至 7 月" });
    expect(report.projects).toHaveLength(16);
    const p = report.projects.find((x) => x.name === PROJECT)!;
    const count = p.indicators.find((i) => i.name === "组织项目验收数量")!;
    expect(count).toMatchObject({ actual: "2", actualDate: "2025-06-30", likelihood: "CERTAIN", deviationCause: null, status: "AT_RISK", highlight: true, missing: ["缺偏差原因", "缺纠偏措施"] });
    expect(p.indicators.find((i) => i.name === "验收通过率")).toMatchObject({ actual: "100", actualDate: ASOF, likelihood: null, missing: ["缺完成目标可能性"] });
    expect(p.indicators.find((i) => i.name === "项目管理经费")).toMatchObject({ actual: "3", likelihood: "POSSIBLE", deviationCause: "STAFFING", correctiveAction: "补充项目管理人员", status: "AT_RISK", highlight: true, missing: [] });
    expect(p.indicators.find((i) => i.name === "各项工作任务完成时间")!.missing).toEqual(["无已审核的填报"]);
    expect(p.highlight).toBe(true);
    // The draft is not there: 购买打印纸 has no reviewed actual.
    const paper = report.projects.flatMap((x) => x.indicators).find((i) => i.name === "购买打印纸")!;
    expect(paper).toMatchObject({ actual: null, status: "NOT_REPORTED" });
    expect(report.missing.find((m) => m.indicator === "组织项目验收数量")).toEqual({ projectId: p.id, projectName: PROJECT, unitName: "柳州市信息化建设管理中心", indicator: "组织项目验收数量", what: ["缺偏差原因", "缺纠偏措施"] });
    // On 30 June the same check-in was on track and needed no explanation: the table is of its date.
    const june = (await monitoringReport(db(), reporter, { asOf: "2025-06-30" })).projects.find((x) => x.name === PROJECT)!;
    expect(june.indicators.find((i) => i.name === "组织项目验收数量")).toMatchObject({ actual: "2", status: "ON_TRACK", highlight: false, missing: [] });
    expect(june.indicators.find((i) => i.name === "项目管理经费")).toMatchObject({ actual: null, missing: ["无已审核的填报"] });
    expect((await monitoringReport(db(), reporter, { asOf: "2025-06-15" })).period).toBe("1 月 1 日至 6 月 15 日");
  });

  it("refuses a date outside the fiscal year or not a date, in words; another unit's project is not found", async () => {
    const { leader, otherReporter } = await world();
    await expect(monitoringReport(db(), leader, { asOf: "2024-07-31" })).rejects.toMatchObject({ code: "VALIDATION", message: "截至日期 2024-07-31 不在 2025 年度内，请选择 2025-01-01 至 2025-12-31 之间的日期。" });
    await expect(monitoringReport(db(), leader, { asOf: "2025-02-30" })).rejects.toMatchObject({ code: "VALIDATION", message: "截至日期“2025-02-30”不是有效日期，请按 YYYY-MM-DD 填写，例如 2025-07-31。" });
    await expect(monitoringReport(db(), leader, { asOf: "7月31日" })).rejects.toMatchObject({ code: "VALIDATION" });
    const other = await db().project.findFirstOrThrow({ where: { name: PROJECT } });
    await expect(monitoringReport(db(), otherReporter, { projectId: other.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(exportMonitoring(db(), leader, { asOf: "2026-01-31" })).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("the workbook, read back, holds the dashboard's figures for the same date, in the finance bureau's layout", async () => {
    const { leader } = await world();
    const overview = (await departmentOverview(db(), leader, { asOf: ASOF, drafts: false }))!;
    const file = await exportMonitoring(db(), leader, {});
    expect(file.fileName).toBe("2025年1–7月项目支出绩效目标执行监控表-柳州市大数据发展局（16个项目）.xlsx");
    const book = await workbook(file.bytes);
    expect(book.worksheets.map((s) => s.name)[0]).toBe(SUMMARY_SHEET);
    expect(book.worksheets).toHaveLength(17);

    const summary = book.getWorksheet(SUMMARY_SHEET)!;
    expect(summary.getCell("A1").value).toBe("绩效运行监控汇总表");
    expect(summary.getCell("A2").value).toBe("（2025 年 1–7 月）");
    expect(summary.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToWidth: 1, printTitlesRow: "4:5" });
    for (const p of overview.projects) {
      const row = summaryRow(summary, p.name);
      expect(num(row.getCell(4), 6), p.name).toBe(wan(p.execution.initialBudget));
      expect(num(row.getCell(5), 6), p.name).toBe(wan(p.execution.adjustedBudget));
      expect(num(row.getCell(6), 6), p.name).toBe(wan(p.execution.spent));
      expect(row.getCell(6).numFmt).toBe("#,##0.00");
      if (p.execution.executionRate === null) expect(row.getCell(7).value).toBe("—");
      else expect(num(row.getCell(7), 4), p.name).toBe(fraction(p.execution.executionRate));
      expect(row.getCell(7).numFmt ?? "0.00%").toMatch(/%$/);
      expect(num(row.getCell(8), 4)).toBe(fraction(p.execution.timeProgress));
      expect(row.getCell(10).value).toBe(p.indicatorCount);
      expect([11, 12, 13, 14, 15].map((c) => row.getCell(c).value), p.name).toEqual([p.counts.COMPLETED, p.counts.ON_TRACK, p.counts.AT_RISK, p.counts.BEHIND, p.counts.NOT_REPORTED]);
    }
    const mine = overview.projects.find((p) => p.name === PROJECT)!;
    // 10,000.00 + 5,000.55 by 31 July (the 2 August payment is not counted), against 7 万 + 2 万.
    expect(mine.execution).toMatchObject({ spent: "15000.55", adjustedBudget: "90000.00", executionRate: "16.67" });
    expect(summaryRow(summary, PROJECT).getCell(1).fill).toMatchObject({ fgColor: { argb: "FFFCE4D6" } });
    const totals = projectTotals(overview.projects);
    const totalRow = summary.getRow(SUMMARY_ROWS.firstProject + overview.projects.length);
    expect(totalRow.getCell(1).value).toBe("合计");
    expect(num(totalRow.getCell(5), 6)).toBe(wan(totals.adjustedBudget));
    expect(num(totalRow.getCell(6), 6)).toBe(wan(totals.spent));
    expect(num(totalRow.getCell(7), 4)).toBe(fraction(totals.executionRate!));
    expect(totalRow.getCell(10).value).toBe(overview.indicators.length);
    const texts: string[] = [];
    summary.eachRow((r) => r.eachCell((c) => typeof c.value === "string" && texts.push(c.value)));
    expect(texts).toEqual(expect.arrayContaining(["填报人：＿＿＿＿＿＿＿＿", "审核人：＿＿＿＿＿＿＿＿", "单位负责人：＿＿＿＿＿＿＿＿"]));

    const sheet = book.worksheets.find((s) => s.name.endsWith(PROJECT))!;
    expect(sheet.getCell("A1").value).toBe("项目支出绩效目标执行监控表");
    expect(sheet.getCell("C4").value).toBe(PROJECT);
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", printTitlesRow: "9:10" });
    const funds = sheet.getRow(PROJECT_ROWS.fundsValues);
    expect(sheet.getRow(PROJECT_ROWS.funds).getCell(7).value).toBe("1–7 月执行数");
    expect(num(funds.getCell(7), 6)).toBe(wan("15000.55"));
    expect(num(funds.getCell(10), 4)).toBe("0.1667");
    // Merged headers, as on the form: 偏差原因分析 over five causes, 完成目标可能性 over three.
    expect(sheet.getCell("G9").value).toBe("偏差原因分析");
    expect(sheet.getCell("K9").master.address).toBe("G9");
    expect(["G10", "H10", "I10", "J10", "K10", "L10", "M10", "N10"].map((a) => sheet.getCell(a).value)).toEqual(["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他", "确定能", "有可能", "完全不可能"]);
    expect(sheet.getCell("A10").master.address).toBe("A9");
    const indicators = overview.indicators.filter((i) => i.projectId === mine.id);
    indicators.forEach((i, n) => {
      const r = sheet.getRow(PROJECT_ROWS.firstIndicator + n);
      expect(r.getCell(3).value).toBe(i.name);
      expect(r.getCell(4).value).toBe(i.target);
      expect(r.getCell(5).value).toBe(i.latest?.actual ?? "");
      expect(String(r.getCell(16).value)).toContain({ COMPLETED: "已完成", ON_TRACK: "正常", AT_RISK: "有风险", BEHIND: "滞后", NOT_REPORTED: "未填报" }[i.status]);
    });
    const rowOf = (name: string) => sheet.getRow(PROJECT_ROWS.firstIndicator + indicators.findIndex((i) => i.name === name));
    const count = rowOf("组织项目验收数量");
    expect([12, 13, 14].map((c) => count.getCell(c).value)).toEqual(["√", "", ""]);
    expect([7, 8, 9, 10, 11].map((c) => count.getCell(c).value)).toEqual(["", "", "", "", ""]);
    expect(count.getCell(3).fill).toMatchObject({ fgColor: { argb: "FFFCE4D6" } });
    expect(String(count.getCell(16).value)).toBe("有风险；缺偏差原因、缺纠偏措施");
    const cost = rowOf("项目管理经费");
    expect([7, 8, 9, 10, 11].map((c) => cost.getCell(c).value)).toEqual(["", "", "√", "", ""]);
    expect([12, 13, 14].map((c) => cost.getCell(c).value)).toEqual(["", "√", ""]);
    expect(cost.getCell(15).value).toBe("补充项目管理人员");
    expect(rowOf("各项工作任务完成时间").getCell(3).fill).not.toMatchObject({ fgColor: { argb: "FFFCE4D6" } });

    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "monitoring.export" }, orderBy: { id: "desc" } });
    expect(audit.after).toMatchObject({ asOf: ASOF, projects: 16, fileName: file.fileName });
  });

  it("one project's table, and a reporter's workbook holds only the unit's projects", async () => {
    const { reporter, leader } = await world();
    const project = await db().project.findFirstOrThrow({ where: { name: PROJECT } });
    const one = await workbook((await exportMonitoring(db(), leader, { projectId: project.id, asOf: "2025-06-30" })).bytes);
    expect(one.worksheets.map((s) => s.name)).toEqual([expect.stringContaining(PROJECT)]);
    expect(one.worksheets[0]!.getCell("A2").value).toBe("（2025 年 1–6 月）");
    const unit = await workbook((await exportMonitoring(db(), reporter, {})).bytes);
    const own = await db().project.count({ where: { unit: { code: "309002" } } });
    expect(unit.worksheets).toHaveLength(own + 1);
  });
});

describe("leadership exports", () => {
  const keyFigure = (sheet: ExcelJS.Worksheet, label: string) => {
    for (let r = 5; r <= sheet.rowCount; r += 1) if (sheet.getRow(r).getCell(1).value === label) return sheet.getRow(r).getCell(2);
    throw new Error(label);
  };

  it("the overview as .xlsx: the date in every title, numbers as numeric cells equal to the page's", async () => {
    const { leader } = await world();
    const overview: Overview = (await departmentOverview(db(), leader, { asOf: ASOF, drafts: false }))!;
    const file = await exportOverview(db(), leader, { asOf: ASOF });
    expect(file.fileName).toBe("柳州市大数据发展局绩效运行总览（截至2025-07-31）.xlsx");
    const book = await workbook(file.bytes);
    expect(book.worksheets.map((s) => s.name)).toEqual(["总览", "各单位", "项目", "预警", "月度执行"]);
    for (const s of book.worksheets) expect(String(s.getCell("A1").value), s.name).toContain("（截至 2025-07-31）");
    const front = book.getWorksheet("总览")!;
    expect(num(keyFigure(front, "已支出（万元）"), 6)).toBe(wan(overview.total.spent));
    expect(num(keyFigure(front, "执行率"), 4)).toBe(fraction(overview.total.executionRate!));
    expect(keyFigure(front, "指标：未填报（个）").value).toBe(overview.indicatorCounts.NOT_REPORTED);
    expect(String(front.getCell("A3").value)).toContain("已审核数据");
    const projects = book.getWorksheet("项目")!;
    overview.projects.forEach((p, n) => {
      const row = projects.getRow(5 + n);
      expect(row.getCell(3).value).toBe(p.name);
      expect(num(row.getCell(6), 6)).toBe(wan(p.execution.spent));
      expect(row.getCell(9).value).toBe({ COMPLETED: "已完成", ON_TRACK: "正常", AT_RISK: "有风险", BEHIND: "滞后", NOT_REPORTED: "未填报" }[p.status]);
    });
    const months = book.getWorksheet("月度执行")!;
    expect(months.rowCount).toBe(4 + overview.series.length);
    expect(num(months.getRow(4 + 7).getCell(3), 6)).toBe(wan(overview.series[6]!.spent));
    // With drafts, as on the page with ?drafts=1.
    const drafts = await workbook((await exportOverview(db(), leader, { asOf: ASOF, drafts: "1" })).bytes);
    expect(String(drafts.getWorksheet("总览")!.getCell("A3").value)).toContain("已计入未审核的填报");
  });

  it("the unit page and the budget page as .xlsx", async () => {
    const { leader } = await world();
    const unit = await db().unit.findUniqueOrThrow({ where: { code: "309002" } });
    const u = await unitOverview(db(), leader, unit.id, { asOf: ASOF, drafts: false });
    const book = await workbook((await exportUnitOverview(db(), leader, unit.id, { asOf: ASOF })).bytes);
    expect(book.worksheets.map((s) => s.name)).toEqual(["总览", "项目", "预警", "月度执行"]);
    expect(book.getWorksheet("总览")!.getCell("A1").value).toBe("309002 柳州市信息化建设管理中心绩效运行总览（截至 2025-07-31）");
    expect(num(keyFigure(book.getWorksheet("总览")!, "调整后预算数（万元）"), 6)).toBe(wan(u.total.adjustedBudget));

    const b = await budgetOverview(db(), leader, { asOf: ASOF });
    const budget = (await workbook((await exportBudget(db(), leader, { asOf: ASOF })).bytes)).getWorksheet("预算执行")!;
    expect(budget.getCell("A1").value).toBe("柳州市大数据发展局预算执行（截至 2025-07-31）");
    expect(budget.getRow(5).getCell(2).value).toBe("309 柳州市大数据发展局");
    expect(num(budget.getRow(5).getCell(6), 6)).toBe(wan(b.total!.spent));
    expect(num(budget.getRow(5).getCell(7), 4)).toBe(fraction(b.total!.executionRate!));
    const rows: string[] = [];
    budget.eachRow((r, n) => n >= 5 && rows.push(String(r.getCell(2).value).trim()));
    expect(rows).toContain(PROJECT);
    expect(rows).toHaveLength(1 + b.units.length + b.projects.length);
    expect(await db().auditEvent.count({ where: { action: { in: ["overview.export", "unitOverview.export", "budget.export"] } } })).toBe(4);
  });
});
