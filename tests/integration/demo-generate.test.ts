import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/chain";
import { authenticate } from "@/lib/auth/login";
import type { Actor } from "@/lib/auth/roles";
import { departmentOverview } from "@/lib/dashboard/queries";
import { CityOptionsError, DemoDataExistsError, generateCity, type CityResult } from "@/lib/demo/generate";
import { cityPlanOptions, planCity } from "@/lib/demo/plan";
import { indicatorFromRow } from "@/lib/progress/status-input";
import { STATUS_LABELS } from "@/lib/progress/status";
import { validateCheckIn } from "@/lib/progress/validate";
import { totpCode } from "@/lib/security/totp";
import { setupTestDb } from "../support/db";
import { freePort } from "@/lib/db/embedded-host";
import { createFileDatabase } from "../support/test-database";

const db = setupTestDb();
const OPTIONS = { departments: 3, projects: 20, months: 3, seed: 7 } as const;
let city: CityResult;

const actorOf = async (username: string): Promise<Actor> => {
  const u = await db().user.findUniqueOrThrow({ where: { username } });
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, unitId: u.unitId, departmentId: u.departmentId };
};
const fen = (yuan: string) => BigInt(yuan.replace(".", ""));

beforeAll(async () => {
  const messages: string[] = [];
  city = await generateCity(db(), { ...OPTIONS, onProgress: (m) => messages.push(m) });
  expect(messages.some((m) => m.includes("正在写入数据库"))).toBe(true);
});

