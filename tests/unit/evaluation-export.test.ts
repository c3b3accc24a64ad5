// The self-evaluation export is a real .xlsx: every test builds one and reads the bytes back with
// exceljs (cells, merges, styles, page set-up); the public/internal test also reads the raw zip
// entries, so nothing internal can hide in a header, a footer or the document properties.
import { inflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { evaluationWorkbook, sheetNames, type PrintedForm, type PrintedFormLine } from "@/lib/evaluation/export-xlsx";

const line = (level1: string, category: string, name: string, target: string, actual: string, weight: string, score: string, deviation = "", internalNote?: string): PrintedFormLine => ({
  level1,
  category,
  name,
  target,
  actual,
  weight,
  score,
  deviation,
  ...(internalNote ? { internalNote } : {}),
});

const NOTES = {
  paper: "超额完成提示：实际 52 箱，目标 50 箱，超出 4%",
  computers: "按规则计算的得分 13.3360，取两位小数",
  efficiency: "评价人调整得分：按规则 30.00，调整为 27.00，理由：效果仍需观察",
};
const WEIGHT_REASON = "产出指标分值按项目实际调整为 50 分，理由：本项目以设备购置为主";
const STATUS = "已提交";

const FORM: PrintedForm = {
  year: 2025,
  projectName: "办公设备购置",
  department: "柳州市大数据发展局",
  unit: "柳州市大数据发展局（本级）",
  funds: { initialBudgetWan: "6000.00", annualBudgetWan: "6923.10", spentWan: "5056.59", weight: "10", executionRate: "73.04", score: "7.30" },
  goal: { expected: "购置办公设备，保障日常办公需要。", actual: "已购置打印纸 52 箱、电脑 16 台，基本保障日常办公需要。" },
  lines: [
    line("产出指标", "数量指标", "购买打印纸", "≥ 50 箱", "52 箱", "16.67", "16.67", "", NOTES.paper),
    line("产出指标", "数量指标", "购买电脑", "≥ 20 台", "16 台", "16.67", "13.34", "供应商延期交付 4 台，已督促于次年一季度交付。", NOTES.computers),
    line("产出指标", "质量指标", "设备验收合格率", "= 100 %", "100 %", "16.66", "16.66"),
    line("效益指标", "社会效益指标", "办公效率提升", "良好", "良好", "30", "27.00", "效果仍需进一步观察。", NOTES.efficiency),
    line("满意度指标", "满意度指标", "使用人员满意度", "≥ 90 %", "86 %", "10", "9.56", "部分人员反映配置偏低，下年度优化选型。"),
  ],
  totalWeight: "100",
  total: "90.53",
  grade: "优",
  status: STATUS,
  statusLabel: "已审核通过",
  approved: true,
  weightReason: WEIGHT_REASON,
};

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}
const build = async (forms: PrintedForm[], isPublic = true, summaryTitle?: string) =>
  load(await evaluationWorkbook(forms, { public: isPublic, summaryTitle, created: new Date("2026-01-15T08:00:00Z") }));

/** What Excel shows: a number through its "0.00…" format, anything else as its text. */
function shown(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (typeof value === "number" && Number.isInteger(value) && (cell.numFmt ?? "General") === "General") return String(value); // 序号
  const percent = /^0\.(0+)%$/.exec(cell.numFmt ?? "");
  if (typeof value === "number" && percent) return `${(value * 100).toFixed(percent[1]!.length)}%`; // 执行率: a fraction shown as a percentage
  if (typeof value === "number") {
    const decimals = /^0\.(0+)$/.exec(cell.numFmt ?? "");
    expect(decimals, `${cell.address} ${cell.numFmt}`).not.toBeNull();
    return value.toFixed(decimals![1]!.length);
  }
  return value === null || value === undefined ? "" : String(value);
}
const rowTexts = (sheet: ExcelJS.Worksheet, row: number, from = 1, to = 9) => Array.from({ length: to - from + 1 }, (_, i) => shown(sheet.getCell(row, from + i)));
const merges = (sheet: ExcelJS.Worksheet) => [...sheet.model.merges].sort();

