import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { Actor } from "@/lib/auth/roles";
import { readScope } from "@/lib/auth/policy";
import { forbidden } from "@/lib/errors";
import { departmentYears, pickYear, type DepartmentYears } from "@/lib/fiscal-years";
import { formatWan } from "@/lib/money";

/** Whose projects an actor may read: one unit's, one department's, or all. */
type ScopeRule = { unitId: string } | { departmentId: string } | "all";

/**
 * Which projects an actor may read (ownership inside the where, so a forgotten check
 * returns nothing rather than someone else's row). Unit roles see their unit, leaders their
 * department, the 系统管理员 every department (it imports and maintains them); the security
 * officer and auditor no project data at all (等保 2.0 三权分立).
 */
function scopeRule(actor: Actor): ScopeRule {
  switch (readScope(actor)) {
    case "unit":
      if (!actor.unitId) throw forbidden();
      return { unitId: actor.unitId };
    case "department":
      if (!actor.departmentId) throw forbidden();
      return { departmentId: actor.departmentId };
    case "all":
      return "all";
    case null:
      throw forbidden("您的角色不查看项目数据。");
  }
}

/** The rule as a Prisma `where` on Project. */
export function projectScope(actor: Actor): Prisma.ProjectWhereInput {
  const rule = scopeRule(actor);
  return rule === "all" ? {} : "unitId" in rule ? { unitId: rule.unitId } : { unit: { departmentId: rule.departmentId } };
}

/** The same rule as SQL, for raw readers: a condition on `p` (Project) joined with `u` (its Unit). */
export function projectScopeSql(actor: Actor): Prisma.Sql {
  const rule = scopeRule(actor);
  return rule === "all" ? Prisma.sql`TRUE` : "unitId" in rule ? Prisma.sql`p."unitId" = ${rule.unitId}::uuid` : Prisma.sql`u."departmentId" = ${rule.departmentId}::uuid`;
}

/** Who sees the same projects as whom: actors with one key have one projectScope (for caches keyed by scope). */
export function scopeKey(actor: Actor): string {
  const rule = scopeRule(actor); // refuses the roles that see no project data
  return rule === "all" ? "all" : "unitId" in rule ? `unit:${rule.unitId}` : `department:${rule.departmentId}`;
}

export interface ProjectRow {
  id: string;
  seq: number;
  unitCode: string;
  unitName: string;
  name: string;
  budgetYuan: string;
  budgetWan: string;
  indicatorCount: number;
}

export interface ProjectList {
  departments: { id: string; code: string; name: string }[];
  departmentId: string | null;
  fiscalYear: number | null;
  projects: ProjectRow[];
  totalBudgetWan: string;
  totalIndicators: number;
}

/**
 * The projects an actor may see in one department (the actor's own, or the one asked for among those
 * visible) and fiscal year (lib/fiscal-years.ts rule 1: the current one when not given).
 */
export async function listProjects(db: Db, actor: Actor, options: { year?: number; departmentId?: string } = {}): Promise<ProjectList> {
  const departments = await db.department.findMany({
    where: { units: { some: { projects: { some: projectScope(actor) } } } },
    orderBy: { code: "asc" },
    select: { id: true, code: true, name: true },
  });
  const department = departments.find((d) => d.id === options.departmentId) ?? departments.find((d) => d.id === actor.departmentId) ?? departments[0];
  const empty = { departments, departmentId: department?.id ?? null, fiscalYear: null, projects: [], totalBudgetWan: "0.00", totalIndicators: 0 };
  if (!department) return empty;
  const scope: Prisma.ProjectWhereInput = { AND: [projectScope(actor), { unit: { departmentId: department.id } }] };
  const year = pickYear(await db.fiscalYear.findMany({ where: { projects: { some: scope } }, select: { year: true } }), options.year)?.year;
  if (year === undefined) return empty;
  const rows = await db.project.findMany({
    where: { AND: [scope, { fiscalYear: { year } }] },
    orderBy: [{ unit: { code: "asc" } }, { seq: "asc" }],
    select: {
      id: true,
      seq: true,
      name: true,
      budget: true,
      unit: { select: { code: true, name: true } },
      _count: { select: { indicators: true } },
    },
  });
  let totalFen = 0n;
  const projects = rows.map((r) => {
    const budgetYuan = r.budget.toFixed(2);
    totalFen += BigInt(budgetYuan.replace(".", ""));
    return {
      id: r.id,
      seq: r.seq,
      unitCode: r.unit.code,
      unitName: r.unit.name,
      name: r.name,
      budgetYuan,
      budgetWan: formatWan(budgetYuan),
      indicatorCount: r._count.indicators,
    };
  });
  const totalYuan = `${totalFen / 100n}.${(totalFen % 100n).toString().padStart(2, "0")}`;
  return {
    departments,
    departmentId: department.id,
    fiscalYear: year,
    projects,
    totalBudgetWan: formatWan(totalYuan),
    totalIndicators: projects.reduce((n, p) => n + p.indicatorCount, 0),
  };
}

/** The fiscal years of the department the actor reads, and the one a page shows (lib/fiscal-years.ts rule 1). */
export async function visibleYears(db: Db, actor: Actor, options: { departmentId?: string; year?: number } = {}): Promise<DepartmentYears | null> {
  return departmentYears(db, actor, projectScope(actor), options);
}