describe("demo generate: a small city", () => {
  it("reports what it wrote, and the database holds exactly that", async () => {
    const counts = {
      departments: await db().department.count(),
      units: await db().unit.count(),
      projects: await db().project.count(),
      indicators: await db().indicator.count(),
      checkIns: await db().checkIn.count(),
      expenditures: await db().expenditure.count(),
      users: await db().user.count(),
      reports: await db().monthlyReport.count(),
      adjustments: await db().budgetAdjustment.count(),
    };
    expect(counts).toEqual({
      departments: 3, units: city.units, projects: 20, indicators: city.indicators, checkIns: city.checkIns, expenditures: city.expenditures,
      users: city.users, reports: city.units * 3, adjustments: city.adjustments,
    });
    expect(city.indicators).toBeGreaterThanOrEqual(20 * 6);
    expect(city.indicators).toBeLessThanOrEqual(20 * 9);
    expect(city.checkIns).toBeGreaterThan(city.indicators * 3 * 0.8);
    expect(city.ms).toBeGreaterThan(0);
    // Per unit a reporter and a reviewer, per department a leader, and the three duties.
    expect(city.users).toBe(city.units * 2 + 3 + 3);
    const departments = await db().department.findMany({ orderBy: { code: "asc" }, include: { units: { orderBy: { code: "asc" } }, fiscalYears: true } });
    expect(departments.map((d) => d.code)).toEqual(["401", "402", "403"]);
    expect(departments.map((d) => d.name)).toEqual(["柳州市财政局", "柳州市教育局", "柳州市卫生健康委员会"]);
    for (const d of departments) {
      expect(d.units.map((u) => u.code)).toEqual(d.units.map((_, i) => `${d.code}00${i + 1}`));
      expect(d.fiscalYears.map((y) => y.year)).toEqual([2025]);
    }
  });

  it("keeps the schema's rules: check-ins in their own unit's report, one report per unit and month, workflow fields filled", async () => {
    const [misfiled] = await db().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "CheckIn" c JOIN "MonthlyReport" r ON r.id = c."reportId" JOIN "Indicator" i ON i.id = c."indicatorId" JOIN "Project" p ON p.id = i."projectId"
      WHERE r."unitId" <> p."unitId" OR r."fiscalYearId" <> p."fiscalYearId" OR c."asOfDate" <> (make_date(2025, r.month, 1) + interval '1 month' - interval '1 day')::date`;
    expect(Number(misfiled!.n)).toBe(0);
    const reports = await db().monthlyReport.findMany({ include: { _count: { select: { checkIns: true } } } });
    for (const r of reports) {
      if (r.status !== "DRAFT") expect([r.submittedAt, r.submittedById, r._count.checkIns > 0].every(Boolean), `${r.status} ${r.month}`).toBe(true);
      if (r.status === "APPROVED" || r.status === "RETURNED") expect(r.reviewedAt && r.reviewedById && r.reviewedAt > r.submittedAt!).toBeTruthy();
      if (r.status === "RETURNED") expect(r.reviewComment).toBeTruthy();
      if (r.status === "DRAFT") expect(r.submittedAt).toBeNull();
    }
    const [duplicateVouchers] = await db().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (SELECT 1 FROM "Expenditure" GROUP BY "projectId", "voucherNo" HAVING count(*) > 1) d`;
    expect(Number(duplicateVouchers!.n)).toBe(0);
    const perProject = await db().project.findMany({ include: { indicators: { orderBy: { sortOrder: "asc" } } } });
    for (const p of perProject) {
      expect(p.indicators.length).toBeGreaterThanOrEqual(6);
      expect(p.indicators.length).toBeLessThanOrEqual(9);
      expect(new Set(p.indicators.map((i) => i.level1))).toEqual(new Set(["OUTPUT", "BENEFIT", "SATISFACTION"]));
    }
  });

  it("is deterministic: names, targets and amounts are the plan of the same seed, to the fen", async () => {
    const plan = planCity(cityPlanOptions(OPTIONS));
    const projects = await db().project.findMany({ orderBy: [{ unit: { code: "asc" } }, { seq: "asc" }], include: { unit: true, indicators: { orderBy: { sortOrder: "asc" } } } });
    expect(projects.map((p) => [p.seq, p.name, p.budget.toFixed(2), p.annualGoal])).toEqual(plan.projects.map((p) => [p.seq, p.name, p.budget, p.annualGoal]));
    expect(projects.flatMap((p) => p.indicators.map((i) => i.rawText))).toEqual(plan.indicators.map((i) => i.rawText));
    expect(projects.flatMap((p) => p.indicators.map((i) => [i.targetValue?.toString() ?? null, i.targetText, i.unitOfMeasure]))).toEqual(plan.indicators.map((i) => [i.targetValue, i.targetText, i.unitOfMeasure]));
    const rows = await db().expenditure.findMany({ orderBy: [{ project: { unit: { code: "asc" } } }, { project: { seq: "asc" } }, { date: "asc" }, { voucherNo: "asc" }] });
    const key = (e: { date: string; amount: string; voucherNo: string | null }) => `${e.date} ${e.amount} ${e.voucherNo}`;
    expect(rows.map((e) => key({ date: e.date.toISOString().slice(0, 10), amount: e.amount.toFixed(2), voucherNo: e.voucherNo })).sort())
      .toEqual(plan.expenditures.map(key).sort());
    // Budgets in 万元 with two decimals as published; payments to the fen; sums exact in PostgreSQL.
    const [sums] = await db().$queryRaw<{ budget: string; spent: string; odd: bigint }[]>`
      SELECT (SELECT sum(budget)::text FROM "Project") AS budget, (SELECT sum(amount)::text FROM "Expenditure") AS spent,
             (SELECT count(*) FROM "Project" WHERE budget % 100 <> 0 OR budget < 3000 OR budget > 50000000) AS odd`;
    expect(sums!.budget).toBe(plan.projects.reduce((s, p) => s + fen(p.budget), 0n).toString().replace(/(\d{2})$/, ".$1"));
    expect(sums!.spent).toBe(plan.expenditures.reduce((s, e) => s + fen(e.amount), 0n).toString().replace(/(\d{2})$/, ".$1"));
    expect(Number(sums!.odd)).toBe(0);
    const [over] = await db().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "Project" p
      WHERE (SELECT coalesce(sum(amount), 0) FROM "Expenditure" e WHERE e."projectId" = p.id) * 100
          > (p.budget + (SELECT coalesce(sum(amount), 0) FROM "BudgetAdjustment" a WHERE a."projectId" = p.id)) * 110`;
    expect(Number(over!.n)).toBe(0);
  });

  it("writes check-ins the app itself would accept, with a deviation cause and corrective action exactly where needed", async () => {
    const checkIns = await db().checkIn.findMany({ include: { indicator: true } });
    expect(checkIns.length).toBe(city.checkIns);
    for (const c of checkIns) {
      const asOf = c.asOfDate.toISOString().slice(0, 10);
      const result = validateCheckIn(indicatorFromRow(c.indicator), {
        indicatorId: c.indicatorId,
        actual: c.actualText ?? c.actualValue!.toString(),
        forecast: c.forecastText ?? c.forecastValue?.toString(),
        likelihood: c.likelihood!,
        deviationCause: c.deviationCause ?? undefined,
        correctiveAction: c.correctiveAction ?? undefined,
        note: undefined,
      }, asOf, 2025, "2026-01-01");
      expect(result.ok, `${c.indicator.rawText} @${asOf}: ${JSON.stringify(result)}`).toBe(true);
    }
  });

  it("gives each generated leader a dashboard of their department's projects with computed statuses", async () => {
    const leader = await actorOf("leader402");
    const overview = (await departmentOverview(db(), leader, { asOf: "2025-03-31" }))!;
    const projects = await db().project.findMany({ where: { unit: { department: { code: "402" } } }, include: { _count: { select: { indicators: true } } } });
    expect(overview.department.code).toBe("402");
    expect(overview.projects.map((p) => p.id).sort()).toEqual(projects.map((p) => p.id).sort());
    expect(overview.indicators).toHaveLength(projects.reduce((n, p) => n + p._count.indicators, 0));
    for (const i of overview.indicators) expect(Object.keys(STATUS_LABELS)).toContain(i.status);
    expect(overview.indicators.filter((i) => i.status !== "NOT_REPORTED").length).toBeGreaterThan(overview.indicators.length / 2);
    expect(Number(overview.total.spent)).toBeGreaterThan(0);
  });

  it("creates accounts that sign in with the returned passwords; the three duties with their TOTP secret too", async () => {
    const byRole = (role: string) => city.accounts.find((a) => a.role === role)!;
    for (const role of ["REPORTER", "REVIEWER", "LEADER"]) {
      const a = byRole(role);
      expect(a.totpSecret).toBeUndefined();
      const result = await authenticate(db(), { username: a.username, password: a.password });
      expect(result.ok, role).toBe(true);
      if (result.ok) expect([result.actor.unitId, result.actor.departmentId]).toEqual([a.unitId, a.departmentId]);
    }
    expect((await authenticate(db(), { username: byRole("LEADER").username, password: byRole("REPORTER").password })).ok).toBe(false);
    for (const role of ["ADMIN", "SECURITY_OFFICER", "AUDITOR"]) {
      const a = byRole(role);
      expect(a.totpSecret).toMatch(/^[A-Z2-7]+$/);
      expect(await authenticate(db(), { username: a.username, password: a.password })).toEqual({ ok: false, reason: "TOTP_REQUIRED" });
      const now = new Date();
      expect((await authenticate(db(), { username: a.username, password: a.password, totp: totpCode(a.totpSecret!, now) }, undefined, now)).ok, role).toBe(true);
    }
    expect(new Set(city.accounts.map((a) => a.username)).size).toBe(city.users);
  });

  it("writes one audit record for the whole load, and the chain verifies", async () => {
    const events = await db().auditEvent.findMany({ where: { action: "demo.generate" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.after).toMatchObject({ departments: 3, projects: 20, checkIns: city.checkIns, expenditures: city.expenditures, seed: 7 });
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it("refuses to run again on a database that holds a generated city, writing nothing", async () => {
    const before = await db().checkIn.count();
    await expect(generateCity(db(), OPTIONS)).rejects.toThrow(DemoDataExistsError);
    await expect(generateCity(db(), { ...OPTIONS, departments: 1 })).rejects.toThrow("npm run db:reset");
    expect(await db().checkIn.count()).toBe(before);
    await expect(generateCity(db(), { departments: 1, projects: 1, months: 13 })).rejects.toThrow(CityOptionsError);
    // Nothing dated in the future: next year cannot be generated yet.
    await expect(generateCity(db(), { departments: 1, projects: 1, months: 1, year: new Date().getFullYear() + 1 })).rejects.toThrow("尚未结束");
  });

  it("adds a further city beside it from another first code (a province holds several): its own departments, no second 三员, the first city untouched", async () => {
    const first = await db().department.findMany({ orderBy: { code: "asc" }, select: { code: true, name: true } });
    const before = { users: await db().user.count(), checkIns: await db().checkIn.count() };
    await expect(generateCity(db(), { ...OPTIONS, firstCode: 402 })).rejects.toThrow("部门 402");
    await expect(generateCity(db(), { ...OPTIONS, firstCode: 400 })).rejects.toThrow(CityOptionsError);
    const more = await generateCity(db(), { ...OPTIONS, seed: 8, firstCode: 501 });
    expect(more.departmentCodes).toEqual({ first: "501", last: "503" });
    expect(more.accounts.some((a) => ["ADMIN", "SECURITY_OFFICER", "AUDITOR"].includes(a.role))).toBe(false);
    expect(await db().user.count()).toBe(before.users + more.users);
    expect(await db().checkIn.count()).toBe(before.checkIns + more.checkIns);
    const after = await db().department.findMany({ where: { code: { lt: "500" } }, orderBy: { code: "asc" }, select: { code: true, name: true } });
    expect(after).toEqual(first);
    // Named after other areas than the first city's bureaus.
    const names = new Set(first.map((d) => d.name));
    expect((await db().department.findMany({ where: { code: { gte: "501" } } })).every((d) => !names.has(d.name))).toBe(true);
  });
});

describe("npm run cli -- demo generate", () => {
  const cli = (args: string[], env: Record<string, string>) =>
    spawnSync("npx", ["tsx", "scripts/cli.ts", "demo", ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000 });

  it("says in Chinese what is wrong with the options", () => {
    const badMonths = cli(["generate", "--months", "13"], { DATABASE_URL: "" });
    expect(badMonths.status).toBe(2);
    expect(badMonths.stderr).toContain("月数须为 1–12 之间的整数");
    const badFlag = cli(["generate", "--departments", "many"], { DATABASE_URL: "" });
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toContain("--departments 须为非负整数");
  }, 60_000);

  it("loads a city into DATABASE_URL, writes the accounts file with mode 600, and refuses a second run", async () => {
    const scratch = await createFileDatabase(inject("databaseUrl"));
    const dataDir = mkdtempSync(path.join(tmpdir(), "jixiao-demo-"));
    try {
      const first = cli(["generate", "--departments", "2", "--projects", "5", "--months", "2", "--seed", "3"], { DATABASE_URL: scratch.url, JIXIAO_DATA_DIR: dataDir });
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain("演示城市已生成");
      expect(first.stdout).toContain("demo-accounts.json");
      const file = path.join(dataDir, "demo-accounts.json");
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const saved = JSON.parse(readFileSync(file, "utf8")) as { accounts: { username: string; password: string; totpSecret?: string }[] };
      expect(saved.accounts.find((a) => a.username === "city-admin")?.totpSecret).toBeTruthy();
      expect(saved.accounts.find((a) => a.username === "leader401")?.password).toMatch(/^.{20}$/);
      const second = cli(["generate", "--departments", "2", "--projects", "5", "--months", "2"], { DATABASE_URL: scratch.url, JIXIAO_DATA_DIR: dataDir });
      expect(second.status).toBe(1);
      expect(second.stderr).toContain("npm run db:reset");
    } finally {
      rmSync(dataDir, { recursive: true, force: true }); // it holds passwords
      await scratch.drop();
    }
  }, 120_000);

  it("without DATABASE_URL loads into the embedded database under JIXIAO_DATA_DIR (created, migrated, stopped again)", async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(path.join(tmpdir(), "jixiao-demo-embedded-"));
    chmodSync(dataDir, 0o755); // as root the embedded server runs as jixiao-db, which must be able to enter it
    try {
      const run = cli(["generate", "--departments", "1", "--projects", "2", "--months", "1"], { DATABASE_URL: "", JIXIAO_DATA_DIR: dataDir, EMBEDDED_DB_PORT: String(port) });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain("演示城市已生成");
      expect(statSync(path.join(dataDir, "pgdata", "PG_VERSION")).isFile()).toBe(true);
      expect(readFileSync(path.join(dataDir, "pgdata", "postmaster.opts"), "utf8")).toContain("postgres");
      // Stopped after the command: no lock file left behind.
      expect(() => statSync(path.join(dataDir, "pgdata", "postmaster.pid"))).toThrow();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
