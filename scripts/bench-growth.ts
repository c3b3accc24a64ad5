// Cost that does not grow with the city (`BENCH_GROWTH=1 npm run bench`, or BENCH_GROWTH=only for this
// step alone): the same department's overview, project page and saves on databases holding 1×, 5× and
// 15× the generated city (15× ≈ a province: ~33,000 projects, ~2.9 M check-ins), each figure against
// the 1× one (lib/ops/load-figures.ts growthOf: within ±25 %), and the EXPLAIN (ANALYZE, BUFFERS) plan
// of every statement each one ran, at every size (bench/plans-growth.json).
//  - A database of k× holds k cities side by side (lib/demo/generate.ts firstCode): the first is the
//    1× city itself, the others have departments 501…, 601…, each from its own seed. The department
//    measured is the first city's largest, the same rows at every size.
//  - Measured in the process, through lib/ (no HTTP): what grows with the database is SQL, and the
//    framework's constant cost would only hide it. The sizes are measured in turns (1×, 5×, 15×, 1×,
//    …) so that they share the load of the moment.
//  - BENCH_GROWTH_DATABASES="url1,url5,url15" measures databases generated earlier (nothing is
//    created or dropped; the saves add a few rows); otherwise the databases are generated next to
//    the bench's own and dropped at the end (15× takes 10–30 minutes on 2 cores).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { loadActor } from "@/lib/auth/login";
import type { Actor } from "@/lib/auth/roles";
import { recordExpenditure } from "@/lib/budget/records";
import { asOfWithinYear, todayInChina } from "@/lib/calendar";
import { departmentOverview } from "@/lib/dashboard/queries";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { generateCity, type CityOptions } from "@/lib/demo/generate";
import { FIRST_DEPARTMENT_CODE } from "@/lib/demo/plan";
import { projectFigure } from "@/lib/evaluation/records";
import { growthOf, largeScans } from "@/lib/ops/load-figures";
import { saveCheckIns } from "@/lib/progress/check-ins";
import { getProjectDetail } from "@/lib/projects/detail";
import { createScratchDatabase, dropScratchDatabase, percentile, round1 } from "./bench-lib";

export const GROWTH_SCALES = [1, 5, 15];

export interface GrowthRow {
  name: string;
  label: string;
  p50_ms: number | null;
  p95_ms: number | null;
  floor_ms: null;
  ratio: null;
  scales: number[];
  /** p50 at each scale, ms. */
  p50_by_scale: number[];
  p95_by_scale: number[];
  factors: number[];
  /** Tables read by a sequential scan of 1,000 rows or more in the largest database's plans (none expected: lib/ops/load-figures.ts). */
  scans: string[];
  statements: number;
  budget: string;
  ok: boolean;
}

interface Statement {
  text: string;
  values: unknown[];
}

