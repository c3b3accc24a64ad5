import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { canonicalDecimal } from "@/lib/decimal";
import { pickYear } from "@/lib/fiscal-years";
import { formatWan } from "@/lib/money";
import { projectScope } from "@/lib/projects/queries";
import { CATEGORY_NAMES, COMPARATORS } from "./codes";
import { reviewTargets, ruleTitle, RULES } from "./review";
import { previousResults } from "./next-year";
import type { Finding, PreviousResult, ReviewProject } from "./review/types";

export interface ReportFinding extends Finding {
  indicatorName?: string;
  /** The rule's Chinese title: users read this, never the id. */
  rule: string;
}

export interface ReviewReport {
  department: { id: string; code: string; name: string } | null;
  fiscalYear: ReviewedYear["fiscalYear"] | null;
  projects: { id: string; name: string; unitName: string; findings: ReportFinding[] }[];
  counts: Record<Finding["severity"], number>;
  rules: { id: string; title: string; description: string; severity: Finding["severity"]; count: number }[];
}

/** The projects the review reads, as stored and as the rules read them, with what the rules found. */
export interface ReviewedYear {
  department: { id: string; code: string; name: string };
  fiscalYear: { id: string; year: number; locked: boolean; draftedFromYear: number | null; closed: boolean };
  rows: (ReviewProject & { id: string; seq: number; indicators: (ReviewProject["indicators"][number] & { id: string })[] })[];
  findings: ReportFinding[];
}

/**
 * The projects the actor can see in one department and year (the current one unless asked), read as
 * the review rules read them — a continuing project with its year before's results (next-year.ts
 * rule 4) — and the findings of every rule. A few statements whatever the number of projects.
 */
export async function reviewedYear(db: Db, actor: Actor, options: { departmentId?: string; year?: number } = {}): Promise<ReviewedYear | null> {
  const scope = projectScope(actor);
  const department = await db.department.findFirst({
    where: { ...(options.departmentId ? { id: options.departmentId } : actor.departmentId ? { id: actor.departmentId } : {}), units: { some: { projects: { some: scope } } } },
    orderBy: { code: "asc" },
  });
  const fiscalYear = department
    ? (pickYear(await db.fiscalYear.findMany({ where: { departmentId: department.id, projects: { some: scope } } }), options.year) ?? null)
    : null;
  if (!department || !fiscalYear) return null;
  const rows = await db.project.findMany({
    where: { AND: [scope, { fiscalYearId: fiscalYear.id }] },
    orderBy: [{ unit: { code: "asc" } }, { seq: "asc" }],
    include: { unit: true, indicators: { orderBy: { sortOrder: "asc" } } },
  });
  const drafted = rows.some((p) => p.previousId !== null);
  const previous = drafted ? await previousResults(db, actor, department.id, fiscalYear.draftedFromYear ?? fiscalYear.year - 1) : new Map<string, PreviousResult>();
  const projects = rows.map((p) => ({
    id: p.id,
    seq: p.seq,
    previous: p.previousId ? (previous.get(p.previousId) ?? null) : null,
    unitCode: p.unit.code,
    unitName: p.unit.name,
    name: p.name,
    budgetWan: canonicalDecimal(formatWan(p.budget.toFixed(2), 6).replaceAll(",", "")),
    annualGoal: p.annualGoal,
    indicators: p.indicators.map((i) => ({
      id: i.id,
      previousId: i.previousId,
      category: CATEGORY_NAMES[i.category],
      name: i.name,
      comparator: COMPARATORS[i.comparator],
      value: i.targetText ?? canonicalDecimal(i.targetValue!.toString()),
      unit: i.unitOfMeasure,
      raw: i.rawText,
    })),
  }));
  const findings = reviewTargets(projects, { fiscalYear: fiscalYear.year }).map((f): ReportFinding => {
    const p = rows[f.projectIndex];
    const indicator = f.indicatorIndex !== undefined ? p?.indicators[f.indicatorIndex] : undefined;
    return { ...f, rule: ruleTitle(f.ruleId), projectId: p?.id, indicatorId: indicator?.id, indicatorName: indicator?.name };
  });
  return {
    department: { id: department.id, code: department.code, name: department.name },
    fiscalYear: { id: fiscalYear.id, year: fiscalYear.year, locked: !!fiscalYear.targetsLockedAt, draftedFromYear: fiscalYear.draftedFromYear, closed: !!fiscalYear.closedAt },
    rows: projects,
    findings,
  };
}

/** The target review of one department and year, as the review page shows it. */
export async function departmentReview(db: Db, actor: Actor, options: { departmentId?: string; year?: number } = {}): Promise<ReviewReport> {
  const reviewed = await reviewedYear(db, actor, options);
  if (!reviewed) return { department: null, fiscalYear: null, projects: [], counts: { error: 0, warning: 0, info: 0 }, rules: [] };
  const { rows, findings } = reviewed;
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return {
    department: reviewed.department,
    fiscalYear: reviewed.fiscalYear,
    projects: rows.map((p, index) => ({ id: p.id, name: p.name, unitName: p.unitName, findings: findings.filter((f) => f.projectIndex === index) })),
    counts,
    rules: RULES.map((r) => ({ id: r.id, title: r.title, description: r.description, severity: r.severity, count: findings.filter((f) => f.ruleId === r.id).length })),
  };
}
