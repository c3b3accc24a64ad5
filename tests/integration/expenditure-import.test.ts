import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { importExpenditures, previewExpenditureFile } from "@/lib/budget/expenditure-import-service";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

const db = setupTestDb();
const now = new Date("2026-11-26T08:00:00Z");

/** A finance-system export as units get it: a title, a header row, payments, a total row. */
async function exportFile(rows: (string | number)[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("支出明细");
  sheet.addRow(["柳州市信息化建设管理中心 支出明细账 2025年6月"]);
  sheet.addRow(["凭证日期", "凭证号", "摘要", "收款单位", "经济分类", "借方金额"]);
  for (const r of rows) sheet.addRow(r);
  sheet.addRow(["合计", "", "", "", "", 0]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe("importing expenditures from a finance-system export", () => {
  it("maps the columns, reports bad rows and duplicates, writes nothing until they are fixed, then all at once", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309002");
    const project = await db().project.findFirstOrThrow({ where: { name: "龙城市民云APP运维费" } });
    const file = await exportFile([
      ["2025-06-03", "记-601", "6月运维费", "某科技公司", "30213", 150000],
      ["2025-06-10", "记-602", "短信费", "某通信公司", "30207", "12,345.678"],
      ["2024-12-30", "记-603", "跨年", "某公司", "30213", 100],
      ["2025-06-18", "记-601", "6月运维费", "某科技公司", "30213", 150000],
    ]);
    const preview = await previewExpenditureFile(db(), actor, project.id, file);
    expect(preview.mapping).toMatchObject({ date: "凭证日期", voucherNo: "凭证号", payee: "收款单位", amount: "借方金额" });
    expect(preview.rows).toHaveLength(4);

    const first = await importExpenditures(db(), actor, project.id, { rows: preview.rows, mapping: preview.mapping }, { now });
    expect(first.saved).toBe(0);
    const byRow = Object.fromEntries(preview.rows.map((r, i) => [i, first.errors[r.row]]));
    expect(byRow[1]?.amount).toBe("金额最多两位小数（精确到分）");
    expect(byRow[2]?.date).toBe("日期须在 2025 年内");
    expect(byRow[3]?.duplicate).toContain("重复");
    expect(await db().expenditure.count({ where: { projectId: project.id } })).toBe(0);

    const fixed = preview.rows.map((r, i) => (i === 1 ? { ...r, amount: "12345.68" } : i === 2 ? { ...r, date: "2025-06-30" } : r)).filter((_, i) => i !== 3);
    const second = await importExpenditures(db(), actor, project.id, { rows: fixed, mapping: preview.mapping }, { now });
    expect(second).toEqual({ saved: 3, errors: {} });
    const sum = await db().expenditure.aggregate({ where: { projectId: project.id }, _sum: { amount: true } });
    expect(sum._sum.amount?.toFixed(2)).toBe("162445.68");
    expect((await db().auditEvent.findFirstOrThrow({ where: { action: "expenditure.import", objectId: project.id } })).after).toMatchObject({ count: 3, total: "162445.68" });

    // The mapping is remembered for the unit, and importing the same vouchers again is refused.
    const renamed = await exportFile([["2025-06-03", "记-601", "6月运维费", "某科技公司", "30213", 150000]]);
    const again = await previewExpenditureFile(db(), actor, project.id, renamed);
    const third = await importExpenditures(db(), actor, project.id, { rows: again.rows, mapping: again.mapping }, { now });
    expect(third.saved).toBe(0);
    expect(Object.values(third.errors)[0]?.duplicate).toContain("已录入");
    expect((await db().setting.findFirstOrThrow({ where: { key: { startsWith: "expenditureImport.mapping." } } })).value).toMatchObject({ amount: "借方金额" });
  });

  it("keeps other units out", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309001");
    const project = await db().project.findFirstOrThrow({ where: { name: "龙城市民云APP运维费" } });
    await expect(previewExpenditureFile(db(), actor, project.id, await exportFile([]))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(importExpenditures(db(), actor, project.id, { rows: [{ row: 3, date: "2025-06-03", amount: "1", payee: "x", voucherNo: "", economicClass: "", description: "" }] }, { now })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