/** Every text in a workbook: cell values, header/footer, sheet names, document properties. */
function allTexts(workbook: ExcelJS.Workbook): string[] {
  const texts: string[] = [workbook.title ?? "", workbook.subject ?? "", workbook.creator ?? "", workbook.description ?? "", workbook.keywords ?? ""];
  workbook.eachSheet((sheet) => {
    texts.push(sheet.name, ...Object.values(sheet.headerFooter ?? {}).map(String));
    sheet.eachRow({ includeEmpty: true }, (row) =>
      row.eachCell({ includeEmpty: true }, (cell) => {
        if (cell.type !== ExcelJS.ValueType.Merge) texts.push(cell.text ?? ""); // merged cells repeat their master
      }),
    );
  });
  return texts;
}

/** The decompressed entries of the .xlsx zip (central directory walk; exceljs writes deflate or store). */
function zipEntries(bytes: Uint8Array): Map<string, string> {
  const buf = Buffer.from(bytes);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const out = new Map<string, string>();
  for (let i = 0; i < count; i += 1) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString("utf8", at + 46, at + 46 + nameLength);
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(data, data + size);
    out.set(name, (method === 8 ? inflateRawSync(raw) : raw).toString("utf8"));
    at += 46 + nameLength + extra + comment;
  }
  return out;
}

