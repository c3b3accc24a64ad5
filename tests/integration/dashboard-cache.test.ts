import { describe, expect, it } from "vitest";
import { recordExpenditure } from "@/lib/budget/records";
import { changeToken } from "@/lib/dashboard/cache";
import type { Overview } from "@/lib/dashboard/overview";
import { departmentOverview, unitOverview } from "@/lib/dashboard/queries";
import { counting, setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

// lib/dashboard/cache.ts: an overview is computed once per change of the data, whoever changes it.
const db = setupTestDb();


const NOW = { now: new Date("2025-06-20T04:00:00Z") };

describe("the overview cache", () => {
  it("serves an unchanged overview with one statement, and recomputes after any committed write", async () => {
    const { actor: leader } = await makeUser(db(), "LEADER");
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309001");
    const asOf = "2025-06-30";
    // The token is the server's snapshot, which other test files' writes also move: look for two
    // reads with no write anywhere in between, and check the second was served from the first.
    let first: Overview | null = null;
    for (let attempt = 0; attempt < 50 && !first; attempt++) {
      const before = await changeToken(db());
      const computed = (await departmentOverview(db(), leader, { asOf }))!;
      const { client, count } = counting(db());
      const again = await departmentOverview(client, leader, { asOf });
      if ((await changeToken(db())) !== before) continue;
      expect(again).toBe(computed);
      expect(count()).toBe(1);
      first = computed;
    }
    if (!first) throw new Error("no two reads without a write in between");

    // A payment through the app (audited) shows at once.
    const project = first.projects.find((p) => p.unitId === reporter.unitId)!;
    await recordExpenditure(db(), reporter, project.id, { date: "2025-06-18", amount: "1234.56", payee: "某公司", description: "缓存测试" }, NOW);
    const afterSave = (await departmentOverview(db(), leader, { asOf }))!;
    expect(afterSave).not.toBe(first);
    const spent = (o: Overview) => BigInt(o.total.spent.replace(".", ""));
    expect(spent(afterSave) - spent(first)).toBe(123456n);

    // So does a write that bypasses lib/ and the audit trail (a restore, a script).
    await db().expenditure.create({ data: { projectId: project.id, date: new Date("2025-06-19"), amount: "0.01", payee: "直接写入", createdById: reporter.id } });
    const afterRaw = (await departmentOverview(db(), leader, { asOf }))!;
    expect(spent(afterRaw) - spent(afterSave)).toBe(1n);
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
    // Five token reads and the statements of one computation — unless a write elsewhere on the
    // server moved the token between the five reads (other test files run alongside): retry then.
    let shared = false;
    for (let day = 1; day <= 20 && !shared; day++) {
      const before = await changeToken(db());
      const { client, count } = counting(db());
      const answers = await Promise.all(Array.from({ length: 5 }, () => departmentOverview(client, leader, { asOf: `2025-03-${String(day).padStart(2, "0")}` })));
      if ((await changeToken(db())) !== before) continue;
      expect(new Set(answers).size).toBe(1);
      expect(count()).toBe(5 - 1 + alone.count());
      shared = true;
    }
    expect(shared).toBe(true);
  });
});
