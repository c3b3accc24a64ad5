// The city-scale demo dataset (the benchmark's, docs/scaling.md): `npm run cli -- demo generate --departments 100
// --projects 2200 --months 12` builds a city of bureaus in the style of the published tables
// (lib/demo/plan.ts says what it looks like) and loads it in one transaction, fast enough for a
// benchmark (~17k indicators, ~190k check-ins, ~100k payments in well under two minutes on 2 cores):
//  - rows are generated in memory with client-side UUIDs, then written with multi-row
//    `INSERT … SELECT … FROM unnest($1::text[], …)`, 10,000 rows a statement;
//  - the audit trail gets ONE record, "demo.generate", with the counts — not one per row;
//  - it refuses to run on a database that already holds a generated city (department 401…, or the
//    city-admin account): start from an empty database, e.g. `npm run db:reset`.
// Demo data only: see the note on passwords below.

import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { Role } from "@/lib/db/generated/enums";
import { recordAudit } from "@/lib/audit/record";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { generateSecret } from "@/lib/security/totp";
import { PRIVILEGED_ROLES } from "@/lib/security/password-policy";
import { endOfMonthDate, todayInChina } from "@/lib/calendar";
import { snapshotApproval } from "@/lib/progress/reviewed";
import { cityPlanOptions, CityOptionsError, FIRST_DEPARTMENT_CODE, planCity, PRIVILEGED_USERNAMES, type CityPlan } from "./plan";

export { CityOptionsError };

export interface CityOptions {
  departments: number;
  projects: number;
  months: number;
  /** Fiscal year; 2025 by default. */
  year?: number;
  /** Seed of everything but ids and passwords; 1 by default. */
  seed?: number;
  /** Accounts per unit: one reviewer and the rest reporters; 2 by default. */
  usersPerUnit?: number;
  /** The first department's code, 401 by default; a later one adds a further city beside the first (lib/demo/plan.ts). */
  firstCode?: number;
  /** Progress messages (Chinese), e.g. for the CLI. */
  onProgress?: (message: string) => void;
}

export interface CityAccount {
  username: string;
  password: string;
  role: Role;
  unitId: string | null;
  departmentId: string | null;
  /** Base32 TOTP secret of the privileged roles (enrolled already): sign in with totpCode(secret, now). */
  totpSecret?: string;
}

export interface CityResult {
  departments: number;
  units: number;
  projects: number;
  indicators: number;
  checkIns: number;
  expenditures: number;
  users: number;
  /** Wall time of the whole generation, planning and hashing included. */
  ms: number;
  accounts: CityAccount[];
  reports: number;
  adjustments: number;
  /** The fiscal year and the department codes used (401…). */
  year: number;
  departmentCodes: { first: string; last: string };
  /** Statuses of the check-ins of the last generated month, as the product computes them. */
  statuses: CityPlan["statuses"];
}

/** The database already holds a generated city; nothing was written. */
export class DemoDataExistsError extends Error {}

type Tx = Prisma.TransactionClient;
type Cell = string | number | Date | null;
interface Column<T> { name: string; type: string; get: (row: T) => Cell }

const BATCH = 10_000;
const cell = (v: Cell): string | null => (v === null ? null : v instanceof Date ? v.toISOString() : String(v));

/**
 * Inserts rows with one statement per batch: every column travels as a text[] parameter and is
 * cast in the SELECT, so no value is ever spliced into the SQL. Table and column names are the
 * constants below, never input.
 */
async function insertRows<T>(tx: Pick<Tx, "$executeRawUnsafe">, table: string, columns: Column<T>[], rows: readonly T[], onBatch?: (done: number) => void): Promise<void> {
  const names = columns.map((c) => `"${c.name}"`).join(", ");
  const casts = columns.map((c, i) => `x.c${i}::${c.type}`).join(", ");
  const params = columns.map((_, i) => `$${i + 1}::text[]`).join(", ");
  const aliases = columns.map((_, i) => `c${i}`).join(", ");
  const sql = `INSERT INTO "${table}" (${names}) SELECT ${casts} FROM unnest(${params}) AS x(${aliases})`;
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    await tx.$executeRawUnsafe(sql, ...columns.map((c) => batch.map((row) => cell(c.get(row)))));
    onBatch?.(start + batch.length);
  }
}

const count = new Intl.NumberFormat("zh-CN");

