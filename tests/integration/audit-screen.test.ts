import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/chain";
import { exportAuditEvents, parseAuditFilters, searchAuditEvents } from "@/lib/audit/queries";
import { verifyTrail, type VerifyProgress } from "@/lib/audit/verify";
import { createAccount, setAccountStatus } from "@/lib/accounts/write";
import { counting, setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

// The auditor's screen in the auditor's language: events, objects, fields and values in Chinese,
// objects by name, before/after field by field; the export in the same words; the chain checked
// from the screen exactly as the command line checks it.

const db = setupTestDb();

describe("the auditor's screen", () => {
  it("finds an account's records by Chinese event and by the account's name, shows before/after field by field, in a fixed number of queries", async () => {
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const { actor: auditor } = await makeUser(db(), "AUDITOR");
    const unit = await db().unit.findUniqueOrThrow({ where: { code: "309001" } });
    const created = await createAccount(db(), admin, { displayName: "刘芳", username: "liufang", role: "REPORTER", unitId: unit.id }, { ip: "10.0.0.9" });
    await setAccountStatus(db(), admin, created.id, "DISABLED", { ip: "10.0.0.9" });

    const disabled = await searchAuditEvents(db(), auditor, parseAuditFilters({ action: "user.disable" }));
    expect(disabled.total).toBe(1);
    const [row] = disabled.rows;
    expect(row).toMatchObject({ event: "停用账户", group: "账户与权限", username: admin.username, ip: "10.0.0.9", outcomeLabel: "成功", object: { type: "账户", name: "刘芳（liufang）", id: created.id } });
    expect(row!.changes).toEqual([
      { key: "status", label: "状态", before: "正常", after: "已停用", changed: true },
      { key: "sessionsEnded", label: "结束该账户的全部会话", before: null, after: "是", changed: true },
    ]);
    const made = (await searchAuditEvents(db(), auditor, parseAuditFilters({ action: "user.create", object: "刘芳" }))).rows;
    expect(made).toHaveLength(1);
    expect(made[0]!.changes.map((c) => [c.label, c.after])).toEqual([
      ["用户名", "liufang"],
      ["姓名", "刘芳"],
      ["角色", "填报人"],
      ["单位", "柳州市大数据发展局"],
      ["部门", "柳州市大数据发展局"],
      ["状态", "正常"],
      ["首次登录须修改密码", "是"],
    ]);
    // By the account's name: both records about it; by the group: everything about accounts.
    expect((await searchAuditEvents(db(), auditor, parseAuditFilters({ object: "liufang" }))).rows.map((r) => r.event).sort()).toEqual(["停用账户", "创建账户"]);
    expect((await searchAuditEvents(db(), auditor, parseAuditFilters({ action: "group:user" }))).rows.every((r) => r.group === "账户与权限")).toBe(true);
    expect((await searchAuditEvents(db(), auditor, parseAuditFilters({ object: "账户" }))).total).toBeGreaterThanOrEqual(4);

    // A page costs the same handful of queries however many kinds of object it shows.
    const probe = counting(db());
    await searchAuditEvents(probe.client, auditor, {});
    expect(probe.count()).toBeLessThanOrEqual(20);
  });

  it("exports in the screen's words: Chinese event, object by name with its id, before and after by field", async () => {
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const { actor: auditor } = await makeUser(db(), "AUDITOR");
    const unit = await db().unit.findUniqueOrThrow({ where: { code: "309002" } });
    const created = await createAccount(db(), admin, { displayName: "陈静", username: "chenjing", role: "REVIEWER", unitId: unit.id });
    await setAccountStatus(db(), admin, created.id, "DISABLED");
    const file = await exportAuditEvents(db(), auditor, parseAuditFilters({ object: "chenjing", action: "user.disable" }), { ip: "10.0.0.2" });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.bytes) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(["编号", "时间（北京时间）", "用户", "地址", "事件", "事件类别", "对象类型", "对象", "对象编号", "结果", "说明", "修改前", "修改后"]);
    const values = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(values.slice(4, 10)).toEqual(["停用账户", "账户与权限", "账户", "陈静（chenjing）", created.id, "成功"]);
    expect(values[11]).toBe("★状态：正常");
    expect(values[12]).toBe("★状态：已停用\n★结束该账户的全部会话：是");
    const recorded = await db().auditEvent.findFirstOrThrow({ where: { action: "audit.export" }, orderBy: { id: "desc" } });
    expect(recorded).toMatchObject({ username: auditor.username, ip: "10.0.0.2", after: { object: "chenjing", action: "user.disable", count: 1 } });
  });

  it("checks the hash chain from the screen as the command line does, with progress, the last id and hash, and records the check", async () => {
    const { actor: auditor } = await makeUser(db(), "AUDITOR");
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const cli = await verifyAuditChain(db());
    const progress: VerifyProgress[] = [];
    const result = await verifyTrail(db(), auditor, (p) => void progress.push(p), { ip: "10.0.0.3", batchSize: 5 });
    expect(result).toMatchObject({ kind: "done", ok: true, checked: cli.checked, lastId: cli.lastId!.toString(), lastHash: cli.lastHash, firstBadId: null, problem: null });
    expect(progress[0]).toEqual({ kind: "progress", checked: 0, total: cli.checked });
    expect(progress.at(-1)!.checked).toBeGreaterThan(progress[1]!.checked);
    expect(progress.every((p, i) => i === 0 || p.checked === progress[i - 1]!.checked + 5)).toBe(true);
    const recorded = await db().auditEvent.findFirstOrThrow({ where: { action: "audit.verify" } });
    expect(recorded).toMatchObject({ username: auditor.username, ip: "10.0.0.3", outcome: "SUCCESS", after: { ok: true, checked: cli.checked, lastId: cli.lastId!.toString(), lastHash: cli.lastHash } });
    await expect(verifyTrail(db(), admin, () => undefined)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
