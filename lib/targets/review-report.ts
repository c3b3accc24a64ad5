import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { canonicalDecimal } from "@/lib/decimal";
import { pickYear } from "@/lib/fiscal-years";
import { formatWan } from "@/lib/money";
import { projectScope } from "@/lib/projects/queries";
import { CATEGORY_NAMES, COMPARATORS } from "./codes";
import { reviewTargets, ruleTitle, RULES } from "./review";
import type { Finding, ReviewProject } from "./review/types";

export interface ReportFinding extends Finding {
  indicatorName?: string;
  /** The rule's Chinese title: users read this, never the id. */
  rule: string;
}

export interface ReviewReport {
  department: { id: string; code: string; name: string } | null;
  fiscalYear: { id: string; year: number; locked: boolean } | null;
  projects: { id: string; name: string; unitName: string; findings: ReportFinding[] }[];
  counts: Record<Finding["severity"], number>;
  rules: { id: string; title: string; description: string; severity: Finding["severity"]; count: number }[];
}

/**
 * Runs the target review over every project the actor can see in one department and year (the
 * latest): one query for the projects with their indicators, then the pure rules of review/.
 */
export async function departmentReview(db: Db, actor: Actor, options: { departmentId?: string; year?: number } = {}): Promise<ReviewReport> {
  const scope = projectScope(actor);
  const department = await db.department.findFirst({
    where: { ...(options.departmentId ? { id: options.departmentId } : actor.departmentId ? { id: actor.departmentId } : {}), units: { some: { projects: { some: scope } } } },
    orderBy: { code: "asc" },
  });
  const fiscalYear = department
    ? (pickYear(await db.fiscalYear.findMany({ where: { departmentId: department.id, projects: { some: scope } } }), options.year) ?? null)
    : null;
  const empty: ReviewReport = { department, fiscalYear: null, projects: [], counts: { error: 0, warning: 0, info: 0 }, rules: [] };
  if (!department || !fiscalYear) return empty;
  const rows = await db.project.findMany({
    where: { AND: [scope, { fiscalYearId: fiscalYear.id }] },
    orderBy: [{ unit: { code: "asc" } }, { seq: "asc" }],
    include: { unit: true, indicators: { orderBy: { sortOrder: "asc" } } },
  });
  const projects: ReviewProject[] = rows.map((p) => ({
    id: p.id,
    unitCode: p.unit.code,
    unitName: p.unit.name,
    name: p.name,
    budgetWan: canonicalDecimal(formatWan(p.budget.toFixed(2), 6).replaceAll(",", "")),
    annualGoal: p.annualGoal,
    indicators: p.indicators.map((i) => ({
      id: i.id,
      category: CATEGORY_NAMES[i.category],
      name: i.name,
      comparator: COMPARATORS[i.comparator],
      value: i.targetText ?? canonicalDecimal(i.targetValue!.toString()),
      unit: i.unitOfMeasure,
      raw: i.rawText,
    })),
  }));
  const findings = reviewTargets(projects, { fiscalYear: fiscalYear.year });
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return {
    department: { id: department.id, code: department.code, name: department.name },
    fiscalYear: { id: fiscalYear.id, year: fiscalYear.year, locked: !!fiscalYear.targetsLockedAt },
    projects: rows.map((p, index) => ({
      id: p.id,
      name: p.name,
      unitName: p.unit.name,
      findings: findings
        .filter((f) => f.projectIndex === index)
        .map((f) => ({ ...f, rule: ruleTitle(f.ruleId), projectId: p.id, indicatorId: f.indicatorIndex !== undefined ? p.indicators[f.indicatorIndex]?.id : undefined, indicatorName: f.indicatorIndex !== undefined ? p.indicators[f.indicatorIndex]?.name : undefined })),
    })),
    counts,
    rules: RULES.map((r) => ({ id: r.id, title: r.title, description: r.description, severity: r.severity, count: findings.filter((f) => f.ruleId === r.id).length })),
  };
}