describe("one form: the official layout", async () => {
  const workbook = await build([FORM]);
  const sheet = workbook.worksheets[0]!;

  it("a single sheet named after the project, document properties", () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["办公设备购置"]);
    expect(workbook.creator).toBe("绩效通");
    expect(workbook.created?.toISOString()).toBe("2026-01-15T08:00:00.000Z");
    expect(workbook.title).toBe("办公设备购置 2025年度项目支出绩效自评表");
  });

  it("title, year line, project, department and unit", () => {
    expect(sheet.getCell("A1").value).toBe("项目支出绩效自评表");
    expect(sheet.getCell("A1").font).toMatchObject({ bold: true, size: 18 });
    expect(sheet.getCell("A1").alignment?.horizontal).toBe("center");
    expect(sheet.getCell("A2").value).toBe("（2025年度）");
    expect(sheet.getCell("A2").alignment?.horizontal).toBe("center");
    expect(rowTexts(sheet, 3)).toEqual(["项目名称", ...Array(8).fill("办公设备购置")]);
    expect(rowTexts(sheet, 4)).toEqual(["主管部门", ...Array(3).fill("柳州市大数据发展局"), "实施单位", ...Array(4).fill("柳州市大数据发展局（本级）")]);
  });

  it("funds block: header, 年度资金总额 with numbers, 当年财政拨款 repeating the money, the other sources empty", () => {
    expect(sheet.getCell("A5").value).toBe("项目资金（万元）");
    expect(rowTexts(sheet, 5, 2)).toEqual(["", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]);
    expect(rowTexts(sheet, 6, 2)).toEqual(["年度资金总额", "年度资金总额", "6000.00", "6923.10", "5056.59", "10.00", "73.04%", "7.30"]);
    expect(rowTexts(sheet, 7, 2)).toEqual(["其中：当年财政拨款", "其中：当年财政拨款", "6000.00", "6923.10", "5056.59", "—", "—", "—"]);
    expect(rowTexts(sheet, 8, 2)).toEqual(["上年结转资金", "上年结转资金", "", "", "", "—", "—", "—"]);
    expect(rowTexts(sheet, 9, 2)).toEqual(["其他资金", "其他资金", "", "", "", "—", "—", "—"]);
    // numbers as numbers, formatted "0.00"
    for (const [address, value] of [["D6", 6000], ["E6", 6923.1], ["F6", 5056.59], ["G6", 10], ["I6", 7.3], ["F7", 5056.59]] as const) {
      expect(sheet.getCell(address).value, address).toBe(value);
      expect(sheet.getCell(address).numFmt, address).toBe("0.00");
    }
    expect([sheet.getCell("H6").value, sheet.getCell("H6").numFmt]).toEqual([0.7304, "0.00%"]); // a number, not text
  });

  it("annual goal block: expected and actual side by side, wrapped, tall enough", () => {
    expect(sheet.getCell("A10").value).toBe("年度总体目标");
    expect(rowTexts(sheet, 10, 2)).toEqual([...Array(4).fill("预期目标"), ...Array(4).fill("实际完成情况")]);
    expect(sheet.getCell("B11").value).toBe(FORM.goal.expected);
    expect(sheet.getCell("F11").value).toBe(FORM.goal.actual);
    expect(sheet.getCell("F11").alignment).toMatchObject({ wrapText: true, vertical: "middle" });
    expect(sheet.getRow(11).height).toBeGreaterThanOrEqual(60);
  });

  it("indicator block: header, one row per line in order, weights and scores as numbers", () => {
    expect(sheet.getCell("A12").value).toBe("绩效指标");
    expect(rowTexts(sheet, 12, 2)).toEqual(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]);
    FORM.lines.forEach((l, i) => {
      expect(rowTexts(sheet, 13 + i, 2), `row ${13 + i}`).toEqual([l.level1, l.category, l.name, l.target, l.actual, Number(l.weight).toFixed(2), l.score, l.deviation]);
      expect(sheet.getCell(13 + i, 7).numFmt).toBe("0.00");
      expect(typeof sheet.getCell(13 + i, 8).value).toBe("number");
    });
    expect(sheet.getCell("H14").value).toBe(13.34);
  });

  it("merged ranges: labels, 一级 and 二级 groups, half-width goal cells, 总分 and 自评等级", () => {
    expect(merges(sheet)).toEqual(
      [
        "A1:I1", "A2:I2", "B3:I3", "B4:D4", "F4:I4",
        "A5:A9", "B5:C5", "B6:C6", "B7:C7", "B8:C8", "B9:C9",
        "A10:A11", "B10:E10", "F10:I10", "B11:E11", "F11:I11",
        "A12:A17", "B13:B15", "C13:C14",
        "A18:F18", "A19:F19", "G19:I19",
      ].sort(),
    );
    expect(sheet.getCell("B15").isMerged && sheet.getCell("B15").master.address).toBe("B13");
    expect(sheet.getCell("C15").isMerged).toBe(false); // 质量指标 alone
    expect(sheet.getCell("B16").isMerged).toBe(false); // 效益指标 alone
  });

  it("总分 and 自评等级 close the form", () => {
    expect(rowTexts(sheet, 18)).toEqual([...Array(6).fill("总分"), "100.00", "90.53", ""]);
    expect(sheet.getCell("G18").value).toBe(100);
    expect(sheet.getCell("H18").value).toBe(90.53);
    expect(rowTexts(sheet, 19)).toEqual([...Array(6).fill("自评等级"), "优", "优", "优"]);
    expect(sheet.rowCount).toBe(19);
  });

  it("thin borders on every cell of the form, bold shaded headers, wrapped and centred vertically", () => {
    for (let r = 3; r <= 19; r += 1) {
      for (let c = 1; c <= 9; c += 1) {
        const cell = sheet.getCell(r, c);
        expect(cell.border, cell.address).toMatchObject({ top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" } });
        expect(cell.alignment, cell.address).toMatchObject({ wrapText: true, vertical: "middle" });
        expect(cell.font?.name, cell.address).toBe("宋体");
      }
    }
    for (const address of ["A3", "A5", "D5", "B10", "A12", "I12", "A18"]) {
      expect(sheet.getCell(address).font?.bold, address).toBe(true);
      expect(sheet.getCell(address).fill, address).toMatchObject({ type: "pattern", pattern: "solid" });
    }
    expect(sheet.getCell("D13").font?.bold).toBeFalsy();
    expect(sheet.getCell("A1").border?.top).toBeUndefined(); // the title stands above the form
  });

  it("A4 portrait, fit to one page wide, narrow margins, sensible widths", () => {
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printArea: "A1:I19" });
    expect(sheet.pageSetup.margins?.left).toBeLessThanOrEqual(0.4);
    const widths = Array.from({ length: 9 }, (_, i) => sheet.getColumn(i + 1).width);
    for (const w of widths) expect(w).toBeGreaterThanOrEqual(8);
    expect(widths[3]).toBeGreaterThan(widths[6]!); // 三级指标 wider than 分值
    expect(widths[8]).toBeGreaterThan(20); // 偏差原因分析及改进措施
  });
});

