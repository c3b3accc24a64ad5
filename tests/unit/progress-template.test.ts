// The monthly template is a real .xlsx: every test builds one, edits it with exceljs the way a user's
// Excel would leave it, writes it out and reads the bytes back.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  buildMonthlyTemplate,
  readMonthlyTemplate,
  TEMPLATE_COLUMNS,
  type TemplateIndicator,
  type TemplateMeta,
  type TemplateRead,
  type TemplateRow,
} from "@/lib/progress/template";
import { parseTemplateNumber } from "@/lib/progress/template-read";
import { rng, storedZip, table12Xlsx } from "@/tests/fixtures/targets-import";

const META: TemplateMeta = { unitCode: "309001", unitName: "柳州市大数据发展局", year: 2025, month: 6, asOfDate: "" };
const uuid = (n: number) => `${String(n).padStart(8, "0")}-0000-4000-8000-${String(n).padStart(12, "0")}`;

const PAPER: TemplateIndicator = {
  id: uuid(1),
  projectName: "办公设备购置",
  category: "数量",
  name: "购买打印纸",
  target: "≥ 50 箱",
  kind: "number",
  unit: "箱",
  last: { asOfDate: "2025-05-31", actual: "28" },
  saved: { actual: "30", forecast: "50", likelihood: "CERTAIN" },
};
const COST: TemplateIndicator = {
  id: uuid(2),
  projectName: "政务云运维",
  category: "成本",
  name: "运维成本",
  target: "≤ 2.1587 万元",
  kind: "number",
  unit: "万元",
  last: { asOfDate: "2025-05-31", actual: "2.1587" },
  saved: { actual: "2.1587", forecast: "2.1587", likelihood: "确定能" },
};
const SATISFACTION: TemplateIndicator = {
  id: uuid(3),
  projectName: "政务云运维",
  category: "满意度",
  name: "服务对象满意度",
  target: "≥ 90 %",
  kind: "number",
  unit: "%",
  last: { asOfDate: "2025-04-30", actual: "80" },
  saved: { actual: "85", forecast: "92", likelihood: "POSSIBLE" },
};
const QUALITY: TemplateIndicator = {
  id: uuid(4),
  projectName: "办公设备购置",
  category: "质量",
  name: "设备验收质量",
  target: "优",
  kind: "text",
  unit: "",
  options: ["优", "良", "中", "差"],
  last: { asOfDate: "2025-05-31", actual: "良" },
  saved: { actual: "良", forecast: "优" },
};
const ON_TIME: TemplateIndicator = {
  id: uuid(5),
  projectName: "数字柳州宣传",
  category: "时效",
  name: "各项工作在2025年12月底前完成",
  target: "是",
  kind: "text",
  unit: "",
  options: ["是", "否"],
  last: null,
};
const RECORDS: TemplateIndicator = {
  id: uuid(6),
  projectName: "数据资源归集",
  category: "数量",
  name: "归集数据量",
  target: "≥ 120 万条",
  kind: "number",
  unit: "万条",
  // 17 significant digits (16 before the point, the most numeric(24,8) holds) do not survive a float: pre-filled as text, read back exactly.
  last: null,
  saved: { actual: "1234567890123456.5", forecast: "" },
};
const LEGACY: TemplateIndicator = {
  id: uuid(7),
  projectName: "数据资源归集",
  category: "数量",
  name: "接入部门数",
  target: "≥ 30 个",
  kind: "number",
  unit: "个",
  // A value from before validation existed, in an earlier month: shown as last, nothing saved this month.
  last: { asOfDate: "2025-03-31", actual: "约20" },
};
const INDICATORS = [PAPER, COST, SATISFACTION, QUALITY, ON_TIME, RECORDS, LEGACY];
const FIRST = 4; // first data row
const rowNumberOf = (indicator: TemplateIndicator) => FIRST + INDICATORS.indexOf(indicator);

const HEADERS = [
  "序号",
  "项目名称",
  "二级指标",
  "三级指标",
  "年度指标值",
  "上次实际完成值（日期）",
  "本月累计实际完成值",
  "全年预计完成值",
  "完成目标可能性",
  "偏差原因",
  "纠偏措施",
  "备注",
  "指标ID",
];
const COL = { actual: "G", forecast: "H", likelihood: "I", cause: "J", action: "K", note: "L", id: "M" } as const;

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}
const save = async (workbook: ExcelJS.Workbook) => new Uint8Array(await workbook.xlsx.writeBuffer());
const mainSheet = (workbook: ExcelJS.Workbook) => workbook.getWorksheet("月度填报")!;

