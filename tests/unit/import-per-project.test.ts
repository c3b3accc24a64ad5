import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { CATEGORY_LABELS } from "@/lib/targets/categories";
import { parseTargetsFile, parseTargetsText } from "@/lib/targets/import";
import { textToGrid } from "@/lib/targets/import/grid";
import { parsePerProject } from "@/lib/targets/import/parse-per-project";
import type { ParsedProject } from "@/lib/targets/types";
import { EXPECTED, perProjectRows, perProjectXlsx, targetTextOf, toDelimited } from "@/tests/fixtures/targets-import";

// 日常办公耗材购置 (one indicator per category), 办公设备购置 (five 数量 items), 龙城市民云 (不超过 / 不高于).
const SOURCES = [0, 8, 15].map((i) => EXPECTED.projects[i]!);
const tsv = (forms: string[][][]) => forms.map((rows) => toDelimited(rows, "\t")).join("\r\n");
const targets = (p: ParsedProject) => p.indicators.map(({ category, name, comparator, value, unit }) => ({ category, name, comparator, value, unit }));

function expectSameAsTable12(projects: ParsedProject[]) {
  expect(projects).toHaveLength(SOURCES.length);
  projects.forEach((p, k) => {
    const source = SOURCES[k]!;
    expect(p).toMatchObject({ name: source.name, unitCode: source.unitCode, unitName: source.unitName, budgetWan: source.budgetWan, annualGoal: source.annualGoal });
    expect(targets(p)).toEqual(targets(source));
    // raw is rebuilt in the table-12 style from the form's own wording.
    expect(p.indicators.map((i) => i.raw)).toEqual(source.indicators.map((i) => `${CATEGORY_LABELS[i.category]}：${i.name}(${targetTextOf(i.raw, i.name)})`));
  });
}

