import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { evaluationView, saveEvaluation } from "@/lib/evaluation/service";
import { commitImport, previewImport, resolveImportYear, type ImportRequest } from "@/lib/targets/department-import";
import { deleteIndicator } from "@/lib/targets/indicators";
import { parseTargetsFile, parseTargetsText } from "@/lib/targets/import";
import { HEADER, SEED, TABLE12, TITLE_ROWS, table12Sheet, toDelimited } from "@/tests/fixtures/targets-import";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

// The rules of lib/targets/import/guard.ts, columns.ts, year.ts and normalise.ts, against a real
// database: a file that cannot be read proposes nothing; deletions are listed and confirmed; history is
// never deleted; the year comes from the file or the department; one table in any format is one table.

const db = setupTestDb();
let admin: Actor;

const GOAL_18 = "做好龙城市民云APP日常运维、安全和服务工作，";
/** The seed's table 12 as a spreadsheet holds it, with Excel's wrapping inside 龙城市民云's annual goal. */
const wrapped = () => table12Sheet().map((row) => (row[0] === "18" ? row.map((c, i) => (i === 5 ? c.replace(GOAL_18, `${GOAL_18}\n`) : c)) : row));

async function xlsxOf(rows: string[][], extraSheet?: string[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("表12");
  for (const row of rows) sheet.addRow(row.map((c, i) => (i === 4 && /^[\d,.]+$/.test(c) ? Number(c.replace(/,/g, "")) : c)));
  if (extraSheet) {
    const other = workbook.addWorksheet("表12（2026）");
    for (const row of extraSheet) other.addRow(row);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
const csv = (rows: string[][]) => new TextEncoder().encode(toDelimited(rows, ","));
/** GBK as Chinese Excel saves it, with \r\n, a full-width space and trailing spaces in the texts. */
const gbkCsv = (rows: string[][]) => new Uint8Array(iconv.encode(toDelimited(rows.map((r) => (r[0] === "18" ? r.map((c, i) => (i === 5 ? c.replace("，", "，\u3000") + "  " : c)) : r)), ","), "gbk"));

async function request(bytes: Uint8Array, fileName: string, code = "309", extra: Partial<ImportRequest> = {}, requested: number | null = null): Promise<ImportRequest> {
  const parse = await parseTargetsFile(bytes, { fileName });
  const { year, source } = await resolveImportYear(db(), code, parse.year, requested);
  return { department: { code, name: "" }, year, yearSource: source, parse, ...extra };
}

beforeAll(async () => {
  admin = (await makeUser(db(), "ADMIN")).actor;
});

describe("one table in any format is one table", () => {
  it("xlsx ↔ CSV ↔ GBK CSV of the seed, imported one after another: 与系统中现有内容完全一致 every time", async () => {
    const files: [string, Uint8Array][] = [["表12.xlsx", await xlsxOf(wrapped())], ["表12.csv", csv(table12Sheet())], ["表12-GBK.csv", gbkCsv(table12Sheet())]];
    // The seeded department came from the disclosure's text; a new one is first imported from the .xlsx.
    const first = await request(files[0]![1], files[0]![0], "331", { department: { code: "331", name: "格式测试局" } }, 2025);
    const into = (code: string, r: ImportRequest) => ({ ...r, parse: { ...r.parse, projects: r.parse.projects.map((p) => ({ ...p, unitCode: p.unitCode.replace(/^309/, code) })) } });
    expect((await commitImport(db(), admin, into("331", first))).changed).toBe(true);
    for (const code of ["309", "331"]) {
      for (const [name, bytes] of [...files, ...[...files].reverse()]) {
        const r = into(code, await request(bytes, name, code));
        const plan = await previewImport(db(), admin, r);
        expect([name, code, plan.hasChanges, plan.totals.unchanged, plan.year, plan.yearSource]).toEqual([name, code, false, 16, 2025, "department"]);
        expect((await commitImport(db(), admin, r)).changed).toBe(false);
      }
    }
    const goal = await db().project.findFirstOrThrow({ where: { name: "龙城市民云APP运维费", unit: { code: "331002" } }, select: { annualGoal: true } });
    expect(goal.annualGoal).toContain(`${GOAL_18}\n`); // kept as first imported: nothing was rewritten
  });

  it("a real text change shows the old and the new text side by side", async () => {
    const rows = table12Sheet().map((r) => (r[0] === "6" ? r.map((c, i) => (i === 5 ? "提升我局职工法律意识，降低法律风险，规范合同管理" : c)) : r));
    const plan = await previewImport(db(), admin, await request(csv(rows), "表12.csv"));
    const legal = plan.projects.find((p) => p.name === "法律顾问费")!;
    expect([legal.kind, legal.changes]).toEqual(["changed", [{ what: "年度绩效目标", before: "提升我局职工法律意识，降低我局法律风险", after: "提升我局职工法律意识，降低法律风险，规范合同管理" }]]);
  });
});

describe("a file that cannot be read proposes nothing", () => {
  it("a table-12 CSV without its 质量指标 column: an error naming the column, no plan", async () => {
    const column = HEADER.indexOf("质量指标");
    const rows = table12Sheet().map((r) => (r.length > column ? r.filter((_, i) => i !== column) : r));
    const r = await request(csv(rows), "表12.csv");
    expect(r.parse.projects).toEqual([]);
    const before = await db().auditEvent.count();
    await expect(previewImport(db(), admin, r)).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringMatching(/^无法读取该文件，未生成导入计划。第4行：表头缺少“质量指标”列/) });
    await expect(commitImport(db(), admin, r)).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await db().auditEvent.count()).toBe(before);
  });

  it("an empty .xlsx and random bytes: their error, and no plan to delete the 16 projects", async () => {
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet("Sheet1");
    const random = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251);
    for (const [bytes, name] of [[new Uint8Array(await empty.xlsx.writeBuffer()), "空.xlsx"], [random, "乱码.xlsx"]] as const) {
      const r = await request(bytes, name);
      await expect(previewImport(db(), admin, r)).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringContaining("未生成导入计划") });
    }
    expect(await db().project.count({ where: { unit: { code: { startsWith: "309" } } } })).toBe(16);
  });

  it("duplicate project names are refused with their rows", async () => {
    const rows = table12Sheet();
    const legal = rows.find((r) => r[0] === "6")!;
    const plan = await previewImport(db(), admin, await request(csv([...rows, [...legal]]), "表12.csv"));
    expect(plan.canCommit).toBe(false);
    expect(plan.problems).toContainEqual({ severity: "error", location: `第${rows.length + 1}行`, message: `同一单位下项目“法律顾问费”出现了两次（另一处在第${rows.indexOf(legal) + 1}行），请删去重复的一行。` });
  });
});