/** A pg client that can note the statements it sends (both Prisma's and readRows go through it). */
function recordingPool(url: string): { pool: pg.Pool; record<T>(run: () => Promise<T>): Promise<{ result: T; statements: Statement[] }> } {
  let current: Statement[] | null = null;
  class Recording extends pg.Client {
    override query(...args: unknown[]): never {
      const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
      if (current) {
        const text = typeof config === "string" ? config : config?.text;
        if (typeof text === "string") current.push({ text, values: (typeof config === "string" ? values : config.values) ?? [] });
      }
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  }
  const pool = new pg.Pool({ connectionString: url, max: 10, Client: Recording });
  return {
    pool,
    async record(run) {
      current = [];
      try {
        const result = await run();
        return { result, statements: current };
      } finally {
        current = null;
      }
    },
  };
}

interface Scale {
  scale: number;
  url: string;
  db: Db;
  pool: pg.Pool;
  record: ReturnType<typeof recordingPool>["record"];
  leader: Actor;
  reporter: Actor;
  projectId: string;
  payProjectId: string;
  indicatorId: string;
  year: number;
  month: number;
  asOf: string;
  counts: Record<string, number>;
}

/** The department measured, found in the 1× database: the first city's largest with a leader, its largest project, and a reporter's open month. */
async function pick(pool: pg.Pool): Promise<{ code: string; unitCode: string; projectSeq: number; projectUnit: string; month: number; year: number; indicatorSort: number; indicatorProjectSeq: number }> {
  const q = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await pool.query<T>(sql, params)).rows;
  const [dept] = await q<{ id: string; code: string; fiscalYearId: string; year: number }>(`
    SELECT d."id", d."code", y."id" AS "fiscalYearId", y."year" FROM "Department" d JOIN "FiscalYear" y ON y."departmentId" = d."id" JOIN "Unit" u ON u."departmentId" = d."id" JOIN "Project" p ON p."unitId" = u."id" AND p."fiscalYearId" = y."id"
    WHERE EXISTS (SELECT 1 FROM "User" l WHERE l."departmentId" = d."id" AND l."role" = 'LEADER' AND l."status" = 'ACTIVE')
    GROUP BY d."id", y."id" ORDER BY count(p."id") DESC, d."code" LIMIT 1`);
  if (!dept) throw new Error("1× 数据库中没有带局领导账户的部门");
  const [project] = await q<{ seq: number; unitCode: string }>(`
    SELECT p."seq", u."code" AS "unitCode" FROM "Project" p JOIN "Unit" u ON u."id" = p."unitId" JOIN "Indicator" i ON i."projectId" = p."id"
    WHERE u."departmentId" = $1 AND p."fiscalYearId" = $2 GROUP BY p."id", u."code" ORDER BY count(i."id") DESC, u."code", p."seq" LIMIT 1`, [dept.id, dept.fiscalYearId]);
  const today = todayInChina();
  const lastMonth = dept.year < Number(today.slice(0, 4)) ? 12 : Number(today.slice(5, 7));
  const [open] = await q<{ unitCode: string; month: number; projectSeq: number; sortOrder: number }>(`
    SELECT u."code" AS "unitCode", m AS "month", p."seq" AS "projectSeq", i."sortOrder"
    FROM "Unit" u CROSS JOIN generate_series(1, $3::int) AS m JOIN "Project" p ON p."unitId" = u."id" AND p."fiscalYearId" = $2 JOIN "Indicator" i ON i."projectId" = p."id" AND i."comparator" <> 'QUALITATIVE'
    WHERE u."departmentId" = $1 AND EXISTS (SELECT 1 FROM "User" r WHERE r."unitId" = u."id" AND r."role" = 'REPORTER' AND r."status" = 'ACTIVE')
      AND NOT EXISTS (SELECT 1 FROM "MonthlyReport" r WHERE r."unitId" = u."id" AND r."fiscalYearId" = $2 AND r."month" = m AND r."status" IN ('SUBMITTED', 'APPROVED'))
    ORDER BY m DESC, u."code", i."unitOfMeasure" = '%', p."seq", i."sortOrder" LIMIT 1`, [dept.id, dept.fiscalYearId, lastMonth]);
  if (!open) throw new Error(`部门 ${dept.code} 没有可填报的月份`);
  // The project page's project may be in another unit than the reporter's.
  return { code: dept.code, unitCode: open.unitCode, projectUnit: project!.unitCode, projectSeq: project!.seq, month: open.month, year: dept.year, indicatorSort: open.sortOrder, indicatorProjectSeq: open.projectSeq };
}

