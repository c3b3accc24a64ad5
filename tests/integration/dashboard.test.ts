import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { loadDashboardFacts } from "@/lib/dashboard/facts";
import { departmentOverview, filterIndicators, filterProjects, unitOverview } from "@/lib/dashboard/queries";
import { indicatorFromRow } from "@/lib/progress/status-input";
import { indicatorStatus, projectStatus, type IndicatorStatus } from "@/lib/progress/status";
import { getProjectDetail } from "@/lib/projects/detail";
import { snapshotApproval } from "@/lib/progress/reviewed";
import { counting, setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { rng } from "../support/random";

const db = setupTestDb();
const day = (d: Date) => d.toISOString().slice(0, 10);
const fen = (amount: { toFixed(n: number): string }) => BigInt(amount.toFixed(2).replace(".", ""));
const yuan = (f: bigint) => `${f < 0n ? "-" : ""}${(f < 0n ? -f : f) / 100n}.${String((f < 0n ? -f : f) % 100n).padStart(2, "0")}`;
/** a ÷ b as a percentage, 2 decimals, half-up — by hand, for positive a and b. */
const percent = (a: bigint, b: bigint) => {
  const units = (a * 20000n + b) / (2n * b);
  return `${units / 100n}.${String(units % 100n).padStart(2, "0")}`;
};

/** Random spending, adjustments and check-ins through 2025 for every seeded project (fixed seed). */
async function seedYear(db: Db, reporterId: string) {
  const random = rng(20251231);
  const projects = await db.project.findMany({ include: { indicators: true } });
  const expenditures = [];
  const adjustments = [];
  for (const p of projects) {
    const budgetFen = fen(p.budget);
    for (let month = 1; month <= 12; month++) {
      if (random() < 0.35) continue;
      const amount = BigInt(Math.floor(random() * Number(budgetFen / 10n)));
      expenditures.push({ projectId: p.id, date: new Date(Date.UTC(2025, month - 1, 1 + Math.floor(random() * 27))), amount: yuan(amount), payee: "某公司", createdById: reporterId });
    }
    if (random() < 0.3) adjustments.push({ projectId: p.id, date: new Date(Date.UTC(2025, Math.floor(random() * 12), 10)), amount: yuan(BigInt(Math.floor(random() * Number(budgetFen / 5n))) - budgetFen / 10n), reason: "年中调整", approvedBy: "市财政局", createdById: reporterId });
  }
  await db.expenditure.createMany({ data: expenditures });
  await db.budgetAdjustment.createMany({ data: adjustments });

  const fiscalYear = await db.fiscalYear.findFirstOrThrow();
  for (const month of [3, 6, 12]) {
    for (const unit of await db.unit.findMany()) {
      const report = await db.monthlyReport.create({ data: { unitId: unit.id, fiscalYearId: fiscalYear.id, month, status: month === 12 ? "SUBMITTED" : "APPROVED" } });
      const checkIns = [];
      for (const p of projects.filter((x) => x.unitId === unit.id)) {
        for (const i of p.indicators) {
          if (random() < 0.25) continue;
          const target = i.targetValue ? Number(i.targetValue) : 0;
          const actualValue = i.targetValue ? String(Math.round(target * (0.2 + random()) * (month / 12) * 100) / 100) : null;
          const actualText = i.targetText ? (random() < 0.8 ? i.targetText : "较差") : null;
          checkIns.push({ indicatorId: i.id, reportId: report.id, asOfDate: new Date(Date.UTC(2025, month, 0)), actualValue, actualText, createdById: reporterId, likelihood: random() < 0.1 ? ("POSSIBLE" as const) : ("CERTAIN" as const) });
        }
      }
      await db.checkIn.createMany({ data: checkIns });
      // Approved as the workflow approves: with the signed copy leaders read (progress/reviewed.ts).
      if (report.status === "APPROVED") await snapshotApproval(db, [report.id]);
    }
  }
}


describe("the department overview", () => {
  it("equals the figures computed independently from the raw records, at the year end and mid-year", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309001");
    const { actor: leader } = await makeUser(db(), "LEADER");
    await seedYear(db(), reporter.id);
    const [projects, expenditures, adjustments] = await Promise.all([
      db().project.findMany({ include: { unit: true, indicators: true } }),
      db().expenditure.findMany(),
      db().budgetAdjustment.findMany(),
    ]);
    const checkIns = await db().checkIn.findMany({ include: { report: true } });

    // Leaders read reviewed data by default (months 3 and 6 approved, 12 only submitted); with drafts, everything.
    for (const [asOf, drafts] of [["2025-12-31", false], ["2025-12-31", true], ["2025-06-30", false], ["2025-06-30", true], ["2025-02-14", false]] as const) {
      const o = (await departmentOverview(db(), leader, { asOf, drafts }))!;
      expect(o.basis.drafts).toBe(drafts);
      expect(o.asOf).toBe(asOf);
      const sumUpTo = (rows: { date: Date; amount: { toFixed(n: number): string } }[], keep: (r: never) => boolean = () => true) =>
        rows.filter((r) => day(r.date) <= asOf && keep(r as never)).reduce((t, r) => t + fen(r.amount), 0n);
      const budget = projects.reduce((t, p) => t + fen(p.budget), 0n) + sumUpTo(adjustments);
      const spent = sumUpTo(expenditures);
      expect(o.total.adjustedBudget).toBe(yuan(budget));
      expect(o.total.spent).toBe(yuan(spent));
      expect(o.total.executionRate).toBe(percent(spent, budget));

      // Units: the rate of their sums.
      for (const u of o.units) {
        const own = new Set(projects.filter((p) => p.unitId === u.id).map((p) => p.id));
        const uBudget = projects.filter((p) => own.has(p.id)).reduce((t, p) => t + fen(p.budget), 0n) + sumUpTo(adjustments, (r: { projectId: string }) => own.has(r.projectId));
        const uSpent = sumUpTo(expenditures, (r: { projectId: string }) => own.has(r.projectId));
        expect([u.execution.adjustedBudget, u.execution.spent, u.execution.executionRate]).toEqual([yuan(uBudget), yuan(uSpent), percent(uSpent, uBudget)]);
      }

      // The monthly series: cumulative spending at each month's end.
      const month = Number(asOf.slice(5, 7));
      expect(o.series).toHaveLength(month);
      for (const point of o.series) {
        const upTo = point.date;
        expect(point.spent).toBe(yuan(expenditures.filter((e) => day(e.date) <= upTo).reduce((t, e) => t + fen(e.amount), 0n)));
      }

      // Statuses: latest check-in on or before asOf per indicator, found here by scanning the rows.
      const statuses = new Map<string, IndicatorStatus>();
      const fromDrafts = new Set<string>();
      for (const p of projects) {
        for (const i of p.indicators) {
          const latest = checkIns.filter((c) => c.indicatorId === i.id && day(c.asOfDate) <= asOf && (drafts || c.report?.status === "APPROVED")).sort((a, b) => (day(b.asOfDate) < day(a.asOfDate) ? -1 : 1))[0];
          const input = latest ? { asOfDate: day(latest.asOfDate), actualValue: latest.actualValue?.toString() ?? null, actualText: latest.actualText, likelihood: latest.likelihood } : null;
          statuses.set(i.id, indicatorStatus(indicatorFromRow(i), input, asOf, 2025).status);
          if (latest && latest.report?.status !== "APPROVED") fromDrafts.add(i.id);
        }
      }
      const indicatorCounts = { COMPLETED: 0, ON_TRACK: 0, AT_RISK: 0, BEHIND: 0, NOT_REPORTED: 0 };
      for (const s of statuses.values()) indicatorCounts[s] += 1;
      expect(o.indicatorCounts).toEqual(indicatorCounts);
      // Drafts are marked exactly where they are read, and every figure keeps its reviewed value beside it.
      expect(new Set(o.indicators.filter((i) => i.draft).map((i) => i.id))).toEqual(fromDrafts);
      if (asOf === "2025-12-31") expect(fromDrafts.size > 0).toBe(drafts);
      if (drafts) {
        const signed = (await departmentOverview(db(), leader, { asOf, drafts: false }))!;
        expect(o.reviewed!.indicatorCounts).toEqual(signed.indicatorCounts);
        expect(o.reviewed!.projectCounts).toEqual(signed.projectCounts);
        expect(o.reviewed!.projectedGrades).toEqual(signed.projectedGrades);
        expect(signed.projects.map((p) => o.reviewed!.projects[p.id]!.total)).toEqual(signed.projects.map((p) => p.evaluation.total));
        expect(signed.indicators.filter((i) => i.draft)).toEqual([]);
      } else {
        expect(o.reviewed).toBeNull();
        expect(o.basis.label).toBe(asOf === "2025-02-14" ? "已审核数据（尚无审核通过的月度填报）" : "截至 6 月已审核数据");
      }
      if (asOf === "2025-06-30") expect(Object.values(indicatorCounts).filter((n) => n > 0).length).toBeGreaterThanOrEqual(4);
      const projectCounts = { COMPLETED: 0, ON_TRACK: 0, AT_RISK: 0, BEHIND: 0, NOT_REPORTED: 0 };
      for (const p of projects) projectCounts[projectStatus(p.indicators.map((i) => statuses.get(i.id)!))] += 1;
      expect(o.projectCounts).toEqual(projectCounts);
      expect(filterProjects(o, { status: "BEHIND" })).toHaveLength(projectCounts.BEHIND);
      expect(filterIndicators(o, { risk: true })).toHaveLength(indicatorCounts.AT_RISK + indicatorCounts.BEHIND);

      // Reporting completeness of asOf's month: indicators with a check-in in that month's report.
      const reported = new Set(checkIns.filter((c) => c.report?.month === month).map((c) => c.indicatorId));
      expect(o.reporting).toMatchObject({ month, reported: reported.size, expected: 122 });
      // Warnings: red before yellow, one per project and kind at most.
      const levels = o.warnings.map((w) => w.level);
      expect(levels).toEqual([...levels].sort());
      expect(o.warnings.filter((w) => w.kind === "progress")).toHaveLength(projectCounts.BEHIND + projectCounts.AT_RISK);
    }

    // The project page, read through its own query, agrees with the overview at the year's end.
    const o = (await departmentOverview(db(), leader))!;
    for (const p of o.projects.slice(0, 4)) {
      expect((await getProjectDetail(db(), leader, p.id)).status).toBe(p.status);
    }
  });

  it("costs the same number of queries for 16 projects as for 56", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const { actor: leader } = await makeUser(db(), "LEADER");
    // The computation behind the cache (lib/dashboard/cache.ts) — a cached read is one statement.
    const measure = async (drafts = false) => {
      const { client, count } = counting(db());
      await loadDashboardFacts(client, leader, { drafts });
      return count();
    };
    const before = await measure();
    expect(before).toBeGreaterThanOrEqual(5);
    expect(before).toBeLessThanOrEqual(8);
    // With drafts the reviewed check-ins are read too, to mark what drafts moved: one statement more.
    const withDrafts = await measure(true);
    expect(withDrafts).toBe(before + 1);
    const template = await db().project.findFirstOrThrow({ where: { unit: { code: "309002" } } });
    for (let n = 0; n < 40; n++) {
      const p = await db().project.create({ data: { unitId: template.unitId, fiscalYearId: template.fiscalYearId, seq: 100 + n, name: `扩展项目${n}`, budget: "10000.00", annualGoal: "" } });
      await db().indicator.create({ data: { projectId: p.id, level1: "OUTPUT", category: "QUANTITY", name: "数量", comparator: "GTE", targetValue: "10", rawText: "数量(≥10个)", unitOfMeasure: "个", sortOrder: 1, checkIns: { create: { asOfDate: new Date("2025-05-31"), actualValue: "3", createdById: reporter.id } } } });
      await db().expenditure.create({ data: { projectId: p.id, date: new Date("2025-04-02"), amount: "1000.00", createdById: reporter.id } });
    }
    expect((await departmentOverview(db(), leader))!.projects).toHaveLength(56);
    expect(await measure()).toBe(before);
    expect(await measure(true)).toBe(withDrafts);
    const times: number[] = [];
    for (let n = 0; n < 30; n++) {
      const start = performance.now();
      await departmentOverview(db(), leader, { asOf: `2025-11-${String(n + 1).padStart(2, "0")}` }); // a new key each time: computed, not cached
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    console.log(`[dashboard] overview of 56 projects: ${before} queries, p50 ${times[14]!.toFixed(1)} ms, p95 ${times[28]!.toFixed(1)} ms`);
  });

  it("keeps a reporter to their unit, and a unit page to a unit the actor may see", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309001");
    const o = (await departmentOverview(db(), reporter))!;
    expect(new Set(o.projects.map((p) => p.unitId))).toEqual(new Set([reporter.unitId]));
    const other = await db().unit.findUniqueOrThrow({ where: { code: "309002" } });
    await expect(unitOverview(db(), reporter, other.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(unitOverview(db(), reporter, "not-a-uuid")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const own = await unitOverview(db(), reporter, reporter.unitId!);
    expect(own.unit.code).toBe("309001");
    const { actor: auditor } = await makeUser(db(), "AUDITOR");
    await expect(departmentOverview(db(), auditor)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