describe("deletions are listed, confirmed, and never of what has a history", () => {
  it("refuses to delete an indicator with check-ins or an evaluation, and a project with a history, naming each", async () => {
    const reporter = (await makeUser(db(), "REPORTER", "309001")).actor;
    const paper = await db().indicator.findFirstOrThrow({ where: { name: "购买打印纸", project: { unit: { code: "309001" } } } });
    await db().checkIn.create({ data: { indicatorId: paper.id, asOfDate: new Date("2025-06-30"), actualValue: "20", createdById: reporter.id } });
    const legal = await db().project.findFirstOrThrow({ where: { name: "法律顾问费" } });
    await saveEvaluation(db(), reporter, legal.id, { ...formOf(await evaluationView(db(), reporter, legal.id)) });
    const rows = table12Sheet()
      .map((r) => (r[0] === "3" ? r.map((c) => c.replace("数量指标：购买打印纸(≥50箱)", "")) : r))
      .map((r) => (r[0] === "6" ? r.map((c) => c.replace("可持续效益指标：加强局内职工法律意识(良好)", "")) : r))
      .filter((r) => r[0] !== "8"); // 保密机房维护费: no history, may go
    const plan = await previewImport(db(), admin, await request(csv(rows), "表12.csv"));
    expect(plan.deletions.confirmation).toBe("确认删除 1 个项目、8 个指标");
    expect(plan.deletions.projects).toEqual([{ unitCode: "309001", name: "保密机房维护费", indicators: 6 }]);
    expect(plan.deletions.indicators.map((i) => [i.projectName, i.name])).toEqual([["日常办公耗材购置", "购买打印纸"], ["法律顾问费", "加强局内职工法律意识"]]);
    expect(plan.canCommit).toBe(false);
    expect(plan.problems.filter((p) => p.severity === "error").map((p) => [p.location, p.message])).toEqual([
      ["项目“日常办公耗材购置”", "指标“购买打印纸”已有进展填报 1 条，不能通过导入删除；请在表中保留该指标（目标需要调整时在项目页修改并说明原因）。"],
      ["项目“法律顾问费”", "指标“加强局内职工法律意识”已有绩效自评评分，不能通过导入删除；请在表中保留该指标（目标需要调整时在项目页修改并说明原因）。"],
    ]);
    await expect(commitImport(db(), admin, { ...(await request(csv(rows), "表12.csv")), confirmDeletions: "确认删除 1 个项目、8 个指标" })).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await db().indicator.count({ where: { id: paper.id } })).toBe(1);
    // Nor in the project page: the editor names the check-ins it would lose.
    await expect(deleteIndicator(db(), reporter, paper.id, { version: paper.version })).rejects.toMatchObject({ code: "CONFLICT", message: "指标“购买打印纸”已有 1 条进展填报（2025-06-30），不能删除。" });

    // Without the history, the deletion goes through once confirmed in the plan's words.
    const onlyProject = table12Sheet().filter((r) => r[0] !== "8");
    const confirmed = { ...(await request(csv(onlyProject), "表12.csv")), confirmDeletions: "确认删除 1 个项目、6 个指标" };
    expect((await previewImport(db(), admin, confirmed)).canCommit).toBe(true);
    await expect(commitImport(db(), admin, { ...confirmed, confirmDeletions: "" })).rejects.toMatchObject({ message: expect.stringContaining("确认删除 1 个项目、6 个指标") });
    expect((await commitImport(db(), admin, confirmed)).changed).toBe(true);
    expect(await db().project.count({ where: { name: "保密机房维护费", unit: { code: "309001" } } })).toBe(0);
  });
});

