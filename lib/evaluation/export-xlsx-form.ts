// One project's 项目支出绩效自评表 as a sheet, laid out like the form in 财预〔2020〕10号's annex:
// the same blocks, labels and order, nine columns (A–I), thin borders, A4 portrait.
//
//   row 1  title "项目支出绩效自评表"                      row 2  "（2025年度）"
//   row 3  项目名称 | B:I                                 row 4  主管部门 | B:D | 实施单位 E | F:I
//   rows 5–9   A "项目资金（万元）"; header row 5, then 年度资金总额, 其中：当年财政拨款, 上年结转资金,
//              其他资金 — row label B:C, 年初预算数 D, 全年预算数 E, 全年执行数 F, 分值 G, 执行率 H, 得分 I
//   rows 10–11 A "年度总体目标"; 预期目标 B:E, 实际完成情况 F:I
//   row 12 on  A "绩效指标"; 一级指标 B, 二级指标 C, 三级指标 D, 年度指标值 E, 实际完成值 F, 分值 G,
//              得分 H, 偏差原因分析及改进措施 I; one row per line (one blank row when there is none)
//   then   总分 A:F | 分值 G | 得分 H | I;   自评等级 A:F | G:I
//   internal version only: two rows down, the 内部说明 block (status, weight reason, 需要复核 when the
//   targets changed after saving, each line's note).
import type ExcelJS from "exceljs";
import type { PrintedForm, PrintedFormLine } from "./printed-form";
import { FONT, clean, decimalCell, percentCell, put, textHeight, type Align, type CellKind } from "./export-xlsx-cells";

export const FORM_TITLE = "项目支出绩效自评表";
export const FORM_COLUMNS = 9; // A–I
// Widths in Excel units; none may be 9, exceljs's default, which it leaves out of the file.
const WIDTHS = [10, 10, 11, 20, 13, 13, 10, 10, 26] as const;
const width = (left: number, right: number) => WIDTHS.slice(left - 1, right).reduce((a, b) => a + b, 0);

export const FORM_ROWS = { title: 1, year: 2, project: 3, department: 4, fundsHeader: 5, goalHeader: 10, indicatorHeader: 12 } as const;
const FUND_ROWS = ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"] as const;
export const INTERNAL_TITLE = "内部说明（仅供内部使用，不得对外报送）";

type Range = readonly [number, number, number, number];

