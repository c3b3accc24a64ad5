import { readFile } from "node:fs/promises";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/audit/record";
import { importExpenditures } from "@/lib/budget/expenditure-import-service";
import { recordAdjustment, recordExpenditure, reverseExpenditure } from "@/lib/budget/records";
import { changeVersions, EVERYWHERE } from "@/lib/dashboard/cache";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { SEED_FILE, seedAsDepartment, seedDepartment } from "@/lib/db/seed";
import { markReminderRead, sendReminder } from "@/lib/deadlines/reminders";
import { loadDeadlines, saveDeadlines } from "@/lib/deadlines/settings";
import { decideEvaluation } from "@/lib/evaluation/service";
import { updateAnnualGoal } from "@/lib/projects/update-annual-goal";
import { saveCheckIns } from "@/lib/progress/check-ins";
import { reopenReport, reviewReport, submitReport } from "@/lib/progress/reports";
import { commitImport } from "@/lib/targets/department-import";
import { parseTargetsFile } from "@/lib/targets/import";
import { createIndicator, deleteIndicator, moveIndicator, setTargetsLocked, updateIndicator } from "@/lib/targets/indicators";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { saveEvaluationAs, validRow, YEAR } from "../support/fuzz-world";
import { createFileDatabase } from "../support/test-database";

// The change counters (prisma/migrations/20261206220000_change_counters, read by lib/dashboard/cache.ts):
// every write path that changes what the dashboards show moves, in the same transaction, the counter
// of the project it wrote and of its department — and no other department's; and writers never
// deadlock on them, whatever the order of their data writes and audit records.
const db = setupTestDb();
const dir = mkdtempSync(path.join(tmpdir(), "jixiao-counters-"));
process.env.EVIDENCE_DIR = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let departmentId: string;
let otherDepartmentId: string;
let otherProjectId: string;
let reporter: Actor;
let reviewer: Actor;
let admin: Actor;
let projects: { id: string; fiscalYearId: string; unitId: string }[];

beforeAll(async () => {
  ({ actor: reporter } = await makeUser(db(), "REPORTER", "309001"));
  ({ actor: reviewer } = await makeUser(db(), "REVIEWER", "309001"));
  ({ actor: admin } = await makeUser(db(), "ADMIN"));
  departmentId = admin.departmentId!;
  projects = await db().project.findMany({ where: { unitId: reporter.unitId! }, orderBy: { seq: "asc" }, select: { id: true, fiscalYearId: true, unitId: true } });
  otherDepartmentId = (await seedDepartment(db(), seedAsDepartment(await readFile(SEED_FILE, "utf8"), "310"))).departmentId;
  otherProjectId = (await db().project.findFirstOrThrow({ where: { unit: { departmentId: otherDepartmentId } } })).id;
});

/** Runs a write and says which of the watched counters it moved. */
async function moved(ids: string[], write: () => Promise<unknown>): Promise<string[]> {
  const before = await changeVersions(db(), ids);
  await write();
  const after = await changeVersions(db(), ids);
  return ids.filter((id) => before.get(id) !== after.get(id));
}