describe("the year comes from the file, else the department", () => {
  it("names it, refuses a different one asked for, and refuses a file with two years", async () => {
    // The whole disclosure names 2025 in its titles (2025年部门预算…).
    const disclosure = parseTargetsText(SEED);
    expect(disclosure.year).toBe(2025);
    expect(await resolveImportYear(db(), "309", disclosure.year, null)).toEqual({ year: 2025, source: "file" });
    await expect(resolveImportYear(db(), "309", 2025, 2026)).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { year: expect.stringContaining("文件中标明为 2025 年度，与所填的 2026 年度不一致") } });
    // Table 12 alone names no year: the department's current one (2025), not this calendar year.
    expect(parseTargetsText(TABLE12).year).toBeNull();
    expect(await resolveImportYear(db(), "309", null, null)).toEqual({ year: 2025, source: "department" });
    expect(await resolveImportYear(db(), "309", null, 2024)).toEqual({ year: 2024, source: "form" });
    expect((await resolveImportYear(db(), "999", null, null)).source).toBe("calendar");
    // Two sheets titled for two years: refused with the places, nothing proposed.
    const titled = (year: number) => [[`柳州市大数据发展局${year}年项目绩效目标公开表`], ...TITLE_ROWS.slice(1), ...table12Sheet().slice(TITLE_ROWS.length)];
    const two = await request(await xlsxOf(titled(2025), titled(2026)), "两年.xlsx");
    const parse = await parseTargetsFile(await xlsxOf(titled(2025), titled(2026)));
    expect(parse.problems).toContainEqual({ severity: "error", fatal: true, location: "全文", message: "文件中有不同年度的表：工作表“表12” 第1行“柳州市大数据发展局2025年项目绩效目标公开表”（2025 年度）、工作表“表12（2026）” 第1行“柳州市大数据发展局2026年项目绩效目标公开表”（2026 年度）。一次只能导入一个年度，请分开导入。" });
    expect([parse.year, parse.projects.length]).toEqual([null, 16]);
    await expect(previewImport(db(), admin, two)).rejects.toMatchObject({ message: expect.stringContaining("文件中有不同年度的表") });
    const one = await parseTargetsFile(await xlsxOf(titled(2025)));
    expect(one.year).toBe(2025);
  });
});

function formOf(view: Awaited<ReturnType<typeof evaluationView>>) {
  const result = view.outcome.ok ? view.outcome.result : null;
  const lines = view.lines.map((line, n) => {
    const given = view.input.indicators[n]!;
    return { indicatorId: line.id, weight: given.weight ?? result!.indicators[n]!.weight, actual: given.actual ?? "", band: given.band ?? "", bandPercent: given.bandPercent ?? "", overrideScore: "", overrideReason: "", deviation: "" };
  });
  return { version: view.version, achievementText: "", weightReason: "", lines };
}
