import ExcelJS from "exceljs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/client";
import { GET as readRoute, POST as writeRoute } from "@/app/api/check-ins/route";
import { departmentOverview, unitOverview } from "@/lib/dashboard/queries";
import { projectEvaluation } from "@/lib/evaluation/projection";
import { getProjectDetail } from "@/lib/projects/detail";
import { saveCheckIns } from "@/lib/progress/check-ins";
import { uploadEvidence } from "@/lib/progress/evidence";
import { monthView } from "@/lib/progress/month-view";
import { reviewQueue, reviewReport, submitReport } from "@/lib/progress/reports";
import { downloadMonthlyTemplate, previewMonthlyTemplate } from "@/lib/progress/template-service";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { buildRequest } from "../support/fuzz-http";

// Monitoring you can trust: every value can be cleared (grid, template, JSON API), leaders read what
// was reviewed unless they ask for drafts (lib/progress/reviewed.ts), a month says how complete it is
// before it is submitted or approved, and the read API gives back what the write API takes.

const route = vi.hoisted(() => ({ actor: null as Actor | null, db: null as (() => Db) | null }));
vi.mock("@/app/session", () => ({ currentActor: async () => route.actor, activeActor: async () => route.actor }));
vi.mock("@/lib/db/client", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/db/client")>()), db: () => route.db!() }));

const dir = mkdtempSync(path.join(tmpdir(), "jixiao-trust-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const db = setupTestDb();
route.db = db;
const now = new Date("2026-11-26T08:00:00Z");
const YEAR = 2025;

async function indicatorsOf(projectName: string) {
  const project = await db().project.findFirstOrThrow({ where: { name: projectName }, include: { indicators: true } });
  return { project, by: (name: string) => project.indicators.find((i) => i.name === name)! };
}
const reportOf = (unitCode: string, month: number) => db().monthlyReport.findFirstOrThrow({ where: { month, unit: { code: unitCode } } });
const auditOf = (objectId: string) => db().auditEvent.findMany({ where: { objectId }, orderBy: { id: "asc" } });
const json = (body: unknown) => ({ kind: "json" as const, value: body });

/** The grid's payload for a row: every field, null for an emptied cell. */
const gridRow = (indicatorId: string, values: Partial<Record<"actual" | "forecast" | "likelihood" | "deviationCause" | "correctiveAction", string>>, version?: number) => ({
  indicatorId,
  version,
  actual: values.actual ?? null,
  forecast: values.forecast ?? null,
  likelihood: values.likelihood ?? null,
  deviationCause: values.deviationCause ?? null,
  correctiveAction: values.correctiveAction ?? null,
});

describe("clearing is an edit", () => {
  it("through the grid's action: a value typed into the wrong row is saved, then cleared — the check-in is removed, audited with before, and counts as 未填报 everywhere", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const { actor: leader } = await makeUser(db(), "LEADER");
    const { by } = await indicatorsOf("信息化项目建设管理工作经费");
    const wrong = by("项目管理经费"); // ≤ 7 万元
    const saved = await saveCheckIns(db(), reporter, { year: YEAR, month: 4, rows: [gridRow(wrong.id, { actual: "3", likelihood: "CERTAIN" })] }, { now });
    expect(saved).toMatchObject({ saved: 1, cleared: 0 });
    const checkIn = await db().checkIn.findFirstOrThrow({ where: { indicatorId: wrong.id } });
    expect((await monthView(db(), reporter, { year: YEAR, month: 4, now })).rows.find((r) => r.indicatorId === wrong.id)?.status).toBe("ON_TRACK");
    const withDrafts = await departmentOverview(db(), leader, { asOf: "2025-04-30", drafts: true });
    expect(withDrafts!.indicators.find((i) => i.id === wrong.id)).toMatchObject({ status: "ON_TRACK", draft: true });

    const cleared = await saveCheckIns(db(), reporter, { year: YEAR, month: 4, rows: [gridRow(wrong.id, {}, checkIn.version)] }, { now });
    expect(cleared).toEqual({ saved: 1, cleared: 1, errors: {}, conflicts: [] });
    expect(await db().checkIn.count({ where: { indicatorId: wrong.id } })).toBe(0);
    const trail = await auditOf(checkIn.id);
    expect(trail.map((e) => e.action)).toEqual(["checkIn.create", "checkIn.delete"]);
    expect(trail[1]).toMatchObject({ before: { actual: "3", forecast: null, likelihood: "CERTAIN", deviationCause: null, correctiveAction: null, note: null }, after: null, outcome: "SUCCESS" });
    const view = await monthView(db(), reporter, { year: YEAR, month: 4, now });
    expect(view.rows.find((r) => r.indicatorId === wrong.id)).toMatchObject({ current: null, status: "NOT_REPORTED" });
    expect(view.completeness.filled).toBe(0);
    const after = await departmentOverview(db(), leader, { asOf: "2025-04-30", drafts: true });
    expect(after!.indicators.find((i) => i.id === wrong.id)).toMatchObject({ status: "NOT_REPORTED", draft: false, latest: null });
    // Saving the emptied row again changes nothing and records nothing.
    expect(await saveCheckIns(db(), reporter, { year: YEAR, month: 4, rows: [gridRow(wrong.id, {})] }, { now })).toEqual({ saved: 0, cleared: 0, errors: {}, conflicts: [] });
    expect(await auditOf(checkIn.id)).toHaveLength(2);
  });

  it("each field clears on its own, audited with before and after, under the version check; a required one cannot be cleared", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const { by } = await indicatorsOf("信息化项目建设管理工作经费");
    const acceptance = by("组织项目验收数量"); // ≥ 5 个
    // 1 of 5 by 31 May: 20% against 41.37% of the year → 滞后, so cause and measure are required.
    await saveCheckIns(db(), reporter, { year: YEAR, month: 5, rows: [{ indicatorId: acceptance.id, actual: "1", forecast: "5", likelihood: "POSSIBLE", deviationCause: "STAFFING", correctiveAction: "增派验收人员", note: "5月只验收 1 个" }] }, { now });
    const first = await db().checkIn.findFirstOrThrow({ where: { indicatorId: acceptance.id, report: { month: 5 } } });

    // A required field set to null: refused with that field's message, nothing written.
    const refused = await saveCheckIns(db(), reporter, { year: YEAR, month: 5, rows: [{ indicatorId: acceptance.id, deviationCause: null, version: first.version }] }, { now });
    expect(refused.saved).toBe(0);
    expect(refused.errors[acceptance.id]).toEqual({ deviationCause: "本指标滞后，请选择偏差原因（本指标需要偏差原因，不能清空）" });
    expect((await db().checkIn.findUniqueOrThrow({ where: { id: first.id } })).version).toBe(first.version);

    // Forecast and note cleared by null, the rest left as they are (absent keys).
    const r1 = await saveCheckIns(db(), reporter, { year: YEAR, month: 5, rows: [{ indicatorId: acceptance.id, forecast: null, note: "", version: first.version }] }, { now });
    expect(r1).toMatchObject({ saved: 1, cleared: 0 });
    const second = await db().checkIn.findUniqueOrThrow({ where: { id: first.id } });
    expect([second.actualValue?.toString(), second.forecastValue, second.likelihood, second.deviationCause, second.correctiveAction, second.note, second.version]).toEqual(["1", null, "POSSIBLE", "STAFFING", "增派验收人员", null, first.version + 1]);
    const update = (await auditOf(first.id)).at(-1)!;
    expect(update).toMatchObject({ action: "checkIn.update", before: { forecast: "5", note: "5月只验收 1 个" }, after: { forecast: null, note: null, actual: "1" } });

    // A stale version is a conflict even for a clear.
    const stale = await saveCheckIns(db(), reporter, { year: YEAR, month: 5, rows: [{ indicatorId: acceptance.id, likelihood: null, version: first.version }] }, { now });
    expect(stale.conflicts).toEqual([{ indicatorId: acceptance.id, current: { actual: "1", version: second.version, by: "测试REPORTER" } }]);

    // Once on course (5 of 5), cause, measure and likelihood may be emptied; the actual last: the check-in goes.
    const r2 = await saveCheckIns(db(), reporter, { year: YEAR, month: 5, rows: [{ indicatorId: acceptance.id, actual: "5", likelihood: null, deviationCause: null, correctiveAction: null, version: second.version }] }, { now });
    expect(r2).toMatchObject({ saved: 1 });
    const third = await db().checkIn.findUniqueOrThrow({ where: { id: first.id } });
    expect([third.actualValue?.toString(), third.likelihood, third.deviationCause, third.correctiveAction]).toEqual(["5", null, null, null]);
    const r3 = await saveCheckIns(db(), reporter, { year: YEAR, month: 5, rows: [{ indicatorId: acceptance.id, actual: null, version: third.version }] }, { now });
    expect(r3).toMatchObject({ saved: 1, cleared: 1 });
    expect(await db().checkIn.findUnique({ where: { id: first.id } })).toBeNull();
  });

  it("refuses to clear an approved month, another unit's indicator, or a check-in that still has evidence — nothing changed", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const { actor: reviewer } = await makeUser(db(), "REVIEWER", "309002");
    const { actor: stranger } = await makeUser(db(), "REPORTER", "309001");
    const { by } = await indicatorsOf("信息化项目建设管理工作经费");
    const rate = by("验收通过率");
    await saveCheckIns(db(), reporter, { year: YEAR, month: 2, rows: [{ indicatorId: rate.id, actual: "100", likelihood: "CERTAIN" }] }, { now });
    const report = await reportOf("309002", 2);
    const checkIn = await db().checkIn.findFirstOrThrow({ where: { reportId: report.id } });
    await uploadEvidence(db(), reporter, { checkInId: checkIn.id, fileName: "验收单.pdf", bytes: new TextEncoder().encode("%PDF-1.4\n%%EOF\n") }, { dir, now });
    const withEvidence = await saveCheckIns(db(), reporter, { year: YEAR, month: 2, rows: [gridRow(rate.id, {}, checkIn.version)] }, { now });
    expect(withEvidence.errors[rate.id]?.actual).toBe("本月该指标的填报附有 1 份佐证材料，不能全部清空；请先在指标页删除佐证材料");
    await expect(saveCheckIns(db(), stranger, { year: YEAR, month: 2, rows: [gridRow(rate.id, {}, checkIn.version)] }, { now })).rejects.toMatchObject({ code: "FORBIDDEN" });

    await submitReport(db(), reporter, report.id, { reason: "其余指标 2 月无进展" });
    await reviewReport(db(), reviewer, report.id, "approve", "", { confirmIncomplete: true });
    await expect(saveCheckIns(db(), reporter, { year: YEAR, month: 2, rows: [{ indicatorId: rate.id, actual: null, version: checkIn.version }] }, { now })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "2 月填报已审核通过并锁定；如需修改请联系系统管理员重新打开。",
    });
    expect(await db().checkIn.findUniqueOrThrow({ where: { id: checkIn.id } })).toMatchObject({ version: checkIn.version });
    expect((await auditOf(checkIn.id)).map((e) => e.action)).toEqual(["checkIn.create"]);
  });

  it("through the Excel template: an emptied cell clears that field; a wholly emptied row removes the check-in", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const { by } = await indicatorsOf("信息化项目建设管理工作经费");
    const [count, rate] = [by("组织项目验收数量"), by("验收通过率")];
    await saveCheckIns(db(), reporter, { year: YEAR, month: 7, rows: [
      { indicatorId: count.id, actual: "4", forecast: "6", likelihood: "CERTAIN", note: "7月验收 4 个" },
      { indicatorId: rate.id, actual: "100", likelihood: "CERTAIN" },
    ] }, { now });
    const template = await downloadMonthlyTemplate(db(), reporter, YEAR, 7);
    const edited = await editTemplate(template.bytes, (cells) => {
      cells("组织项目验收数量", "全年预计完成值").value = null;
      cells("组织项目验收数量", "备注").value = "";
      for (const column of ["本月累计实际完成值", "完成目标可能性"]) cells("验收通过率", column).value = null;
    });
    const preview = await previewMonthlyTemplate(db(), reporter, YEAR, 7, edited);
    expect(preview.errors).toEqual([]);
    expect(preview.rows.map((r) => [r.name, r.change, r.actual, r.forecast, r.note])).toEqual([
      ["组织项目验收数量", "修改", "4", null, null],
      ["验收通过率", "清空", null, null, null],
    ]);
    const result = await saveCheckIns(db(), reporter, { year: YEAR, month: 7, rows: preview.rows }, { now });
    expect(result).toMatchObject({ saved: 2, cleared: 1 });
    const left = await db().checkIn.findMany({ where: { report: { month: 7, unit: { code: "309002" } } } });
    expect(left.map((c) => [c.indicatorId, c.actualValue?.toString(), c.forecastValue, c.note])).toEqual([[count.id, "4", null, null]]);
  });

  it("refuses a template of another unit or month, or with rows removed or added, naming the rows; nothing is written", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const { actor: stranger } = await makeUser(db(), "REPORTER", "309001");
    const before = await db().checkIn.count();
    const ours = await downloadMonthlyTemplate(db(), reporter, YEAR, 11);
    const theirs = await downloadMonthlyTemplate(db(), stranger, YEAR, 11);
    const foreign = await previewMonthlyTemplate(db(), reporter, YEAR, 11, theirs.bytes);
    expect(foreign.errors[0]?.message).toBe("这份模板是 309001 2025 年 11 月的，与当前的 309002 2025 年 11 月不符，未导入任何内容。请下载 11 月的模板填写。");
    expect(foreign.errors.filter((e) => e.message.includes("该行的指标不在本次填报的指标中")).map((e) => e.row)).toEqual(Array.from({ length: foreign.errors.filter((e) => e.message.includes("不在本次")).length }, (_, k) => 4 + k));
    expect(foreign.rows).toEqual([]);
    const october = await previewMonthlyTemplate(db(), reporter, YEAR, 10, ours.bytes);
    expect(october.errors.map((e) => e.message)).toEqual(["这份模板是 309002 2025 年 11 月的，与当前的 309002 2025 年 10 月不符，未导入任何内容。请下载 10 月的模板填写。"]);

    const removed = await editSheet(ours.bytes, (sheet) => sheet.spliceRows(6, 2));
    const gone = await previewMonthlyTemplate(db(), reporter, YEAR, 11, removed);
    expect(gone.errors.map((e) => e.row)).toEqual([6, 7]);
    expect(gone.errors[0]?.message).toMatch(/^第6行（.+）：模板中缺少这一行。请不要删除模板中的行/);
    const added = await editSheet(ours.bytes, (sheet) => {
      sheet.insertRow(8, ["", "新项目", "数量", "新指标", "≥ 1 个", "", 3]);
    });
    const extra = await previewMonthlyTemplate(db(), reporter, YEAR, 11, added);
    expect(extra.errors.map((e) => [e.row, e.message])).toEqual([[8, "第8行：这一行没有指标ID，无法对应到指标，该行未读取（请不要在模板中新增行，也不要把内容粘贴到表格以外的行）"]]);
    expect(await db().checkIn.count()).toBe(before);
  });

  it("through the JSON API: null clears, an absent key leaves the field as saved, a stale version is 409", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    route.actor = reporter;
    const { by } = await indicatorsOf("信息化项目建设管理工作经费");
    const count = by("组织项目验收数量");
    const post = async (rows: unknown[]) => {
      const response = await writeRoute(await buildRequest({ method: "POST", path: "/api/check-ins", body: json({ year: YEAR, month: 8, rows }) }));
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await post([{ indicatorId: count.id, actual: "5", forecast: "6", likelihood: "CERTAIN", note: "8月" }])).toEqual({ status: 200, body: { saved: 1, cleared: 0 } });
    const read = async () => {
      const response = await readRoute(await buildRequest({ method: "GET", path: "/api/check-ins", query: { year: String(YEAR), month: "8" } }));
      return ((await response.json()) as { rows: { indicatorId: string; forecast: string | null; note: string | null; version: number | null; actual: string | null }[] }).rows.find((r) => r.indicatorId === count.id)!;
    };
    const before = await read();
    expect(before).toMatchObject({ actual: "5", forecast: "6", note: "8月", version: 1 });
    expect(await post([{ indicatorId: count.id, forecast: null, version: before.version }])).toEqual({ status: 200, body: { saved: 1, cleared: 0 } });
    expect(await read()).toMatchObject({ actual: "5", forecast: null, note: "8月", version: 2 });
    const stale = await post([{ indicatorId: count.id, note: null, version: before.version }]);
    expect(stale.status).toBe(409);
    expect(await post([{ indicatorId: count.id, actual: null, likelihood: null, note: null, version: 2 }])).toEqual({ status: 200, body: { saved: 1, cleared: 1 } });
    expect(await read()).toMatchObject({ actual: null, forecast: null, note: null, version: null });
    const bad = await post([{ indicatorId: count.id, likelihood: "SURE" }]);
    expect(bad).toMatchObject({ status: 422, body: { errors: { [count.id]: { likelihood: "完成目标可能性只能是 确定能、有可能、完全不可能" } } } });
  });
});

