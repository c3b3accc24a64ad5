// The SQL floor of each page measured by `npm run bench`: the same aggregates the page reads, as plain
// SQL through `pg` on the same database, with the same parallelism (statements the page runs with
// Promise.all run here in parallel on a pool). What the app adds on top of this — sign-in check,
// Prisma, building the view, rendering HTML — is the ratio app ÷ floor.
import type pg from "pg";

export interface FloorStep {
  /** Statements run one after another; each entry of a step runs in parallel with the others. */
  label: string;
  sql: string;
  params: unknown[];
}

/** A floor: groups of statements, the groups in order, the statements of a group in parallel. */
export type Floor = FloorStep[][];

export async function runFloor(pool: pg.Pool, floor: Floor): Promise<number> {
  let rows = 0;
  for (const group of floor) {
    const results = await Promise.all(group.map((s) => pool.query(s.sql, s.params)));
    for (const r of results) rows += r.rowCount ?? 0;
  }
  return rows;
}

/**
 * The department overview (lib/dashboard/facts.ts loadDashboardFacts, a leader's scope): the
 * department and its latest year, its projects with units and indicators, then in parallel the
 * latest check-in per indicator (one index probe each, LATERAL … LIMIT 1 — the fastest form found;
 * DISTINCT ON scans the whole city's check-ins), the sums by project and month of expenditures and
 * budget adjustments, the month's reports and the indicators reported this month.
 * With `unitId`, one unit's page (lib/dashboard/queries.ts unitOverview).
 */
export function overviewFloor(o: { departmentId: string; fiscalYearId: string; asOf: string; month: number; unitId?: string }): Floor {
  // $1 = the unit or the department, $2 = the fiscal year, $3 = the date or month.
  const scope = o.unitId ? `p."unitId" = $1::uuid` : `u."departmentId" = $1::uuid`;
  const scopeParams = [o.unitId ?? o.departmentId, o.fiscalYearId];
  const projectIds = `(SELECT p."id" FROM "Project" p JOIN "Unit" u ON u."id" = p."unitId" WHERE ${scope} AND p."fiscalYearId" = $2::uuid)`;
  return [
    [
      {
        label: "department + latest fiscal year",
        sql: `SELECT d.*, y."id" AS "fiscalYearId", y."year" FROM "Department" d JOIN "FiscalYear" y ON y."departmentId" = d."id"
              WHERE d."id" = $1::uuid AND EXISTS (SELECT 1 FROM "Project" p JOIN "Unit" u ON u."id" = p."unitId" WHERE ${o.unitId ? `p."unitId" = $2::uuid` : `u."departmentId" = d."id"`} AND p."fiscalYearId" = y."id")
              ORDER BY y."year" DESC LIMIT 1`,
        params: o.unitId ? [o.departmentId, o.unitId] : [o.departmentId],
      },
    ],
    [
      {
        label: "projects + units",
        sql: `SELECT p."id", p."seq", p."name", p."unitId", p."budget", u."code", u."name" AS "unitName" FROM "Project" p JOIN "Unit" u ON u."id" = p."unitId"
              WHERE ${scope} AND p."fiscalYearId" = $2::uuid ORDER BY u."code", p."seq"`,
        params: scopeParams,
      },
    ],
    [
      {
        label: "indicators",
        sql: `SELECT i.* FROM "Indicator" i WHERE i."projectId" IN ${projectIds} ORDER BY i."projectId", i."sortOrder"`,
        params: scopeParams,
      },
    ],
    [
      {
        label: "latest check-in per indicator",
        sql: `SELECT l."indicatorId", l."asOfDate", l."actualValue"::text, l."actualText", l."forecastValue"::text, l."forecastText", l."likelihood"::text, l."updatedAt", us."displayName"
              FROM "Indicator" i
              CROSS JOIN LATERAL (SELECT c.* FROM "CheckIn" c WHERE c."indicatorId" = i."id" AND c."asOfDate" <= $3::date ORDER BY c."asOfDate" DESC, c."updatedAt" DESC LIMIT 1) l
              JOIN "User" us ON us."id" = l."createdById"
              WHERE i."projectId" IN ${projectIds}`,
        params: [...scopeParams, o.asOf],
      },
      ...(["Expenditure", "BudgetAdjustment"] as const).map((table) => ({
        label: `${table} by project and month`,
        sql: `SELECT "projectId", EXTRACT(MONTH FROM "date")::int AS "month", SUM("amount")::text AS "amount" FROM "${table}"
              WHERE "projectId" IN ${projectIds} AND "date" <= $3::date GROUP BY 1, 2`,
        params: [...scopeParams, o.asOf],
      })),
      {
        label: "month's reports",
        sql: `SELECT r."unitId", r."status" FROM "MonthlyReport" r WHERE r."fiscalYearId" = $2::uuid AND r."month" = $3
              AND r."unitId" IN (SELECT p."unitId" FROM "Project" p JOIN "Unit" u ON u."id" = p."unitId" WHERE ${scope} AND p."fiscalYearId" = $2::uuid)`,
        params: [...scopeParams, o.month],
      },
      {
        label: "indicators reported this month",
        sql: `SELECT DISTINCT c."indicatorId" FROM "CheckIn" c JOIN "MonthlyReport" r ON r."id" = c."reportId" JOIN "Indicator" i ON i."id" = c."indicatorId"
              WHERE r."fiscalYearId" = $2::uuid AND r."month" = $3 AND i."projectId" IN ${projectIds}`,
        params: [...scopeParams, o.month],
      },
    ],
  ];
}

