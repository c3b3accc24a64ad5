import type { Actor } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { recordAdjustment, recordExpenditure, reverseExpenditure } from "@/lib/budget/records";
import { evaluationView, saveEvaluation, type EvaluationView } from "@/lib/evaluation/service";
import { saveCheckIns } from "@/lib/progress/check-ins";
import { uploadEvidence } from "@/lib/progress/evidence";
import { reviewReport, submitReport } from "@/lib/progress/reports";
import { makeUser } from "./factories";

// A populated department for the separation-of-duties matrix and the fuzzer: one actor per role
// (the unit roles in 309001), a reporter and a reviewer of 309002, and in both units what the
// product's workflows leave behind — check-ins in approved, submitted and draft monthly reports,
// payments (one reversed), a budget adjustment, evidence on a check-in and on a payment, and
// self-evaluations saved and submitted. The ids of each unit's records are returned as pools.

export const ROLES = ["REPORTER", "REVIEWER", "LEADER", "ADMIN", "SECURITY_OFFICER", "AUDITOR"] as const satisfies readonly Role[];
export type RoleKey = (typeof ROLES)[number];

export const OWN_UNIT = "309001";
export const OTHER_UNIT = "309002";
export const YEAR = 2025;

export interface Pools {
  unitId: string;
  projects: string[];
  indicators: { id: string; projectId: string; version: number }[];
  checkIns: string[];
  reports: { id: string; month: number; status: string }[];
  expenditures: string[];
  adjustments: string[];
  evidence: string[];
  /** Projects with a saved self-evaluation (status in `evaluations`). */
  evaluations: { projectId: string; status: string }[];
}

export interface World {
  actors: Record<RoleKey, Actor>;
  passwords: Record<RoleKey, string>;
  other: { reporter: Actor; reviewer: Actor };
  own: Pools;
  foreign: Pools;
  departmentId: string;
  fiscalYearId: string;
  users: { id: string; username: string }[];
}

const now = () => new Date();

const pdf = (label: string) => new TextEncoder().encode(`%PDF-1.7\n% ${label}\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n`);

/** A check-in row that passes validation for this indicator: its own target as the actual, certain, with a cause and a measure in case it is behind. */
export function validRow(indicator: { id: string; comparator: string; targetText: string | null; targetValue: { toString(): string } | null; version?: number }) {
  const actual = indicator.comparator === "QUALITATIVE" ? (indicator.targetText ?? "是") : (indicator.targetValue?.toString() ?? "1");
  return { indicatorId: indicator.id, actual, likelihood: "CERTAIN", deviationCause: "OTHER", correctiveAction: "按计划推进，加强督办" };
}

/** The form as the evaluation screen posts it, from a view (weights resolved, actuals pre-filled). */
export function evaluationForm(view: EvaluationView, options: { deviation?: string; achievementText?: string } = {}) {
  const result = view.outcome.ok ? view.outcome.result : null;
  return {
    version: view.version,
    achievementText: options.achievementText ?? view.achievementText,
    weightReason: view.weightReason,
    lines: view.lines.map((line, n) => ({
      indicatorId: line.id,
      weight: view.input.indicators[n]!.weight ?? result?.indicators[n]?.weight ?? "10",
      actual: view.input.indicators[n]!.actual ?? "",
      band: view.input.indicators[n]!.band ?? "",
      bandPercent: view.input.indicators[n]!.bandPercent ?? "",
      overrideScore: view.input.indicators[n]!.override?.score ?? "",
      overrideReason: view.input.indicators[n]!.override?.reason ?? "",
      deviation: options.deviation ?? line.deviation,
    })),
  };
}

/** Saves (and optionally submits) a project's self-evaluation as its unit's reporter, pre-filled as the screen would. */
export async function saveEvaluationAs(db: Db, reporter: Actor, projectId: string, submit: boolean) {
  const view = await evaluationView(db, reporter, projectId);
  const form = evaluationForm(view, { deviation: "偏差原因：进度滞后；改进措施：加强督办", achievementText: "年度目标基本完成，详见各指标。" });
  return saveEvaluation(db, reporter, projectId, form, { submit });
}