describe("the read API", () => {
  it("gives one row per indicator of the unit, filled or not, in the shape the write API takes; leaders name a unit and read what was reviewed", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309001");
    const { actor: reviewer } = await makeUser(db(), "REVIEWER", "309001");
    const { actor: leader } = await makeUser(db(), "LEADER");
    const unit = await db().unit.findUniqueOrThrow({ where: { code: "309001" }, include: { projects: { include: { _count: { select: { indicators: true } } } } } });
    const expected = unit.projects.reduce((n, p) => n + p._count.indicators, 0);
    const { by } = await indicatorsOf("法律顾问费");
    const paper = by("年内召开法律讲座次数");
    await saveCheckIns(db(), reporter, { year: YEAR, month: 9, rows: [{ indicatorId: paper.id, actual: "2", forecast: "3", likelihood: "CERTAIN" }] }, { now });
    const get = async (actor: Actor, query: Record<string, string>) => {
      route.actor = actor;
      const response = await readRoute(await buildRequest({ method: "GET", path: "/api/check-ins", query: { year: String(YEAR), month: "9", ...query } }));
      return { status: response.status, body: (await response.json()) as { message?: string; status?: string; reviewedOnly?: boolean; rows: Record<string, unknown>[] } };
    };
    const mine = await get(reporter, {});
    expect(mine.status).toBe(200);
    expect(mine.body.rows).toHaveLength(expected);
    expect(mine.body.status).toBe("DRAFT");
    const row = mine.body.rows.find((r) => r.indicatorId === paper.id)!;
    expect(row).toMatchObject({ actual: "2", forecast: "3", likelihood: "CERTAIN", deviationCause: null, correctiveAction: null, note: null, version: 1, name: "年内召开法律讲座次数", target: "≥ 2 次", status: "DRAFT" });
    expect(typeof row.updatedAt).toBe("string");
    expect(mine.body.rows.filter((r) => r.actual === null)).toHaveLength(expected - 1);
    expect(mine.body.rows.find((r) => r.actual === null)).toMatchObject({ forecast: null, version: null, updatedAt: null });
    // Read, change, write back: the rows go back as they came.
    route.actor = reporter;
    const back = mine.body.rows.map((r) => (r.indicatorId === paper.id ? { ...r, actual: "3" } : r));
    const written = await writeRoute(await buildRequest({ method: "POST", path: "/api/check-ins", body: json({ year: YEAR, month: 9, rows: back }) }));
    expect(await written.json()).toEqual({ saved: 1, cleared: 0 });

    expect((await get(reviewer, {})).body.rows.find((r) => r.indicatorId === paper.id)).toMatchObject({ actual: "3", version: 2 });
    expect(await get(leader, {})).toMatchObject({ status: 422, body: { message: "请用 unitId 指定要读取的单位。" } });
    const reviewed = await get(leader, { unitId: unit.id });
    expect(reviewed.body).toMatchObject({ reviewedOnly: true, status: "DRAFT" });
    expect(reviewed.body.rows.filter((r) => r.actual !== null)).toEqual([]);
    expect((await get(leader, { unitId: unit.id, drafts: "1" })).body.rows.find((r) => r.indicatorId === paper.id)).toMatchObject({ actual: "3" });
    const other = await db().unit.findUniqueOrThrow({ where: { code: "309002" } });
    expect((await get(reporter, { unitId: other.id })).status).toBe(404);
    expect((await get(reporter, { month: "13" })).status).toBe(422);
  });
});