/** Builds the template, lets `edit` change it as a user would, and reads the result back. */
async function roundTrip(edit: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void, indicators = INDICATORS): Promise<TemplateRead> {
  const workbook = await load(await buildMonthlyTemplate(META, INDICATORS));
  edit(mainSheet(workbook), workbook);
  return readMonthlyTemplate(await save(workbook), indicators);
}
const rowFor = (read: TemplateRead, indicator: TemplateIndicator) => read.rows.find((r) => r.indicatorId === indicator.id);

const blank = { deviationCause: null, correctiveAction: null, note: null } as const;
const PREFILLED: TemplateRow[] = [
  { row: 4, indicatorId: PAPER.id, actual: "30", forecast: "50", likelihood: "CERTAIN", ...blank },
  { row: 5, indicatorId: COST.id, actual: "2.1587", forecast: "2.1587", likelihood: "CERTAIN", ...blank },
  { row: 6, indicatorId: SATISFACTION.id, actual: "85", forecast: "92", likelihood: "POSSIBLE", ...blank },
  { row: 7, indicatorId: QUALITY.id, actual: "良", forecast: "优", likelihood: null, ...blank },
  { row: 8, indicatorId: ON_TIME.id, actual: null, forecast: null, likelihood: null, ...blank },
  { row: 9, indicatorId: RECORDS.id, actual: "1234567890123456.5", forecast: null, likelihood: null, ...blank },
  { row: 10, indicatorId: LEGACY.id, actual: null, forecast: null, likelihood: null, ...blank },
];

