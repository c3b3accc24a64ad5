import { describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/login";
import { createDemoUsers, seedLiuzhou } from "@/lib/db/seed";
import { setupTestDb } from "../support/db";

const db = setupTestDb();

describe("seed: the Liuzhou bureau from its published table 12", () => {
  it("loads 2 units, 16 projects, 122 indicators and 5,420.06 万元, exactly", async () => {
    const seeded = await seedLiuzhou(db());
    expect(seeded.projects).toBe(16);
    expect(seeded.indicators).toBe(122);
    const dept = await db().department.findUniqueOrThrow({ where: { code: "309" }, include: { units: { orderBy: { code: "asc" } } } });
    expect(dept.name).toBe("柳州市大数据发展局");
    expect(dept.units.map((u) => `${u.code} ${u.name}`)).toEqual(["309001 柳州市大数据发展局", "309002 柳州市信息化建设管理中心"]);

    // Sums computed by PostgreSQL on numeric: no float anywhere.
    const [total] = await db().$queryRaw<{ total: string }[]>`SELECT sum(budget)::text AS total FROM "Project"`;
    expect(total!.total).toBe("54200600.00");
    const perUnit = await db().$queryRaw<{ code: string; total: string; n: bigint }[]>`
      SELECT u.code, sum(p.budget)::text AS total, count(*) AS n FROM "Project" p JOIN "Unit" u ON u.id = p."unitId" GROUP BY u.code ORDER BY u.code`;
    expect(perUnit.map((r) => [r.code, r.total, Number(r.n)])).toEqual([
      ["309001", "50565900.00", 8],
      ["309002", "3634700.00", 8],
    ]);
  });

  it("stores each project's indicators with their published counts and exact targets", async () => {
    await seedLiuzhou(db());
    const projects = await db().project.findMany({ orderBy: { seq: "asc" }, include: { _count: { select: { indicators: true } } } });
    expect(projects.map((p) => p._count.indicators)).toEqual([6, 6, 6, 6, 6, 6, 6, 6, 10, 6, 7, 7, 7, 17, 7, 13]);
    const cost = await db().indicator.findFirstOrThrow({ where: { name: "办公设备购置费" } });
    expect([cost.level1, cost.category, cost.comparator, cost.targetValue?.toString(), cost.unitOfMeasure, cost.direction]).toEqual([
      "OUTPUT", "COST", "LTE", "2.1587", "万元", "REVERSE",
    ]);
    const complaints = await db().indicator.findFirstOrThrow({ where: { name: "全年用户投诉量" } });
    expect([complaints.level1, complaints.comparator, complaints.targetValue?.toString(), complaints.direction]).toEqual([
      "SATISFACTION", "LTE", "50", "REVERSE",
    ]);
    const quality = await db().indicator.findFirstOrThrow({ where: { name: "质保服务" } });
    expect([quality.comparator, quality.targetText, quality.targetValue, quality.direction]).toEqual(["QUALITATIVE", "优", null, null]);
    expect(quality.rawText).toBe("质量指标：质保服务(优)");
  });

  it("seeds once: a second run changes nothing", async () => {
    await seedLiuzhou(db());
    const again = await seedLiuzhou(db());
    expect(again.created).toBe(false);
    expect(await db().project.count()).toBe(16);
    expect(await db().indicator.count()).toBe(122);
  });

  it("creates demo accounts with fresh passwords that work, and no fixed password", async () => {
    const { departmentId } = await seedLiuzhou(db());
    const accounts = await createDemoUsers(db(), departmentId);
    expect(accounts.map((a) => a.role).sort()).toEqual(
      ["ADMIN", "AUDITOR", "LEADER", "REPORTER", "REPORTER", "REVIEWER", "REVIEWER", "SECURITY_OFFICER"].sort(),
    );
    expect(new Set(accounts.map((a) => a.password)).size).toBe(accounts.length);
    const leader = accounts.find((a) => a.role === "LEADER")!;
    expect((await authenticate(db(), { username: leader.username, password: leader.password })).ok).toBe(true);
    for (const guess of ["admin", "123456", "password", leader.username]) {
      expect((await authenticate(db(), { username: "admin", password: guess })).ok).toBe(false);
    }
    // Only accounts that do not exist yet are created, so a restart prints nothing new.
    expect(await createDemoUsers(db(), departmentId)).toEqual([]);
  });
});
