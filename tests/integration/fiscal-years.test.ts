import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { recordRefusal } from "@/lib/audit/denied";
import { departmentOverview } from "@/lib/dashboard/queries";
import { inputError } from "@/lib/errors";
import { evaluationView, evaluationViews, saveEvaluation } from "@/lib/evaluation/service";
import { closedYearMessage, closeYear, latestFiscalYearInScope, reopenYear, yearsAdmin } from "@/lib/fiscal-years";
import { latestReportYear } from "@/lib/monitoring/report";
import { saveCheckIns } from "@/lib/progress/check-ins";
import { reopenReport } from "@/lib/progress/reports";
import { getProjectDetail } from "@/lib/projects/detail";
import { listProjects, projectScope, visibleYears } from "@/lib/projects/queries";
import { updateIndicator } from "@/lib/targets/indicators";
import { draftNextYear } from "@/lib/targets/next-year";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { approveEvaluation, fillDecember, formOf, spend } from "../support/fill-year";

// A closed fiscal year is read-only whatever path tries to write into it (the database refuses, with
// the user's message, recorded as a refusal); it still reads, with its approved records; pages read
// the year named in their URL, else the current one.

const db = setupTestDb();
let reporter: Actor, reviewer: Actor, leader: Actor, admin: Actor;
let year2025: string;
const MESSAGE = closedYearMessage(2025);
const LEGAL = "法律顾问费";

/** What a refused write answers: the error as runAction and the route handlers turn it into a message. */
async function refusal(write: Promise<unknown>) {
  const caught = await write.then(() => null, (e: unknown) => e);
  expect(caught, "the write should be refused").not.toBeNull();
  return inputError(caught) ?? caught;
}

beforeAll(async () => {
  const users: Actor[] = [];
  for (const [role, unit] of [["REPORTER", "309001"], ["REVIEWER", "309001"], ["LEADER"], ["ADMIN"]] as const) users.push((await makeUser(db(), role, unit)).actor);
  [reporter, reviewer, leader, admin] = users as [Actor, Actor, Actor, Actor];
  await fillDecember(db(), reporter, reviewer, 2025);
  await spend(db(), reporter, 2025, () => 95);
  await approveEvaluation(db(), reporter, reviewer, (await db().project.findFirstOrThrow({ where: { name: LEGAL } })).id);
  year2025 = (await db().fiscalYear.findFirstOrThrow({ where: { year: 2025 } })).id;
});