describe("layout of the built workbook", async () => {
  const bytes = await buildMonthlyTemplate(META, INDICATORS);
  const workbook = await load(bytes);
  const sheet = mainSheet(workbook);
  const lastData = FIRST + INDICATORS.length - 1;

  it("title merged over the visible columns, date line, header texts", () => {
    expect(workbook.worksheets.map((s) => [s.name, s.state])).toEqual([
      ["月度填报", "visible"],
      ["模板信息", "veryHidden"],
    ]);
    expect(sheet.getCell("A1").value).toBe("柳州市大数据发展局 2025年6月 绩效目标运行监控填报表");
    expect(sheet.getCell("L1").isMerged && sheet.getCell("L1").master.address).toBe("A1");
    expect(sheet.getCell("M1").isMerged).toBe(false);
    expect(sheet.getCell("A2").value).toBe("填报截至日期：2025-06-30");
    expect(sheet.getCell("G2").value).toBe("填报单位：309001 柳州市大数据发展局");
    expect(HEADERS.map((_, i) => sheet.getRow(3).getCell(i + 1).value)).toEqual(HEADERS);
    expect(Object.values(TEMPLATE_COLUMNS)).toEqual(HEADERS);
    expect(sheet.getRow(3).getCell(1).font?.bold).toBe(true);
  });

  it("one row per indicator in order, the id in a hidden column M", () => {
    expect(sheet.getColumn(13).hidden).toBe(true);
    expect(HEADERS.slice(0, 12).map((_, i) => sheet.getColumn(i + 1).hidden)).toEqual(Array(12).fill(false));
    expect(INDICATORS.map((_, i) => sheet.getCell(`${COL.id}${FIRST + i}`).value)).toEqual(INDICATORS.map((i) => i.id));
    expect(INDICATORS.map((_, i) => sheet.getCell(`A${FIRST + i}`).value)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(sheet.getRow(FIRST).values).toEqual([
      undefined,
      1,
      "办公设备购置",
      "数量",
      "购买打印纸",
      "≥ 50 箱",
      "28 箱\n（2025-05-31）",
      30,
      50,
      "确定能",
      undefined,
      undefined,
      undefined,
      PAPER.id,
    ]);
    expect(sheet.getCell(`F${rowNumberOf(ON_TIME)}`).value).toBe("—");
    expect(sheet.getCell(`F${rowNumberOf(QUALITY)}`).value).toBe("良\n（2025-05-31）");
    for (let c = 1; c <= 12; c++) expect(sheet.getColumn(c).width).toBeGreaterThan(5);
  });

  it("pre-fills this month's saved values: numbers as numbers, long decimals as text", () => {
    expect(sheet.getCell(`${COL.actual}${rowNumberOf(COST)}`).value).toBe(2.1587);
    expect(sheet.getCell(`${COL.actual}${rowNumberOf(RECORDS)}`).value).toBe("1234567890123456.5");
    expect(sheet.getCell(`${COL.forecast}${rowNumberOf(QUALITY)}`).value).toBe("优");
    expect(sheet.getCell(`${COL.likelihood}${rowNumberOf(SATISFACTION)}`).value).toBe("有可能");
    expect(sheet.getCell(`${COL.likelihood}${rowNumberOf(COST)}`).value).toBe("确定能");
    expect(sheet.getCell(`${COL.actual}${rowNumberOf(LEGACY)}`).value).toBeNull();
    expect(sheet.getCell(`${COL.likelihood}${rowNumberOf(LEGACY)}`).value).toBeNull();
    expect(sheet.getCell(`F${rowNumberOf(LEGACY)}`).value).toBe("约20 个\n（2025-03-31）");
  });

  it("frozen header, wrap text, thin borders, number formats with the unit", () => {
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 3, topLeftCell: "A4" });
    for (const address of ["A3", "D4", `L${lastData}`]) {
      expect(sheet.getCell(address).border).toMatchObject({ top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" } });
    }
    expect(sheet.getCell("D4").alignment?.wrapText).toBe(true);
    expect(sheet.getCell(`${COL.actual}${rowNumberOf(PAPER)}`).numFmt).toBe('General" 箱"');
    expect(sheet.getCell(`${COL.actual}${rowNumberOf(SATISFACTION)}`).numFmt).toBe('General"%"');
    expect(sheet.getCell(`${COL.actual}${rowNumberOf(QUALITY)}`).numFmt).toBe("@");
    expect(sheet.getCell(`${COL.note}${FIRST}`).numFmt).toBe("@");
  });

  it("protected without a password; exactly the six input columns are unlocked and filled", () => {
    const protection = (sheet as unknown as { sheetProtection: Record<string, unknown> | null }).sheetProtection;
    expect(protection).toMatchObject({ sheet: true, autoFilter: true, formatRows: true });
    expect(protection?.hashValue).toBeUndefined();
    expect(protection?.formatColumns).toBeUndefined(); // the hidden id column cannot be unhidden by a drag
    for (let r = FIRST; r <= lastData; r++) {
      for (let c = 1; c <= 13; c++) {
        const cell = sheet.getRow(r).getCell(c);
        const input = c >= 7 && c <= 12;
        expect(cell.protection?.locked === false, `${cell.address}`).toBe(input);
        if (input) expect(cell.fill).toMatchObject({ type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF2CC" } });
      }
    }
    expect(sheet.getCell("A1").protection?.locked).not.toBe(false);
    expect(sheet.getCell("G3").protection?.locked).not.toBe(false);
  });

  it("data validation: decimal for number actuals, the scale for text ones, the two fixed lists", () => {
    // exceljs keeps validations per cell but does not declare them in its typings.
    const model = (sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation | undefined> } }).dataValidations.model;
    const dv = (address: string) => model[address];
    for (const indicator of [PAPER, COST, SATISFACTION, RECORDS, LEGACY]) {
      for (const col of [COL.actual, COL.forecast]) {
        expect(dv(`${col}${rowNumberOf(indicator)}`)).toMatchObject({ type: "decimal", operator: "greaterThanOrEqual", formulae: [0], showErrorMessage: true, errorStyle: "stop" });
      }
    }
    expect(dv(`${COL.actual}${rowNumberOf(PAPER)}`)?.error).toBe("“本月累计实际完成值”只能填写不小于 0 的数字（单位：箱），不要带单位或文字。");

    const scaleOf = (address: string) => {
      const validation = dv(address);
      expect(validation?.type).toBe("list");
      const match = /^'模板信息'!\$([A-Z]+)\$1:\$\1\$(\d+)$/.exec(String(validation?.formulae[0]));
      expect(match, String(validation?.formulae[0])).not.toBeNull();
      const lists = workbook.getWorksheet("模板信息")!;
      return Array.from({ length: Number(match![2]) }, (_, i) => lists.getCell(`${match![1]}${i + 1}`).value);
    };
    expect(scaleOf(`${COL.actual}${rowNumberOf(QUALITY)}`)).toEqual(["优", "良", "中", "差"]);
    expect(scaleOf(`${COL.forecast}${rowNumberOf(QUALITY)}`)).toEqual(["优", "良", "中", "差"]);
    expect(scaleOf(`${COL.actual}${rowNumberOf(ON_TIME)}`)).toEqual(["是", "否"]);

    for (let r = FIRST; r <= lastData; r++) {
      expect(dv(`${COL.likelihood}${r}`)).toMatchObject({ type: "list", formulae: ['"确定能,有可能,完全不可能"'], showErrorMessage: true });
      expect(dv(`${COL.cause}${r}`)).toMatchObject({ type: "list", formulae: ['"经费保障,制度保障,人员保障,硬件条件保障,其他"'] });
      for (const col of ["A", "B", "F", COL.action, COL.note, COL.id]) expect(dv(`${col}${r}`)).toBeUndefined();
    }
    expect(dv(`${COL.actual}3`)).toBeUndefined();
    expect(dv(`${COL.actual}${lastData + 1}`)).toBeUndefined();
    // Excel refuses the file when a prompt passes 255 characters, an error 225 or a title 32.
    expect(Object.keys(model)).toHaveLength(INDICATORS.length * 4);
    for (const v of Object.values(model) as ExcelJS.DataValidation[]) {
      expect(v.prompt!.length).toBeLessThanOrEqual(255);
      expect(v.error!.length).toBeLessThanOrEqual(225);
      expect(Math.max(v.promptTitle!.length, v.errorTitle!.length)).toBeLessThanOrEqual(32);
    }
  });

  it("A4 landscape, one page wide, title rows repeated, footnote and signature line printed", () => {
    expect(sheet.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: "1:3",
      printArea: `A1:L${lastData + 3}`,
    });
    expect(sheet.headerFooter.oddFooter).toContain("&P");
    expect(String(sheet.getCell(`A${lastData + 2}`).value)).toMatch(/^说明：/);
    expect(sheet.getCell(`L${lastData + 2}`).master.address).toBe(`A${lastData + 2}`);
    expect(String(sheet.getCell(`A${lastData + 3}`).value)).toMatch(/^填报人：.*审核人：.*填报日期：/);
    expect(sheet.autoFilter).toBe(`A3:L${lastData}`);
  });

  it("meta in the very hidden sheet, as text", () => {
    const metaSheet = workbook.getWorksheet("模板信息")!;
    const meta = Object.fromEntries([1, 2, 3, 4, 5].map((r) => [metaSheet.getCell(`A${r}`).value, metaSheet.getCell(`B${r}`).value]));
    expect(meta).toEqual({ unitCode: "309001", year: "2025", month: "6", asOfDate: "2025-06-30", version: "1" });
  });
});

