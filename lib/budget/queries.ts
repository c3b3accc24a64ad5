import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { can } from "@/lib/auth/policy";
import { notFound } from "@/lib/errors";
import { pickYear } from "@/lib/fiscal-years";
import { projectScope } from "@/lib/projects/queries";
import { budgetRecords, computeExecution, monthlySeries, rollUp, type Execution, type MonthPoint } from "./execution";
import { isUuid } from "@/lib/ids";
import { asOfWithinYear, todayInChina } from "@/lib/calendar";

export interface ProjectBudget {
  project: { id: string; name: string; unitName: string; year: number; closed: boolean };
  asOf: string;
  execution: Execution;
  series: MonthPoint[];
  expenditures: { id: string; date: string; amount: string; payee: string; description: string; voucherNo: string | null; economicClass: string | null; reversalOfId: string | null; reversed: boolean; by: string; evidence: { id: string; fileName: string; size: number; uploadedBy: string; asOfDate: string }[] }[];
  adjustments: { id: string; date: string; amount: string; reason: string; approvedBy: string }[];
  canRecord: boolean;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

const asOfWithin = (year: number, requested: string | undefined) => asOfWithinYear(year, requested, todayInChina());

/** A project's budget page: its records and the numbers as of a date (default today, within the year). */
export async function projectBudget(db: Db, actor: Actor, projectId: string, asOfInput?: string): Promise<ProjectBudget> {
  const project = isUuid(projectId)
    ? await db.project.findFirst({
        where: { AND: [{ id: projectId }, projectScope(actor)] },
        include: {
          unit: true,
          fiscalYear: true,
          expenditures: {
            orderBy: [{ date: "asc" }, { createdAt: "asc" }],
            include: { reversals: { select: { id: true } }, evidence: { orderBy: { createdAt: "asc" }, select: { id: true, fileName: true, size: true, createdAt: true, uploadedById: true } } },
          },
          adjustments: { orderBy: { date: "asc" } },
        },
      })
    : null;
  if (!project) throw notFound("项目");
  const year = project.fiscalYear.year;
  const asOf = asOfWithin(year, asOfInput);
  const records = budgetRecords(project);
  const userIds = project.expenditures.flatMap((e) => [e.createdById, ...e.evidence.map((v) => v.uploadedById)]);
  const users = await db.user.findMany({ where: { id: { in: [...new Set(userIds)] } }, select: { id: true, displayName: true } });
  const names = new Map(users.map((u) => [u.id, u.displayName]));
  return {
    project: { id: project.id, name: project.name, unitName: project.unit.name, year, closed: !!project.fiscalYear.closedAt },
    asOf,
    execution: computeExecution(records, asOf, year),
    series: monthlySeries(records, asOf, year),
    expenditures: project.expenditures.map((e) => ({
      id: e.id,
      date: day(e.date),
      amount: e.amount.toFixed(2),
      payee: e.payee,
      description: e.description,
      voucherNo: e.voucherNo,
      economicClass: e.economicClass,
      reversalOfId: e.reversalOfId,
      reversed: e.reversals.length > 0,
      by: names.get(e.createdById) ?? "",
      evidence: e.evidence.map((v) => ({ id: v.id, fileName: v.fileName, size: v.size, uploadedBy: names.get(v.uploadedById) ?? "", asOfDate: day(v.createdAt) })),
    })),
    adjustments: project.adjustments.map((a) => ({ id: a.id, date: day(a.date), amount: a.amount.toFixed(2), reason: a.reason, approvedBy: a.approvedBy })),
    // A closed year is read-only (lib/fiscal-years.ts rule 3).
    canRecord: can(actor, "budget.record", { unitId: project.unitId, closed: !!project.fiscalYear.closedAt }),
  };
}

export interface BudgetOverview {
  department: { id: string; code: string; name: string } | null;
  year: number | null;
  asOf: string;
  total: Execution | null;
  units: { id: string; code: string; name: string; execution: Execution }[];
  projects: { id: string; name: string; unitId: string; execution: Execution }[];
}

/**
 * Budget execution of every project the actor can see in one department and year, rolled up per
 * unit and for the department from the sums (never an average of rates). Three queries in all.
 */
export async function budgetOverview(db: Db, actor: Actor, options: { departmentId?: string; asOf?: string; year?: number } = {}): Promise<BudgetOverview> {
  const scope = projectScope(actor);
  const department = await db.department.findFirst({
    where: { ...(options.departmentId && isUuid(options.departmentId) ? { id: options.departmentId } : actor.departmentId ? { id: actor.departmentId } : {}), units: { some: { projects: { some: scope } } } },
    orderBy: { code: "asc" },
  });
  const fiscalYear = department ? (pickYear(await db.fiscalYear.findMany({ where: { departmentId: department.id, projects: { some: scope } } }), options.year) ?? null) : null;
  const today = todayInChina();
  if (!department || !fiscalYear) return { department, year: null, asOf: today, total: null, units: [], projects: [] };
  const year = fiscalYear.year;
  const asOf = asOfWithin(year, options.asOf);
  const projects = await db.project.findMany({
    where: { AND: [scope, { fiscalYearId: fiscalYear.id }] },
    orderBy: [{ unit: { code: "asc" } }, { seq: "asc" }],
    include: { unit: true, expenditures: { select: { date: true, amount: true } }, adjustments: { select: { date: true, amount: true } } },
  });
  const records = new Map(projects.map((p) => [p.id, budgetRecords(p)]));
  const byProject = rollUp(projects.map((p) => ({ key: p.id, records: records.get(p.id)! })), asOf, year);
  const unitIds = [...new Set(projects.map((p) => p.unitId))];
  const units = unitIds.map((unitId) => {
    const own = projects.filter((p) => p.unitId === unitId);
    const unit = own[0]!.unit;
    return { id: unit.id, code: unit.code, name: unit.name, execution: rollUp(own.map((p) => ({ key: p.id, records: records.get(p.id)! })), asOf, year).total };
  });
  return {
    department: { id: department.id, code: department.code, name: department.name },
    year,
    asOf,
    total: byProject.total,
    units,
    projects: projects.map((p) => ({ id: p.id, name: p.name, unitId: p.unitId, execution: byProject.byKey[p.id]! })),
  };
}