describe("fiscal years", () => {
  it("only the 系统管理员 closes a year; closing says how many evaluations were not approved, audited", async () => {
    await expect(closeYear(db(), leader, year2025)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await closeYear(db(), admin, year2025)).toEqual({ year: 2025, unapproved: 15 });
    await expect(closeYear(db(), admin, year2025)).rejects.toMatchObject({ code: "CONFLICT" });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "fiscalYear.close" } });
    expect(audit.after).toMatchObject({ year: 2025, projects: 16, approvedEvaluations: 1 });
    expect((await yearsAdmin(db(), admin)).years.map((y) => [y.year, y.state, y.label, y.projects, y.approved])).toEqual([[2025, "closed", "已关闭（只读）", 16, 1]]);
  });

  it("a closed year refuses every write, by every path, with one message; each refusal is recorded once", async () => {
    const legal = await db().project.findFirstOrThrow({ where: { name: LEGAL }, include: { indicators: { orderBy: { sortOrder: "asc" } } } });
    const indicator = legal.indicators[0]!;
    const december = await db().monthlyReport.findFirstOrThrow({ where: { fiscalYearId: year2025, month: 12, unitId: reporter.unitId! } });
    // What the reviewer approved and the month's workflow are part of the closed record too.
    expect(await db().reviewedCheckIn.count({ where: { indicatorId: indicator.id } })).toBe(1);
    expect(await db().reportEvent.count({ where: { reportId: december.id } })).toBe(2);
    const refused = [
      await refusal(saveCheckIns(db(), reporter, { year: 2025, month: 11, rows: [{ indicatorId: indicator.id, actual: "2", likelihood: "CERTAIN" }] })),
      await refusal(updateIndicator(db(), admin, indicator.id, { category: "数量", name: indicator.name, comparator: ">=", value: "3", unit: "次" }, indicator.version)),
      await refusal(db().expenditure.create({ data: { projectId: legal.id, date: new Date("2025-12-30"), amount: "100.00", createdById: reporter.id } })),
      await refusal(db().budgetAdjustment.create({ data: { projectId: legal.id, date: new Date("2025-12-30"), amount: "100.00", reason: "追加", approvedBy: "财政局", createdById: reporter.id } })),
      await refusal(db().$executeRaw`UPDATE "Project" SET "annualGoal" = 'x' WHERE "id" = ${legal.id}::uuid`),
      await refusal(db().selfEvaluationItem.deleteMany({ where: { selfEvaluation: { projectId: legal.id } } })),
      await refusal(db().checkIn.deleteMany({ where: { indicatorId: indicator.id } })),
      await refusal(reopenReport(db(), admin, december.id, "更正 12 月填报")),
      await refusal(db().reviewedCheckIn.updateMany({ where: { indicatorId: indicator.id }, data: { actualValue: "9" } })),
      await refusal(db().reportEvent.deleteMany({ where: { reportId: december.id } })),
    ];
    for (const error of refused) expect(error).toMatchObject({ code: "FORBIDDEN", message: MESSAGE });
    // The evaluation says so before writing anything.
    const office = await db().project.findFirstOrThrow({ where: { name: "日常办公耗材购置" } });
    await expect(saveEvaluation(db(), reporter, office.id, formOf(await evaluationView(db(), reporter, office.id)))).rejects.toMatchObject({ code: "FORBIDDEN", message: MESSAGE });
    expect(await db().expenditure.count({ where: { projectId: legal.id, date: new Date("2025-12-30") } })).toBe(0);
    expect((await db().project.findUniqueOrThrow({ where: { id: legal.id } })).annualGoal).toBe(legal.annualGoal);
    expect([(await db().monthlyReport.findUniqueOrThrow({ where: { id: december.id } })).status, await db().reportEvent.count({ where: { reportId: december.id } })]).toEqual(["APPROVED", 2]);
    // What runAction and the route handlers do with such an error: one access.denied record with the message.
    const before = await db().auditEvent.count({ where: { action: "access.denied" } });
    await recordRefusal(db(), reporter, "server-action", refused[0]);
    const denied = await db().auditEvent.findMany({ where: { action: "access.denied" }, orderBy: { id: "asc" } });
    expect(denied.length).toBe(before + 1);
    expect(denied.at(-1)!.detail).toBe(MESSAGE);
  });

  it("a closed year still reads: its approved record on every screen, nothing editable", async () => {
    const legal = await db().project.findFirstOrThrow({ where: { name: LEGAL } });
    const view = await evaluationView(db(), reporter, legal.id);
    expect([view.closed, view.figure.kind, view.can]).toEqual([true, "已审核", { edit: false, submit: false, review: false, reopen: false }]);
    expect((await evaluationViews(db(), leader, { year: 2025 })).length).toBe(16);
    expect((await departmentOverview(db(), leader, { year: 2025 }))!.projects.find((p) => p.id === legal.id)!.evaluation.kind).toBe("已审核");
    // The project page reads its year's state with the project (one scoped query): closed, read-only.
    expect((await getProjectDetail(db(), reporter, legal.id)).year).toMatchObject({ year: 2025, state: "closed", label: "已关闭（只读）" });
  });

  it("pages read the year in their URL, else the current one; a draft of next year is listed beside the closed one", async () => {
    await draftNextYear(db(), admin, { departmentId: (await db().department.findFirstOrThrow()).id, fromYear: 2025 });
    const years = (await visibleYears(db(), leader, { year: 2025 }))!;
    expect(years.years.map((y) => [y.year, y.state, y.label])).toEqual([[2026, "draft", "草案（由 2025 年度起草）"], [2025, "closed", "已关闭（只读）"]]);
    expect(years.current.year).toBe(2025);
    // 2026 is the calendar year of today (these tests run in it, or later): the current one.
    expect((await visibleYears(db(), leader))!.current.year).toBe(Number(new Date().toISOString().slice(0, 4)) >= 2026 ? 2026 : 2025);
    expect((await listProjects(db(), leader, { year: 2025 })).fiscalYear).toBe(2025);
    expect((await listProjects(db(), reporter, { year: 2026 })).projects).toHaveLength(8);
    // A year the department does not have reads the current one, never another department's.
    expect((await visibleYears(db(), leader, { year: 2019 }))!.current.year).toBe(years.years.find((y) => y.year === (Number(new Date().toISOString().slice(0, 4)) >= 2026 ? 2026 : 2025))!.year);
    // The year alone (the monitoring report's): the same choice in the same scope, and none for a scope without projects.
    const current = (await visibleYears(db(), leader))!.current.year;
    expect((await latestFiscalYearInScope(db(), leader, projectScope(leader)))?.year).toBe(current);
    expect((await latestFiscalYearInScope(db(), leader, projectScope(leader), { year: 2025 }))?.year).toBe(2025);
    expect((await latestFiscalYearInScope(db(), reporter, projectScope(reporter), { year: 2019 }))?.year).toBe(current);
    expect(await latestFiscalYearInScope(db(), leader, { id: "00000000-0000-4000-8000-000000000000" })).toBeNull();
    expect(await latestReportYear(db(), leader)).toBe(current);
  });

  it("reopening needs a reason, is audited, and makes the year writable again", async () => {
    await expect(reopenYear(db(), admin, year2025, " ")).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { reason: "请写明原因" } });
    await reopenYear(db(), admin, year2025, "审计发现 12 月支出漏记");
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "fiscalYear.reopen" } });
    expect(audit.detail).toBe("审计发现 12 月支出漏记");
    const legal = await db().project.findFirstOrThrow({ where: { name: LEGAL } });
    await db().expenditure.create({ data: { projectId: legal.id, date: new Date("2025-12-30"), amount: "100.00", createdById: reporter.id } });
    expect(await db().expenditure.count({ where: { projectId: legal.id, date: new Date("2025-12-30") } })).toBe(1);
    expect((await getProjectDetail(db(), reporter, legal.id)).year).toMatchObject({ year: 2025, state: "open", closedAt: null });
  });
});
