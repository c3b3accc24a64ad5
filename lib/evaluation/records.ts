import { readRows, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { ReviewStatus } from "@/lib/db/generated/enums";
import { fromScaled, toScaled } from "@/lib/money";
import { CATEGORY_NAMES, COMPARATORS, LEVEL1_NAMES } from "@/lib/targets/codes";
import { formatTarget } from "@/lib/targets/parse-target";
import { indicatorFromRow } from "@/lib/progress/status-input";
import type { ProjectDetail } from "@/lib/projects/detail";
import { evaluationFigure, type EvaluationFigure, type SavedFigure } from "./figure";
import { projectEvaluation } from "./projection";
import { changesSince, type BasisIndicator, type SnapshotBasis, type SnapshotSummary } from "./snapshot";
import type { Grade } from "./types";

// The saved self-evaluations of a set of projects as the dashboards and the project page read them:
// each one's summary as saved and what changed in its project since (snapshot.ts rule 3), in two
// statements whatever the number of projects. Only the small parts of the snapshot are read
// (summary, basis), never the whole record. The caller has settled the actor's scope: the ids come
// from lib/dashboard/facts.ts or lib/projects/detail.ts, which read them through projectScope.

interface Row {
  projectId: string;
  status: ReviewStatus;
  totalScore: string | null;
  grade: string | null;
  summary: SnapshotSummary | null;
  basis: SnapshotBasis | null;
  schema: number | null;
  savedAt: Date | null;
  approvedAt: Date | null;
  annualGoal: string;
  budget: string;
  adjustments: string;
  spent: string;
}

interface IndicatorRow { id: string; projectId: string; level1: keyof typeof LEVEL1_NAMES; category: keyof typeof CATEGORY_NAMES; name: string; comparator: keyof typeof COMPARATORS; targetValue: string | null; targetText: string | null; unitOfMeasure: string }

const yuan = (text: string) => fromScaled(toScaled(text, 2), 2);

/** An indicator as the basis compares it: the target as the screens show it. */
export function basisIndicator(i: { id: string; name: string; level1: keyof typeof LEVEL1_NAMES; category: keyof typeof CATEGORY_NAMES; comparator: keyof typeof COMPARATORS; targetValue: { toString(): string } | null; targetText: string | null; unitOfMeasure: string }): BasisIndicator {
  // numeric(24,8)::text keeps 8 decimals ("2.00000000"): indicatorFromRow reads the target as entered.
  const indicator = indicatorFromRow(i);
  return { id: i.id, name: i.name, level1: LEVEL1_NAMES[i.level1], category: indicator.category, target: formatTarget(indicator) };
}

/** Saved self-evaluations of these projects (already in the actor's scope), by project id: two statements. */
export async function savedEvaluations(db: Db, projectIds: readonly string[]): Promise<Map<string, SavedFigure>> {
  if (projectIds.length === 0) return new Map();
  const ids = [...projectIds];
  // The funds at the year's end (budget execution rule 1 on 31 December), as the form is scored with.
  const rows = await readRows<Row>(db, Prisma.sql`
    SELECT e."projectId", e."status"::text AS "status", e."totalScore"::text AS "totalScore", e."grade",
           e."snapshot"->'summary' AS "summary", e."snapshot"->'basis' AS "basis", (e."snapshot"->>'schema')::int AS "schema",
           e."snapshotAt" AS "savedAt", e."approvedAt", p."annualGoal", p."budget"::text AS "budget",
           (SELECT COALESCE(SUM(a."amount"), 0)::text FROM "BudgetAdjustment" a WHERE a."projectId" = p."id" AND a."date" <= make_date(y."year", 12, 31)) AS "adjustments",
           (SELECT COALESCE(SUM(x."amount"), 0)::text FROM "Expenditure" x WHERE x."projectId" = p."id" AND x."date" <= make_date(y."year", 12, 31)) AS "spent"
    FROM "SelfEvaluation" e
    JOIN "Project" p ON p."id" = e."projectId"
    JOIN "FiscalYear" y ON y."id" = p."fiscalYearId"
    WHERE e."projectId" = ANY(${ids}::uuid[])`);
  const withBasis = rows.filter((r) => r.schema === 1 && r.basis).map((r) => r.projectId);
  const indicators = withBasis.length === 0 ? [] : await readRows<IndicatorRow>(db, Prisma.sql`
    SELECT i."id", i."projectId", i."level1"::text AS "level1", i."category"::text AS "category", i."name", i."comparator"::text AS "comparator", i."targetValue"::text AS "targetValue", i."targetText", i."unitOfMeasure"
    FROM "Indicator" i WHERE i."projectId" = ANY(${withBasis}::uuid[]) ORDER BY i."projectId", i."sortOrder"`);
  const byProject = new Map<string, BasisIndicator[]>();
  for (const i of indicators) byProject.set(i.projectId, [...(byProject.get(i.projectId) ?? []), basisIndicator(i)]);

  const out = new Map<string, SavedFigure>();
  for (const r of rows) {
    const snapshot = r.schema === 1 && r.summary && r.basis ? { summary: r.summary, basis: r.basis } : null;
    const budget = yuan(r.budget);
    const now: SnapshotBasis = {
      annualGoal: r.annualGoal,
      funds: { initialBudget: budget, adjustedBudget: fromScaled(toScaled(budget, 2) + toScaled(r.adjustments, 2), 2), spent: yuan(r.spent) },
      indicators: byProject.get(r.projectId) ?? [],
    };
    out.set(r.projectId, {
      status: r.status,
      total: snapshot?.summary.total ?? r.totalScore ?? "0.00",
      grade: snapshot?.summary.grade ?? ((r.grade ?? "差") as Grade),
      executionRate: snapshot?.summary.executionRate ?? null,
      overrides: snapshot?.summary.overrides ?? 0,
      savedAt: savedAtOf(r.status, r.approvedAt, r.savedAt),
      review: snapshot ? changesSince(snapshot.basis, now) : [],
    });
  }
  return out;
}

/** When the shown record was made: approval for an approved one, else the last save or submit. */
export function savedAtOf(status: ReviewStatus, approvedAt: Date | null, snapshotAt: Date | null): string | null {
  const at = status === "APPROVED" && approvedAt ? approvedAt : snapshotAt;
  return at ? at.toISOString() : null;
}

/**
 * The project page's figure (app/(app)/projects/[id]): its saved evaluation, else the projection from
 * the check-ins and spending the page itself read (lib/projects/detail.ts), so it is the number the
 * overview and /evaluations show for the same day.
 */
export async function projectFigure(db: Db, detail: Pick<ProjectDetail, "id" | "execution" | "evaluationIndicators" | "asOfDate" | "year">): Promise<EvaluationFigure> {
  const saved = (await savedEvaluations(db, [detail.id])).get(detail.id) ?? null;
  return evaluationFigure(saved, () => {
    const p = projectEvaluation(detail.execution, detail.evaluationIndicators, detail.asOfDate, detail.year.year);
    return { ...p, executionRate: p.result.executionRate };
  });
}