async function populateUnit(db: Db, unitCode: string, reporter: Actor, reviewer: Actor, evidenceDir: string): Promise<Pools> {
  const unit = await db.unit.findUniqueOrThrow({ where: { code: unitCode } });
  const projects = await db.project.findMany({ where: { unitId: unit.id }, orderBy: { seq: "asc" }, include: { indicators: { orderBy: { sortOrder: "asc" } } } });
  const [first, second, third] = projects;
  if (!first || !second || !third) throw new Error(`unit ${unitCode} has fewer than 3 projects`);

  // Check-ins for months 1–3 on the first project's indicators: 1 approved, 2 submitted, 3 a draft.
  for (const month of [1, 2, 3]) {
    const result = await saveCheckIns(db, reporter, { year: YEAR, month, rows: first.indicators.map(validRow) }, { now: now() });
    if (result.saved === 0) throw new Error(`no check-ins saved for ${unitCode}/${month}: ${JSON.stringify(result.errors)}`);
  }
  const reports = await db.monthlyReport.findMany({ where: { unitId: unit.id }, orderBy: { month: "asc" } });
  await submitReport(db, reporter, reports[0]!.id, { reason: "其余指标本月无进展" });
  await reviewReport(db, reviewer, reports[0]!.id, "approve", "同意", { confirmIncomplete: true });
  await submitReport(db, reporter, reports[1]!.id, { reason: "其余指标本月无进展" });

  const spent = await recordExpenditure(db, reporter, first.id, { date: `${YEAR}-03-15`, amount: "1200.00", payee: "某科技有限公司", voucherNo: `V-${unitCode}-1`, confirmed: true });
  const reversed = await recordExpenditure(db, reporter, first.id, { date: `${YEAR}-04-15`, amount: "800.00", payee: "某办公用品店", confirmed: true });
  await reverseExpenditure(db, reporter, reversed.id!, "录入错误");
  await recordAdjustment(db, reporter, first.id, { date: `${YEAR}-05-01`, amount: "5000", reason: "追加预算", approvedBy: "财预〔2025〕1号" });

  const draftCheckIn = await db.checkIn.findFirstOrThrow({ where: { report: { unitId: unit.id, month: 3 } } });
  const context = { dir: evidenceDir, ip: "10.0.0.1" };
  await uploadEvidence(db, reporter, { checkInId: draftCheckIn.id, fileName: `${unitCode}-运维记录.pdf`, bytes: pdf(`${unitCode} check-in`) }, context);
  await uploadEvidence(db, reporter, { expenditureId: spent.id!, fileName: `${unitCode}-支付凭证.pdf`, bytes: pdf(`${unitCode} payment`) }, context);

  await saveEvaluationAs(db, reporter, second.id, false);
  await saveEvaluationAs(db, reporter, third.id, true);
  return pools(db, unit.id);
}

/** The current ids of one unit's records. */
export async function pools(db: Db, unitId: string): Promise<Pools> {
  const scope = { project: { unitId } };
  const [projects, indicators, checkIns, reports, expenditures, adjustments, evidence, evaluations] = await Promise.all([
    db.project.findMany({ where: { unitId }, select: { id: true }, orderBy: { seq: "asc" } }),
    db.indicator.findMany({ where: scope, select: { id: true, projectId: true, version: true } }),
    db.checkIn.findMany({ where: { indicator: scope }, select: { id: true } }),
    db.monthlyReport.findMany({ where: { unitId }, select: { id: true, month: true, status: true } }),
    db.expenditure.findMany({ where: scope, select: { id: true } }),
    db.budgetAdjustment.findMany({ where: scope, select: { id: true } }),
    db.evidence.findMany({ where: scope, select: { id: true } }),
    db.selfEvaluation.findMany({ where: scope, select: { projectId: true, status: true } }),
  ]);
  return {
    unitId,
    projects: projects.map((p) => p.id),
    indicators,
    checkIns: checkIns.map((c) => c.id),
    reports,
    expenditures: expenditures.map((e) => e.id),
    adjustments: adjustments.map((a) => a.id),
    evidence: evidence.map((e) => e.id),
    evaluations,
  };
}

/** Seeds the department, makes the actors and fills both units. */
export async function buildWorld(db: Db, evidenceDir: string): Promise<World> {
  const actors = {} as Record<RoleKey, Actor>;
  const passwords = {} as Record<RoleKey, string>;
  for (const role of ROLES) {
    const made = await makeUser(db, role, role === "REPORTER" || role === "REVIEWER" ? OWN_UNIT : undefined);
    actors[role] = made.actor;
    passwords[role] = made.password;
  }
  const other = { reporter: (await makeUser(db, "REPORTER", OTHER_UNIT)).actor, reviewer: (await makeUser(db, "REVIEWER", OTHER_UNIT)).actor };
  const own = await populateUnit(db, OWN_UNIT, actors.REPORTER, actors.REVIEWER, evidenceDir);
  const foreign = await populateUnit(db, OTHER_UNIT, other.reporter, other.reviewer, evidenceDir);
  const fiscalYear = await db.fiscalYear.findFirstOrThrow({ where: { year: YEAR } });
  const users = await db.user.findMany({ select: { id: true, username: true } });
  return { actors, passwords, other, own, foreign, departmentId: fiscalYear.departmentId, fiscalYearId: fiscalYear.id, users };
}
