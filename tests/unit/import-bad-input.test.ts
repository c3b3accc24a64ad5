import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { MAX_IMPORT_BYTES, NO_HEADER, parseTargetsFile, parseTargetsText, type ImportParse } from "@/lib/targets/import";
import { NOT_A_WORKBOOK } from "@/lib/targets/import/xlsx";
import { concat, perProjectRows, rng, storedZip, table12Sheet, table12Xlsx, toDelimited, EXPECTED } from "@/tests/fixtures/targets-import";

const utf8 = (text: string) => new TextEncoder().encode(text);
const onlyError = (r: ImportParse) => {
  expect(r.projects).toEqual([]);
  expect(r.layout).toBeNull();
  expect(r.problems).toHaveLength(1);
  expect(r.problems[0]).toMatchObject({ severity: "error", location: "全文" });
  return r.problems[0]!.message;
};
const junk = (n: number, seed: number) => {
  const random = rng(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
};

describe("files that are not a readable table", () => {
  it("empty bytes", async () => {
    expect(onlyError(await parseTargetsFile(new Uint8Array()))).toBe("文件为空");
    expect(onlyError(await parseTargetsFile(utf8(" \r\n\t ")))).toBe("文件为空");
    expect(onlyError(parseTargetsText(""))).toBe("内容为空");
  });

  it("11 MB is refused by size before any parsing", async () => {
    const big = new Uint8Array(11 * 1024 * 1024).fill(0x41);
    const started = performance.now();
    const message = onlyError(await parseTargetsFile(big));
    expect(performance.now() - started).toBeLessThan(100);
    expect(message).toBe("文件过大：上限为 10 MB，本文件约 11.0 MB");
    expect(MAX_IMPORT_BYTES).toBe(10 * 1024 * 1024);
  });

  it.each([
    ["PNG", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "这是图片文件（PNG），不是表格"],
    ["JPEG", [0xff, 0xd8, 0xff, 0xe0], "这是图片文件（JPEG），不是表格"],
    ["GIF", [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], "这是图片文件（GIF），不是表格"],
    ["PDF", [...utf8("%PDF-1.7\n")], "这是 PDF 文件，不是表格"],
    ["xls", [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], "这是旧版 Excel 文件（.xls）或设置了打开密码的工作簿，无法直接读取：请在 Excel 或 WPS 中取消密码并“另存为” .xlsx 后再导入"],
  ])("a %s renamed to .csv says what it is", async (_, signature, expected) => {
    const r = await parseTargetsFile(concat([Uint8Array.from(signature), junk(3000, 1)]), { fileName: "表12.csv" });
    expect(onlyError(r)).toContain(expected);
  });

  it("random bytes are unrecognisable content", async () => {
    for (const seed of [1, 2, 3]) expect(onlyError(await parseTargetsFile(junk(4096, seed)))).toMatch(/^无法识别的文件内容/);
  });

  it("an HTML table saved as .xls asks for a real .xlsx", async () => {
    const r = await parseTargetsFile(utf8("<html><body><table><tr><td>序号</td></tr></table></body></html>"), { fileName: "表12.xls" });
    expect(onlyError(r)).toContain("网页（HTML）");
  });

  it("a ZIP that is not a workbook, a bare ZIP signature with junk, a truncated workbook", async () => {
    const docx = storedZip({ "[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>" });
    expect(onlyError(await parseTargetsFile(docx, { fileName: "表12.xlsx" }))).toBe(NOT_A_WORKBOOK);
    const bare = concat([Uint8Array.from([0x50, 0x4b, 0x03, 0x04]), junk(500, 4)]);
    expect(onlyError(await parseTargetsFile(bare))).toMatch(new RegExp(`^${NOT_A_WORKBOOK}`));
    const xlsx = await table12Xlsx();
    expect(onlyError(await parseTargetsFile(xlsx.subarray(0, xlsx.length >> 1)))).toMatch(new RegExp(`^${NOT_A_WORKBOOK}`));
  });

  it("a ZIP whose entries claim to inflate to gigabytes is refused before inflating", async () => {
    const zip = storedZip({ "xl/workbook.xml": "<workbook/>" });
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const central = view.getUint32(zip.length - 22 + 16, true);
    view.setUint32(central + 24, 0xf0000000, true);
    expect(onlyError(await parseTargetsFile(zip))).toBe(`${NOT_A_WORKBOOK}：解压后超过 50 MB，不像是一份预算表格`);
  });

  it("a table without a recognisable header says what was found and what is needed", async () => {
    const text = onlyError(parseTargetsText("随便\t一些\t文字\n1\t2\t3"));
    expect(text).toMatch(new RegExp(`^${NO_HEADER}。读到：制表符分隔的文字，共 2 行有内容；最像表头的是第1行：“随便” “一些” “文字”（3 个单元格）；其中没有认得的栏目名。需要：`));
    expect(text).toContain("“三级指标”（或“指标名称”“指标内容”）");
    expect(text).toContain("指定列的对应关系");
    expect(onlyError(await parseTargetsFile(utf8("姓名,电话\n张三,123\n")))).toContain("读到：逗号分隔（CSV），共 2 行有内容；最像表头的是第1行：“姓名” “电话”");
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Sheet1").addRow(["姓名", "电话"]);
    expect(onlyError(await parseTargetsFile(new Uint8Array(await workbook.xlsx.writeBuffer())))).toContain("读到：工作表“Sheet1”，共 1 行有内容；最像表头的是工作表“Sheet1” 第1行：“姓名” “电话”");
  });

  it("a forced layout that the content does not have says which header it needs, and what it saw", () => {
    const table12 = toDelimited(table12Sheet(), "\t");
    const asForm = onlyError(parseTargetsText(table12, { layout: "per-project" }));
    expect(asForm).toContain("需要：逐项目的“项目支出绩效目标表”需要“项目名称”");
    expect(asForm).not.toContain("“项目绩效目标公开表”（表12）需要");
    expect(asForm).toContain("其中认得的栏目名和指标类别名：部门名称、序号、单位代码、单位名称、项目名称、预算资金总额");
    const form = toDelimited(perProjectRows(EXPECTED.projects[0]!), "\t");
    const asTable12 = onlyError(parseTargetsText(form, { layout: "table12" }));
    expect(asTable12).toContain("需要：“项目绩效目标公开表”（表12）需要一行含");
    expect(asTable12).toContain("三级指标");
  });

  it("never throws on values that are not bytes or text", async () => {
    expect(onlyError(await parseTargetsFile(null as unknown as Uint8Array))).toBe("文件为空");
    expect(onlyError(parseTargetsText(42 as unknown as string))).toBe("内容为空");
  });
});

describe("unreadable indicators are reported at their place, the rest is kept", () => {
  const rows = () => {
    const sheet = table12Sheet();
    const paper = sheet.find((r) => r[3] === "日常办公耗材购置")!;
    paper[6] = "数量指标：购买打印纸(≥很多箱)";
    paper[7] = "质量指标：购买的耗材符合质量标准(≥ 50 箱)";
    paper[8] = "时效指标：采购(≥５０箱)";
    return sheet;
  };
  const check = (r: ImportParse, location: string) => {
    expect(r.projects).toHaveLength(16);
    const paper = r.projects[0]!.indicators;
    expect(paper.map((i) => [i.name, i.comparator, i.value, i.unit]).slice(0, 2)).toEqual([
      ["购买的耗材符合质量标准", ">=", "50", "箱"], ["采购", ">=", "50", "箱"],
    ]);
    expect(r.problems.filter((p) => p.severity === "error")).toEqual([
      { severity: "error", location, message: "指标“购买打印纸”的目标值“≥很多箱”无法识别，未导入" },
    ]);
  };

  it("in CSV: 第N行 第M列", async () => {
    check(await parseTargetsFile(utf8(toDelimited(rows(), ","))), "第7行 第7列");
  });

  it("in xlsx: 工作表“X” 第N行 第M列", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("表12");
    for (const row of rows()) sheet.addRow(row);
    check(await parseTargetsFile(new Uint8Array(await workbook.xlsx.writeBuffer())), "工作表“表12” 第7行 第7列");
  });
});
