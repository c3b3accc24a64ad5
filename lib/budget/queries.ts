import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import { projectScope } from "@/lib/projects/queries";
import { computeExecution, monthlySeries, type Execution, type MonthPoint } from "./execution";

export interface ProjectBudget {
  project: { id: string; name: string; unitName: string; year: number };
  asOf: string;
  execution: Execution;
  series: MonthPoint[];
  expenditures: { id: string; date: string; amount: string; payee: string; description: string; voucherNo: string | null; economicClass: string | null; reversalOfId: string | null; reversed: boolean; by: string }[];
  adjustments: { id: string; date: string; amount: string; reason: string; approvedBy: string }[];
  canRecord: boolean;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** A project's budget page: its records and the numbers as of a date (default today, within the year). */
export async function projectBudget(db: Db, actor: Actor, projectId: string, asOfInput?: string): Promise<ProjectBudget> {
  const project = /^[0-9a-f-]{36}$/i.test(projectId)
    ? await db.project.findFirst({
        where: { AND: [{ id: projectId }, projectScope(actor)] },
        include: {
          unit: true,
          fiscalYear: true,
          expenditures: { orderBy: [{ date: "asc" }, { createdAt: "asc" }], include: { reversals: { select: { id: true } } } },
          adjustments: { orderBy: { date: "asc" } },
        },
      })
    : null;
  if (!project) throw notFound("项目");
  const year = project.fiscalYear.year;
  const today = day(new Date());
  const fallback = today < `${year}-12-31` ? (today > `${year}-01-01` ? today : `${year}-01-01`) : `${year}-12-31`;
  const asOf = asOfInput && /^\d{4}-\d{2}-\d{2}$/.test(asOfInput) && asOfInput.startsWith(`${year}-`) ? asOfInput : fallback;
  const records = {
    budget: project.budget.toFixed(2),
    adjustments: project.adjustments.map((a) => ({ date: day(a.date), amount: a.amount.toFixed(2) })),
    expenditures: project.expenditures.map((e) => ({ date: day(e.date), amount: e.amount.toFixed(2) })),
  };
  const users = await db.user.findMany({ where: { id: { in: [...new Set(project.expenditures.map((e) => e.createdById))] } }, select: { id: true, displayName: true } });
  const names = new Map(users.map((u) => [u.id, u.displayName]));
  return {
    project: { id: project.id, name: project.name, unitName: project.unit.name, year },
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
    })),
    adjustments: project.adjustments.map((a) => ({ id: a.id, date: day(a.date), amount: a.amount.toFixed(2), reason: a.reason, approvedBy: a.approvedBy })),
    canRecord: actor.role === "REPORTER" && actor.unitId === project.unitId,
  };
}