describe("building", () => {
  it("the as-of date defaults to the end of the month (leap February) and is kept when given", async () => {
    const leap = await load(await buildMonthlyTemplate({ ...META, year: 2024, month: 2 }, [PAPER]));
    expect(mainSheet(leap).getCell("A2").value).toBe("填报截至日期：2024-02-29");
    expect((await readMonthlyTemplate(await save(leap), [PAPER])).meta).toEqual({ unitCode: "309001", year: 2024, month: 2, asOfDate: "2024-02-29" });
    const given = await buildMonthlyTemplate({ ...META, asOfDate: "2025-06-15" }, [PAPER]);
    expect((await readMonthlyTemplate(given, [PAPER])).meta?.asOfDate).toBe("2025-06-15");
  });

  it("refuses a caller's mistakes", async () => {
    await expect(buildMonthlyTemplate({ ...META, month: 13 }, [])).rejects.toThrow("月份无效");
    await expect(buildMonthlyTemplate({ ...META, asOfDate: "2025-02-30" }, [])).rejects.toThrow("填报截至日期无效");
    await expect(buildMonthlyTemplate(META, [PAPER, { ...COST, id: PAPER.id.toUpperCase() }])).rejects.toThrow("重复");
  });

  it("an empty list still gives a readable template", async () => {
    const read = await readMonthlyTemplate(await buildMonthlyTemplate(META, []), []);
    expect(read).toEqual({ meta: { unitCode: "309001", year: 2025, month: 6, asOfDate: "2025-06-30" }, rows: [], errors: [] });
  });

  it("control characters, quotes and commas in names and options do not break the file", async () => {
    const odd: TemplateIndicator = { ...QUALITY, name: "验收\u0007“质量”, 含逗号", options: ["达到, 且超过", "达到", '未"达到'], last: { asOfDate: "2025-05-31", actual: "达到" }, saved: { actual: "达到" } };
    const workbook = await load(await buildMonthlyTemplate({ ...META, unitName: "单位\u0000名" }, [odd]));
    expect(mainSheet(workbook).getCell("D4").value).toBe("验收“质量”, 含逗号");
    mainSheet(workbook).getCell("H4").value = "达到, 且超过";
    const read = await readMonthlyTemplate(await save(workbook), [odd]);
    expect(read.errors).toEqual([]);
    expect(read.rows[0]).toMatchObject({ actual: "达到", forecast: "达到, 且超过" });
  });
});

