import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { CATEGORIES, CATEGORY_LABELS } from "@/lib/targets/categories";
import { parseTargetsFile, parseTargetsText, type ImportParse } from "@/lib/targets/import";
import { EXPECTED, SEED, table12Sheet, table12Xlsx, toDelimited } from "@/tests/fixtures/targets-import";

const indicatorCount = (r: ImportParse) => r.projects.reduce((n, p) => n + p.indicators.length, 0);
const messages = (r: { problems: Array<{ message: string }> }) => r.problems.map((p) => p.message);
const utf8 = (text: string) => new TextEncoder().encode(text);
const withBom = (bom: number[], body: Uint8Array) => new Uint8Array([...bom, ...body]);
/** A header with the rest of table 12's columns after its own (a header lacking one is refused). */
const complete = (header: string[]) => [...header, ...["年度绩效目标", ...CATEGORIES.map((c) => CATEGORY_LABELS[c])].filter((label) => !header.includes(label))];

// Every format must give exactly what the reference parser reads from the seed PDF text.
function expectSeedResult(r: ImportParse, format: ImportParse["format"]) {
  expect(r.format).toBe(format);
  expect(r.layout).toBe("table12");
  expect(r.projects).toHaveLength(16);
  expect(indicatorCount(r)).toBe(122);
  expect(r.projects).toEqual(EXPECTED.projects);
  expect(messages(r)).toEqual(messages(EXPECTED));
}

