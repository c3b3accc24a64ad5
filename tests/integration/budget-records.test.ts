import { describe, expect, it } from "vitest";
import { recordAdjustment, recordExpenditure, reverseExpenditure } from "@/lib/budget/records";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

const db = setupTestDb();
const now = new Date("2026-11-26T08:00:00Z");
const project = (name: string) => db().project.findFirstOrThrow({ where: { name } });
const spent = async (projectId: string) => (await db().expenditure.aggregate({ where: { projectId }, _sum: { amount: true } }))._sum.amount?.toFixed(2) ?? "0.00";

describe("recording spending", () => {
  it("takes today as the calendar day in China: at 01:30 on 1 July (17:30 UTC on 30 June) a payment of 1 July is not in the future", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309002");
    const p = await project("龙城市民云APP运维费");
    const earlyMorning = { now: new Date("2025-06-30T17:30:00Z") };
    const ok = await recordExpenditure(db(), actor, p.id, { date: "2025-07-01", amount: "880.00", payee: "某公司", description: "凌晨录入" }, earlyMorning);
    expect(ok.id).toBeDefined();
    await expect(recordExpenditure(db(), actor, p.id, { date: "2025-07-02", amount: "880.00", payee: "某公司" }, earlyMorning)).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { date: "日期不能晚于今天" } });
    await db().expenditure.delete({ where: { id: ok.id! } });
  });

  it("records a payment to the fen, audited; refuses duplicates, bad amounts and dates, writing nothing", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309002");
    const p = await project("龙城市民云APP运维费");
    const ok = await recordExpenditure(db(), actor, p.id, { date: "2025-03-15", amount: "１２,３４５.６７", payee: "某科技公司", voucherNo: "记-0315" }, { now });
    expect(ok.id).toBeDefined();
    expect(await spent(p.id)).toBe("12345.67");
    const audit = await db().auditEvent.findFirstOrThrow({ where: { objectId: ok.id, action: "expenditure.create" } });
    expect(audit.after).toMatchObject({ amount: "12345.67", voucherNo: "记-0315", overspent: false });

    const before = { rows: await db().expenditure.count(), audit: await db().auditEvent.count() };
    const bad = async (input: Record<string, string>, field: string, message: string) =>
      expect(recordExpenditure(db(), actor, p.id, { date: "2025-03-16", amount: "100.00", payee: "某公司", ...input }, { now })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { [field]: message } });
    await bad({ amount: "12.345" }, "amount", "金额最多两位小数（精确到分）");
    await bad({ amount: "-5" }, "amount", "金额应为正数，单位为元，例如 12800.50");
    await bad({ amount: "" }, "amount", "请填写金额");
    await bad({ date: "2024-12-31" }, "date", "日期须在 2025 年内");
    await bad({ voucherNo: "记-0315", amount: "12345.67" }, "voucherNo", "凭证号 记-0315、金额 12345.67 元的支出已录入（2025-03-15）");
    expect({ rows: await db().expenditure.count(), audit: await db().auditEvent.count() }).toEqual(before);
  });

  it("asks for confirmation before spending beyond the adjusted budget or an amount that looks like 万元", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309001");
    const p = await project("日常办公耗材购置"); // 3.00 万元 = 30,000.00 元
    const small = await recordExpenditure(db(), actor, p.id, { date: "2025-04-01", amount: "3.5", payee: "文具店" }, { now });
    expect(small.needsConfirmation?.[0]).toContain("是否按万元填写了");
    expect(await spent(p.id)).toBe("0.00");
    const over = await recordExpenditure(db(), actor, p.id, { date: "2025-04-01", amount: "30000.01", payee: "文具店" }, { now });
    expect(over.needsConfirmation?.[0]).toContain("超过调整后预算 3.00 万元");
    const confirmed = await recordExpenditure(db(), actor, p.id, { date: "2025-04-01", amount: "30000.01", payee: "文具店", confirmed: "true" }, { now });
    expect(confirmed.id).toBeDefined();
    const audit = await db().auditEvent.findFirstOrThrow({ where: { objectId: confirmed.id } });
    expect(audit.after).toMatchObject({ overspent: true });
    expect(audit.detail).toContain("已确认");
  });

  it("reverses a payment with a linked negative record, once", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309002");
    const p = await project("办公设备购置");
    const { id } = await recordExpenditure(db(), actor, p.id, { date: "2025-05-10", amount: "800.00", payee: "家具厂" }, { now });
    const reversal = await reverseExpenditure(db(), actor, id!, "重复录入", { now });
    const row = await db().expenditure.findUniqueOrThrow({ where: { id: reversal.id } });
    expect([row.amount.toFixed(2), row.reversalOfId, row.date.toISOString().slice(0, 10)]).toEqual(["-800.00", id, "2025-12-31"]);
    expect(await spent(p.id)).toBe("0.00");
    await expect(reverseExpenditure(db(), actor, id!, "再来一次", { now })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(reverseExpenditure(db(), actor, reversal.id, "冲销冲销", { now })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("records budget adjustments and refuses a budget cut below zero", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309001");
    const p = await project("法律顾问费"); // 50,000.00 元
    await recordAdjustment(db(), actor, p.id, { date: "2025-07-01", amount: "+20000", reason: "追加法律服务", approvedBy: "柳财预〔2025〕12号" }, { now });
    await expect(recordAdjustment(db(), actor, p.id, { date: "2025-08-01", amount: "-70000.01", reason: "调减", approvedBy: "柳财预〔2025〕20号" }, { now })).rejects.toMatchObject({ fieldErrors: { amount: "调减后预算不能为负数" } });
    await expect(recordAdjustment(db(), actor, p.id, { date: "2025-08-01", amount: "0", reason: "无", approvedBy: "某" }, { now })).rejects.toMatchObject({ code: "VALIDATION" });
    const sum = await db().budgetAdjustment.aggregate({ where: { projectId: p.id }, _sum: { amount: true } });
    expect(sum._sum.amount?.toFixed(2)).toBe("20000.00");
  });

  it("keeps other units out: a 309001 reporter cannot record for a 309002 project; leaders cannot record", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309001");
    const p = await project("龙城市民云APP运维费");
    const before = await db().expenditure.count();
    await expect(recordExpenditure(db(), actor, p.id, { date: "2025-03-15", amount: "1.00", payee: "x" }, { now })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db().expenditure.count()).toBe(before);
    expect((await db().auditEvent.findFirstOrThrow({ where: { userId: actor.id, objectId: p.id } })).outcome).toBe("DENIED");
    const { actor: leader } = await makeUser(db(), "LEADER");
    await expect(recordExpenditure(db(), leader, p.id, { date: "2025-03-15", amount: "1.00", payee: "x" }, { now })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("budget overview", () => {
  it("rolls up units and the department from the sums, scoped to what the actor may see", async () => {
    const { budgetOverview } = await import("@/lib/budget/queries");
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const { actor: leader } = await makeUser(db(), "LEADER");
    const p = await project("柳州市电子政务信息系统安全等级保护工作"); // 440,000.00 元
    await recordExpenditure(db(), reporter, p.id, { date: "2025-06-20", amount: "220000", payee: "测评机构" }, { now });
    const all = await budgetOverview(db(), leader, { asOf: "2025-06-30" });
    const spentAll = (await db().expenditure.aggregate({ where: { date: { lte: new Date("2025-06-30T00:00:00Z") } }, _sum: { amount: true } }))._sum.amount!.toFixed(2);
    expect(all.total?.spent).toBe(spentAll);
    expect(all.total?.adjustedBudget).toBe((await db().project.aggregate({ _sum: { budget: true } }))._sum.budget!.toFixed(2));
    expect(all.units.map((u) => u.code)).toEqual(["309001", "309002"]);
    expect(all.projects).toHaveLength(16);
    expect(all.projects.find((x) => x.id === p.id)?.execution.executionRate).toBe("50.00");
    const own = await budgetOverview(db(), reporter, { asOf: "2025-06-30" });
    expect(own.units.map((u) => u.code)).toEqual(["309002"]);
    expect(own.projects).toHaveLength(8);
  });
});