describe("completeness before submission and approval", () => {
  it("lists what is missing, asks the reporter for a reason and the reviewer for a confirmation; the queue shows 已填 n/m, the missing and the reason", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309001");
    const { actor: reviewer } = await makeUser(db(), "REVIEWER", "309001");
    const { by } = await indicatorsOf("柳州市智慧城市专项资金");
    const [projects, accepted, start] = [by("智慧城市建设项目数量"), by("建设项目验收合格率"), by("项目开工时间")];
    await saveCheckIns(db(), reporter, { year: YEAR, month: 10, rows: [
      { indicatorId: projects.id, actual: "25", forecast: "30", likelihood: "CERTAIN" },
      { indicatorId: accepted.id, actual: "100", likelihood: "CERTAIN" },
      { indicatorId: start.id, actual: "9", likelihood: "CERTAIN" },
    ] }, { now });
    const view = await monthView(db(), reporter, { year: YEAR, month: 10, now });
    const expected = view.rows.length;
    expect(view.completeness).toMatchObject({ filled: 3, expected, unexplained: [] });
    expect(view.completeness.unfilled).toHaveLength(expected - 3);
    expect(view.completeness.unfilled.map((m) => m.name)).toContain("购买打印纸");
    expect(view.rows.find((r) => r.indicatorId === start.id)?.hint).toBe("填完成的月份数字 1–12（12 月及以前为按时），尚未完成填 0");

    const report = await reportOf("309001", 10);
    await expect(submitReport(db(), reporter, report.id, { reason: " " })).rejects.toMatchObject({
      code: "VALIDATION",
      message: `本月填报不完整（已填 3/${expected}，${expected - 3} 项未填实际完成值）。如确需现在提交，请说明原因。`,
    });
    expect((await db().monthlyReport.findUniqueOrThrow({ where: { id: report.id } })).status).toBe("DRAFT");
    await submitReport(db(), reporter, report.id, { reason: "其余项目 10 月无新进展，11 月一并填报" });
    const [queued] = (await reviewQueue(db(), reviewer)).filter((r) => r.id === report.id);
    expect(queued).toMatchObject({ year: YEAR, month: 10, filled: 3, expected, complete: false, reason: "其余项目 10 月无新进展，11 月一并填报" });
    expect(queued!.missing!.unfilled).toHaveLength(expected - 3);
    await expect(reviewReport(db(), reviewer, report.id, "approve", "")).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringContaining(`已填 3/${expected}`) });
    await reviewReport(db(), reviewer, report.id, "approve", "", { confirmIncomplete: true });
    const approve = await db().reportEvent.findFirstOrThrow({ where: { reportId: report.id, action: "APPROVE" } });
    expect([approve.filled, approve.expected]).toEqual([3, expected]);
  });
});