describe("public and internal versions", async () => {
  const internalTexts = [STATUS, WEIGHT_REASON, ...Object.values(NOTES), "内部说明", "自评状态"];
  const second: PrintedForm = { ...FORM, projectName: "政务云运维", status: "已审核，需要复核", weightReason: "满意度指标不适用，分值按比例折算" };
  const draft: PrintedForm = { ...FORM, projectName: "龙城市民云运维", status: "草稿，需要复核", statusLabel: "草稿", approved: false, total: "0.00", grade: "差" };

  it("the public version holds no internal note, weight reason or internal status, in any cell or any part of the file", async () => {
    for (const forms of [[FORM], [FORM, second], [FORM, draft]]) {
      const bytes = await evaluationWorkbook(forms, { public: true });
      const texts = allTexts(await load(bytes)).join("\n");
      const files = [...zipEntries(bytes).entries()];
      expect(files.some(([name]) => name === "xl/sharedStrings.xml" || name.startsWith("xl/worksheets/"))).toBe(true);
      for (const secret of [STATUS, WEIGHT_REASON, ...Object.values(NOTES), "内部说明", "需要复核", second.weightReason!]) {
        expect(texts, secret).not.toContain(secret);
        for (const [name, xml] of files) expect(xml.includes(secret), `${secret} in ${name}`).toBe(false);
      }
      expect(texts).toContain(FORM.lines[1]!.deviation); // the public deviation analysis stays
    }
  });

  it("the public version publishes approved evaluations only: the others are 未完成自评 with their status, never 0 分/差", async () => {
    const workbook = await build([FORM, draft], true);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["汇总", FORM.projectName]); // no sheet for the draft
    const summary = workbook.getWorksheet("汇总")!;
    expect(rowTexts(summary, 3, 1, 10)).toEqual(["序号", "实施单位", "项目名称", "年初预算数(万元)", "全年预算数(万元)", "全年执行数(万元)", "执行率", "自评得分", "自评等级", "自评状态"]);
    expect(rowTexts(summary, 4, 8, 10)).toEqual(["90.53", "优", "已审核通过"]);
    expect(rowTexts(summary, 5, 3, 10)).toEqual(["龙城市民云运维", "—", "—", "—", "—", "—", "未完成自评", "草稿"]);
    expect(rowTexts(summary, 6, 1, 7)).toEqual([...Array(3).fill("合计（已完成自评的 1 个项目）"), "6000.00", "6923.10", "5056.59", "73.04%"]);
    await expect(evaluationWorkbook([draft], { public: true })).rejects.toThrow("没有审核通过的绩效自评");
    await expect(evaluationWorkbook([draft, { ...draft, projectName: "乙" }], { public: true })).rejects.toThrow("没有审核通过的绩效自评");
  });

  it("the internal version adds the 内部说明 block, the status in the page header and the 汇总 status column", async () => {
    const bytes = await evaluationWorkbook([FORM], { public: false });
    const xml = [...zipEntries(bytes).values()].join("\n"); // the zip walk of the public test does see the file
    for (const secret of [STATUS, WEIGHT_REASON, NOTES.paper]) expect(xml).toContain(secret);
    const workbook = await load(bytes);
    const sheet = workbook.worksheets[0]!;
    expect(rowTexts(sheet, 18, 7, 8)).toEqual(["100.00", "90.53"]); // the form itself is the same
    expect(sheet.getCell("A21").value).toBe("内部说明（仅供内部使用，不得对外报送）");
    expect(rowTexts(sheet, 22, 1, 3)).toEqual(["自评状态", "自评状态", STATUS]);
    expect(rowTexts(sheet, 23, 1, 3)).toEqual(["分值调整理由", "分值调整理由", WEIGHT_REASON]);
    expect(sheet.getCell("A24").value).toBe("三级指标");
    expect([25, 26, 27].map((r) => [sheet.getCell(r, 1).value, sheet.getCell(r, 4).value])).toEqual([
      ["1．购买打印纸", NOTES.paper],
      ["2．购买电脑", NOTES.computers],
      ["4．办公效率提升", NOTES.efficiency],
    ]);
    expect(sheet.rowCount).toBe(27);
    expect(sheet.pageSetup.printArea).toBe("A1:I27");
    expect(sheet.headerFooter.oddHeader).toContain(`自评状态：${STATUS}`);
    expect(sheet.getCell("D27").border?.right?.style).toBe("thin");
    const texts = allTexts(workbook).join("\n");
    for (const secret of internalTexts) expect(texts, secret).toContain(secret);

    const several = await build([FORM, second], false);
    const summary = several.getWorksheet("汇总")!;
    expect(rowTexts(summary, 3, 10, 10)).toEqual(["自评状态"]);
    expect(rowTexts(summary, 4, 10, 10)).toEqual([STATUS]);
    expect(rowTexts(summary, 5, 10, 10)).toEqual(["已审核，需要复核"]);
  });

  it("an internal form without notes or weight reason says so", async () => {
    const bare: PrintedForm = { ...FORM, weightReason: undefined, lines: FORM.lines.map((l) => ({ ...l, internalNote: undefined })) };
    const sheet = (await build([bare], false)).worksheets[0]!;
    expect(rowTexts(sheet, 23, 3, 3)).toEqual(["无"]);
    expect(rowTexts(sheet, 25, 1, 4)).toEqual(["—", "—", "—", "无"]);
  });
});