/** Adds the form sheet for one project; `internal` adds the 内部说明 block and the status header. */
export function addFormSheet(workbook: ExcelJS.Workbook, name: string, form: PrintedForm, internal: boolean): ExcelJS.Worksheet {
  const footer = "&C第 &P 页，共 &N 页";
  const sheet = workbook.addWorksheet(name, {
    views: [{ showGridLines: false }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: "portrait",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages down as needed
      horizontalCentered: true,
      margins: { left: 0.3, right: 0.3, top: 0.5, bottom: 0.5, header: 0.2, footer: 0.2 },
    },
    headerFooter: internal
      ? { oddHeader: `&L内部版，不得对外报送&R自评状态：${headerText(form.status)}`, oddFooter: footer }
      : { oddFooter: footer },
  });
  sheet.columns = WIDTHS.map((w) => ({ width: w }));
  const cell = (range: Range, value: ExcelJS.CellValue | ReturnType<typeof decimalCell>, kind: CellKind = "body", align: Align = "center") =>
    put(sheet, range, value, kind, align);

  // Title and year: outside the bordered form, as on paper.
  const title = sheet.getCell(FORM_ROWS.title, 1);
  sheet.mergeCells(FORM_ROWS.title, 1, FORM_ROWS.title, FORM_COLUMNS);
  title.value = FORM_TITLE;
  title.style = { font: { name: FONT, size: 18, bold: true }, alignment: { horizontal: "center", vertical: "middle" } };
  sheet.getRow(FORM_ROWS.title).height = 36;
  const year = sheet.getCell(FORM_ROWS.year, 1);
  sheet.mergeCells(FORM_ROWS.year, 1, FORM_ROWS.year, FORM_COLUMNS);
  year.value = `（${form.year}年度）`;
  year.style = { font: { name: FONT, size: 12 }, alignment: { horizontal: "center", vertical: "middle" } };
  sheet.getRow(FORM_ROWS.year).height = 22;

  // 项目名称, 主管部门, 实施单位
  const p = FORM_ROWS.project;
  cell([p, 1, p, 1], "项目名称", "header");
  cell([p, 2, p, 9], form.projectName, "body", "left");
  sheet.getRow(p).height = textHeight(form.projectName, width(2, 9), 24);
  const d = FORM_ROWS.department;
  cell([d, 1, d, 1], "主管部门", "header");
  cell([d, 2, d, 4], form.department, "body", "left");
  cell([d, 5, d, 5], "实施单位", "header");
  cell([d, 6, d, 9], form.unit, "body", "left");
  sheet.getRow(d).height = Math.max(textHeight(form.department, width(2, 4), 24), textHeight(form.unit, width(6, 9), 24));

  // 项目资金（万元）: our projects are all funded by 当年财政拨款, so that row repeats the totals and
  // the other sources stay empty; 分值/执行率/得分 belong to the total only (the form greys them out).
  const f = FORM_ROWS.fundsHeader;
  cell([f, 1, f + FUND_ROWS.length, 1], "项目资金（万元）", "header");
  cell([f, 2, f, 3], null, "header");
  ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"].forEach((label, i) => cell([f, 4 + i, f, 4 + i], label, "header"));
  sheet.getRow(f).height = 24;
  FUND_ROWS.forEach((label, i) => {
    const r = f + 1 + i;
    cell([r, 2, r, 3], label, "body", "left");
    const money = i <= 1 ? [form.funds.initialBudgetWan, form.funds.annualBudgetWan, form.funds.spentWan] : [null, null, null];
    money.forEach((amount, j) => cell([r, 4 + j, r, 4 + j], amount === null ? null : decimalCell(amount), "body", "right"));
    if (i === 0) {
      cell([r, 7, r, 7], decimalCell(form.funds.weight));
      cell([r, 8, r, 8], percentCell(form.funds.executionRate));
      cell([r, 9, r, 9], decimalCell(form.funds.score));
    } else {
      for (let c = 7; c <= 9; c += 1) cell([r, c, r, c], "—");
    }
    sheet.getRow(r).height = 22;
  });

  // 年度总体目标
  const g = FORM_ROWS.goalHeader;
  cell([g, 1, g + 1, 1], "年度总体目标", "header");
  cell([g, 2, g, 5], "预期目标", "header");
  cell([g, 6, g, 9], "实际完成情况", "header");
  cell([g + 1, 2, g + 1, 5], form.goal.expected, "body", "left");
  cell([g + 1, 6, g + 1, 9], form.goal.actual, "body", "left");
  sheet.getRow(g).height = 22;
  sheet.getRow(g + 1).height = Math.max(textHeight(form.goal.expected, width(2, 5), 60), textHeight(form.goal.actual, width(6, 9), 60));

  // 绩效指标
  const h = FORM_ROWS.indicatorHeader;
  const first = h + 1;
  const rows = Math.max(1, form.lines.length); // an empty form keeps one blank row to write in
  const last = first + rows - 1;
  cell([h, 1, last, 1], "绩效指标", "header");
  ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"].forEach((label, i) =>
    cell([h, 2 + i, h, 2 + i], label, "header"),
  );
  sheet.getRow(h).height = 28;
  if (form.lines.length === 0) for (let c = 2; c <= 9; c += 1) cell([first, c, first, c], null);
  const level1Runs = runs(form.lines, (l) => l.level1);
  const categoryRuns = runs(form.lines, (l) => `${l.level1}\u0000${l.category}`);
  for (const [start, end] of level1Runs) cell([first + start, 2, first + end, 2], form.lines[start]!.level1);
  for (const [start, end] of categoryRuns) cell([first + start, 3, first + end, 3], form.lines[start]!.category);
  const single = (ranges: [number, number][], i: number) => ranges.some(([s, e]) => s === i && e === i);
  form.lines.forEach((line, i) => {
    const r = first + i;
    cell([r, 4, r, 4], line.name, "body", "left");
    cell([r, 5, r, 5], line.target);
    cell([r, 6, r, 6], line.actual);
    cell([r, 7, r, 7], decimalCell(line.weight));
    cell([r, 8, r, 8], decimalCell(line.score));
    cell([r, 9, r, 9], line.deviation, "body", "left");
    sheet.getRow(r).height = lineHeight(line, single(level1Runs, i), single(categoryRuns, i));
  });
  if (form.lines.length === 0) sheet.getRow(first).height = 24;

  // 总分 and 自评等级
  const t = last + 1;
  cell([t, 1, t, 6], "总分", "header");
  cell([t, 7, t, 7], decimalCell(form.totalWeight), "header");
  cell([t, 8, t, 8], decimalCell(form.total), "header");
  cell([t, 9, t, 9], null, "header");
  sheet.getRow(t).height = 24;
  cell([t + 1, 1, t + 1, 6], "自评等级", "header");
  cell([t + 1, 7, t + 1, 9], form.grade, "body");
  sheet.getRow(t + 1).height = 24;

  const end = internal ? addInternalNotes(sheet, form, t + 3) : t + 1;
  sheet.pageSetup.printArea = `A1:I${end}`;
  return sheet;
}

