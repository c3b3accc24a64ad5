import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import {
  EXPENDITURE_FIELDS, FIELD_LABELS, findDuplicates, guessMapping, mapRows, normaliseExpenditure, readExpenditureSheet,
  type ExpenditureRow, type ExpenditureSheet,
} from "@/lib/budget/expenditure-import";

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const HEADER = ["凭证日期", "凭证号", "摘要", "收款单位", "经济分类", "借方金额"];
// A 财务系统 ledger export: title, header, six payments (one without a payee, one paid twice), a blank row, 合计.
// Dates are real date cells or text as different systems write them; amounts are numbers.
const BODY: (string | number | Date | null)[][] = [
  [utc(2025, 1, 2), "记-0001", "购置办公设备", "柳州市某科技有限公司", "31002 办公设备购置", 12800.5],
  ["2025/3/15", "记-0015", "支付培训费", "广西某培训中心", "30216 培训费", 4500],
  [utc(2025, 6, 3), "记-0088", "印刷宣传册", "某印务有限公司", "30202 印刷费", 1234.56],
  [],
  ["2025年6月8日", "记-0091", "差旅费报销", null, "30211 差旅费", 3260.4],
  ["20250610", "记-0092", "第二批设备款", "柳州市某科技有限公司", "31002 办公设备购置", 56000],
  [utc(2025, 6, 12), "记-0092", "第二批设备款", "柳州市某科技有限公司", "31002 办公设备购置", 56000],
  ["合计", null, null, null, null, 133795.46],
];
const TITLE = "2025年 项目支出明细账";