async function openScale(scale: number, url: string, chosen: Awaited<ReturnType<typeof pick>>): Promise<Scale> {
  const { pool, record } = recordingPool(url);
  const db = createPrismaClient(url, 10, pool);
  const q = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await pool.query<T>(sql, params)).rows;
  const [ids] = await q<{ leaderId: string; leaderSv: number; reporterId: string; reporterSv: number; projectId: string; payProjectId: string; indicatorId: string }>(`
    SELECT l."id" AS "leaderId", l."sessionVersion" AS "leaderSv", r."id" AS "reporterId", r."sessionVersion" AS "reporterSv",
      (SELECT p."id" FROM "Project" p JOIN "Unit" pu ON pu."id" = p."unitId" JOIN "FiscalYear" y ON y."id" = p."fiscalYearId" WHERE pu."code" = $3 AND p."seq" = $4 AND y."year" = $7) AS "projectId",
      (SELECT p."id" FROM "Project" p JOIN "FiscalYear" y ON y."id" = p."fiscalYearId" WHERE p."unitId" = u."id" AND p."seq" = $5 AND y."year" = $7) AS "payProjectId",
      (SELECT i."id" FROM "Indicator" i JOIN "Project" p ON p."id" = i."projectId" JOIN "FiscalYear" y ON y."id" = p."fiscalYearId" WHERE p."unitId" = u."id" AND p."seq" = $5 AND i."sortOrder" = $6 AND y."year" = $7) AS "indicatorId"
    FROM "Department" d JOIN "User" l ON l."departmentId" = d."id" AND l."role" = 'LEADER' AND l."status" = 'ACTIVE'
    JOIN "Unit" u ON u."code" = $2 JOIN "User" r ON r."unitId" = u."id" AND r."role" = 'REPORTER' AND r."status" = 'ACTIVE'
    WHERE d."code" = $1 ORDER BY l."username", r."username" LIMIT 1`, [chosen.code, chosen.unitCode, chosen.projectUnit, chosen.projectSeq, chosen.indicatorProjectSeq, chosen.indicatorSort, chosen.year]);
  if (!ids?.projectId || !ids.indicatorId || !ids.payProjectId) throw new Error(`${scale}× 数据库中找不到部门 ${chosen.code} 的同一批记录：它不是同一座城市生成的`);
  const leader = await loadActor(db, ids.leaderId, ids.leaderSv);
  const reporter = await loadActor(db, ids.reporterId, ids.reporterSv);
  if (!leader || !reporter || leader.pending || reporter.pending) throw new Error(`${scale}× 数据库中的局领导或填报人账户不可用`);
  const counts: Record<string, number> = {};
  for (const t of ["Department", "Project", "Indicator", "CheckIn", "Expenditure", "AuditEvent"]) counts[t] = Number((await q<{ n: string }>(`SELECT count(*) AS n FROM "${t}"`))[0]!.n);
  const asOf = asOfWithinYear(chosen.year, null, todayInChina());
  return { scale, url, db, pool, record, leader, reporter, projectId: ids.projectId, payProjectId: ids.payProjectId, indicatorId: ids.indicatorId, year: chosen.year, month: chosen.month, asOf, counts };
}

/** The calendar day `days` before an ISO date. */
const dayBefore = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/** The operations measured, each as the page or the API runs it in lib/. */
function operations(): { name: string; label: string; run: (s: Scale, i: number) => Promise<unknown> }[] {
  return [
    {
      name: "growth_overview",
      label: "增长：部门总览（重新计算，每次另选日期）",
      // A different as-of date every time: nothing remembered, every statement and every projection run.
      run: (s, i) => departmentOverview(s.db, s.leader, { asOf: dayBefore(s.asOf, 1 + (i % 200)) }),
    },
    {
      name: "growth_project_page",
      label: "增长：项目页（getProjectDetail + projectFigure）",
      run: async (s) => {
        const detail = await getProjectDetail(s.db, s.leader, s.projectId);
        return projectFigure(s.db, detail);
      },
    },
    {
      name: "growth_check_in_save",
      label: "增长：保存一条填报（saveCheckIns）",
      run: async (s) => {
        // Always another value than the saved one, so that every save writes.
        const [current] = (await s.pool.query<{ version: number; actual: string | null }>(`SELECT c."version", c."actualValue"::text AS "actual" FROM "CheckIn" c JOIN "MonthlyReport" r ON r."id" = c."reportId" WHERE c."indicatorId" = $1 AND r."month" = $2`, [s.indicatorId, s.month])).rows;
        const result = await saveCheckIns(s.db, s.reporter, { year: s.year, month: s.month, rows: [{ indicatorId: s.indicatorId, actual: Number(current?.actual) === 1 ? "2" : "1", likelihood: "POSSIBLE", deviationCause: "OTHER", correctiveAction: "性能测试：按计划推进", ...(current ? { version: current.version } : {}) }] });
        if (result.saved !== 1) throw new Error(`填报未保存：${JSON.stringify({ errors: result.errors, conflicts: result.conflicts })}`);
      },
    },
    {
      name: "growth_expenditure_save",
      label: "增长：录入一笔支出（recordExpenditure）",
      run: (s) => recordExpenditure(s.db, s.reporter, s.payProjectId, { date: `${s.year}-${String(s.month).padStart(2, "0")}-01`, amount: "12.00", payee: "性能测试供应商", description: "npm run bench 增长", confirmed: true }),
    },
  ];
}