/** The 内部说明 block from `top`; returns its last row. Never written for the public version. */
function addInternalNotes(sheet: ExcelJS.Worksheet, form: PrintedForm, top: number): number {
  const cell = (range: Range, value: string | null, kind: CellKind = "body", align: Align = "left") => put(sheet, range, value, kind, align);
  cell([top, 1, top, 9], INTERNAL_TITLE, "header", "center");
  sheet.getRow(top).height = 24;
  const rows: [string, string][] = [
    ["自评状态", form.status],
    ["分值调整理由", form.weightReason?.trim() || "无"],
    ...(form.review ? [["需要复核", form.review] as [string, string]] : []),
  ];
  let r = top + 1;
  for (const [label, text] of rows) {
    cell([r, 1, r, 2], label, "header", "center");
    cell([r, 3, r, 9], text);
    sheet.getRow(r).height = textHeight(text, width(3, 9), 22);
    r += 1;
  }
  cell([r, 1, r, 3], "三级指标", "header", "center");
  cell([r, 4, r, 9], "评分说明（调整理由、按规则计算的得分、超额完成提示等）", "header", "center");
  sheet.getRow(r).height = 22;
  const notes = form.lines.map((line, i) => ({ name: `${i + 1}．${line.name}`, note: line.internalNote?.trim() ?? "" })).filter((n) => n.note);
  if (notes.length === 0) notes.push({ name: "—", note: "无" });
  for (const { name, note } of notes) {
    r += 1;
    cell([r, 1, r, 3], name);
    cell([r, 4, r, 9], note);
    sheet.getRow(r).height = Math.max(textHeight(name, width(1, 3), 22), textHeight(note, width(4, 9), 22));
  }
  return r;
}

/** Index ranges [start, end] of consecutive lines with the same key, for the vertical merges. */
function runs(lines: readonly PrintedFormLine[], key: (line: PrintedFormLine) => string): [number, number][] {
  const out: [number, number][] = [];
  lines.forEach((line, i) => {
    const previous = out[out.length - 1];
    if (previous && key(lines[previous[0]]!) === key(line)) previous[1] = i;
    else out.push([i, i]);
  });
  return out;
}

function lineHeight(line: PrintedFormLine, ownLevel1: boolean, ownCategory: boolean): number {
  const texts: [string, number][] = [
    [line.name, width(4, 4)],
    [line.target, width(5, 5)],
    [line.actual, width(6, 6)],
    [line.deviation, width(9, 9)],
  ];
  // A merged 一级/二级 cell spreads over its rows; only a one-row group has to fit in its row.
  if (ownLevel1) texts.push([line.level1, width(2, 2)]);
  if (ownCategory) texts.push([line.category, width(3, 3)]);
  return Math.max(...texts.map(([text, w]) => textHeight(text, w, 24)));
}

/** Header/footer text: "&" starts a code there, so it is doubled; control characters go. */
function headerText(text: string): string {
  return clean(text).replace(/[\r\n]+/g, " ").replace(/&/g, "&&").slice(0, 100);
}