describe("reading back", () => {
  it("with no edits gives the pre-filled values and the meta", async () => {
    const read = await readMonthlyTemplate(await buildMonthlyTemplate(META, INDICATORS), INDICATORS);
    expect(read.errors).toEqual([]);
    expect(read.meta).toEqual({ unitCode: "309001", year: 2025, month: 6, asOfDate: "2025-06-30" });
    expect(read.rows).toEqual(PREFILLED);
  });

  it("carries every saved field — cause, measure, note — and reads them back unchanged", async () => {
    const full: TemplateIndicator = { ...SATISFACTION, saved: { actual: "85", forecast: "88", likelihood: "POSSIBLE", deviationCause: "STAFFING", correctiveAction: "1. 增加回访\n2. 培训窗口人员", note: "6月问卷 120 份" } };
    const sheet = mainSheet(await load(await buildMonthlyTemplate(META, [full])));
    expect([COL.likelihood, COL.cause, COL.action, COL.note].map((c) => sheet.getCell(`${c}${FIRST}`).value)).toEqual(["有可能", "人员保障", "1. 增加回访\n2. 培训窗口人员", "6月问卷 120 份"]);
    const read = await readMonthlyTemplate(await buildMonthlyTemplate(META, [full]), [full]);
    expect(read.errors).toEqual([]);
    expect(read.rows).toEqual([{ row: FIRST, indicatorId: full.id, actual: "85", forecast: "88", likelihood: "POSSIBLE", deviationCause: "STAFFING", correctiveAction: "1. 增加回访\n2. 培训窗口人员", note: "6月问卷 120 份" }]);
  });

  it("a saved value that no longer reads is written as it is and named on upload, not cleared unnoticed", async () => {
    const changed: TemplateIndicator = { ...PAPER, saved: { actual: "良好" } };
    const bytes = await buildMonthlyTemplate(META, [changed]);
    expect(mainSheet(await load(bytes)).getCell(`${COL.actual}${FIRST}`).value).toBe("良好");
    const read = await readMonthlyTemplate(bytes, [changed]);
    expect(read.errors.map((e) => e.message)).toEqual(["第4行 本月累计实际完成值：“良好”不是有效的数字（单位：箱，只填数字，如 50 或 2.5）"]);
  });

  it("numbers as Excel stores them and as people type them", async () => {
    const read = await roundTrip((sheet) => {
      const at = (col: string, indicator: TemplateIndicator) => sheet.getCell(`${col}${rowNumberOf(indicator)}`);
      at(COL.actual, PAPER).value = 1200;
      at(COL.forecast, PAPER).value = "１,２００"; // full-width, pasted as text
      at(COL.actual, COST).value = "２.１５８７";
      at(COL.forecast, COST).value = { formula: "0.1+0.2", result: 0.1 + 0.2 };
      at(COL.actual, SATISFACTION).value = "30%";
      const percent = at(COL.forecast, SATISFACTION);
      percent.value = 0.955; // typed "95.5%": Excel keeps 0.955 and shows it with a percent format
      percent.numFmt = "0.0%";
      at(COL.actual, RECORDS).value = " 50 万条 ";
      at(COL.forecast, RECORDS).value = 1e-7;
      at(COL.actual, LEGACY).value = "1,234.50";
      at(COL.forecast, LEGACY).value = "+.5";
    });
    expect(read.errors).toEqual([]);
    expect(rowFor(read, PAPER)).toMatchObject({ actual: "1200", forecast: "1200" });
    expect(rowFor(read, COST)).toMatchObject({ actual: "2.1587", forecast: "0.3" });
    expect(rowFor(read, SATISFACTION)).toMatchObject({ actual: "30", forecast: "95.5" });
    expect(rowFor(read, RECORDS)).toMatchObject({ actual: "50", forecast: "0.0000001" });
    expect(rowFor(read, LEGACY)).toMatchObject({ actual: "1234.5", forecast: "0.5" });
  });

  it("choices by their Chinese labels, free text trimmed, blanks as null", async () => {
    const read = await roundTrip((sheet) => {
      const r = rowNumberOf(SATISFACTION);
      sheet.getCell(`${COL.likelihood}${r}`).value = " 完全不可能 ";
      sheet.getCell(`${COL.cause}${r}`).value = "硬件条件保障";
      sheet.getCell(`${COL.action}${r}`).value = "  1. 增加问卷发放\n2. 回访不满意用户  ";
      sheet.getCell(`${COL.note}${r}`).value = 123;
      const q = rowNumberOf(QUALITY);
      sheet.getCell(`${COL.actual}${q}`).value = "优 ";
      sheet.getCell(`${COL.forecast}${q}`).value = null;
      sheet.getCell(`${COL.cause}${q}`).value = "其他";
      sheet.getCell(`${COL.actual}${rowNumberOf(PAPER)}`).value = "";
      sheet.getCell(`${COL.likelihood}${rowNumberOf(PAPER)}`).value = null;
    });
    expect(read.errors).toEqual([]);
    expect(rowFor(read, SATISFACTION)).toEqual({
      row: 6,
      indicatorId: SATISFACTION.id,
      actual: "85",
      forecast: "92",
      likelihood: "IMPOSSIBLE",
      deviationCause: "EQUIPMENT",
      correctiveAction: "1. 增加问卷发放\n2. 回访不满意用户",
      note: "123",
    });
    expect(rowFor(read, QUALITY)).toMatchObject({ actual: "优", forecast: null, deviationCause: "OTHER" });
    expect(rowFor(read, PAPER)).toMatchObject({ actual: null, forecast: "50", likelihood: null });
  });

  it("a value off the scale, a bad number, a bad choice: specific errors and the row left out", async () => {
    const read = await roundTrip((sheet) => {
      sheet.getCell(`${COL.actual}${rowNumberOf(QUALITY)}`).value = "很好";
      sheet.getCell(`${COL.actual}${rowNumberOf(PAPER)}`).value = "五十";
      sheet.getCell(`${COL.forecast}${rowNumberOf(PAPER)}`).value = -3;
      sheet.getCell(`${COL.actual}${rowNumberOf(COST)}`).value = "2.123456789";
      sheet.getCell(`${COL.actual}${rowNumberOf(RECORDS)}`).value = "30%"; // % only for a % unit
      sheet.getCell(`${COL.likelihood}${rowNumberOf(ON_TIME)}`).value = "大概";
      sheet.getCell(`${COL.cause}${rowNumberOf(ON_TIME)}`).value = "资金";
    });
    expect(read.errors).toEqual([
      { row: 4, column: "本月累计实际完成值", message: "第4行 本月累计实际完成值：“五十”不是有效的数字（单位：箱，只填数字，如 50 或 2.5）" },
      { row: 4, column: "全年预计完成值", message: "第4行 全年预计完成值：“-3”不能为负数（单位：箱，只填数字，如 50 或 2.5）" },
      { row: 5, column: "本月累计实际完成值", message: "第5行 本月累计实际完成值：“2.123456789”小数位数不能超过 8 位（单位：万元，只填数字，如 50 或 2.5）" },
      { row: 7, column: "本月累计实际完成值", message: "第7行 本月累计实际完成值：“很好”不是可选值（可选：优、良、中、差）" },
      { row: 8, column: "完成目标可能性", message: "第8行 完成目标可能性：“大概”不是可选值（可选：确定能、有可能、完全不可能）" },
      { row: 8, column: "偏差原因", message: "第8行 偏差原因：“资金”不是可选值（可选：经费保障、制度保障、人员保障、硬件条件保障、其他）" },
      { row: 9, column: "本月累计实际完成值", message: "第9行 本月累计实际完成值：“30%”不是有效的数字（单位：万条，只填数字，如 50 或 2.5）" },
    ]);
    expect(read.rows.map((r) => r.indicatorId)).toEqual([SATISFACTION.id, LEGACY.id]);
  });

  it("a deleted row is an error naming the row it had (absent, its values would be silently kept or lost)", async () => {
    const read = await roundTrip((sheet) => sheet.spliceRows(rowNumberOf(COST), 1));
    expect(read.errors).toEqual([
      { row: 5, column: "指标ID", message: "第5行（政务云运维 / 运维成本）：模板中缺少这一行。请不要删除模板中的行；如果该指标是下载模板后才新增的，请重新下载模板" },
    ]);
  });

  it("sorted rows are matched by id, not position", async () => {
    const read = await roundTrip((sheet) => {
      const values = INDICATORS.map((_, i) => sheet.getRow(FIRST + i).values);
      values.reverse().forEach((v, i) => {
        sheet.getRow(FIRST + i).values = v;
      });
      sheet.getCell(`${COL.actual}${FIRST}`).value = 33; // now LEGACY's row
    });
    expect(read.errors).toEqual([]);
    const last = FIRST + INDICATORS.length - 1;
    expect(read.rows).toEqual(
      PREFILLED.map((r) => ({ ...r, row: last - (r.row - FIRST), ...(r.indicatorId === LEGACY.id ? { actual: "33" } : {}) })).reverse(),
    );
  });

  it("an unknown id, a copied row and a row without id are errors naming the row", async () => {
    const lastData = FIRST + INDICATORS.length - 1;
    const read = await roundTrip((sheet) => {
      sheet.getCell(`${COL.id}${rowNumberOf(SATISFACTION)}`).value = "99999999-0000-4000-8000-999999999999";
      // A user copies PAPER's row into the free line under the table and changes the copy.
      sheet.getRow(lastData + 1).values = sheet.getRow(FIRST).values;
      sheet.getCell(`${COL.actual}${lastData + 1}`).value = 45;
      sheet.getCell(`${COL.actual}${lastData + 5}`).value = 7; // typed below the signature line
    });
    expect(read.errors).toEqual([
      {
        row: 6,
        column: "指标ID",
        message: "第6行：该行的指标不在本次填报的指标中（可能已被删除，或是从其他单位、其他年度的模板复制来的行），该行未读取",
      },
      { row: 11, column: "指标ID", message: "第11行：与第4行是同一指标（办公设备购置 / 购买打印纸），无法确定以哪一行为准，重复的各行均未读取" },
      {
        row: 15,
        column: "指标ID",
        message: "第15行：这一行没有指标ID，无法对应到指标，该行未读取（请不要在模板中新增行，也不要把内容粘贴到表格以外的行）",
      },
      { row: 6, column: "指标ID", message: "第6行（政务云运维 / 服务对象满意度）：模板中缺少这一行。请不要删除模板中的行；如果该指标是下载模板后才新增的，请重新下载模板" },
    ]);
    expect(read.rows.map((r) => r.indicatorId)).toEqual([COST.id, QUALITY.id, ON_TIME.id, RECORDS.id, LEGACY.id]);
  });

  it("ids are compared without case or surrounding spaces (a retyped or re-exported id)", async () => {
    const read = await roundTrip((sheet) => {
      sheet.getCell(`${COL.id}${rowNumberOf(COST)}`).value = ` ${COST.id.toUpperCase()}\n`;
    });
    expect(read.errors).toEqual([]);
    expect(read.rows).toEqual(PREFILLED);
  });

  it("an indicator deleted since the download is an unknown id; one added since is a missing row", async () => {
    const added: TemplateIndicator = { ...PAPER, id: uuid(99), name: "新增指标" };
    const read = await readMonthlyTemplate(await buildMonthlyTemplate(META, INDICATORS), [...INDICATORS.filter((i) => i !== ON_TIME), added]);
    expect(read.errors.map((e) => [e.row, e.column])).toEqual([[8, "指标ID"], [10, "指标ID"]]);
    expect(read.errors[1]?.message).toContain("新增指标）：模板中缺少这一行");
    expect(read.rows.map((r) => r.indicatorId)).toEqual(PREFILLED.map((r) => r.indicatorId).filter((id) => id !== ON_TIME.id));
  });

  it("without the meta sheet the rows are still read; a damaged meta is an error", async () => {
    const without = await roundTrip((_, workbook) => workbook.removeWorksheet(workbook.getWorksheet("模板信息")!.id));
    expect(without.meta).toBeNull();
    expect(without.errors).toEqual([]);
    // The scale lists went with the sheet, but values are checked against the indicators, not the sheet.
    expect(without.rows).toEqual(PREFILLED);
    const damaged = await roundTrip((_, workbook) => {
      workbook.getWorksheet("模板信息")!.getCell("B3").value = "十三";
    });
    expect(damaged.meta).toBeNull();
    expect(damaged.errors).toEqual([{ row: null, column: null, message: "模板信息已损坏，无法确定是哪个单位、哪个月的填报表。请重新下载模板填写" }]);
    expect(damaged.rows).toEqual(PREFILLED);
  });

  it("a renamed sheet is found by its header; a deleted input column is reported", async () => {
    const renamed = await roundTrip((sheet) => {
      sheet.name = "6月";
    });
    expect(renamed.errors).toEqual([]);
    expect(renamed.rows).toEqual(PREFILLED);
    const noNote = await roundTrip((sheet) => sheet.spliceColumns(12, 1));
    expect(noNote.errors).toEqual([{ row: 3, column: "备注", message: "第3行：没有找到“备注”列，该列的内容无法读取（请不要修改或删除表头）" }]);
    expect(noNote.rows).toEqual(PREFILLED);
  });
});