describe("what leadership sees is what was reviewed", () => {
  it("dashboard, unit, project page and projection: reviewed by default, drafts marked with them (hand-computed at three dates); the leader's figures move only on approval", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309001");
    const { actor: reviewer } = await makeUser(db(), "REVIEWER", "309001");
    const { actor: leader } = await makeUser(db(), "LEADER");
    const { project, by } = await indicatorsOf("日常办公耗材购置");
    const [paper, quality, satisfaction] = [by("购买打印纸"), by("购买的耗材符合质量标准"), by("局内各业务科室满意度")];
    // Test-local months of 309001 (3 and 6); the other tests of this file use other months.
    await saveCheckIns(db(), reporter, { year: YEAR, month: 3, rows: [
      { indicatorId: paper.id, actual: "10", forecast: "50", likelihood: "CERTAIN" },
      { indicatorId: satisfaction.id, actual: "92", likelihood: "CERTAIN" },
    ] }, { now });
    const march = await reportOf("309001", 3);
    await submitReport(db(), reporter, march.id, { reason: "一季度只有两项有数据" });
    await reviewReport(db(), reviewer, march.id, "approve", "同意", { confirmIncomplete: true });
    const unitId = project.unitId;
    const figures = async (asOf: string, drafts: boolean) => {
      const o = (await unitOverview(db(), leader, unitId, { asOf, drafts }))!;
      const p = o.projects.find((x) => x.id === project.id)!;
      const status = (id: string) => o.indicators.find((i) => i.id === id)!.status;
      return { o, p, paper: status(paper.id), quality: status(quality.id), satisfaction: status(satisfaction.id) };
    };
    const beforeDraft = await figures("2025-06-30", false);

    // June as a draft: 30 boxes (60% of the target against 49.59% of the year) and the quality met.
    await saveCheckIns(db(), reporter, { year: YEAR, month: 6, rows: [
      { indicatorId: paper.id, actual: "30", likelihood: "CERTAIN" },
      { indicatorId: quality.id, actual: "是", likelihood: "CERTAIN" },
    ] }, { now });
    const total = project.indicators.length; // 6: 打印纸, 质量, 时效, 成本 (产出 50 ÷ 4 = 12.5 each), 可持续效益 30, 满意度 10
    const others = (await db().indicator.count({ where: { project: { unitId } } })) - total;
    expect((await db().expenditure.count({ where: { projectId: project.id } }))).toBe(0); // 执行率 0 → 0 of 10 at every date

    // 31 March: the draft is dated later, so both readings agree. 打印纸 10 of 50 = 20% vs 24.66% → 正常;
    // projection: 打印纸 by its forecast 50 → 12.5; 满意度 92 正常 → 10; the rest 0 → 22.50 (差).
    for (const drafts of [false, true]) {
      const march31 = await figures("2025-03-31", drafts);
      expect([march31.paper, march31.quality, march31.satisfaction]).toEqual(["ON_TRACK", "NOT_REPORTED", "ON_TRACK"]);
      expect(march31.p).toMatchObject({ status: "NOT_REPORTED", drafts: 0, evaluation: { total: "22.50", grade: "差" } });
      expect(march31.o.indicatorCounts).toEqual({ COMPLETED: 0, ON_TRACK: 2, AT_RISK: 0, BEHIND: 0, NOT_REPORTED: others + 4 });
    }
    // 30 June, reviewed: 打印纸 still 10 (20% vs 49.59% → 29.59 behind → 滞后); projection 22.50.
    const june = await figures("2025-06-30", false);
    expect(june).toMatchObject({ paper: "BEHIND", quality: "NOT_REPORTED", satisfaction: "ON_TRACK" });
    expect(june.p).toMatchObject({ status: "BEHIND", drafts: 0, evaluation: { total: "22.50" } });
    expect(june.o.indicatorCounts).toEqual({ COMPLETED: 0, ON_TRACK: 1, AT_RISK: 0, BEHIND: 1, NOT_REPORTED: others + 4 });
    expect(june.o.unit.atRisk).toBe(1);
    expect(june.o.basis.label).toBe("截至 3 月已审核数据");
    expect(june.o.indicatorCounts).toEqual(beforeDraft.o.indicatorCounts); // the draft moved nothing a leader sees
    // 30 June with drafts: 打印纸 30 → 正常 (target, 12.5); 质量 是 → 已完成 (达成 100%, 12.5); 满意度 10 → 35.00.
    const juneDrafts = await figures("2025-06-30", true);
    expect(juneDrafts).toMatchObject({ paper: "ON_TRACK", quality: "COMPLETED", satisfaction: "ON_TRACK" });
    expect(juneDrafts.p).toMatchObject({ status: "NOT_REPORTED", drafts: 2, evaluation: { total: "35.00", grade: "差" } });
    expect(juneDrafts.o.indicatorCounts).toEqual({ COMPLETED: 1, ON_TRACK: 2, AT_RISK: 0, BEHIND: 0, NOT_REPORTED: others + 3 });
    expect(juneDrafts.o.reviewed).toMatchObject({ indicatorCounts: june.o.indicatorCounts, projects: { [project.id]: { status: "BEHIND", total: "22.50" } }, units: { [unitId]: { atRisk: 1 } } });
    expect(juneDrafts.o.unit.atRisk).toBe(0);
    expect(juneDrafts.o.indicators.filter((i) => i.draft).map((i) => i.id).sort()).toEqual([paper.id, quality.id].sort());
    // 31 December, the year over: every line by its latest actual (a forecast no longer counts).
    // Reviewed: 打印纸 10 of 50 → 20% vs 100% → 滞后, 10 ÷ 50 × 12.5 = 2.5; 满意度 92 ≥ 90 → 10 → 12.50.
    // With drafts: 打印纸 30 → 滞后, 30 ÷ 50 × 12.5 = 7.5; 质量 是 → 12.5; 满意度 10 → 30.00.
    const december = await figures("2025-12-31", false);
    expect(december.p).toMatchObject({ status: "BEHIND", evaluation: { total: "12.50" } });
    const decemberDrafts = await figures("2025-12-31", true);
    expect(decemberDrafts).toMatchObject({ paper: "BEHIND", quality: "COMPLETED" });
    expect(decemberDrafts.p).toMatchObject({ status: "BEHIND", evaluation: { total: "30.00" } });

    // The project page reads the same way (its as-of date is the year's end, the year being over);
    // its unit's latest approved month is October (the completeness test above).
    const page = await getProjectDetail(db(), leader, project.id);
    expect(page).toMatchObject({ drafts: false, reviewed: null, basis: "截至 10 月已审核数据" });
    expect(projectEvaluation(page.execution, page.evaluationIndicators, page.asOfDate, YEAR).total).toBe("12.50");
    expect(page.recentCheckIns.every((c) => !c.draft)).toBe(true);
    const pageDrafts = await getProjectDetail(db(), leader, project.id, { drafts: true });
    expect(projectEvaluation(pageDrafts.execution, pageDrafts.evaluationIndicators, pageDrafts.asOfDate, YEAR).total).toBe("30.00");
    expect(projectEvaluation(pageDrafts.execution, pageDrafts.reviewed!.evaluationIndicators, pageDrafts.asOfDate, YEAR).total).toBe("12.50");
    expect(pageDrafts.groups.flatMap((g) => g.categories.flatMap((c) => c.indicators)).find((i) => i.id === quality.id)).toMatchObject({ status: "COMPLETED", reviewedStatus: "NOT_REPORTED", latest: { draft: true } });
    // Reporters read their own drafts, marked, by default.
    expect((await getProjectDetail(db(), reporter, project.id)).drafts).toBe(true);

    // Submitting moves nothing a leader sees; approving does.
    const juneReport = await reportOf("309001", 6);
    await submitReport(db(), reporter, juneReport.id, { reason: "其余指标 6 月无新数据" });
    expect((await figures("2025-06-30", false)).o.indicatorCounts).toEqual(june.o.indicatorCounts);
    await reviewReport(db(), reviewer, juneReport.id, "approve", "", { confirmIncomplete: true });
    const approved = await figures("2025-06-30", false);
    expect(approved.o.indicatorCounts).toEqual(juneDrafts.o.indicatorCounts);
    expect(approved.p.evaluation.total).toBe("35.00");
    expect(approved.o.basis.label).toBe("截至 6 月已审核数据");
  });
});

/** Opens a downloaded template, lets `edit` change its sheet, saves it as Excel would. */
async function editSheet(bytes: Uint8Array, edit: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  edit(book.getWorksheet("月度填报")!);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** Opens a downloaded template, lets `edit` change cells by indicator name and column header, saves it as Excel would. */
async function editTemplate(bytes: Uint8Array, edit: (cell: (indicator: string, column: string) => ExcelJS.Cell) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = book.getWorksheet("月度填报")!;
  const header = sheet.getRow(3);
  const columns = new Map<string, number>();
  header.eachCell((c, n) => columns.set(String(c.value), n));
  const rowOf = new Map<string, number>();
  sheet.eachRow((row, n) => {
    if (n > 3) rowOf.set(String(row.getCell(columns.get("三级指标")!).value ?? ""), n);
  });
  edit((indicator, column) => sheet.getCell(rowOf.get(indicator)!, columns.get(column)!));
  return new Uint8Array(await book.xlsx.writeBuffer());
}