describe("several forms: 汇总 first, exact sums, one sheet per project", async () => {
  const LONG = "数据资源归集平台建设".repeat(4); // 40 characters
  const make = (projectName: string, unit: string, initial: string, annual: string, spent: string, rate: string | null, total: string, grade: string): PrintedForm => ({
    ...FORM,
    projectName,
    unit,
    funds: { initialBudgetWan: initial, annualBudgetWan: annual, spentWan: spent, weight: "10", executionRate: rate, score: "10.00" },
    total,
    grade,
  });
  const forms = [
    make(`${LONG}甲`, "柳州市大数据发展局", "0.10", "0.10", "0.10", "100.00", "95.00", "优"),
    make(`${LONG}乙`, "柳州市政务服务中心", "0.20", "0.20", "0.20", "100", "88.5", "良"),
    make("政务云/运维[2025]", "柳州市信息中心", "1234567.89", "1234567.89", "1000000.00", "81.00", "72.30", "中"),
    make("汇总", "柳州市数据局", "0.01", "3", "2.5", "83.33", "59.99", "差"),
  ];

  it("sheet order and names: 汇总, then the projects truncated to 31 characters, deduped and cleaned", async () => {
    const workbook = await build(forms);
    const names = workbook.worksheets.map((s) => s.name);
    expect(names).toEqual(["汇总", LONG.slice(0, 31), `${LONG.slice(0, 28)}(2)`, "政务云／运维［2025］", "汇总(2)"]);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(31);
    expect(workbook.getWorksheet(names[2]!)!.getCell("B3").value).toBe(`${LONG}乙`); // the full name stays in the form
    expect(workbook.getWorksheet("汇总(2)")!.getCell("A1").value).toBe("项目支出绩效自评表");
  });

  it("the summary: title, header, one row per project, a 合计 row with exact sums", async () => {
    const sheet = (await build(forms)).getWorksheet("汇总")!;
    expect(sheet.getCell("A1").value).toBe("2025年度项目支出绩效自评结果汇总表");
    expect(sheet.getCell("A2").value).toBe("金额单位：万元");
    expect(rowTexts(sheet, 3)).toEqual(["序号", "实施单位", "项目名称", "年初预算数(万元)", "全年预算数(万元)", "全年执行数(万元)", "执行率", "自评得分", "自评等级"]);
    expect(rowTexts(sheet, 4)).toEqual(["1", "柳州市大数据发展局", `${LONG}甲`, "0.10", "0.10", "0.10", "100.00%", "95.00", "优"]);
    expect(rowTexts(sheet, 5)).toEqual(["2", "柳州市政务服务中心", `${LONG}乙`, "0.20", "0.20", "0.20", "100.00%", "88.50", "良"]);
    expect(rowTexts(sheet, 6)).toEqual(["3", "柳州市信息中心", "政务云/运维[2025]", "1234567.89", "1234567.89", "1000000.00", "81.00%", "72.30", "中"]);
    expect(rowTexts(sheet, 7)).toEqual(["4", "柳州市数据局", "汇总", "0.01", "3.00", "2.50", "83.33%", "59.99", "差"]);
    // by hand: 0.10 + 0.20 + 1234567.89 + 0.01 = 1234568.20; … + 3 = 1234571.19; 0.10 + 0.20 + 1000000.00 + 2.5 = 1000002.80;
    // 1000002.80 ÷ 1234571.19 = 81.0002…%
    expect(rowTexts(sheet, 8)).toEqual(["合计", "合计", "合计", "1234568.20", "1234571.19", "1000002.80", "81.00%", "", ""]);
    expect([sheet.getCell("D8").value, sheet.getCell("E8").value, sheet.getCell("F8").value]).toEqual([1234568.2, 1234571.19, 1000002.8]);
    expect(0.1 + 0.2).not.toBe(0.3); // the float trap the sums avoid
    expect(sheet.getCell("D4").value).toBe(0.1);
    expect(sheet.getCell("D8").numFmt).toBe("0.00");
    expect(sheet.model.merges).toContain("A8:C8");
    expect(sheet.rowCount).toBe(8);
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(sheet.getCell("I8").border?.bottom?.style).toBe("thin");
  });

  it("sums of two small amounts that floats get wrong, and a custom title", async () => {
    const pair = [make("甲项目", "甲", "0.10", "0.10", "0.10", "100", "90", "优"), make("乙项目", "乙", "0.20", "0.20", "0.20", "100", "90", "优")];
    const sheet = (await build(pair, true, "市本级2025年度部门项目绩效自评汇总")).getWorksheet("汇总")!;
    expect(sheet.getCell("A1").value).toBe("市本级2025年度部门项目绩效自评汇总");
    expect(sheet.getCell("D6").value).toBe(0.3);
    expect(rowTexts(sheet, 6, 4, 7)).toEqual(["0.30", "0.30", "0.30", "100.00%"]);
  });

  it("figures with more decimals keep them; a zero budget has no execution rate", async () => {
    const pair = [make("甲项目", "甲", "2.1587", "0", "0", null, "90", "优"), make("乙项目", "乙", "1.0000", "0", "0", null, "90", "优")];
    const workbook = await build(pair);
    const sheet = workbook.getWorksheet("汇总")!;
    expect(rowTexts(sheet, 4, 4, 7)).toEqual(["2.1587", "0.00", "0.00", "—"]);
    expect(sheet.getCell("D4").numFmt).toBe("0.0000");
    expect(rowTexts(sheet, 6, 4, 7)).toEqual(["3.1587", "0.00", "0.00", "—"]);
    expect(rowTexts(workbook.getWorksheet("甲项目")!, 6, 4, 8)).toEqual(["2.1587", "0.00", "0.00", "10.00", "—"]);
  });

  it("more than 15 significant digits stay text, so Excel cannot round them", async () => {
    const pair = [make("甲项目", "甲", "1234567890123.456", "1", "1", "100", "90", "优"), make("乙项目", "乙", "1", "1", "1", "100", "90", "优")];
    const sheet = (await build(pair)).getWorksheet("汇总")!;
    expect(sheet.getCell("D4").value).toBe("1234567890123.456");
    expect(sheet.getCell("D6").value).toBe("1234567890124.456");
  });
});

