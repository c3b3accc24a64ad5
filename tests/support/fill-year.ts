import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { canonicalDecimal } from "@/lib/decimal";
import { saveCheckIns } from "@/lib/progress/check-ins";
import { reviewReport, submitReport } from "@/lib/progress/reports";
import { evaluationView, saveEvaluation, decideEvaluation, type EvaluationView } from "@/lib/evaluation/service";

// A year as a unit lives it, through the product's own workflow: every indicator's December check-in
// saved by the unit's reporter (the target itself, met, unless a miss is named), the month submitted
// and approved by its reviewer, the year's spending recorded; then self-evaluations saved, submitted
// and approved. Shared by the integration tests of the report, the fiscal years and next year's draft.

export interface Miss { actual: string }

/** December's check-ins of one unit's projects in `year`: met, or the named misses (by indicator name), then approved. */
export async function fillDecember(db: Db, reporter: Actor, reviewer: Actor, year: number, misses: Record<string, Miss> = {}): Promise<void> {
  const indicators = await db.indicator.findMany({ where: { project: { unitId: reporter.unitId!, fiscalYear: { year } } }, orderBy: [{ project: { seq: "asc" } }, { sortOrder: "asc" }] });
  const rows = indicators.map((i) => {
    const miss = misses[i.name];
    const target = i.targetText ?? canonicalDecimal(i.targetValue!.toString());
    return miss
      ? { indicatorId: i.id, actual: miss.actual, likelihood: "IMPOSSIBLE", deviationCause: "OTHER", correctiveAction: `${i.name}未达到目标，下年度提前安排。` }
      : { indicatorId: i.id, actual: target, likelihood: "CERTAIN" };
  });
  const result = await saveCheckIns(db, reporter, { year, month: 12, rows });
  if (Object.keys(result.errors).length > 0) throw new Error(`填报失败：${JSON.stringify(result.errors)}`);
  const report = await db.monthlyReport.findFirstOrThrow({ where: { unitId: reporter.unitId!, month: 12, fiscalYear: { year } } });
  await submitReport(db, reporter, report.id);
  await reviewReport(db, reviewer, report.id, "approve", "");
}

/** One expenditure per project of the unit: `share` (0–100, integer percent) of its budget, paid on 20 December. */
export async function spend(db: Db, reporter: Actor, year: number, share: (name: string) => number): Promise<void> {
  const projects = await db.project.findMany({ where: { unitId: reporter.unitId!, fiscalYear: { year } } });
  for (const p of projects) {
    const fen = (BigInt(p.budget.toFixed(2).replace(".", "")) * BigInt(share(p.name))) / 100n;
    if (fen === 0n) continue;
    await db.expenditure.create({ data: { projectId: p.id, date: new Date(`${year}-12-20`), amount: `${fen / 100n}.${String(fen % 100n).padStart(2, "0")}`, payee: "供应商", createdById: reporter.id } });
  }
}

/** The evaluation form as the page posts it, from a view: its lines as pre-filled, a deviation analysis wherever one is needed. */
export function formOf(view: EvaluationView, extra: { achievementText?: string; narrative?: Partial<EvaluationView["narrative"]> } = {}) {
  const result = view.outcome.ok ? view.outcome.result : null;
  return {
    version: view.version,
    achievementText: extra.achievementText ?? `${view.project.name}全年按计划实施。`,
    weightReason: view.weightReason,
    ...(extra.narrative ? { narrative: extra.narrative } : {}),
    lines: view.lines.map((line, n) => {
      const given = view.input.indicators[n]!;
      const needs = result?.indicators[n]?.needsDeviationAnalysis ?? false;
      return {
        indicatorId: line.id, weight: given.weight ?? result!.indicators[n]!.weight, actual: given.actual ?? "", band: given.band ?? "", bandPercent: given.bandPercent ?? "",
        overrideScore: given.override?.score ?? "", overrideReason: given.override?.reason ?? "",
        deviation: line.deviation || (needs ? `“${line.name}”未完全达成：工作安排偏晚；下年度提前安排。` : ""),
      };
    }),
  };
}

/** Saves, submits and approves one project's self-evaluation as it is pre-filled (with the narrative given, if any). */
export async function approveEvaluation(db: Db, reporter: Actor, reviewer: Actor, projectId: string, extra: Parameters<typeof formOf>[1] = {}): Promise<void> {
  await saveEvaluation(db, reporter, projectId, formOf(await evaluationView(db, reporter, projectId), extra), { submit: true });
  await decideEvaluation(db, reviewer, projectId, "approve", "");
}