/**
 * A project's page (app/(app)/projects/[id]/page.tsx): the project with its unit, year and
 * indicators; then in parallel the check-ins up to today with who wrote them and their evidence
 * count, the project's evidence, its expenditures (with reversals and evidence) and adjustments
 * (lib/budget/queries.ts projectBudget), and the target-change history (lib/targets/indicators.ts).
 * A reversal and an evidence file belong to the same project as what they name, so the floor looks
 * them up within the project (by its index) rather than through the whole table.
 */
export function projectFloor(o: { projectId: string; departmentId: string; asOf: string }): Floor {
  return [
    [
      {
        label: "project + unit + year (leader scope)",
        sql: `SELECT p.*, u."code", u."name" AS "unitName", y."year" FROM "Project" p JOIN "Unit" u ON u."id" = p."unitId" JOIN "FiscalYear" y ON y."id" = p."fiscalYearId"
              WHERE p."id" = $1::uuid AND u."departmentId" = $2::uuid`,
        params: [o.projectId, o.departmentId],
      },
    ],
    [
      {
        label: "indicators",
        sql: `SELECT * FROM "Indicator" WHERE "projectId" = $1::uuid ORDER BY "sortOrder"`,
        params: [o.projectId],
      },
    ],
    [
      {
        label: "check-ins up to today, writer, evidence count",
        sql: `SELECT c.*, us."displayName", (SELECT count(*) FROM "Evidence" e WHERE e."projectId" = $1::uuid AND e."checkInId" = c."id") AS "evidence"
              FROM "CheckIn" c JOIN "Indicator" i ON i."id" = c."indicatorId" JOIN "User" us ON us."id" = c."createdById"
              WHERE i."projectId" = $1::uuid AND c."asOfDate" <= $2::date ORDER BY c."asOfDate" DESC, c."updatedAt" DESC`,
        params: [o.projectId, o.asOf],
      },
      {
        label: "project evidence + uploaders",
        sql: `SELECT e."id", e."fileName", e."size", e."createdAt", e."checkInId", e."expenditureId", us."displayName" FROM "Evidence" e JOIN "User" us ON us."id" = e."uploadedById"
              WHERE e."projectId" = $1::uuid ORDER BY e."createdAt" DESC`,
        params: [o.projectId],
      },
      {
        label: "expenditures + reversals + evidence + writers",
        sql: `WITH x AS (SELECT * FROM "Expenditure" WHERE "projectId" = $1::uuid)
              SELECT x.*, us."displayName", EXISTS (SELECT 1 FROM x r WHERE r."reversalOfId" = x."id") AS "reversed",
                     (SELECT count(*) FROM "Evidence" e WHERE e."projectId" = $1::uuid AND e."expenditureId" = x."id") AS "evidence"
              FROM x JOIN "User" us ON us."id" = x."createdById" ORDER BY x."date", x."createdAt"`,
        params: [o.projectId],
      },
      {
        label: "adjustments",
        sql: `SELECT * FROM "BudgetAdjustment" WHERE "projectId" = $1::uuid ORDER BY "date"`,
        params: [o.projectId],
      },
      {
        label: "target history (audit)",
        sql: `SELECT * FROM "AuditEvent" WHERE "objectType" = 'Indicator' AND "outcome" = 'SUCCESS' AND "action" <> 'indicator.move'
              AND ("after" #> '{projectId}' = to_jsonb($1::text) OR "before" #> '{projectId}' = to_jsonb($1::text)) ORDER BY "id" DESC LIMIT 200`,
        params: [o.projectId],
      },
    ],
  ];
}

/** EXPLAIN (ANALYZE, BUFFERS) of every statement of a floor, for the report of a missed ratio. */
/**
 * An indicator's page (lib/progress/history.ts indicatorHistory and its evidence): the indicator in
 * its project and unit (the scope check), then together its check-ins with their months' states and
 * authors, and the evidence filed with them.
 */
export function indicatorFloor(o: { indicatorId: string }): Floor {
  return [
    [{ label: "indicator + project + unit", sql: `SELECT i.*, p."name" AS "projectName", p."unitId", u."departmentId" FROM "Indicator" i JOIN "Project" p ON p."id" = i."projectId" JOIN "Unit" u ON u."id" = p."unitId" WHERE i."id" = $1::uuid`, params: [o.indicatorId] }],
    [
      { label: "check-ins + months + authors", sql: `SELECT c.*, r."status", r."month", a."displayName" FROM "CheckIn" c JOIN "MonthlyReport" r ON r."id" = c."reportId" LEFT JOIN "User" a ON a."id" = c."createdById" WHERE c."indicatorId" = $1::uuid ORDER BY c."asOfDate"`, params: [o.indicatorId] },
      { label: "evidence", sql: `SELECT e.* FROM "Evidence" e JOIN "CheckIn" c ON c."id" = e."checkInId" WHERE c."indicatorId" = $1::uuid`, params: [o.indicatorId] },
    ],
  ];
}

export async function explainFloor(pool: pg.Pool, floor: Floor): Promise<{ label: string; ms: number; plan: string }[]> {
  const out: { label: string; ms: number; plan: string }[] = [];
  for (const step of floor.flat()) {
    const result = await pool.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${step.sql}`, step.params);
    const plan = result.rows.map((r) => r["QUERY PLAN"]).join("\n");
    const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN);
    out.push({ label: step.label, ms, plan });
  }
  return out;
}