describe("files that are not a filled template: one error, never a throw", () => {
  const onlyError = (read: TemplateRead) => {
    expect(read.meta).toBeNull();
    expect(read.rows).toEqual([]);
    expect(read.errors).toHaveLength(1);
    expect(read.errors[0]).toMatchObject({ row: null });
    return read.errors[0]!.message;
  };
  const junk = (n: number, seed: number) => {
    const random = rng(seed);
    return Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  };

  it.each([
    ["empty", new Uint8Array(), /^文件为空/],
    ["a PNG picture", Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...junk(500, 1)]), /^这是图片文件（PNG），不是表格。请在系统下载的月度填报模板上填写后上传$/],
    ["a PDF", new TextEncoder().encode("%PDF-1.7\n..."), /^这是 PDF 文件/],
    ["CSV text", new TextEncoder().encode("序号,项目名称\n1,办公设备购置\n"), /^这是文本文件/],
    ["random bytes", junk(4096, 7), /不是|无法/],
    ["a ZIP that is not a workbook", storedZip({ "word/document.xml": "<w:document/>" }), /^文件不是有效的 Excel 工作簿/],
    ["not a Uint8Array", "hello" as unknown as Uint8Array, /^文件为空/],
  ])("%s", async (_, bytes, message) => {
    expect(onlyError(await readMonthlyTemplate(bytes, INDICATORS))).toMatch(message);
  });

  it("a truncated or corrupted template", async () => {
    const bytes = await buildMonthlyTemplate(META, INDICATORS);
    expect(onlyError(await readMonthlyTemplate(bytes.slice(0, bytes.length >> 1), INDICATORS))).toMatch(/^文件不是有效的 Excel 工作簿/);
    const flipped = bytes.slice();
    for (let i = 200; i < flipped.length - 200; i += 97) flipped[i] = flipped[i]! ^ 0xff;
    expect(onlyError(await readMonthlyTemplate(flipped, INDICATORS))).toMatch(/^文件不是有效的 Excel 工作簿/);
  });

  it("another workbook (table 12) has no id column", async () => {
    const message = onlyError(await readMonthlyTemplate(await table12Xlsx(), INDICATORS));
    expect(message).toBe("没有找到带隐藏“指标ID”列的填报表（工作表：“封面”、“表12”），无法把各行对应到指标。请在系统下载的月度填报模板上填写后上传，不要把内容复制到新的工作簿");
  });
});

