import { describe, expect, it } from "vitest";
import { createIndicator, deleteIndicator, getEditableIndicators, moveIndicator, targetHistory, updateIndicator } from "@/lib/targets/indicators";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

const db = setupTestDb();

async function project(unitCode: string, name?: string) {
  return db().project.findFirstOrThrow({ where: { unit: { code: unitCode }, ...(name ? { name } : {}) }, orderBy: { seq: "asc" } });
}

const input = { category: "数量", name: "测试台账", comparator: ">=", value: "５０", unit: "份" } as const;

describe("editing a project's indicators", () => {
  it("creates, updates, moves and deletes, each audited with before/after", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309001");
    const p = await project("309001");
    const created = await createIndicator(db(), actor, p.id, input);
    expect([created.comparator, created.targetValue?.toString(), created.unitOfMeasure, created.direction, created.rawText]).toEqual(["GTE", "50", "份", "FORWARD", "数量指标：测试台账(≥50份)"]);

    const updated = await updateIndicator(db(), actor, created.id, { ...input, comparator: "<=", value: "12.50", unit: "万元", category: "成本" }, created.version);
    expect([updated.level1, updated.category, updated.targetValue?.toString(), updated.direction, updated.version]).toEqual(["OUTPUT", "COST", "12.5", "REVERSE", 2]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { objectId: created.id, action: "indicator.update" } });
    expect(audit.before).toMatchObject({ projectId: p.id, category: "数量", target: "≥ 50 份" });
    expect(audit.after).toMatchObject({ category: "成本", target: "≤ 12.5 万元" });

    const list = await getEditableIndicators(db(), actor, p.id);
    const last = list.indicators.at(-1)!;
    expect(last.id).toBe(created.id);
    await moveIndicator(db(), actor, created.id, "up");
    const moved = await getEditableIndicators(db(), actor, p.id);
    expect(moved.indicators.at(-2)!.id).toBe(created.id);

    const current = await db().indicator.findUniqueOrThrow({ where: { id: created.id } });
    await deleteIndicator(db(), actor, created.id, { version: current.version });
    expect(await db().indicator.findUnique({ where: { id: created.id } })).toBeNull();
    const history = await targetHistory(db(), actor, p.id);
    expect(history.map((h) => h.action).slice(0, 3)).toEqual(["indicator.delete", "indicator.update", "indicator.create"]);
  });

  it("refuses the second of two saves from the same version, keeping the first", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309001");
    const p = await project("309001");
    const created = await createIndicator(db(), actor, p.id, input);
    await updateIndicator(db(), actor, created.id, { ...input, value: "60" }, created.version);
    await expect(updateIndicator(db(), actor, created.id, { ...input, value: "70" }, created.version)).rejects.toMatchObject({
      code: "CONFLICT",
      message: "该指标已被他人修改，请刷新后查看最新内容再保存。",
    });
    expect((await db().indicator.findUniqueOrThrow({ where: { id: created.id } })).targetValue?.toString()).toBe("60");
  });

  it("gives field messages for bad values and writes nothing", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309001");
    const p = await project("309001");
    const before = await db().indicator.count();
    await expect(createIndicator(db(), actor, p.id, { ...input, value: "五十" })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { value: expect.stringContaining("必须是数字") } });
    await expect(createIndicator(db(), actor, p.id, { ...input, value: "-3" })).rejects.toMatchObject({ fieldErrors: { value: "指标值不能为负数" } });
    await expect(createIndicator(db(), actor, p.id, { ...input, comparator: "qualitative", value: "100" })).rejects.toMatchObject({ fieldErrors: { value: expect.stringContaining("定性指标") } });
    await expect(createIndicator(db(), actor, p.id, { ...input, name: " " })).rejects.toMatchObject({ fieldErrors: { name: "请填写三级指标名称" } });
    expect(await db().indicator.count()).toBe(before);
  });

  it("keeps other units' targets out of reach, and leaders read-only", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309001");
    const other = await project("309002");
    const theirs = await db().indicator.findFirstOrThrow({ where: { projectId: other.id } });
    await expect(createIndicator(db(), actor, other.id, input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(updateIndicator(db(), actor, theirs.id, input, theirs.version)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteIndicator(db(), actor, theirs.id, { version: theirs.version })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db().indicator.findUniqueOrThrow({ where: { id: theirs.id } })).toEqual(theirs);
    const { actor: leader } = await makeUser(db(), "LEADER");
    await expect(createIndicator(db(), leader, other.id, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("after approval, a change needs a reason and is recorded as a 目标调整", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309002");
    const p = await project("309002", "办公设备购置");
    const target = await db().indicator.findFirstOrThrow({ where: { projectId: p.id, name: "碎纸机" } });
    await db().fiscalYear.update({ where: { id: p.fiscalYearId }, data: { targetsLockedAt: new Date() } });
    try {
      const edit = { category: "数量", name: "碎纸机", comparator: "=", value: "5", unit: "台" } as const;
      await expect(updateIndicator(db(), actor, target.id, edit, target.version)).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { reason: expect.stringContaining("调整原因") } });
      await updateIndicator(db(), actor, target.id, { ...edit, reason: "预算调整：追加一台" }, target.version);
      const [latest] = await targetHistory(db(), actor, p.id);
      expect(latest).toMatchObject({ action: "indicator.targetChange.update", reason: "预算调整：追加一台", before: { target: "= 4 台" }, after: { target: "= 5 台" } });
    } finally {
      await db().fiscalYear.update({ where: { id: p.fiscalYearId }, data: { targetsLockedAt: null } });
    }
  });
});
