import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { recordExpenditure } from "@/lib/budget/records";
import type { Overview } from "@/lib/dashboard/overview";
import { lastYearAtSameDate } from "@/lib/dashboard/compare";
import { departmentOverview, unitOverview } from "@/lib/dashboard/queries";
import { SEED_FILE, seedAsDepartment, seedDepartment } from "@/lib/db/seed";
import { counting, setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

// lib/dashboard/cache.ts: an overview is computed once per change of its department's data, whoever
// changes it, and after a change only the projects that changed are read and built again.
const db = setupTestDb();

const NOW = { now: new Date("2025-06-20T04:00:00Z") };
const spent = (o: Overview) => BigInt(o.total.spent.replace(".", ""));

describe("the overview cache", () => {
  it("serves an unchanged overview with one statement, and recomputes after any committed write to its department", async () => {
    const { actor: leader } = await makeUser(db(), "LEADER");
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309001");
    const asOf = "2025-06-30";
    const first = (await departmentOverview(db(), leader, { asOf }))!;
    const { client, count } = counting(db());
    expect(await departmentOverview(client, leader, { asOf })).toBe(first);
    expect(count()).toBe(1);

    // A payment through the app (audited) shows at once.
    const project = first.projects.find((p) => p.unitId === reporter.unitId)!;
    await recordExpenditure(db(), reporter, project.id, { date: "2025-06-18", amount: "1234.56", payee: "某公司", description: "缓存测试" }, NOW);
    const afterSave = (await departmentOverview(db(), leader, { asOf }))!;
    expect(afterSave).not.toBe(first);
    expect(spent(afterSave) - spent(first)).toBe(123456n);

    // So does a write that bypasses lib/ and the audit trail (a restore, a script).
    await db().expenditure.create({ data: { projectId: project.id, date: new Date("2025-06-19"), amount: "0.01", payee: "直接写入", createdById: reporter.id } });
    const afterRaw = (await departmentOverview(db(), leader, { asOf }))!;
    expect(spent(afterRaw) - spent(afterSave)).toBe(1n);
  });

  it("keeps serving a department's overview while another department is written", async () => {
    const { actor: leader } = await makeUser(db(), "LEADER");
    const other = await seedDepartment(db(), seedAsDepartment(await readFile(SEED_FILE, "utf8"), "310"));
    const otherProject = await db().project.findFirstOrThrow({ where: { unit: { departmentId: other.departmentId } } });
    const asOf = "2025-06-30";
    const first = (await departmentOverview(db(), leader, { asOf }))!;
    // A payment, a check-in, a change of target and of a month's state, all in department 310.
    await db().expenditure.create({ data: { projectId: otherProject.id, date: new Date("2025-06-19"), amount: "99.00", payee: "别的部门", createdById: leader.id } });
    const indicator = await db().indicator.findFirstOrThrow({ where: { projectId: otherProject.id } });
    const report = await db().monthlyReport.create({ data: { unitId: otherProject.unitId, fiscalYearId: otherProject.fiscalYearId, month: 6 } });
    await db().checkIn.create({ data: { indicatorId: indicator.id, reportId: report.id, asOfDate: new Date("2025-06-30"), actualValue: "1", createdById: leader.id } });
    await db().indicator.update({ where: { id: indicator.id }, data: { name: `${indicator.name}（改）` } });
    await db().monthlyReport.update({ where: { id: report.id }, data: { status: "SUBMITTED" } });
    const { client, count } = counting(db());
    expect(await departmentOverview(client, leader, { asOf })).toBe(first);
    expect(count()).toBe(1);
  });

  it("after a write to one project, reads and builds that project again and keeps every other project's figures", async () => {
    const { actor: leader } = await makeUser(db(), "LEADER");
    const asOf = "2025-05-31";
    const first = (await departmentOverview(db(), leader, { asOf }))!;
    const [changed, ...others] = first.projects;
    await db().expenditure.create({ data: { projectId: changed!.id, date: new Date("2025-05-02"), amount: "10.00", payee: "一个项目", createdById: leader.id } });
    const { client, count } = counting(db());
    const second = (await departmentOverview(client, leader, { asOf }))!;
    // The counters, the frame, the month reports, and the changed project's facts: no more statements for 16 projects than for one.
    expect(count()).toBeLessThanOrEqual(7);
    expect(second.projects[0]!.execution.spent).not.toBe(changed!.execution.spent);
    expect(second.projects.slice(1)).toEqual(others);
    // Kept, not rebuilt: the very same objects.
    for (const [k, p] of others.entries()) expect(second.projects[k + 1]).toBe(p);
    expect(second.indicators.filter((i) => i.projectId !== changed!.id).every((i) => first.indicators.includes(i))).toBe(true);
    // And the whole is what a fresh computation gives.
    const { actor: fresh } = await makeUser(db(), "ADMIN");
    expect(stripIds(second)).toEqual(stripIds((await departmentOverview(db(), fresh, { asOf, departmentId: first.department.id, drafts: false }))!));
  });

  it("asks once whether last year is there: a department without it pays the counters alone on each visit, and this year's facts are not read for it", async () => {
    const { actor: leader } = await makeUser(db(), "LEADER");
    const o = (await departmentOverview(db(), leader, { asOf: "2025-06-30" }))!;
    const first = counting(db());
    expect(await lastYearAtSameDate(first.client, leader, o)).toBeNull();
    expect(first.count()).toBe(1); // the frame: no 2024 here, so no facts
    const again = counting(db());
    expect(await lastYearAtSameDate(again.client, leader, o)).toBeNull();
    expect(again.count()).toBe(1); // the change counters
  });

  it("keeps actors of different scopes apart under the same request", async () => {
    const { actor: leader } = await makeUser(db(), "LEADER");
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const units = async (o: Promise<{ projects: { unitId: string }[] } | null>) => new Set((await o)!.projects.map((p) => p.unitId));
    expect((await units(departmentOverview(db(), leader))).size).toBe(2);
    expect(await units(departmentOverview(db(), reporter))).toEqual(new Set([reporter.unitId]));
    // The unit page of another unit stays refused when the leader's answer is cached.
    const other = await db().unit.findUniqueOrThrow({ where: { code: "309001" } });
    await unitOverview(db(), leader, other.id);
    await expect(unitOverview(db(), reporter, other.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("shares one computation between concurrent misses", async () => {
    const { actor: leader } = await makeUser(db(), "LEADER");
    const alone = counting(db());
    await departmentOverview(alone.client, leader, { asOf: "2025-04-30" });
    const { client, count } = counting(db());
    const answers = await Promise.all(Array.from({ length: 5 }, () => departmentOverview(client, leader, { asOf: "2025-03-31" })));
    expect(new Set(answers).size).toBe(1);
    // One computation; the four requests that found it running check its counters when it is done
    // (a write may have committed between its reads and their arrival).
    expect(count()).toBe(alone.count() + 4);
  });
});

/** An overview without what differs between two equal computations (the check-ins' objects are equal, not the same). */
function stripIds(o: Overview) {
  return JSON.parse(JSON.stringify(o)) as unknown;
}