async function ledgerXlsx(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("说明").addRow(["本表由财务系统导出"]);
  const sheet = workbook.addWorksheet("明细账");
  sheet.addRow([TITLE]);
  sheet.mergeCells("A1:F1");
  sheet.addRow(HEADER);
  for (const values of BODY) sheet.addRow(values);
  sheet.getColumn(1).numFmt = "yyyy-mm-dd";
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

// What "另存为 CSV" writes for the same sheet, in the GB18030 a Chinese Excel / WPS uses.
const csvCell = (v: string | number | Date | null) => (v instanceof Date ? v.toISOString().slice(0, 10) : v === null ? "" : String(v));
const ledgerCsv = () =>
  new Uint8Array(iconv.encode([[TITLE, "", "", "", "", ""], HEADER, ...BODY.map((r) => (r.length ? r.map(csvCell) : Array(6).fill("")))].map((r) => r.join(",")).join("\r\n") + "\r\n", "gb18030"));

const MAPPING = { date: "凭证日期", voucherNo: "凭证号", description: "摘要", payee: "收款单位", economicClass: "经济分类", amount: "借方金额" };
const OPTIONS = { fiscalYear: 2025, today: "2025-06-30" };
const raw = (over: Partial<ExpenditureRow> = {}) => ({ date: "2025-06-03", amount: "100", payee: "某公司", voucherNo: "", economicClass: "", description: "", ...over });
const errorsOf = (over: Partial<ExpenditureRow>, options = OPTIONS) => normaliseExpenditure(raw(over), options).errors;
const onlyError = (sheet: ExpenditureSheet) => {
  expect(sheet.headers).toEqual([]);
  expect(sheet.rows).toEqual([]);
  expect(sheet.problems).toHaveLength(1);
  expect(sheet.problems[0]).toMatchObject({ severity: "error", location: "全文" });
  return sheet.problems[0]!.message;
};

describe("reading a finance-system export", () => {
  it("xlsx: skips a cover sheet, the title, the blank and the 合计 row", async () => {
    const sheet = await readExpenditureSheet(await ledgerXlsx());
    expect(sheet.problems).toEqual([]);
    expect(sheet.headers).toEqual(HEADER);
    expect(sheet.rows.map((r) => r.row)).toEqual([3, 4, 5, 7, 8, 9]);
    expect(sheet.rows[0]!.cells).toEqual({ 凭证日期: "2025-01-02", 凭证号: "记-0001", 摘要: "购置办公设备", 收款单位: "柳州市某科技有限公司", 经济分类: "31002 办公设备购置", 借方金额: "12800.5" });
  });

  it("GB18030 csv gives the same headers, mapping and mapped rows as the xlsx", async () => {
    const xlsx = await readExpenditureSheet(await ledgerXlsx());
    const csv = await readExpenditureSheet(ledgerCsv());
    expect(csv.problems).toEqual([]);
    expect(csv.headers).toEqual(xlsx.headers);
    expect(guessMapping(xlsx.headers)).toEqual(MAPPING);
    expect(guessMapping(csv.headers)).toEqual(MAPPING);
    expect(mapRows(csv, MAPPING)).toEqual(mapRows(xlsx, MAPPING));
    expect(mapRows(xlsx, MAPPING)[3]).toEqual({ row: 7, date: "2025年6月8日", amount: "3260.4", payee: "", voucherNo: "记-0091", economicClass: "30211 差旅费", description: "差旅费报销" });
  });

  it("every mapped row normalises; the payee falls back to the 摘要; the repeated payment is flagged", async () => {
    const rows = mapRows(await readExpenditureSheet(ledgerCsv()), MAPPING);
    const results = rows.map(({ row, ...r }) => ({ row, ...normaliseExpenditure(r, OPTIONS) }));
    expect(results.every((r) => r.value !== null && Object.keys(r.errors).length === 0)).toBe(true);
    expect(results.map((r) => [r.value?.date, r.value?.amount])).toEqual([
      ["2025-01-02", "12800.50"], ["2025-03-15", "4500.00"], ["2025-06-03", "1234.56"], ["2025-06-08", "3260.40"], ["2025-06-10", "56000.00"], ["2025-06-12", "56000.00"],
    ]);
    expect(results[3]!.value).toMatchObject({ payee: "差旅费报销", description: "差旅费报销" });
    expect(findDuplicates(rows.map((r) => ({ key: r.row, voucherNo: r.voucherNo, amount: r.amount })), [])).toEqual(new Map([[9, "与第8行重复：凭证号“记-0092”、金额 56000.00 元相同"]]));
  });

  it("a date cell without a date format arrives as its serial and still normalises", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Sheet1");
    sheet.addRow(["日期", "金额", "用途"]);
    sheet.addRow([45811, 99.9, "水电费"]);
    const read = await readExpenditureSheet(new Uint8Array(await workbook.xlsx.writeBuffer()));
    const [row] = mapRows(read, guessMapping(read.headers));
    expect(row).toMatchObject({ row: 2, date: "45811", amount: "99.9", payee: "水电费" });
    expect(normaliseExpenditure(row!, OPTIONS).value).toMatchObject({ date: "2025-06-03", amount: "99.90", payee: "水电费" });
  });

  it("tab-separated text with headers in units, a footer line and 本月合计 / 本年累计 rows", async () => {
    const text = ["支付日期\t支付金额（元）\t收款人\t用途", "2025-06-03\t1,000.00\t张三\t合计支付两次差旅费中的第一次", "\t\t\t", "本月合计\t1,000.00\t\t", "本年累计\t1,000.00\t\t", "制表人：李四"].join("\n");
    const sheet = await readExpenditureSheet(new TextEncoder().encode(text));
    expect(sheet.headers).toEqual(["支付日期", "支付金额（元）", "收款人", "用途"]);
    expect(sheet.rows.map((r) => r.row)).toEqual([2]);
    expect(sheet.problems).toEqual([{ severity: "warning", location: "第6行", message: "此行只有一个单元格有内容，已跳过：“制表人：李四”" }]);
    expect(guessMapping(sheet.headers)).toEqual({ date: "支付日期", amount: "支付金额（元）", payee: "收款人", description: "用途" });
  });

  it("without known column names, the first row of three cells is the header, with a warning", async () => {
    const sheet = await readExpenditureSheet(new TextEncoder().encode("导出清单\nA,B,C,\n2025-06-03,100,某公司,\n"));
    expect(sheet.headers).toEqual(["A", "B", "C"]);
    expect(sheet.rows).toEqual([{ row: 3, cells: { A: "2025-06-03", B: "100", C: "某公司" } }]);
    expect(sheet.problems).toEqual([{ severity: "warning", location: "第2行", message: "未识别出列名，已将此行作为表头：请逐列选择对应的字段" }]);
    expect(guessMapping(sheet.headers)).toEqual({});
  });

  it("repeated and unnamed columns stay mappable; a mapping naming no column gives empty text", async () => {
    const sheet = await readExpenditureSheet(new TextEncoder().encode("日期,金额,金额,,\n2025-06-03,100,5,x,\n"));
    expect(sheet.headers).toEqual(["日期", "金额", "金额（第3列）", "第4列"]);
    expect(mapRows(sheet, { amount: "金额（第3列）", payee: "第4列", description: "toString", voucherNo: "凭证号" })).toEqual([
      { row: 2, date: "", amount: "5", payee: "x", voucherNo: "", economicClass: "", description: "" },
    ]);
  });
});