describe("the change counters", () => {
  it("move with every write path that changes what the dashboards show: the project, its department — no other department", async () => {
    const [p0, p1, p2] = projects;
    const watch = (projectId: string) => [projectId, departmentId, otherDepartmentId, otherProjectId, EVERYWHERE];
    const expectMoved = async (label: string, projectId: string, write: () => Promise<unknown>) => {
      expect({ label, moved: await moved(watch(projectId), write) }).toEqual({ label, moved: [projectId, departmentId] });
    };
    const indicator = await db().indicator.findFirstOrThrow({ where: { projectId: p0!.id }, orderBy: { sortOrder: "asc" } });

    await expectMoved("进展填报", p0!.id, () => saveCheckIns(db(), reporter, { year: YEAR, month: 4, rows: [validRow(indicator)] }));
    const report = await db().monthlyReport.findFirstOrThrow({ where: { unitId: p0!.unitId, month: 4 } });
    await expectMoved("提交月度填报", p0!.id, () => submitReport(db(), reporter, report.id, { reason: "其余指标本月无进展" }));
    // Approval copies the month's check-ins (ReviewedCheckIn) and changes the month's state: every
    // project of the unit moves, those without a check-in that month too (their drafts are marked by it).
    expect(await moved([p0!.id, p2!.id, departmentId, otherDepartmentId], () => reviewReport(db(), reviewer, report.id, "approve", "同意", { confirmIncomplete: true }))).toEqual([p0!.id, p2!.id, departmentId]);
    expect(await moved([p0!.id, p2!.id, departmentId, otherDepartmentId], () => reopenReport(db(), admin, report.id, "数据更正"))).toEqual([p0!.id, p2!.id, departmentId]);

    await expectMoved("录入支出", p0!.id, () => recordExpenditure(db(), reporter, p0!.id, { date: `${YEAR}-06-01`, amount: "1500.00", payee: "计数器测试公司", confirmed: true }));
    const payment = await db().expenditure.findFirstOrThrow({ where: { projectId: p0!.id, payee: "计数器测试公司" } });
    await expectMoved("冲销支出", p0!.id, () => reverseExpenditure(db(), reporter, payment.id, "录入错误"));
    await expectMoved("预算调整", p0!.id, () => recordAdjustment(db(), reporter, p0!.id, { date: `${YEAR}-06-02`, amount: "100", reason: "计数器调整", approvedBy: "财预〔2025〕2号" }));
    await expectMoved("导入支出", p0!.id, () => importExpenditures(db(), reporter, p0!.id, { rows: [{ row: 2, date: `${YEAR}-06-03`, amount: "300.00", payee: "计数器导入", voucherNo: "C-1", economicClass: "", description: "" }], mapping: {}, confirmed: true }));

    const made = await createIndicator(db(), admin, p1!.id, { category: "数量", name: "计数器新增指标", comparator: ">=", value: "10", unit: "台" });
    await expectMoved("修改指标", p1!.id, () => updateIndicator(db(), admin, made.id, { category: "数量", name: "计数器新增指标", comparator: ">=", value: "12", unit: "台" }, made.version));
    await expectMoved("调整指标顺序", p1!.id, () => moveIndicator(db(), admin, made.id, "up"));
    const current = await db().indicator.findUniqueOrThrow({ where: { id: made.id } });
    await expectMoved("删除指标", p1!.id, () => deleteIndicator(db(), admin, made.id, { version: current.version, reason: "计数器删除" }));
    await expectMoved("修改年度绩效目标", p1!.id, () => updateAnnualGoal(db(), admin, p1!.id, { annualGoal: "计数器年度目标" }));

    await expectMoved("保存绩效自评", p2!.id, () => saveEvaluationAs(db(), reporter, p2!.id, true));
    await expectMoved("审核通过绩效自评", p2!.id, () => decideEvaluation(db(), reviewer, p2!.id, "approve", "同意"));

    // The year's targets locked: the department's frame, no project.
    expect(await moved([p0!.id, departmentId, otherDepartmentId], () => setTargetsLocked(db(), admin, p0!.fiscalYearId, true))).toEqual([departmentId]);
    await setTargetsLocked(db(), admin, p0!.fiscalYearId, false);
  });

  it("move with an import: a changed target moves its project; a new department moves the list of departments everyone reads", async () => {
    const text = ["项目支出绩效目标表（2025年度）", "项目名称\t计数器导入项目", "主管部门及代码\t309柳州市大数据发展局\t实施单位\t柳州市 大数据发展局", "项目资金（万元）\t年度资金总额\t8.00", "年度目标\t保障服务器正常运行", "绩效指标\t一级指标\t二级指标\t三级指标\t指标值", "\t产出指标\t数量指标\t维护服务器台数\t≥10台"].join("\n");
    const request = async (t: string) => ({ department: { code: "309", name: "柳州市大数据发展局" }, year: YEAR, parse: await parseTargetsFile(new TextEncoder().encode(t), { fileName: "目标.txt" }), partial: true });
    expect(await moved([departmentId, otherDepartmentId, EVERYWHERE], async () => commitImport(db(), admin, await request(text)))).toEqual([departmentId]);
    const imported = await db().project.findFirstOrThrow({ where: { name: "计数器导入项目" } });
    expect(await moved([imported.id, departmentId, otherDepartmentId], async () => commitImport(db(), admin, await request(text.replace("≥10台", "≥12台"))))).toEqual([imported.id, departmentId]);
    const newDepartment = seedAsDepartment(await readFile(SEED_FILE, "utf8"), "311");
    expect(await moved([departmentId, otherDepartmentId, EVERYWHERE], () => seedDepartment(db(), newDepartment))).toEqual([EVERYWHERE]);
  });

  it("move what every overview reads when a person's name changes, and nothing when only a sign-in is recorded", async () => {
    expect(await moved([EVERYWHERE, departmentId], () => db().user.update({ where: { id: reporter.id }, data: { lastLoginAt: new Date() } }))).toEqual([]);
    expect(await moved([EVERYWHERE, departmentId], () => db().user.update({ where: { id: reporter.id }, data: { displayName: "改名后的填报人" } }))).toEqual([EVERYWHERE]);
  });

  it("move the department, and no other, for what only the to-do lists read: reminders, their reading, deadlines, a month's history", async () => {
    const leader = (await makeUser(db(), "LEADER")).actor;
    const settings = await loadDeadlines(db(), departmentId);
    expect(await moved([departmentId, otherDepartmentId, EVERYWHERE], () => saveDeadlines(db(), admin, { ...settings, reportDueDay: settings.reportDueDay === 5 ? 6 : 5 }))).toEqual([departmentId]);
    let sent: { id: string } | undefined;
    expect(await moved([departmentId, otherDepartmentId, EVERYWHERE], async () => (sent = await sendReminder(db(), leader, reporter.unitId!, "请补报")))).toEqual([departmentId]);
    expect(await moved([departmentId, otherDepartmentId, EVERYWHERE], () => markReminderRead(db(), reporter, sent!.id))).toEqual([departmentId]);
    const report = await db().monthlyReport.findFirstOrThrow({ where: { unitId: reporter.unitId! } });
    expect(await moved([departmentId, otherDepartmentId, EVERYWHERE], () => db().reportEvent.create({ data: { reportId: report.id, action: "SUBMIT", actorId: reporter.id } }))).toEqual([departmentId]);
    expect(await moved([departmentId, otherDepartmentId, EVERYWHERE], () => db().reminder.deleteMany({ where: { id: sent!.id } }))).toEqual([departmentId]);
  });

  it("are kept on every table the dashboards read", async () => {
    const rows = await db().$queryRaw<{ table: string; type: number }[]>`
      SELECT c.relname AS "table", t.tgtype::int AS "type" FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND t.tgname LIKE '%\_change\_%'`;
    const events = new Map<string, Set<string>>();
    // pg_trigger.tgtype: 4 INSERT, 8 DELETE, 16 UPDATE, 32 TRUNCATE.
    for (const r of rows) for (const [bit, name] of [[4, "INSERT"], [8, "DELETE"], [16, "UPDATE"], [32, "TRUNCATE"]] as const) if (r.type & bit) events.set(r.table, (events.get(r.table) ?? new Set()).add(name));
    const all = "DELETE,INSERT,TRUNCATE,UPDATE";
    // lib/dashboard/facts.ts and lib/evaluation/records.ts read these (and User for the names beside check-ins).
    expect(Object.fromEntries([...events].map(([table, e]) => [table, [...e].sort().join(",")]))).toEqual({
      BudgetAdjustment: all, CheckIn: all, Department: all, Expenditure: all, FiscalYear: all, Indicator: all, MonthlyReport: all,
      Project: all, ReviewedCheckIn: all, SelfEvaluation: all, Unit: all, User: "UPDATE",
      // …and the header's to-do count (lib/deadlines/todo.ts) these too.
      DeadlineSettings: all, Reminder: all, ReminderRead: all, ReportEvent: all,
    });
  });
});