describe("edge cases", () => {
  it("30 indicator lines and a very long deviation text still build", async () => {
    const deviation = "由于上级资金拨付滞后、项目招标流程较长，部分建设内容未能按期完成。".repeat(150); // ~4,950 characters
    const lines = Array.from({ length: 30 }, (_, i) =>
      line(i < 15 ? "产出指标" : i < 27 ? "效益指标" : "满意度指标", i < 10 ? "数量指标" : i < 15 ? "质量指标" : i < 27 ? "社会效益指标" : "满意度指标", `指标${i + 1}`, "≥ 1 个", "1 个", "2.00", "2.00", i === 3 ? deviation : ""),
    );
    const goal = { expected: "预期目标。".repeat(200), actual: "实际完成。".repeat(200) };
    const sheet = (await build([{ ...FORM, lines, goal }])).worksheets[0]!;
    expect(sheet.getCell("I16").value).toBe(deviation);
    expect(sheet.getRow(16).height).toBe(409); // Excel's largest row
    expect(sheet.getRow(11).height).toBeGreaterThan(100);
    expect(sheet.model.merges).toEqual(expect.arrayContaining(["A12:A42", "B13:B27", "B28:B39", "B40:B42", "C13:C22", "C23:C27", "C28:C39", "C40:C42"]));
    expect(rowTexts(sheet, 43, 1, 1)).toEqual(["总分"]);
    expect(sheet.getCell("A44").value).toBe("自评等级");
    expect(sheet.pageSetup.printArea).toBe("A1:I44");
  });

  it("the same 二级指标 under two 一级指标 is not merged across the boundary", async () => {
    const lines = [line("产出指标", "数量指标", "甲", "1", "1", "1", "1"), line("效益指标", "数量指标", "乙", "1", "1", "1", "1"), line("效益指标", "数量指标", "丙", "1", "1", "1", "1")];
    const sheet = (await build([{ ...FORM, lines }])).worksheets[0]!;
    expect(sheet.model.merges.filter((m) => /^[BC]1[3-5]/.test(m)).sort()).toEqual(["B14:B15", "C14:C15"]);
    expect(sheet.getCell("C13").isMerged).toBe(false);
  });

  it("a cell never takes more than Excel's 32,767 characters; control characters go", async () => {
    const lines = [line("产出指标", "数量指标", "名称\u0007", "1", "1", "1", "1", "长".repeat(40000))];
    const sheet = (await build([{ ...FORM, lines }])).worksheets[0]!;
    const text = String(sheet.getCell("I13").value);
    expect(text).toHaveLength(32767);
    expect(text.endsWith("…")).toBe(true);
    expect(sheet.getCell("D13").value).toBe("名称");
  });

  it("no indicator lines: a valid form with one blank row to write in", async () => {
    const empty: PrintedForm = { ...FORM, lines: [], total: "0", totalWeight: "100", grade: "差" };
    const sheet = (await build([empty])).worksheets[0]!;
    expect(rowTexts(sheet, 12, 2, 9)).toEqual(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]);
    expect(rowTexts(sheet, 13)).toEqual(["绩效指标", "", "", "", "", "", "", "", ""]);
    expect(sheet.getCell("B13").border?.left?.style).toBe("thin");
    expect(sheet.model.merges).toContain("A12:A13");
    expect(rowTexts(sheet, 14)).toEqual([...Array(6).fill("总分"), "100.00", "0.00", ""]);
    expect(rowTexts(sheet, 15, 7, 7)).toEqual(["差"]);
  });

  it("a project name with an apostrophe keeps a print area Excel can read", async () => {
    const sheet = (await build([{ ...FORM, projectName: "O'Brien 项目" }])).worksheets[0]!;
    expect(sheet.name).toBe("O’Brien 项目");
    expect(sheet.pageSetup.printArea).toBe("A1:I19");
    expect(sheet.getCell("B3").value).toBe("O'Brien 项目");
  });

  it("no form at all is refused", async () => {
    await expect(evaluationWorkbook([], { public: true })).rejects.toThrow("没有可导出的绩效自评表");
  });

  it("sheet names: forbidden characters and apostrophes swapped, reserved names and case-insensitive clashes deduped", () => {
    expect(sheetNames(["a/b\\c", "[一期]:*?", "'引号'", "O'Brien", "", "History", "ABC", "abc", "汇总"], ["汇总"])).toEqual([
      "a／b＼c",
      "［一期］：＊？",
      "’引号’",
      "O’Brien",
      "项目",
      "History_",
      "ABC",
      "abc(2)",
      "汇总(2)",
    ]);
    const emoji = `${"项".repeat(30)}😀`; // the 31st character is a surrogate pair: not split
    expect(sheetNames([emoji])).toEqual(["项".repeat(30)]);
    const many = sheetNames(Array(12).fill("x".repeat(40)));
    expect(new Set(many).size).toBe(12);
    expect(many[11]).toBe(`${"x".repeat(27)}(12)`);
  });
});
