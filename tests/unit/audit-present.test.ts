import { describe, expect, it } from "vitest";
import { formatValue, present, type AuditRecord } from "@/lib/audit/present";

const names = new Map([
  ["Unit:11111111-1111-4111-8111-111111111111", "柳州市大数据发展局"],
  ["User:22222222-2222-4222-8222-222222222222", "刘芳（liufang）"],
]);
const record = (r: Partial<AuditRecord>): AuditRecord => ({ id: 7n, occurredAt: new Date("2026-03-01T08:00:00Z"), username: "admin", ip: "10.0.0.1", action: "user.disable", objectType: "User", objectId: "22222222-2222-4222-8222-222222222222", before: null, after: null, outcome: "SUCCESS", detail: null, ...r });

describe("an audit record in the auditor's words", () => {
  it("formats values: coded values, yes/no, empty, ids as names, lists and nested records", () => {
    expect(formatValue("status", "DISABLED", names)).toBe("已停用");
    expect(formatValue("status", "SUBMITTED", names)).toBe("已提交待审核");
    expect(formatValue("status", "BEHIND", names)).toBe("滞后");
    expect(formatValue("role", "SECURITY_OFFICER", names)).toBe("安全管理员");
    expect(formatValue("totpRoles", ["ADMIN", "AUDITOR"], names)).toBe("系统管理员、审计管理员");
    expect(formatValue("likelihood", "POSSIBLE", names)).toBe("有可能");
    expect(formatValue("mustChangePassword", true, names)).toBe("是");
    expect(formatValue("overspent", false, names)).toBe("否");
    expect(formatValue("unitId", null, names)).toBe("（空）");
    expect(formatValue("unitId", "11111111-1111-4111-8111-111111111111", names)).toBe("柳州市大数据发展局");
    expect(formatValue("unitId", "33333333-3333-4333-8333-333333333333", names)).toBe("33333333-3333-4333-8333-333333333333");
    expect(formatValue("action", "user.create", names)).toBe("创建账户");
    expect(formatValue("action", "group:user", names)).toBe("账户与权限（全部）");
    expect(formatValue("amount", 1200.5, names)).toBe("1200.5");
    expect(formatValue("overrides", [{ name: "服务器维护", computed: 8.5, score: 10, reason: "实际已达成" }], names)).toBe("名称：服务器维护，系统计算分：8.5，得分：10，原因：实际已达成");
    expect(formatValue("newUnits", [], names)).toBe("（无）");
    expect(formatValue("mapping", { headerRow: 3, columns: { l3: "指标名称", value: "目标值" }, values: { budget: "8.00" } }, names)).toBe("表头在第 3 行\n三级指标（指标名称）←列“指标名称”、指标值←列“目标值”\n预算金额（万元）＝“8.00”");
  });

  it("lays before and after side by side, one row per field, marking only what changed", () => {
    const shown = present(record({ before: { status: "ACTIVE" }, after: { status: "DISABLED", sessionsEnded: true } }), names);
    expect(shown).toMatchObject({ id: "7", event: "停用账户", group: "账户与权限", outcomeLabel: "成功", object: { type: "账户", name: "刘芳（liufang）", id: "22222222-2222-4222-8222-222222222222" } });
    expect(shown.changes).toEqual([
      { key: "status", label: "状态", before: "正常", after: "已停用", changed: true },
      { key: "sessionsEnded", label: "结束该账户的全部会话", before: null, after: "是", changed: true },
    ]);
    const edit = present(record({ action: "user.update", before: { displayName: "刘芳", unitId: "11111111-1111-4111-8111-111111111111" }, after: { displayName: "刘芳", unitId: null } }), names);
    expect(edit.changes.map((c) => [c.label, c.before, c.after, c.changed])).toEqual([
      ["姓名", "刘芳", "刘芳", false],
      ["单位", "柳州市大数据发展局", "（空）", true],
    ]);
    // Created: only what it was made with; nothing is "changed" without a before.
    const created = present(record({ action: "user.create", after: { role: "REPORTER" } }), names);
    expect(created.changes).toEqual([{ key: "role", label: "角色", before: null, after: "填报人", changed: false }]);
  });

  it("names objects without a row, and says so when an event or field was never catalogued", () => {
    expect(present(record({ action: "security.policy.change", objectType: "Setting", objectId: "security.policy" }), names).object).toEqual({ type: "设置", name: "登录与密码策略", id: "security.policy" });
    expect(present(record({ objectId: "44444444-4444-4444-8444-444444444444" }), names).object?.name).toBe("（已不存在的记录）");
    const old = present(record({ action: "legacy.event", objectType: "Thing", after: { colour: "red" } }), names);
    expect([old.event, old.group, old.object?.type, old.changes[0]?.label]).toEqual(["未登记的事件（legacy.event）", null, "未登记的对象（Thing）", "未登记的字段（colour）"]);
  });
});
