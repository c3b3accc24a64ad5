import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { authorize } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record";
import { warningLevel, WARNING_LABELS } from "@/lib/budget/execution";
import { canonicalDecimal, formatDecimal } from "@/lib/decimal";
import { AppError, notFound } from "@/lib/errors";
import { readNumber } from "@/lib/evaluation/input";
import { displayScore } from "@/lib/evaluation/score";
import { evaluationView, evaluationViews, type EvaluationView } from "@/lib/evaluation/service";
import { projectScope } from "@/lib/projects/queries";
import { isUuid } from "@/lib/ids";
import { formatWan, fromScaled, toScaled } from "@/lib/money";
import { CATEGORY_LABELS } from "./categories";
import { CATEGORY_NAMES, COMPARATORS } from "./codes";
import { formatTarget, parseTarget, splitIndicatorText } from "./parse-target";
import type { PreviousResult } from "./review/types";
import type { Category, Comparator } from "./types";

// Next year's targets from this year's results (绩效目标申报). The rules:
//  1. "起草 N+1 年度目标" (系统管理员) copies the chosen projects of year N — by default every one —
//     into a new year N+1 marked as drafted from N: each project with its unit, budget and annual goal,
//     each indicator with its category, name, target and weight, each naming what it was copied from
//     (previousId). Nothing else is copied: no check-in, spending or evaluation. One transaction, audited.
//  2. A year that already exists is never drafted over: refused, with a link to it.
//  3. A copied indicator's published text (rawText) is what the table-12 export writes for it
//     (publishedItem): its text as published when that text reads back as the same indicator, else the
//     table's own spelling 数量指标：名称(≥50箱) — so the export reads back unchanged.
//  4. Beside each indicator of a drafted year stand the year before's target, latest actual and score,
//     from that year's self-evaluations as every screen shows them (the approved snapshot, else the
//     saved form, else the projection): previousResults. The review (rules-next-year.ts) reads the same.

type IndicatorText = { category: Category; name: string; comparator: Comparator; value: string; unit: string; raw: string };

/** Rule 3: an indicator's item in a table-12 cell. */
export function publishedItem(i: IndicatorText): string {
  const [read, ...more] = splitIndicatorText(i.raw, i.category);
  const target = read?.targetText ? parseTarget(read.targetText) : null;
  const same = read && more.length === 0 && read.prefixed && read.category === i.category && read.name === i.name && target
    && target.comparator === i.comparator && target.unit === i.unit && (i.comparator === "qualitative" ? target.value === i.value : canonicalDecimal(target.value) === canonicalDecimal(i.value));
  return same ? i.raw.trim() : `${CATEGORY_LABELS[i.category]}：${i.name}(${formatTarget(i).replaceAll(" ", "")})`;
}

/** A stored indicator as the pure functions read it. */
export function indicatorText(row: { category: keyof typeof CATEGORY_NAMES; name: string; comparator: keyof typeof COMPARATORS; targetValue: { toString(): string } | null; targetText: string | null; unitOfMeasure: string; rawText: string }): IndicatorText {
  return { category: CATEGORY_NAMES[row.category], name: row.name, comparator: COMPARATORS[row.comparator], value: row.targetText ?? canonicalDecimal(row.targetValue?.toString() ?? "0"), unit: row.unitOfMeasure, raw: row.rawText };
}

export interface DraftResult {
  year: number;
  fiscalYearId: string;
  projects: number;
  indicators: number;
}

/** The page that shows a year's targets: where a refusal to draft an existing year points. */
export const yearTargetsHref = (departmentId: string, year: number) => `/targets/review?dept=${departmentId}&year=${year}`;

