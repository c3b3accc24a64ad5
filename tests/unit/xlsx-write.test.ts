import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { neutralizeFormula, restoreFormulaText, workbookBuffer } from "@/lib/xlsx/write";

describe("neutralizeFormula", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["＝HYPERLINK(\"x\")", "'＝HYPERLINK(\"x\")"],
    ["- 经费不足", "'- 经费不足"],
    ["= 5 TB", "'= 5 TB"],
    // An apostrophe a person typed before formula-like text gets one more, so that reading restores it.
    ["'=already", "''=already"],
    ["''@x", "'''@x"],
  ])("puts an apostrophe before %j", (text, safe) => {
    expect(neutralizeFormula(text)).toBe(safe);
  });

  it.each(["-5", "+3.5", "-0.25%", "= 100%", "= 1 个", "=12月", "= 1 次/月", "1,000", "≥ 50 箱", "柳州", " =1+1", "", "'", "'柳州", "'100"])("leaves %j as it is", (text) => {
    expect(neutralizeFormula(text)).toBe(text);
  });
});

describe("restoreFormulaText", () => {
  // Every text a person can save comes back unchanged from the apostrophe the export puts before it.
  it.each(["=1+1", "@所有人", "'=1+1", "''@x", "'", "'柳州", "= 100%", "'= 100%", "- 经费不足", "\t=1", "＝x", "柳州", "", "-5"])("reads %j back as it was written", (text) => {
    expect(restoreFormulaText(neutralizeFormula(text))).toBe(text);
  });
});

describe("workbookBuffer", () => {
  it("neutralises plain, rich and hyperlink text in every sheet and keeps the product's own formulas", async () => {
    const book = new ExcelJS.Workbook();
    const first = book.addWorksheet("一");
    first.getCell("A1").value = "=HYPERLINK(\"http://evil.example\")";
    first.getCell("B1").value = { richText: [{ text: "@SUM(1)" }, { text: " 其余" }] };
    first.getCell("C1").value = { text: "+cmd|x", hyperlink: "https://example.gov.cn" };
    first.getCell("D1").value = { formula: "SUM(1,2)", result: 3 };
    first.getCell("E1").value = 42;
    first.mergeCells("A2:B2");
    first.getCell("A2").value = "-cmd|merged";
    book.addWorksheet("二").getCell("A1").value = "=A1*2";
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(Buffer.from(await workbookBuffer(book)) as unknown as ArrayBuffer);
    const sheet = read.getWorksheet("一")!;
    expect(sheet.getCell("A1").value).toBe("'=HYPERLINK(\"http://evil.example\")");
    expect(sheet.getCell("B1").value).toEqual({ richText: [{ text: "'@SUM(1)" }, { text: " 其余" }] });
    expect(sheet.getCell("C1").value).toEqual({ text: "'+cmd|x", hyperlink: "https://example.gov.cn" });
    expect(sheet.getCell("D1").value).toEqual({ formula: "SUM(1,2)", result: 3 });
    expect(sheet.getCell("E1").value).toBe(42);
    expect(sheet.getCell("A2").value).toBe("'-cmd|merged");
    expect(read.getWorksheet("二")!.getCell("A1").value).toBe("'=A1*2");
  });
});