describe("table 12 in every format gives the same 16 projects and 122 indicators", () => {
  it("pasted seed text equals parseTable12, problems and locations included", () => {
    const r = parseTargetsText(SEED);
    expectSeedResult(r, "text");
    expect(r.problems).toEqual(EXPECTED.problems);
  });

  it("the seed as a UTF-8 file without BOM", async () => {
    expectSeedResult(await parseTargetsFile(utf8(SEED), { fileName: "公开.txt" }), "text");
  });

  it("xlsx with title, two-row merged header, a repeated header, a multi-line cell, numbers, rich text and a formula", async () => {
    const bytes = await table12Xlsx();
    // The fixture really is what the test claims.
    const check = new ExcelJS.Workbook();
    await check.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const sheet = check.getWorksheet("表12")!;
    expect(sheet.model.merges).toEqual(expect.arrayContaining(["A1:O1", "A4:A5", "G4:O4", "A18:A19", "G18:O18"]));
    expect(sheet.getCell("E7").value).toBe(5420.06);
    expect(sheet.getCell("E9").value).toEqual({ formula: "2500*2", result: 5000 });
    expect(sheet.getCell("E16").value).toBe(2.16);
    expect(String(sheet.getCell("G16").value)).toContain("(=4台)\n数量指标：书柜");

    const r = await parseTargetsFile(bytes, { fileName: "表12.xlsx" });
    expectSeedResult(r, "xlsx");
    expect(r.problems.map((p) => p.location)).toEqual(["工作表“表12” 第24行 第13列", "工作表“表12” 第24行 第14列"]);
  });

  it("CSV in UTF-8 with BOM (quoted commas and a quoted line break)", async () => {
    const text = toDelimited(table12Sheet(), ",");
    expect(text).toContain('"数量指标：碎纸机(=4台)\n数量指标：书柜');
    const r = await parseTargetsFile(withBom([0xef, 0xbb, 0xbf], utf8(text)), { fileName: "表12.csv" });
    expectSeedResult(r, "csv");
    expect(r.problems.map((p) => p.location)).toEqual(["第22行 第13列", "第22行 第14列"]);
  });

  it("CSV in GB18030, as Chinese Excel and WPS save it", async () => {
    const bytes = new Uint8Array(iconv.encode(toDelimited(table12Sheet(), ","), "gb18030"));
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    expectSeedResult(await parseTargetsFile(bytes), "csv");
  });

  it("UTF-16LE tab-separated with BOM, as Excel's “Unicode text” writes it", async () => {
    const bytes = withBom([0xff, 0xfe], new Uint8Array(iconv.encode(toDelimited(table12Sheet(), "\t"), "utf-16le")));
    expectSeedResult(await parseTargetsFile(bytes, { fileName: "表12.txt" }), "text");
  });

  it("UTF-16BE with BOM, and UTF-16LE without one", async () => {
    const tsv = toDelimited(table12Sheet(), "\t");
    expectSeedResult(await parseTargetsFile(withBom([0xfe, 0xff], new Uint8Array(iconv.encode(tsv, "utf-16be")))), "text");
    expectSeedResult(await parseTargetsFile(new Uint8Array(iconv.encode(tsv, "utf-16le"))), "text");
  });

  it("decides by content, not by name, and says so when the name disagrees", async () => {
    const r = await parseTargetsFile(utf8(toDelimited(table12Sheet(), ",")), { fileName: "表12.xlsx" });
    expect(r.format).toBe("csv");
    expect(r.projects).toEqual(EXPECTED.projects);
    expect(r.problems[0]).toEqual({ severity: "warning", location: "全文", message: "文件扩展名为 .xlsx，但内容是文本表格（UTF-8），已按内容读取" });
  });

  it("reads budgets and names exactly from numeric and multi-line cells", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Sheet1");
    sheet.addRow(complete(["序号", "单位代码", "单位名称", "项目名称", "预算资金总额(万元)", "年度绩效目标", "数量指标"]));
    sheet.addRow([1, "309001", "某单位", "软件\n运维", { formula: "0.1+0.2", result: 0.30000000000000004 }, "目标", "数量指标：服务器(≥ 50 台)"]);
    sheet.addRow([2, 309001, "某单位", "设备", 1234567.891, "", "数量指标：打印纸(≥５０箱)\n数量指标：墨盒(=2个)"]);
    const r = await parseTargetsFile(new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(r.problems).toEqual([]);
    expect(r.projects.map((p) => [p.unitCode, p.name, p.budgetWan])).toEqual([["309001", "软件运维", "0.30"], ["309001", "设备", "1234567.891"]]);
    expect(r.projects.flatMap((p) => p.indicators).map((i) => [i.name, i.comparator, i.value, i.unit])).toEqual([
      ["服务器", ">=", "50", "台"], ["打印纸", ">=", "50", "箱"], ["墨盒", "=", "2", "个"],
    ]);
  });

  it("reads an xlsx without 序号: projects are the rows with a 项目名称", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("项目");
    sheet.addRow(complete(["单位代码", "单位名称", "项目名称", "预算资金总额（万元）", "数量指标"]));
    sheet.addRow(["309001", "某单位", "项目甲", 3, "数量指标：a(=1个)"]);
    sheet.addRow(["", "", "", "", "数量指标：b(=2个)"]);
    sheet.addRow(["309002", "某中心", "项目乙", 4.5, "数量指标：c(=3个)"]);
    const r = await parseTargetsFile(new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(r.problems).toEqual([]);
    expect(r.projects.map((p) => [p.unitCode, p.name, p.budgetWan, p.indicators.map((i) => i.name).join()])).toEqual([
      ["309001", "项目甲", "3.00", "a,b"], ["309002", "项目乙", "4.50", "c"],
    ]);
  });

  it("joins a project whose cells are merged over two rows (indicators split across the rows)", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("表12");
    sheet.addRow(complete(["序号", "单位代码", "单位名称", "项目名称", "预算资金总额", "年度绩效目标", "数量指标", "质量指标"]));
    sheet.addRow([1, "309001", "某单位", "项目甲", 3, "目标", "数量指标：a(=1个)", "质量指标：b(是)"]);
    sheet.addRow(["", "", "", "", "", "", "数量指标：c(=3个)", ""]);
    for (let c = 1; c <= 6; c++) sheet.mergeCells(2, c, 3, c);
    const r = await parseTargetsFile(new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(r.problems).toEqual([]);
    expect(r.projects.map((p) => [p.name, p.indicators.map((i) => i.name).join()])).toEqual([["项目甲", "a,c,b"]]);
  });
});