/** Rules 1 and 2. `projectIds`: the continuing projects (all of the year when not given). */
export async function draftNextYear(db: Db, actor: Actor, input: { departmentId: string; fromYear: number; projectIds?: readonly string[] }, context: { ip?: string | null } = {}): Promise<DraftResult> {
  authorize(actor, "targets.draftNextYear");
  const from = isUuid(input.departmentId) ? await db.fiscalYear.findUnique({ where: { departmentId_year: { departmentId: input.departmentId, year: input.fromYear } }, include: { department: true } }) : null;
  if (!from) throw notFound("预算年度");
  const year = from.year + 1;
  const existing = await db.fiscalYear.findUnique({ where: { departmentId_year: { departmentId: from.departmentId, year } }, include: { _count: { select: { projects: true } } } });
  if (existing) {
    const href = yearTargetsHref(from.departmentId, year);
    throw new AppError("CONFLICT", `${year} 年度已存在（${existing._count.projects} 个项目），不能重复起草；请打开 ${year} 年度查看和修改其目标。`, { href });
  }
  const projects = await db.project.findMany({ where: { fiscalYearId: from.id }, orderBy: [{ unit: { code: "asc" } }, { seq: "asc" }], include: { indicators: { orderBy: { sortOrder: "asc" } } } });
  const chosen = input.projectIds ? projects.filter((p) => input.projectIds!.includes(p.id)) : projects;
  if (input.projectIds && (chosen.length !== new Set(input.projectIds).size)) throw new AppError("VALIDATION", `所选项目中有不属于 ${from.year} 年度的项目，请刷新后重新选择。`);
  if (chosen.length === 0) throw new AppError("VALIDATION", "请至少选择一个延续到下一年度的项目。", { projectIds: "请至少选择一个项目" });

  return db.$transaction(async (tx) => {
    const created = await tx.fiscalYear.create({ data: { departmentId: from.departmentId, year, draftedFromYear: from.year } });
    let indicators = 0;
    for (const [n, p] of chosen.entries()) {
      const copy = await tx.project.create({ data: { unitId: p.unitId, fiscalYearId: created.id, seq: n + 1, name: p.name, budget: p.budget, annualGoal: p.annualGoal, previousId: p.id } });
      await tx.indicator.createMany({
        data: p.indicators.map((i) => ({
          projectId: copy.id, level1: i.level1, category: i.category, name: i.name, comparator: i.comparator, targetValue: i.targetValue, targetText: i.targetText,
          unitOfMeasure: i.unitOfMeasure, direction: i.direction, rawText: publishedItem(indicatorText(i)), weight: i.weight, sortOrder: i.sortOrder, previousId: i.id,
        })),
      });
      indicators += p.indicators.length;
    }
    await recordAudit(tx, { actor, ip: context.ip, action: "targets.draftNextYear", objectType: "FiscalYear", objectId: created.id, after: { department: from.department.code, year, fromYear: from.year, projects: chosen.length, indicators }, outcome: "SUCCESS" });
    return { year, fiscalYearId: created.id, projects: chosen.length, indicators };
  }, { timeout: 60_000 });
}

/** 元 → 万元, exact, as the review reads budgets ("5000", "2.16"). */
const wanOf = (yuan: string) => canonicalDecimal(formatWan(yuan, 6).replaceAll(",", ""));

/** One project's year as the review and the editor compare with (rule 4). */
export function previousResult(view: EvaluationView): PreviousResult | null {
  if (!view.outcome.ok) return null;
  const result = view.outcome.result;
  // At the year's end 序时进度 is 100%: the gap is what is left unspent (budget/execution.ts rule 4).
  const level = result.executionRate === null ? null : warningLevel(fromScaled(10_000n - toScaled(result.executionRate, 2), 2));
  const lines: PreviousResult["lines"] = {};
  view.lines.forEach((line, n) => {
    const scored = result.indicators[n]!;
    const actual = scored.actual;
    const number = actual !== null && !line.qualitative ? readNumber(actual, line.unit) : null;
    lines[line.id] = {
      name: line.name, comparator: line.comparator, value: line.value, unit: line.unit, target: line.target,
      actual, actualNumber: number ? formatDecimal(number) : null, met: !scored.needsDeviationAnalysis, weight: scored.weight, score: displayScore(scored.score),
    };
  });
  return {
    year: view.project.year, budgetWan: wanOf(view.funds.initialBudget), executionRate: result.executionRate,
    executionWarning: level === "WARNING" || level === "LAGGING" ? (WARNING_LABELS[level] as "预警" | "滞后") : null,
    total: result.total, grade: result.grade, kind: view.figure.kind, lines,
  };
}

/** A drafted project's year before (the project it continues), as its editor shows it beside each indicator; null for a project that continues none. */
export async function projectPrevious(db: Db, actor: Actor, projectId: string): Promise<PreviousResult | null> {
  const project = isUuid(projectId) ? await db.project.findFirst({ where: { AND: [{ id: projectId }, projectScope(actor)] }, select: { previousId: true } }) : null;
  return project?.previousId ? previousResult(await evaluationView(db, actor, project.previousId)) : null;
}

/** The year before's results of a department's projects, by project id (one read of that year's evaluations). */
export async function previousResults(db: Db, actor: Actor, departmentId: string, year: number): Promise<Map<string, PreviousResult>> {
  const views = await evaluationViews(db, actor, { departmentId, year });
  const out = new Map<string, PreviousResult>();
  for (const v of views) {
    if (v.project.year !== year) continue; // the department has no such year: evaluationViews fell back to the current one
    const r = previousResult(v);
    if (r) out.set(v.project.id, r);
  }
  return out;
}