describe("files that are not a payment list: problems, never a throw", () => {
  it.each([
    ["PNG", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], "这是图片文件（PNG），不是表格"],
    ["JPEG", [0xff, 0xd8, 0xff, 0xe0, 0, 16], "这是图片文件（JPEG），不是表格"],
    ["PDF", [...new TextEncoder().encode("%PDF-1.7\n")], "这是 PDF 文件，不是表格"],
    ["broken zip", [0x50, 0x4b, 0x03, 0x04, 1, 2, 3], "文件不是有效的 Excel 工作簿（.xlsx）"],
  ])("%s", async (_, bytes, start) => {
    expect(onlyError(await readExpenditureSheet(Uint8Array.from(bytes)))).toMatch(new RegExp(`^${start.replace(/[().]/g, "\\$&")}`));
  });

  it("empty, whitespace-only, oversized, no header, header only", async () => {
    expect(onlyError(await readExpenditureSheet(new Uint8Array()))).toBe("文件为空");
    expect(onlyError(await readExpenditureSheet(new TextEncoder().encode(" \r\n ")))).toBe("文件为空");
    expect(onlyError(await readExpenditureSheet(new Uint8Array(5 * 1024 * 1024 + 1).fill(0x41)))).toBe("文件过大：上限为 5 MB，本文件约 5.0 MB");
    expect(onlyError(await readExpenditureSheet(new TextEncoder().encode("只有一行说明\n")))).toMatch(/^未找到表头行/);
    const headerOnly = await readExpenditureSheet(new TextEncoder().encode("日期,金额,摘要\n,,\n"));
    expect(headerOnly.problems).toEqual([{ severity: "error", location: "第1行", message: "表头下方没有支出数据行" }]);
  });
});

describe("guessMapping", () => {
  it("a remembered mapping wins for headers still present; renamed ones are guessed by name", () => {
    const headers = ["业务日期", "日期", "支付金额（元）", "对方名称", "摘要", "备注"];
    const remembered = { date: "日期", amount: "实付金额", payee: "对方名称", description: "备注" };
    expect(guessMapping(headers, remembered)).toEqual({ date: "日期", amount: "支付金额（元）", payee: "对方名称", description: "备注" });
    expect(guessMapping(headers)).toEqual({ date: "业务日期", amount: "支付金额（元）", payee: "摘要", description: "备注" });
  });

  it("without a payee column the 摘要 names the payee; each header is used once", () => {
    expect(guessMapping(["记账日期", "凭证字号", "摘要", "本期发生额", "科目"])).toEqual({ date: "记账日期", voucherNo: "凭证字号", payee: "摘要", amount: "本期发生额", economicClass: "科目" });
    expect(guessMapping(["日期", "金额", "对方户名", "说明", "支出经济分类", "经济科目"])).toMatchObject({ payee: "对方户名", description: "说明", economicClass: "支出经济分类" });
    expect(guessMapping(["日期", "贷方金额"])).toEqual({ date: "日期" });
    expect(EXPENDITURE_FIELDS.map((f) => FIELD_LABELS[f])).toEqual(["支付日期", "金额（元）", "收款方/用途", "凭证号", "经济分类", "摘要"]);
  });
});