describe("writers and the counters", () => {
  let url: string;
  let drop: () => Promise<void>;
  let wide: Db;
  beforeAll(async () => {
    const file = await createFileDatabase(inject("databaseUrl"));
    url = file.url;
    drop = file.drop;
    wide = createPrismaClient(url, 16);
    await seedDepartment(wide, await readFile(SEED_FILE, "utf8"));
  });
  afterAll(async () => {
    await wide.$disconnect();
    await drop();
  });

  it("never deadlock: 48 transactions writing two projects in either order, with their audit record before, between or after the writes", async () => {
    const [a, b] = await wide.project.findMany({ orderBy: { seq: "asc" }, take: 2, select: { id: true } });
    const writer = (await wide.user.create({ data: { username: "counter-writer", displayName: "并发写入", passwordHash: "x", role: "ADMIN" } })).id;
    const pay = (tx: Parameters<Parameters<Db["$transaction"]>[0]>[0], projectId: string) =>
      tx.expenditure.create({ data: { projectId, date: new Date("2025-06-01"), amount: "1.00", payee: "并发", createdById: writer } });
    const audit = (tx: Parameters<Parameters<Db["$transaction"]>[0]>[0]) => recordAudit(tx, { action: "expenditure.create", outcome: "SUCCESS" });
    const pause = (tx: Parameters<Parameters<Db["$transaction"]>[0]>[0]) => tx.$executeRaw`SELECT pg_sleep(0.01)`;
    const before = await changeVersions(wide, [a!.id, b!.id]);
    const shapes = [
      async (tx: Parameters<Parameters<Db["$transaction"]>[0]>[0]) => { await pay(tx, a!.id); await pause(tx); await audit(tx); await pay(tx, b!.id); },
      async (tx: Parameters<Parameters<Db["$transaction"]>[0]>[0]) => { await audit(tx); await pause(tx); await pay(tx, b!.id); await pay(tx, a!.id); },
      async (tx: Parameters<Parameters<Db["$transaction"]>[0]>[0]) => { await pay(tx, b!.id); await pause(tx); await pay(tx, a!.id); await audit(tx); },
      async (tx: Parameters<Parameters<Db["$transaction"]>[0]>[0]) => { await pay(tx, a!.id); await audit(tx); await pause(tx); },
    ];
    const results = await Promise.allSettled(Array.from({ length: 48 }, (_, n) => wide.$transaction(shapes[n % shapes.length]!, { timeout: 60_000, maxWait: 60_000 })));
    const failures = results.flatMap((r) => (r.status === "rejected" ? [String((r.reason as Error).message).slice(0, 200)] : []));
    expect(failures).toEqual([]);
    // Every transaction moved each counter it touched exactly once: 48 moved a's, 36 moved b's.
    const after = await changeVersions(wide, [a!.id, b!.id]);
    const count = (v: string | undefined) => Number(v!.split(":")[0]);
    expect(count(after.get(a!.id)) - count(before.get(a!.id))).toBe(48);
    expect(count(after.get(b!.id)) - count(before.get(b!.id))).toBe(36);
    // And nothing is left pending.
    const pending = new pg.Client({ connectionString: url });
    await pending.connect();
    expect((await pending.query(`SELECT count(*)::int AS n FROM "ChangePending"`)).rows[0].n).toBe(0);
    await pending.end();
  });
});