describe("项目支出绩效目标表 (per-project forms)", () => {
  it("reads three forms one after another in tab-separated text", () => {
    const r = parseTargetsText(tsv(SOURCES.map((p) => perProjectRows(p))));
    expect(r.problems).toEqual([]);
    expect([r.layout, r.format]).toEqual(["per-project", "text"]);
    expectSameAsTable12(r.projects);
  });

  it("reads an xlsx with merged labels, merged 一级/二级 cells, numeric budgets, forms on two sheets", async () => {
    const bytes = await perProjectXlsx([
      { name: "耗材", forms: [perProjectRows(SOURCES[0]!)] },
      { name: "信息中心", forms: [perProjectRows(SOURCES[1]!), perProjectRows(SOURCES[2]!)] },
    ]);
    const check = new ExcelJS.Workbook();
    await check.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(check.getWorksheet("耗材")!.model.merges).toEqual(expect.arrayContaining(["A4:A6", "B2:E2", "A8:A14"]));
    expect(check.getWorksheet("耗材")!.getCell("C4").value).toBe(3);

    const r = await parseTargetsFile(bytes, { fileName: "目标表.xlsx" });
    expect(r.problems).toEqual([]);
    expect([r.layout, r.format]).toEqual(["per-project", "xlsx"]);
    expectSameAsTable12(r.projects);
  });

  it("reads a GB18030 CSV of forms", async () => {
    const bytes = new Uint8Array(iconv.encode(SOURCES.map((p) => toDelimited(perProjectRows(p), ",")).join(""), "gb18030"));
    const r = await parseTargetsFile(bytes);
    expect([r.layout, r.format, r.problems]).toEqual(["per-project", "csv", []]);
    expectSameAsTable12(r.projects);
  });

  it("keeps a unit without code as a name for the caller to resolve, without a problem", () => {
    const r = parseTargetsText(tsv([perProjectRows(SOURCES[0]!, { unitText: "柳州市大数据发展局" })]));
    expect(r.problems).toEqual([]);
    expect([r.projects[0]?.unitCode, r.projects[0]?.unitName]).toEqual(["", "柳州市大数据发展局"]);
    const coded = parseTargetsText(tsv([perProjectRows(SOURCES[0]!, { unitText: "柳州市大数据发展局（309001）" })]));
    expect([coded.projects[0]?.unitCode, coded.projects[0]?.unitName]).toEqual(["309001", "柳州市大数据发展局"]);
  });

  it("reads labels written inline, split over two rows, and the budget on the row below 项目资金", () => {
    const text = [
      "项目名称：日常办公耗材购置",
      "实施单位\t309001柳州市大数据发展局",
      "项目资金（万元）",
      "\t年度资金总额：\t3",
      "年度绩效目标\t维持运行",
      "一级指标\t二级指标\t三级指标\t指标值",
      "产出指标\t数量指标\t购买打印纸\t≥５０箱",
      "\t\t购买墨盒\t≥ 50 箱",
      "满意度指标\t服务对象满意度\t满意度\t不高于50个",
    ].join("\n");
    const r = parseTargetsText(text, { layout: "per-project" });
    expect(r.problems).toEqual([]);
    expect(r.projects.map((p) => [p.name, p.unitCode, p.budgetWan, p.annualGoal])).toEqual([["日常办公耗材购置", "309001", "3.00", "维持运行"]]);
    expect(r.projects[0]?.indicators.map((i) => [i.category, i.name, i.comparator, i.value, i.unit])).toEqual([
      ["数量", "购买打印纸", ">=", "50", "箱"], ["数量", "购买墨盒", ">=", "50", "箱"], ["满意度", "满意度", "<=", "50", "个"],
    ]);
  });

  it("full-width digits and spaced targets in the 指标值 cell parse like the plain ones", () => {
    const rows = perProjectRows(SOURCES[0]!, { valueOverride: (name, v) => (name === "购买打印纸" ? "≥５０箱" : name === "预算控制率" ? "≤ 100 %" : v) });
    const r = parseTargetsText(tsv([rows]));
    expect(r.problems).toEqual([]);
    expect(targets(r.projects[0]!)).toEqual(targets(SOURCES[0]!));
  });

  it("reports unreadable indicators with their place and keeps the rest", () => {
    const rows = perProjectRows(SOURCES[0]!, {
      valueOverride: (name, v) => (name === "购买打印纸" ? "" : name === "预算控制率" ? "≥很多" : v),
    });
    const at = (name: string) => rows.findIndex((r) => r[3] === name) + 1;
    rows[at("购买的耗材符合质量标准") - 1]![2] = "其他指标";
    // Under 满意度指标 (or 成本指标) the 一级 names the category whatever the 二级 wording.
    rows[at("局内各业务科室满意度") - 1]![2] = "服务满意度";
    const r = parseTargetsText(tsv([rows]));
    expect(r.projects[0]?.indicators.map((i) => [i.category, i.name])).toEqual([
      ["时效", "2025年12月底前完成采购合同"], ["可持续效益", "维持局内正常运转，提高单位履职能力"], ["满意度", "局内各业务科室满意度"],
    ]);
    expect(r.problems).toEqual([
      { severity: "error", location: `第${at("购买打印纸")}行 第5列`, message: "指标“购买打印纸”缺少指标值，未导入" },
      { severity: "error", location: `第${at("购买的耗材符合质量标准")}行 第3列`, message: "二级指标“其他指标”不是可识别的指标类别，指标“购买的耗材符合质量标准”未导入" },
      { severity: "error", location: `第${at("预算控制率")}行 第5列`, message: "指标“预算控制率”的指标值“≥很多”无法识别，未导入" },
    ]);
  });

  it("names the sheet in xlsx locations, and skips a form without budget saying how many indicators are lost", async () => {
    const rows = perProjectRows(SOURCES[0]!);
    rows[3] = ["项目资金（万元）", "年度资金总额", "待定"];
    const r = await parseTargetsFile(await perProjectXlsx([{ name: "耗材", forms: [rows] }]));
    expect(r.projects).toEqual([]);
    expect(r.problems).toEqual([
      { severity: "error", location: "工作表“耗材” 第4行 第3列", message: "项目“日常办公耗材购置”的年度资金总额“待定”不是有效数字，已跳过该项目，其中的 6 个指标未导入" },
    ]);
  });

  it("reports indicators that have no 项目名称 above them", () => {
    const rows = perProjectRows(SOURCES[0]!).filter((r) => !/项\s*目\s*名\s*称/.test(r[0] ?? ""));
    const r = parsePerProject([textToGrid(tsv([perProjectRows(SOURCES[1]!), rows]), "\t")]);
    expect(r.projects.map((p) => p.name)).toEqual(["办公设备购置"]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]?.message).toBe("项目名称为空，无法导入该项目，其中的 6 个指标未导入");
    expect(r.problems[0]?.location).toMatch(/^第\d+行$/);
  });

  it("does not end the indicator block at an indicator that merely starts like a signature line", () => {
    const rows = perProjectRows(SOURCES[0]!);
    rows.push(["", "", "", "联系群众次数", "≥2次"], ["填报人：张三"], ["", "", "", "", ""]);
    const r = parseTargetsText(tsv([rows]));
    expect(r.problems).toEqual([]);
    expect(r.projects[0]?.indicators.at(-1)).toMatchObject({ category: "满意度", name: "联系群众次数", comparator: ">=", value: "2", unit: "次" });
  });
});