describe("normaliseExpenditure", () => {
  it.each(["2025-06-03", "2025/6/3", "2025.6.3", "2025年6月3日", "2025年06月03日", "20250603", "45811", "2025-06-03 00:00:00", "２０２５－０６－０３"])("date %s", (date) => {
    expect(normaliseExpenditure(raw({ date }), OPTIONS).value?.date).toBe("2025-06-03");
  });

  it.each(["6月3日", "2025-13-01", "2025-02-29", "2025/6", "三月", "abc"])("unrecognised date %s", (date) => {
    expect(errorsOf({ date })).toEqual({ date: `日期无法识别：“${date}”` });
  });

  it("the fiscal year's first and last day, and today, are the boundaries", () => {
    const endOfYear = { fiscalYear: 2025, today: "2026-01-15" };
    expect(errorsOf({ date: "2025-01-01" })).toEqual({});
    expect(errorsOf({ date: "2024-12-31" })).toEqual({ date: "日期须在 2025 年内" });
    expect(errorsOf({ date: "2025-12-31" }, endOfYear)).toEqual({});
    expect(errorsOf({ date: "2026-01-01" }, endOfYear)).toEqual({ date: "日期须在 2025 年内" });
    expect(errorsOf({ date: "2025-06-30" })).toEqual({});
    expect(errorsOf({ date: "2025-07-01" })).toEqual({ date: "日期不能晚于今天" });
    expect(errorsOf({ date: " " })).toEqual({ date: "请填写支付日期" });
  });

  it.each([
    ["¥1,234.56", "1234.56"], ["￥１，２３４．５６元", "1234.56"], [" 1 234.5 ", "1234.50"], ["12800", "12800.00"], ["0.01", "0.01"], ["1.230", "1.23"], ["RMB 5,000", "5000.00"], ["9999999999999.99", "9999999999999.99"],
  ])("amount %s → %s", (amount, expected) => {
    expect(normaliseExpenditure(raw({ amount }), OPTIONS).value?.amount).toBe(expected);
  });

  it.each([
    ["(1,234.56)", "金额为负数：冲销请在系统中对原支出操作"], ["（100.00）", "金额为负数：冲销请在系统中对原支出操作"], ["-5", "金额为负数：冲销请在系统中对原支出操作"], ["−5", "金额为负数：冲销请在系统中对原支出操作"], ["－5", "金额为负数：冲销请在系统中对原支出操作"],
    ["1.234", "金额最多两位小数（精确到分）"], ["0", "金额不能为 0"], ["0.00", "金额不能为 0"], ["abc", "金额无法识别：“abc”"], ["1.2.3", "金额无法识别：“1.2.3”"], ["1.5e+21", "金额无法识别：“1.5e+21”"],
    ["", "请填写金额"], ["10000000000000", "金额超过 13 位整数，请核对单位是否为元"],
  ])("amount %s is refused", (amount, message) => {
    const result = normaliseExpenditure(raw({ amount }), OPTIONS);
    expect(result).toEqual({ value: null, errors: { amount: message } });
  });

  it("payee is required, falls back to the description, and text fields keep the form's limits", () => {
    expect(errorsOf({ payee: " ", description: "" })).toEqual({ payee: "请填写收款方或用途" });
    expect(normaliseExpenditure(raw({ payee: "", description: " 会议费 " }), OPTIONS).value).toMatchObject({ payee: "会议费", description: "会议费" });
    expect(errorsOf({ payee: "收".repeat(200), voucherNo: "号".repeat(50), economicClass: "类".repeat(60), description: "述".repeat(500) })).toEqual({});
    expect(errorsOf({ payee: "收".repeat(201), voucherNo: "号".repeat(51), economicClass: "类".repeat(61), description: "述".repeat(501) })).toEqual({
      payee: "不能超过 200 字", voucherNo: "凭证号不能超过 50 个字符", economicClass: "经济分类不能超过 60 个字符", description: "不能超过 500 字",
    });
  });

  it("reports every faulty field at once", () => {
    expect(normaliseExpenditure(raw({ date: "明天", amount: "-1", payee: "" }), OPTIONS)).toEqual({
      value: null, errors: { date: "日期无法识别：“明天”", amount: "金额为负数：冲销请在系统中对原支出操作", payee: "请填写收款方或用途" },
    });
  });
});

describe("findDuplicates", () => {
  const rows = [
    { key: 3, voucherNo: "记-0001", amount: "100" },
    { key: 4, voucherNo: "记-0001", amount: "250.5" }, // another line of the same voucher: not a duplicate
    { key: 5, voucherNo: " 记-0001 ", amount: "100.00" },
    { key: 6, voucherNo: "", amount: "100" },
    { key: 7, voucherNo: "", amount: "100" },
    { key: 8, voucherNo: "记-0002", amount: "1,234.50" },
    { key: 9, voucherNo: "记-0002", amount: "1234.5" },
  ];

  it("within the file, by voucher number and amount value; rows without a voucher number never", () => {
    expect(findDuplicates(rows, [])).toEqual(
      new Map([
        [5, "与第3行重复：凭证号“记-0001”、金额 100.00 元相同"],
        [9, "与第8行重复：凭证号“记-0002”、金额 1234.50 元相同"],
      ]),
    );
  });

  it("against expenditures already recorded", () => {
    const existing = [{ voucherNo: "记-0002", amount: "1234.50" }, { voucherNo: null, amount: "100.00" }, { voucherNo: "记-0001", amount: "999.00" }];
    expect(findDuplicates(rows, existing)).toEqual(
      new Map([
        [5, "与第3行重复：凭证号“记-0001”、金额 100.00 元相同"],
        [8, "已录入：本项目已有凭证号“记-0002”、金额 1234.50 元的支出"],
        [9, "已录入：本项目已有凭证号“记-0002”、金额 1234.50 元的支出"],
      ]),
    );
  });
});