/** EXPLAIN (ANALYZE, BUFFERS) of each statement an operation ran; writes inside a transaction rolled back. */
async function explain(pool: pg.Pool, statements: Statement[]): Promise<{ sql: string; ms: number | null; plan: string }[]> {
  const out: { sql: string; ms: number | null; plan: string }[] = [];
  const client = await pool.connect();
  try {
    for (const s of statements) {
      const sql = s.text.trim();
      if (!/^(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i.test(sql) || /pg_advisory|txid_current\(\)\s*$/i.test(sql)) continue;
      const write = !/^(SELECT|WITH)\b/i.test(sql);
      try {
        if (write) await client.query("BEGIN");
        const result = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, s.values);
        const plan = result.rows.map((r) => r["QUERY PLAN"]).join("\n");
        out.push({ sql, ms: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN), plan });
      } catch (error) {
        out.push({ sql, ms: null, plan: `（无法解释：${(error as Error).message}）` });
      } finally {
        if (write) await client.query("ROLLBACK").catch(() => undefined);
      }
    }
  } finally {
    client.release();
  }
  return out;
}

/** A database holding `scale` cities side by side (see the file comment), created next to the bench's. */
async function generateScale(serverUrl: string, scale: number, city: Omit<CityOptions, "onProgress">, log: (m: string) => void): Promise<{ name: string; url: string }> {
  const name = `jixiao_bench_${randomBytes(4).toString("hex")}_x${scale}`;
  const url = await createScratchDatabase(serverUrl, name);
  await migrate(url);
  const db = createPrismaClient(url, 2);
  try {
    for (let k = 0; k < scale; k++) {
      const result = await generateCity(db, { ...city, firstCode: FIRST_DEPARTMENT_CODE + k * city.departments, seed: (city.seed ?? 1) + k });
      log(`增长：${scale}× 数据库，第 ${k + 1}/${scale} 座城市（${result.projects} 个项目，${result.checkIns} 条填报）${(result.ms / 1000).toFixed(0)} 秒`);
    }
  } finally {
    await db.$disconnect();
  }
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  await pool.query("VACUUM ANALYZE").finally(() => pool.end());
  return { name, url };
}

/**
 * The growth rows and their plans. `databases` (one URL per scale) are used as they are; without
 * them each scale is generated on `serverUrl` and dropped at the end.
 */