/** Refuses a database that already holds a generated city (or any of its accounts). */
async function assertEmpty(q: Pick<Tx, "$queryRaw">, codes: string[], usernames: string[]): Promise<void> {
  const [department] = await q.$queryRaw<{ code: string; name: string }[]>`SELECT "code", "name" FROM "Department" WHERE "code" = ANY(${codes}::text[]) ORDER BY "code" LIMIT 1`;
  if (department) {
    throw new DemoDataExistsError(`数据库中已有演示城市数据（部门 ${department.code} ${department.name} 已存在），未写入任何内容。请先清空数据库（npm run db:reset）再生成。`);
  }
  const [user] = await q.$queryRaw<{ username: string }[]>`SELECT "username" FROM "User" WHERE "username" = ANY(${usernames}::text[]) ORDER BY "username" LIMIT 1`;
  if (user) throw new DemoDataExistsError(`数据库中已有演示城市账户（${user.username} 已存在），未写入任何内容。请先清空数据库（npm run db:reset）再生成。`);
}

/** Generates the city and loads it in one transaction; see the file comment. */
export async function generateCity(db: Db, options: CityOptions): Promise<CityResult> {
  const started = performance.now();
  const say = options.onProgress ?? (() => undefined);
  const normalized = cityPlanOptions(options);
  // Check-ins and payments are dated at the end of each month: none may lie in the future (the app
  // itself refuses those), so the current year can only be generated up to its last finished month.
  const lastDay = endOfMonthDate(normalized.year, normalized.months);
  if (lastDay > todayInChina()) {
    throw new CityOptionsError(`${normalized.year} 年 ${normalized.months} 月尚未结束（数据截至 ${lastDay}，晚于今天），请减少月数或选择已过去的年度（默认 2025）。`);
  }
  const codes = Array.from({ length: normalized.departments }, (_, i) => String(normalized.firstCode + i));
  // A cheap early refusal, before minutes of work; checked again inside the transaction.
  await assertEmpty(db, codes, normalized.firstCode === FIRST_DEPARTMENT_CODE ? Object.values(PRIVILEGED_USERNAMES) : []);

  say(`正在生成 ${normalized.departments} 个部门、${normalized.projects} 个项目、${normalized.months} 个月的数据（随机种子 ${normalized.seed}）……`);
  const plan = planCity(normalized);
  say(`已生成：${count.format(plan.units.length)} 个单位，${count.format(plan.indicators.length)} 个指标，${count.format(plan.checkIns.length)} 条进展填报，${count.format(plan.expenditures.length)} 笔支出（${((performance.now() - started) / 1000).toFixed(1)} 秒）。`);

  // Demo data only: Argon2 takes ~50 ms a hash, so ONE strong random password is hashed per role
  // and shared by every account of that role. Never do this for real accounts. The passwords are
  // returned once, in clear, so a benchmark can sign in; they are not stored anywhere in clear.
  const roles = [...new Set(plan.users.map((u) => u.role))];
  const secrets = new Map(await Promise.all(roles.map(async (role) => {
    const password = generatePassword(20);
    return [role, { password, hash: await hashPassword(password) }] as const;
  })));
  // The privileged roles must sign in with a second factor: they are enrolled already.
  const totp = new Map(plan.users.filter((u) => PRIVILEGED_ROLES.includes(u.role)).map((u) => [u.id, generateSecret()]));
  const enrolledAt = new Date();

  const year = normalized.year;
  const targetsLockedAt = new Date(`${year}-03-01T10:00:00+08:00`);
  say("正在写入数据库（一个事务）……");
  const total = plan.checkIns.length;
  await db.$transaction(
    async (tx) => {
      await assertEmpty(tx, codes, plan.users.map((u) => u.username));
      await insertRows(tx, "Department", [
        { name: "id", type: "uuid", get: (d) => d.id },
        { name: "code", type: "text", get: (d) => d.code },
        { name: "name", type: "text", get: (d) => d.name },
      ], plan.departments);
      await insertRows(tx, "FiscalYear", [
        { name: "id", type: "uuid", get: (d) => d.fiscalYearId },
        { name: "departmentId", type: "uuid", get: (d) => d.id },
        { name: "year", type: "integer", get: () => year },
        { name: "targetsLockedAt", type: "timestamptz", get: () => targetsLockedAt },
      ], plan.departments);
      await insertRows(tx, "Unit", [
        { name: "id", type: "uuid", get: (u) => u.id },
        { name: "departmentId", type: "uuid", get: (u) => u.departmentId },
        { name: "code", type: "text", get: (u) => u.code },
        { name: "name", type: "text", get: (u) => u.name },
      ], plan.units);
      await insertRows(tx, "User", [
        { name: "id", type: "uuid", get: (u) => u.id },
        { name: "username", type: "text", get: (u) => u.username },
        { name: "displayName", type: "text", get: (u) => u.displayName },
        { name: "passwordHash", type: "text", get: (u) => secrets.get(u.role)!.hash },
        { name: "role", type: '"Role"', get: (u) => u.role },
        { name: "unitId", type: "uuid", get: (u) => u.unitId },
        { name: "departmentId", type: "uuid", get: (u) => u.departmentId },
        { name: "totpSecret", type: "text", get: (u) => totp.get(u.id) ?? null },
        { name: "totpEnabledAt", type: "timestamptz", get: (u) => (totp.has(u.id) ? enrolledAt : null) },
        { name: "updatedAt", type: "timestamptz", get: () => enrolledAt },
      ], plan.users);
      await insertRows(tx, "Project", [
        { name: "id", type: "uuid", get: (p) => p.id },
        { name: "unitId", type: "uuid", get: (p) => p.unitId },
        { name: "fiscalYearId", type: "uuid", get: (p) => p.fiscalYearId },
        { name: "seq", type: "integer", get: (p) => p.seq },
        { name: "name", type: "text", get: (p) => p.name },
        { name: "budget", type: "numeric", get: (p) => p.budget },
        { name: "annualGoal", type: "text", get: (p) => p.annualGoal },
        { name: "createdAt", type: "timestamptz", get: (p) => p.createdAt },
        { name: "updatedAt", type: "timestamptz", get: (p) => p.createdAt },
      ], plan.projects);
      await insertRows(tx, "Indicator", [
        { name: "id", type: "uuid", get: (i) => i.id },
        { name: "projectId", type: "uuid", get: (i) => i.projectId },
        { name: "level1", type: '"Level1"', get: (i) => i.level1 },
        { name: "category", type: '"Category"', get: (i) => i.category },
        { name: "name", type: "text", get: (i) => i.name },
        { name: "comparator", type: '"Comparator"', get: (i) => i.comparator },
        { name: "targetValue", type: "numeric", get: (i) => i.targetValue },
        { name: "targetText", type: "text", get: (i) => i.targetText },
        { name: "unitOfMeasure", type: "text", get: (i) => i.unitOfMeasure },
        { name: "direction", type: '"Direction"', get: (i) => i.direction },
        { name: "rawText", type: "text", get: (i) => i.rawText },
        { name: "sortOrder", type: "integer", get: (i) => i.sortOrder },
        { name: "createdAt", type: "timestamptz", get: (i) => i.createdAt },
        { name: "updatedAt", type: "timestamptz", get: (i) => i.createdAt },
      ], plan.indicators);
      say(`已写入 ${count.format(plan.projects.length)} 个项目、${count.format(plan.indicators.length)} 个指标和 ${count.format(plan.users.length)} 个账户。`);
      await insertRows(tx, "MonthlyReport", [
        { name: "id", type: "uuid", get: (r) => r.id },
        { name: "unitId", type: "uuid", get: (r) => r.unitId },
        { name: "fiscalYearId", type: "uuid", get: (r) => r.fiscalYearId },
        { name: "month", type: "integer", get: (r) => r.month },
        { name: "status", type: '"ReviewStatus"', get: (r) => r.status },
        { name: "submittedAt", type: "timestamptz", get: (r) => r.submittedAt },
        { name: "submittedById", type: "uuid", get: (r) => r.submittedById },
        { name: "reviewedAt", type: "timestamptz", get: (r) => r.reviewedAt },
        { name: "reviewedById", type: "uuid", get: (r) => r.reviewedById },
        { name: "reviewComment", type: "text", get: (r) => r.reviewComment },
        { name: "version", type: "integer", get: (r) => r.version },
      ], plan.reports);
      let reported = 0;
      await insertRows(tx, "CheckIn", [
        { name: "id", type: "uuid", get: (c) => c.id },
        { name: "indicatorId", type: "uuid", get: (c) => c.indicatorId },
        { name: "reportId", type: "uuid", get: (c) => c.reportId },
        { name: "asOfDate", type: "date", get: (c) => c.asOfDate },
        { name: "actualValue", type: "numeric", get: (c) => c.actualValue },
        { name: "actualText", type: "text", get: (c) => c.actualText },
        { name: "forecastValue", type: "numeric", get: (c) => c.forecastValue },
        { name: "forecastText", type: "text", get: (c) => c.forecastText },
        { name: "likelihood", type: '"Likelihood"', get: (c) => c.likelihood },
        { name: "deviationCause", type: '"DeviationCause"', get: (c) => c.deviationCause },
        { name: "correctiveAction", type: "text", get: (c) => c.correctiveAction },
        { name: "createdById", type: "uuid", get: (c) => c.createdById },
        { name: "createdAt", type: "timestamptz", get: (c) => c.createdAt },
        { name: "updatedAt", type: "timestamptz", get: (c) => c.createdAt },
      ], plan.checkIns, (done) => {
        // A line every ~50,000 rows is enough on a terminal.
        if (done - reported >= 50_000 || done === total) {
          reported = done;
          say(`  进展填报 ${count.format(done)} / ${count.format(total)}`);
        }
      });
      // The months' history and the approved months' signed copies (progress/reviewed.ts rule 1), as
      // submitting, reviewing and approving them in the app would have left them.
      const events = plan.reports.flatMap((r) => [
        ...(r.submittedAt ? [{ reportId: r.id, action: "SUBMIT", actorId: r.submittedById, at: r.submittedAt, comment: null }] : []),
        ...(r.reviewedAt ? [{ reportId: r.id, action: r.status === "RETURNED" ? "RETURN" : "APPROVE", actorId: r.reviewedById, at: r.reviewedAt, comment: r.reviewComment }] : []),
      ]);
      await insertRows(tx, "ReportEvent", [
        { name: "id", type: "uuid", get: () => randomUUID() },
        { name: "reportId", type: "uuid", get: (e) => e.reportId },
        { name: "action", type: '"ReportAction"', get: (e) => e.action },
        { name: "actorId", type: "uuid", get: (e) => e.actorId },
        { name: "at", type: "timestamptz", get: (e) => e.at },
        { name: "comment", type: "text", get: (e) => e.comment },
      ], events);
      await snapshotApproval(tx, plan.reports.filter((r) => r.status === "APPROVED").map((r) => r.id));
      await insertRows(tx, "Expenditure", [
        { name: "id", type: "uuid", get: (e) => e.id },
        { name: "projectId", type: "uuid", get: (e) => e.projectId },
        { name: "date", type: "date", get: (e) => e.date },
        { name: "amount", type: "numeric", get: (e) => e.amount },
        { name: "payee", type: "text", get: (e) => e.payee },
        { name: "description", type: "text", get: (e) => e.description },
        { name: "voucherNo", type: "text", get: (e) => e.voucherNo },
        { name: "economicClass", type: "text", get: (e) => e.economicClass },
        { name: "createdById", type: "uuid", get: (e) => e.createdById },
        { name: "createdAt", type: "timestamptz", get: (e) => e.createdAt },
      ], plan.expenditures);
      await insertRows(tx, "BudgetAdjustment", [
        { name: "id", type: "uuid", get: (a) => a.id },
        { name: "projectId", type: "uuid", get: (a) => a.projectId },
        { name: "date", type: "date", get: (a) => a.date },
        { name: "amount", type: "numeric", get: (a) => a.amount },
        { name: "reason", type: "text", get: (a) => a.reason },
        { name: "approvedBy", type: "text", get: (a) => a.approvedBy },
        { name: "createdById", type: "uuid", get: (a) => a.createdById },
        { name: "createdAt", type: "timestamptz", get: (a) => a.createdAt },
      ], plan.adjustments);
      say(`已写入 ${count.format(plan.expenditures.length)} 笔支出和 ${count.format(plan.adjustments.length)} 笔预算调整。`);
      await recordAudit(tx, {
        action: "demo.generate",
        objectType: "Department",
        objectId: `${codes[0]}–${codes.at(-1)}`,
        after: {
          year, months: normalized.months, seed: normalized.seed, departments: plan.departments.length, units: plan.units.length, users: plan.users.length,
          projects: plan.projects.length, indicators: plan.indicators.length, reports: plan.reports.length, checkIns: plan.checkIns.length,
          expenditures: plan.expenditures.length, adjustments: plan.adjustments.length,
        },
        outcome: "SUCCESS",
        detail: "生成演示城市数据（仅供演示和性能测试）",
      });
    },
    // One transaction for everything: all or nothing. Generous limits: a busy 2-core machine is slow.
    { timeout: 15 * 60_000, maxWait: 60_000 },
  );

  return {
    departments: plan.departments.length,
    units: plan.units.length,
    projects: plan.projects.length,
    indicators: plan.indicators.length,
    checkIns: plan.checkIns.length,
    expenditures: plan.expenditures.length,
    users: plan.users.length,
    reports: plan.reports.length,
    adjustments: plan.adjustments.length,
    ms: Math.round(performance.now() - started),
    accounts: plan.users.map((u) => ({
      username: u.username,
      password: secrets.get(u.role)!.password,
      role: u.role,
      unitId: u.unitId,
      departmentId: u.departmentId,
      ...(totp.has(u.id) ? { totpSecret: totp.get(u.id)! } : {}),
    })),
    year,
    departmentCodes: { first: codes[0]!, last: codes.at(-1)! },
    statuses: plan.statuses,
  };
}