describe("numbers from text", () => {
  it.each([
    ["１,２００", "", "1200"],
    ["1,234,567.890", "", "1234567.89"],
    ["050.500", "", "50.5"],
    ["2.1587", "万元", "2.1587"],
    ["2.1587万元", "万元", "2.1587"],
    ["30%", "%", "30"],
    ["３０％", "%", "30"],
    [".5", "", "0.5"],
    ["5.", "", "5"],
    ["-0", "", "0"],
    ["1.5E3", "", "1500"],
    ["1e-7", "", "0.0000001"],
  ])("%s (%s) → %s", (text, unit, value) => {
    expect(parseTemplateNumber(text, unit)).toEqual({ value });
  });

  it.each([
    ["1,2,3", "", "不是有效的数字"],
    ["30%", "箱", "不是有效的数字"],
    ["≥50", "", "不是有效的数字"],
    ["", "", "不是有效的数字"],
    [".", "", "不是有效的数字"],
    ["-1", "", "不能为负数"],
    ["0.000000001", "", "小数位数不能超过 8 位"],
    ["1e30", "", "数值过大"],
    ["1e999", "", "不是有效的数字"],
  ])("%s (%s) → %s", (text, unit, error) => {
    expect(parseTemplateNumber(text, unit)).toEqual({ error });
  });
});

describe("performance", () => {
  it("builds and reads back 200 indicators", async () => {
    const many: TemplateIndicator[] = Array.from({ length: 200 }, (_, i) => {
      const base = [PAPER, COST, SATISFACTION, QUALITY, ON_TIME][i % 5]!;
      return { ...base, id: uuid(1000 + i), name: `${base.name}${i + 1}`, projectName: `项目${Math.floor(i / 12) + 1}` };
    });
    const t0 = performance.now();
    const bytes = await buildMonthlyTemplate(META, many);
    const t1 = performance.now();
    const read = await readMonthlyTemplate(bytes, many);
    const t2 = performance.now();
    console.info(`200 indicators: build ${(t1 - t0).toFixed(0)} ms, read ${(t2 - t1).toFixed(0)} ms, ${(bytes.length / 1024).toFixed(0)} KB`);
    expect(read.errors).toEqual([]);
    expect(read.rows).toHaveLength(200);
    expect(read.rows[199]).toMatchObject({ row: 203, indicatorId: uuid(1199) });
    expect(t2 - t0).toBeLessThan(5000);
  });
});
