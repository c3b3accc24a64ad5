import { describe, expect, it } from "vitest";
import { getProjectDetail } from "@/lib/projects/detail";
import { listProjects } from "@/lib/projects/queries";
import { updateAnnualGoal } from "@/lib/projects/update-annual-goal";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

const db = setupTestDb();

async function projectOf(unitCode: string) {
  return db().project.findFirstOrThrow({ where: { unit: { code: unitCode } }, orderBy: { seq: "asc" } });
}

describe("a unit's data stays in the unit (authorization in lib/)", () => {
  it("lists only the reporter's own unit; a leader sees the department", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309001");
    const { actor: leader } = await makeUser(db(), "LEADER");
    const own = await listProjects(db(), reporter);
    expect(own.projects).toHaveLength(8);
    expect(new Set(own.projects.map((p) => p.unitCode))).toEqual(new Set(["309001"]));
    expect(own.totalBudgetWan).toBe("5,056.59");
    const all = await listProjects(db(), leader);
    expect(all.projects).toHaveLength(16);
    expect(all.totalBudgetWan).toBe("5,420.06");
    expect(all.totalIndicators).toBe(122);
  });

  it("does not let a 309001 reporter read a 309002 project", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309001");
    const other = await projectOf("309002");
    await expect(getProjectDetail(db(), actor, other.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const mine = await projectOf("309001");
    await expect(getProjectDetail(db(), actor, mine.id)).resolves.toMatchObject({ id: mine.id, unitCode: "309001" });
  });

  it("does not let a 309001 reporter change a 309002 project; the refusal is audited and nothing changes", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309001");
    const other = await projectOf("309002");
    await expect(updateAnnualGoal(db(), actor, other.id, { annualGoal: "篡改后的目标文字" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db().project.findUniqueOrThrow({ where: { id: other.id } })).annualGoal).toBe(other.annualGoal);
    const denied = await db().auditEvent.findFirst({ where: { userId: actor.id, objectId: other.id }, orderBy: { id: "desc" } });
    expect(denied?.outcome).toBe("DENIED");
  });

  it("lets a reporter change their own project, audited with before and after", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309001");
    const mine = await projectOf("309001");
    await updateAnnualGoal(db(), actor, mine.id, { annualGoal: "  维持局内正常业务运行。  " });
    expect((await db().project.findUniqueOrThrow({ where: { id: mine.id } })).annualGoal).toBe("维持局内正常业务运行。");
    const event = await db().auditEvent.findFirstOrThrow({ where: { userId: actor.id, objectId: mine.id, outcome: "SUCCESS" } });
    expect(event.before).toEqual({ annualGoal: mine.annualGoal });
    expect(event.after).toEqual({ annualGoal: "维持局内正常业务运行。" });
  });

  it("refuses bad input with a field message and writes nothing", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309001");
    const mine = await projectOf("309001");
    const auditBefore = await db().auditEvent.count();
    await expect(updateAnnualGoal(db(), actor, mine.id, { annualGoal: "短" })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { annualGoal: "年度绩效目标至少 4 个字" },
    });
    expect(await db().auditEvent.count()).toBe(auditBefore);
  });

  it("gives leaders read-only access and the security officer and auditor no project data", async () => {
    const { actor: leader } = await makeUser(db(), "LEADER");
    const mine = await projectOf("309001");
    await expect(updateAnnualGoal(db(), leader, mine.id, { annualGoal: "领导不能改目标" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    for (const role of ["SECURITY_OFFICER", "AUDITOR"] as const) {
      const { actor } = await makeUser(db(), role);
      await expect(listProjects(db(), actor)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(getProjectDetail(db(), actor, mine.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("treats a malformed project id as not found", async () => {
    const { actor } = await makeUser(db(), "LEADER");
    await expect(getProjectDetail(db(), actor, "'; DROP TABLE \"Project\"; --")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
