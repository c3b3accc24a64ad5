import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { departmentLateness, latenessFor } from "@/lib/deadlines/lateness";
import { markReminderRead, sendReminder } from "@/lib/deadlines/reminders";
import { loadDeadlines, saveDeadlines } from "@/lib/deadlines/settings";
import { headerTodoCount, todoCount, todoList, type TodoList } from "@/lib/deadlines/todo";
import { counting, setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

// Nobody misses a deadline: each role's 待办 at three instants, the deadline boundary in China time,
// and reminders. The department asks from March (firstMonth 3), reports due on the 5th, reviews on the
// 10th of the next month. 309001's months: March approved, April returned, May submitted on 4 June,
// June a draft, nothing after; 309002 has reported nothing.

const db = setupTestDb();
const beijing = (local: string) => new Date(`${local}+08:00`);
const kinds = (list: TodoList) => list.items.map((i) => i.kind).sort();
const keys = (list: TodoList) => list.items.map((i) => i.key);

async function world() {
  const reporter = (await makeUser(db(), "REPORTER", "309001")).actor;
  const reviewer = (await makeUser(db(), "REVIEWER", "309001")).actor;
  const otherReporter = (await makeUser(db(), "REPORTER", "309002")).actor;
  const leader = (await makeUser(db(), "LEADER")).actor;
  const admin = (await makeUser(db(), "ADMIN")).actor;
  const unit = await db().unit.findUniqueOrThrow({ where: { code: "309001" } });
  const year = await db().fiscalYear.findFirstOrThrow({ where: { year: 2025 } });
  const report = (month: number, data: object) => db().monthlyReport.create({ data: { unitId: unit.id, fiscalYearId: year.id, month, ...data } });
  if ((await db().monthlyReport.count({ where: { unitId: unit.id } })) === 0) {
    await report(3, { status: "APPROVED", submittedAt: beijing("2025-04-03T10:00:00"), reviewedAt: beijing("2025-04-08T10:00:00") });
    const april = await report(4, { status: "RETURNED", submittedAt: beijing("2025-05-04T10:00:00"), reviewComment: "4月组织项目验收数量与验收报告不符，请核对" });
    await db().reportEvent.create({ data: { reportId: april.id, action: "RETURN", actorId: reviewer.id, comment: "4月组织项目验收数量与验收报告不符，请核对" } });
    await report(5, { status: "SUBMITTED", submittedAt: beijing("2025-06-04T09:00:00") });
    await report(6, { status: "DRAFT" });
  }
  const projects = await db().project.count({ where: { unitId: unit.id, fiscalYearId: year.id } });
  return { reporter, reviewer, otherReporter, leader, admin, unit, projects };
}

describe("待办 by role at three dates", () => {
  it("the admin sets the deadlines; a day outside 1–28 or a review before the report is refused in words and changes nothing", async () => {
    const { admin, leader } = await world();
    await expect(saveDeadlines(db(), admin, { reportDueDay: 29, reviewDueDay: 10, firstMonth: 3, evaluationDueMonth: 3, evaluationDueDay: 31 })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { reportDueDay: "填报截止日应为 1–28 的整数（每个月都有的日子，29–31 日不是每个月都有）" },
    });
    await expect(saveDeadlines(db(), admin, { reportDueDay: 12, reviewDueDay: 10, firstMonth: 3, evaluationDueMonth: 3, evaluationDueDay: 31 })).rejects.toMatchObject({ fieldErrors: { reviewDueDay: "审核截止日（10 日）不能早于填报截止日（12 日）" } });
    await expect(saveDeadlines(db(), leader, { reportDueDay: 5, reviewDueDay: 10, firstMonth: 3, evaluationDueMonth: 3, evaluationDueDay: 31 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db().deadlineSettings.count()).toBe(0);
    await saveDeadlines(db(), admin, { reportDueDay: "5", reviewDueDay: "10", firstMonth: "3", evaluationDueMonth: "3", evaluationDueDay: "31" });
    expect(await loadDeadlines(db(), admin.departmentId!)).toEqual({ reportDueDay: 5, reviewDueDay: 10, firstMonth: 3, evaluationDueMonth: 3, evaluationDueDay: 31 });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "deadlines.change" } });
    expect(audit.before).toMatchObject({ reportDueDay: 5, firstMonth: 1 });
    expect(audit.after).toMatchObject({ firstMonth: 3 });
  });

  it("5 July, noon in Beijing: June is due today, April is returned and late, May waits for review", async () => {
    const { reporter, reviewer, otherReporter, leader, admin } = await world();
    const at = beijing("2025-07-05T12:00:00");
    const mine = await todoList(db(), reporter, at);
    expect(keys(mine).sort()).toEqual(["fill:2025-6", "returned:2025-4"]);
    expect(mine.overdue).toBe(1);
    const returned = mine.items.find((i) => i.kind === "RETURNED")!;
    expect(returned).toMatchObject({ comment: "4月组织项目验收数量与验收报告不符，请核对", by: "测试REVIEWER", href: "/progress?year=2025&month=4" });
    expect(returned.due).toMatchObject({ due: "2025-05-05", overdue: true, daysLate: 61 });
    expect(mine.items.find((i) => i.kind === "FILL")!.due).toMatchObject({ due: "2025-07-05", overdue: false, daysLeft: 0 });
    // Returned first (with its comment), then what is overdue.
    expect(mine.items[0]!.kind).toBe("RETURNED");

    const review = await todoList(db(), reviewer, at);
    expect(keys(review)).toEqual(["review:2025-5"]);
    expect(review.items[0]).toMatchObject({ detail: "2025-06-04 提交", due: { due: "2025-06-10", overdue: true, daysLate: 25 } });

    // 309002 has reported nothing: March, April and May are late, June is due today.
    const other = await todoList(db(), otherReporter, at);
    expect(keys(other)).toEqual(["fill:2025-3", "fill:2025-4", "fill:2025-5", "fill:2025-6"]);
    expect(other.overdue).toBe(3);

    for (const boss of [leader, admin]) {
      const late = await todoList(db(), boss, at);
      expect(late.items.map((i) => i.title)).toEqual(["309001 柳州市大数据发展局：2 项逾期", "309002 柳州市信息化建设管理中心：3 项逾期"]);
      const u1 = late.items[0]!.unit!;
      expect(u1.reports.map((r) => r.month)).toEqual([4]);
      expect(u1.reviews.map((r) => r.month)).toEqual([5]);
      expect(late.items[0]!.detail).toBe("2025 年 4 月未提交；2025 年 5 月逾期未审核");
    }
  });

  it("the deadline boundary is midnight in Beijing, whatever the server's time zone", async () => {
    const { reporter, leader } = await world();
    const zone = process.env.TZ;
    for (const tz of ["UTC", "America/Los_Angeles", "Asia/Shanghai"]) {
      process.env.TZ = tz;
      const before = await todoList(db(), reporter, new Date("2025-07-05T15:59:59.999Z")); // 23:59:59.999 on 5 July in Beijing
      const after = await todoList(db(), reporter, new Date("2025-07-05T16:00:00.000Z")); // 00:00 on 6 July in Beijing
      expect(before.items.find((i) => i.key === "fill:2025-6")!.due, tz).toMatchObject({ overdue: false, daysLeft: 0 });
      expect(after.items.find((i) => i.key === "fill:2025-6")!.due, tz).toMatchObject({ overdue: true, daysLate: 1 });
      expect([before.overdue, after.overdue], tz).toEqual([1, 2]);
      const lateBefore = await departmentLateness(db(), leader.departmentId!, new Date("2025-07-05T15:59:59.999Z"));
      const lateAfter = await departmentLateness(db(), leader.departmentId!, new Date("2025-07-05T16:00:00.000Z"));
      expect(lateBefore.units[0]!.reports.map((r) => r.month), tz).toEqual([4]);
      expect(lateAfter.units[0]!.reports.map((r) => r.month), tz).toEqual([4, 6]);
    }
    process.env.TZ = zone;
  });

  it("8 January 2026: every month to December is asked for, and the year's self-evaluations", async () => {
    const { reporter, reviewer, leader, admin, unit, projects } = await world();
    const [submitted, returned] = await db().project.findMany({ where: { unitId: unit.id }, orderBy: { seq: "asc" }, take: 2 });
    await db().selfEvaluation.create({ data: { projectId: submitted!.id, status: "SUBMITTED" } });
    await db().selfEvaluation.create({ data: { projectId: returned!.id, status: "RETURNED", reviewComment: "请补充偏差原因分析" } });
    const at = beijing("2026-01-08T10:00:00");
    const mine = await todoList(db(), reporter, at);
    const fills = [6, 7, 8, 9, 10, 11, 12].map((m) => `fill:2025-${m}`);
    expect(mine.items.filter((i) => i.kind === "FILL").map((i) => i.key)).toEqual(fills);
    expect(mine.items.filter((i) => i.kind === "EVALUATE")).toHaveLength(projects - 2);
    expect(mine.items.find((i) => i.kind === "EVALUATION_RETURNED")).toMatchObject({ key: `evaluation-returned:${returned!.id}`, comment: "请补充偏差原因分析", href: `/projects/${returned!.id}/evaluation` });
    expect(mine.items).toHaveLength(fills.length + 1 + (projects - 2) + 1);
    // December was due on 5 January: every month is late; the evaluations are due on 31 March.
    expect(mine.overdue).toBe(fills.length + 1);
    expect(mine.items.find((i) => i.kind === "EVALUATE")!.due).toMatchObject({ due: "2026-03-31", overdue: false });
    expect(kinds(await todoList(db(), reviewer, at))).toEqual(["EVALUATION_REVIEW", "REVIEW"]);
    expect((await todoList(db(), admin, at)).items).toHaveLength(2);
    // After the evaluation deadline, the evaluations not approved are late too.
    const april = await todoList(db(), leader, beijing("2026-04-01T09:00:00"));
    expect(april.items[0]!.unit!.evaluations).toHaveLength(projects);
    const late = await todoList(db(), leader, at);
    expect(late.items.map((i) => i.unit!.reports.map((r) => r.month))).toEqual([[4, 6, 7, 8, 9, 10, 11, 12], [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]]);
    // Projects late in December (the latest month past its deadline): all of them, nothing was reported.
    expect(late.items[0]!.unit!.projects).toHaveLength(projects);
    expect(late.items[0]!.unit!.projects[0]).toMatchObject({ month: 12, reported: 0 });
  });

  it("a reminder reaches the unit's people at the top of their 待办 until each reads it; recorded; refused in words", async () => {
    const { reporter, reviewer, otherReporter, leader, unit } = await world();
    const at = beijing("2025-07-05T12:00:00");
    await expect(sendReminder(db(), reporter, unit.id, "快")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(sendReminder(db(), leader, "00000000-0000-4000-8000-000000000000", null)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(sendReminder(db(), leader, unit.id, "催".repeat(501))).rejects.toMatchObject({ code: "VALIDATION", message: "催办内容不能超过 500 字。" });
    await expect(sendReminder(db(), leader, unit.id, "请补报\u0000")).rejects.toMatchObject({ code: "VALIDATION", message: "催办内容含有无法保存的控制字符，请删除后重试。" });
    expect(await db().reminder.count()).toBe(0);
    const sent = await sendReminder(db(), leader, unit.id, "", { now: at });
    expect(sent.message).toBe("请尽快处理以下逾期事项：2025 年 4 月进展未提交，已逾期 61 天（截止 2025-05-05）；2025 年 5 月填报未审核，已逾期 25 天（截止 2025-06-10）。");
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "reminder.send" } });
    expect(audit).toMatchObject({ objectId: unit.id, outcome: "SUCCESS" });

    for (const person of [reporter, reviewer] as Actor[]) {
      const list = await todoList(db(), person, at);
      expect(list.items[0]).toMatchObject({ kind: "REMINDER", comment: sent.message, by: "测试LEADER" });
    }
    expect((await todoList(db(), otherReporter, at)).items.some((i) => i.kind === "REMINDER")).toBe(false);
    await expect(markReminderRead(db(), otherReporter, sent.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await markReminderRead(db(), reporter, sent.id);
    await markReminderRead(db(), reporter, sent.id); // twice is once
    expect((await todoList(db(), reporter, at)).items.some((i) => i.kind === "REMINDER")).toBe(false);
    expect((await todoList(db(), reviewer, at)).items[0]!.kind).toBe("REMINDER");
    expect(await db().auditEvent.count({ where: { action: "reminder.read" } })).toBe(1);
    expect((await departmentLateness(db(), leader.departmentId!, at)).units[0]!.lastReminder).not.toBeNull();
  });

  it("the header's count is kept per person and day, and follows every write a to-do list reads: a reminder, its reading, the deadline settings", async () => {
    const { reporter, reviewer, leader, admin, unit } = await world();
    const at = beijing("2025-07-05T12:00:00");
    // Kept or not, the header says what the to-do list says at that moment.
    const count = async (person: Actor, when = at) => {
      const kept = await headerTodoCount(db(), person, when);
      expect(kept).toEqual(await todoCount(db(), person, when));
      return kept.count;
    };
    const start = await count(reporter);
    expect(await count(reporter)).toBe(start);
    const sent = await sendReminder(db(), leader, unit.id, "请补报 6 月", { now: at });
    expect(await count(reporter)).toBe(start + 1);
    expect(await count(reviewer)).toBeGreaterThan(0);
    await markReminderRead(db(), reporter, sent.id);
    expect(await count(reporter)).toBe(start);
    // From July on only: June's draft is no longer asked for (April, returned, still is).
    const settings = await loadDeadlines(db(), unit.departmentId);
    await saveDeadlines(db(), admin, { ...settings, firstMonth: 7 });
    expect(await count(reporter)).toBe(start - 1);
    await saveDeadlines(db(), admin, settings);
    expect(await count(reporter)).toBe(start);
    // The next day is another key: what fell due overnight is counted.
    await count(reporter, beijing("2025-07-06T00:00:01"));
    await count(leader);
    await count(leader, beijing("2025-08-20T12:00:00"));
  });

  it("the overview's lateness line is kept per department and day, follows every write it reads, and is the actor's to read each time", async () => {
    const { reporter, leader, admin, unit } = await world();
    const at = beijing("2025-07-05T12:00:00");
    const late = async (when = at) => {
      const kept = await latenessFor(db(), leader, when);
      expect(kept).toEqual(await departmentLateness(db(), leader.departmentId!, when));
      return kept;
    };
    const first = await late();
    const { client, count } = counting(db());
    expect(await latenessFor(client, leader, at)).toBe(first);
    expect(count()).toBe(1); // the change counters, nothing else
    // June's draft submitted: not late any more (reviews are due on the 10th).
    const june = await db().monthlyReport.findFirstOrThrow({ where: { unitId: unit.id, month: 6 } });
    await db().monthlyReport.update({ where: { id: june.id }, data: { status: "SUBMITTED", submittedAt: at } });
    expect((await late()).units.find((u) => u.unitId === unit.id)!.reports.map((r) => r.month)).toEqual([4]);
    await sendReminder(db(), leader, unit.id, "请补报 4 月", { now: at });
    expect((await late()).units.find((u) => u.unitId === unit.id)!.lastReminder).not.toBeNull();
    const settings = await loadDeadlines(db(), unit.departmentId);
    await saveDeadlines(db(), admin, { ...settings, reportDueDay: 6, reviewDueDay: 11 });
    await late();
    await saveDeadlines(db(), admin, settings);
    // The next day is another key: what fell due overnight is late.
    expect((await late(beijing("2025-07-11T00:00:01"))).units.find((u) => u.unitId === unit.id)!.reviews.map((r) => r.month)).toEqual([5, 6]);
    await expect(latenessFor(db(), reporter, at)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
