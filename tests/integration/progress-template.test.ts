import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { saveCheckIns } from "@/lib/progress/check-ins";
import { downloadMonthlyTemplate, previewMonthlyTemplate } from "@/lib/progress/template-service";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

const db = setupTestDb();

/** Opens the workbook, lets `edit` fill cells by indicator name, and saves it again (as a user would). */
async function fill(bytes: Uint8Array, values: Record<string, string | number>): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = book.getWorksheet("月度填报")!;
  let headerRow = 0;
  const columns: Record<string, number> = {};
  sheet.eachRow((row, n) => {
    if (headerRow) return;
    row.eachCell((cell, c) => {
      if (String(cell.value) === "三级指标") headerRow = n;
      columns[String(cell.value)] = c;
    });
  });
  sheet.eachRow((row, n) => {
    if (n <= headerRow) return;
    const name = String(row.getCell(columns["三级指标"]!).value ?? "");
    if (name in values) row.getCell(columns["本月累计实际完成值"]!).value = values[name]!;
  });
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe("the monthly Excel round trip", () => {
  it("downloads the unit's template, reads it back filled, previews per-row errors, then saves in one go", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309002");
    const template = await downloadMonthlyTemplate(db(), actor, 2025, 5);
    expect(template.fileName).toBe("柳州市信息化建设管理中心_2025年5月_绩效运行监控填报表.xlsx");
    const audit = await db().auditEvent.findFirstOrThrow({ where: { userId: actor.id, action: "progress.template.download" } });
    expect(audit.after).toMatchObject({ year: 2025, month: 5, indicators: 74 });

    const bad = await fill(template.bytes, { 龙城市民云注册用户数: 110, 龙城市民云故障排除率: 250, 全年用户投诉量: 8 });
    const preview = await previewMonthlyTemplate(db(), actor, 2025, 5, bad);
    expect(preview.errors).toEqual([]);
    expect(preview.rows.map((r) => [r.name, r.actual])).toEqual([
      ["龙城市民云注册用户数", "110"],
      ["龙城市民云故障排除率", "250"],
      ["全年用户投诉量", "8"],
    ]);
    expect(preview.rows.find((r) => r.name === "龙城市民云故障排除率")?.error).toBe("实际完成值是百分比，不能超过 100");
    expect(await db().checkIn.count()).toBe(0);

    const good = await fill(template.bytes, { 龙城市民云注册用户数: 110, 龙城市民云故障排除率: 100, 全年用户投诉量: 8 });
    const ok = await previewMonthlyTemplate(db(), actor, 2025, 5, good);
    expect(ok.validation).toEqual({ saved: 3, cleared: 0, errors: {}, conflicts: [] });
    const saved = await saveCheckIns(db(), actor, { year: 2025, month: 5, rows: ok.rows });
    expect(saved.saved).toBe(3);
    expect(await db().checkIn.count({ where: { report: { month: 5 } } })).toBe(3);
  });

  it("refuses another month's template and a file that is not a template", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309002");
    const april = await downloadMonthlyTemplate(db(), actor, 2025, 4);
    const wrong = await previewMonthlyTemplate(db(), actor, 2025, 3, await fill(april.bytes, { 全年用户投诉量: 3 }));
    expect(wrong.errors[0]?.message).toContain("与当前的 309002 2025 年 3 月不符，未导入任何内容");
    const junk = await previewMonthlyTemplate(db(), actor, 2025, 3, new TextEncoder().encode("not a workbook"));
    expect(junk.errors.length).toBeGreaterThan(0);
  });
});