export async function benchGrowth(options: { serverUrl: string; databases?: string[]; city: Omit<CityOptions, "onProgress">; rounds?: number; perRound?: number; log: (m: string) => void }): Promise<{ rows: GrowthRow[]; plans: Record<string, Record<string, { sql: string; ms: number | null; plan: string }[]>>; counts: Record<string, Record<string, number>> }> {
  const { log } = options;
  const rounds = options.rounds ?? Number(process.env.BENCH_GROWTH_ROUNDS ?? 4);
  const perRound = options.perRound ?? Number(process.env.BENCH_GROWTH_SAMPLES ?? 10);
  const created: string[] = [];
  const scales: Scale[] = [];
  try {
    let urls = options.databases;
    if (!urls) {
      if (options.city.departments > 100) throw new Error("增长测试的城市至多 100 个部门（各城市的部门代码相隔 100）");
      urls = [];
      for (const scale of GROWTH_SCALES) {
        const made = await generateScale(options.serverUrl, scale, options.city, log);
        created.push(made.name);
        urls.push(made.url);
      }
    }
    if (urls.length !== GROWTH_SCALES.length) throw new Error(`BENCH_GROWTH_DATABASES 须给出 ${GROWTH_SCALES.length} 个数据库（${GROWTH_SCALES.join("×、")}×）`);
    const first = new pg.Pool({ connectionString: urls[0], max: 1 });
    const chosen = await pick(first).finally(() => first.end());
    for (const [i, scale] of GROWTH_SCALES.entries()) scales.push(await openScale(scale, urls[i]!, chosen));
    log(`增长：部门 ${chosen.code}；${scales.map((s) => `${s.scale}×：${s.counts.Project} 个项目、${s.counts.CheckIn} 条填报`).join("；")}`);

    const rows: GrowthRow[] = [];
    const plans: Record<string, Record<string, { sql: string; ms: number | null; plan: string }[]>> = {};
    for (const op of operations()) {
      const samples = new Map<number, number[]>(scales.map((s) => [s.scale, []]));
      let i = 0;
      for (const s of scales) for (let w = 0; w < 3; w++) await op.run(s, i++); // warm-up: connections, plans, the policy cache
      for (let r = 0; r < rounds; r++) {
        for (const s of scales) {
          for (let k = 0; k < perRound; k++) {
            const started = performance.now();
            await op.run(s, i++);
            samples.get(s.scale)!.push(performance.now() - started);
          }
        }
      }
      plans[op.name] = {};
      let statements = 0;
      let scans: string[] = [];
      for (const s of scales) {
        const { statements: ran } = await s.record(() => op.run(s, i++));
        statements = ran.length;
        const explained = await explain(s.pool, ran);
        plans[op.name]![`${s.scale}x`] = explained;
        if (s === scales.at(-1)) scans = [...new Set(explained.flatMap((e) => largeScans(e.plan)))];
      }
      const p50s = scales.map((s) => round1(percentile(samples.get(s.scale)!, 50)));
      const p95s = scales.map((s) => round1(percentile(samples.get(s.scale)!, 95)));
      const growth = growthOf(p50s);
      const row: GrowthRow = {
        name: op.name, label: op.label, p50_ms: p50s.at(-1)!, p95_ms: p95s.at(-1)!, floor_ms: null, ratio: null,
        scales: GROWTH_SCALES, p50_by_scale: p50s, p95_by_scale: p95s, factors: growth.factors, scans, statements,
        budget: `p50 在 ${GROWTH_SCALES.map((x) => `${x}×`).join("、")} 数据量下与 1× 相差不超过 ±25 %`, ok: growth.ok,
      };
      rows.push(row);
      log(`${op.label}：${GROWTH_SCALES.map((x, k) => `${x}× ${p50s[k]} ms`).join("，")}（×${growth.factors.join(" / ×")}）${scans.length ? `；顺序扫描：${scans.join("、")}` : ""}`);
    }
    return { rows, plans, counts: Object.fromEntries(scales.map((s) => [`${s.scale}x`, s.counts])) };
  } finally {
    for (const s of scales) {
      await s.db.$disconnect().catch(() => undefined);
      await s.pool.end().catch(() => undefined);
    }
    for (const name of created) await dropScratchDatabase(options.serverUrl, name).catch((e: unknown) => console.error(`删除临时数据库 ${name} 失败：${(e as Error).message}`));
  }
}
