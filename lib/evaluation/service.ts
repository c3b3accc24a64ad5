import type { Db } from "@/lib/db/client";
import { jsonColumn } from "@/lib/db/json";
import type { Actor } from "@/lib/auth/roles";
import { authorize } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record";
import { loadDashboardFacts } from "@/lib/dashboard/facts";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { closedYearMessage } from "@/lib/fiscal-years";
import { isUuid } from "@/lib/ids";
import { getProjectDetail } from "@/lib/projects/detail";
import { projectScope } from "@/lib/projects/queries";
import { notifyEvaluationDecision } from "@/lib/notify/decisions";
import { editable, REVIEW_STATUS_LABELS, REVIEW_TRANSITIONS, stepTo } from "@/lib/review/workflow";
import { evaluationFormSchema, fieldErrorsOf } from "./form-fields";
import { inputFromLines, type SavedLine } from "./prefill";
import { scoreEvaluation } from "./score";
import { changesSince, readSnapshot, takeSnapshot, type EvaluationSnapshot } from "./snapshot";
import { wan2 } from "./printed-form";
import { draftNarrative, EMPTY_NARRATIVE, NARRATIVE_KEYS, NARRATIVE_SECTIONS, narrativeErrors, readNarrative, type Narrative, type NarrativeKey, type NarrativeSource } from "./narrative";
import type { EvaluationResult } from "./types";
import { basisNow, buildView, linesOf, readsSnapshot, yearEndFunds, type CheckInSource, type EvaluationView, type LoadedProject } from "./view";

// The self-evaluation of one project: read, save, and the review workflow (lib/review/workflow.ts)
// draft → submitted → approved (or returned with a comment), locked once approved; the
// 系统管理员 may reopen an approved one with a reason. The unit's 填报人 fills it in, its 审核人
// approves it; everyone who may read the project may read it. Every write is audited, and every save,
// submit and approval keeps the record as shown (snapshot.ts): approval freezes it.

export type { EvaluationLineMeta, EvaluationView } from "./view";
type Context = { ip?: string | null };
const STALE = "该绩效自评保存后绩效指标有变动，需要复核";

const INCLUDE = {
  unit: { include: { department: true } },
  fiscalYear: true,
  indicators: { orderBy: { sortOrder: "asc" } },
  expenditures: { select: { date: true, amount: true } },
  adjustments: { select: { date: true, amount: true } },
  selfEvaluation: { include: { items: true } },
} as const;

async function loadProject(db: Db, actor: Actor, projectId: string): Promise<LoadedProject> {
  const project = isUuid(projectId) ? await db.project.findFirst({ where: { AND: [{ id: projectId }, projectScope(actor)] }, include: INCLUDE }) : null;
  if (!project) throw notFound("项目");
  return project;
}

/**
 * One project's self-evaluation. The check-ins it is pre-filled from are the project page's
 * (lib/projects/detail.ts), so its projection is the one the project page shows.
 */
export async function evaluationView(db: Db, actor: Actor, projectId: string): Promise<EvaluationView> {
  const project = await loadProject(db, actor, projectId);
  if (readsSnapshot(actor, project)) return buildView(actor, project, null);
  const detail = await getProjectDetail(db, actor, project.id);
  const latest = new Map(detail.evaluationIndicators.flatMap((i) => (i.latest ? [[i.id, i.latest] as const] : [])));
  return buildView(actor, project, { latest, asOf: detail.asOfDate });
}

/**
 * The self-evaluations of every project the actor may see in a department's year (the current one
 * unless `year` is given, lib/fiscal-years.ts rule 1), or of one unit's projects in it. The
 * check-ins come from the dashboards' facts (lib/dashboard/facts.ts), so a projection here is the
 * overview's. A few statements whatever the number of projects.
 */
export async function evaluationViews(db: Db, actor: Actor, options: { departmentId?: string; unitId?: string; year?: number } = {}): Promise<EvaluationView[]> {
  const facts = await loadDashboardFacts(db, actor, { departmentId: options.departmentId, unitId: options.unitId, year: options.year });
  if (!facts) return [];
  const projects = await db.project.findMany({
    where: { AND: [projectScope(actor), { fiscalYearId: facts.fiscalYearId }, { id: { in: facts.projects.map((p) => p.id) } }] },
    orderBy: [{ unit: { code: "asc" } }, { seq: "asc" }],
    include: INCLUDE,
  });
  const checkIns: CheckInSource = { latest: facts.latest, asOf: facts.asOf };
  return projects.map((p) => buildView(actor, p, checkIns));
}

/** Saves the draft (all or nothing); on `submit`, also requires what a submitted form must have. */
export async function saveEvaluation(db: Db, actor: Actor, projectId: string, raw: unknown, options: Context & { submit?: boolean } = {}): Promise<{ version: number; total: string; grade: string }> {
  const project = await loadProject(db, actor, projectId);
  authorize(actor, "evaluation.edit", { unitId: project.unitId });
  if (project.fiscalYear.closedAt) throw forbidden(closedYearMessage(project.fiscalYear.year));
  const status = project.selfEvaluation?.status ?? null;
  if (!editable(status)) throw new AppError("CONFLICT", `该绩效自评当前为“${REVIEW_STATUS_LABELS[status!]}”，不能修改。`);
  const parsed = evaluationFormSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError("VALIDATION", "填写内容有误，请检查标出的项目。", Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])));
  }
  const form = parsed.data;
  const ids = project.indicators.map((i) => i.id);
  if (form.lines.length !== ids.length || form.lines.some((l, n) => l.indicatorId !== ids[n])) {
    throw new AppError("CONFLICT", "该项目的绩效指标已被修改，请刷新后重新填写。");
  }
  const current = project.selfEvaluation?.version ?? 0;
  if (form.version !== current) throw new AppError("CONFLICT", "该绩效自评刚被他人修改，请刷新后再保存。");

  const saved = new Map<string, SavedLine>(form.lines.map((l) => [l.indicatorId, { weight: l.weight, actual: l.actual, band: l.band === "" ? null : l.band, bandPercent: l.bandPercent || null, overrideScore: l.overrideScore || null, overrideReason: l.overrideReason || null }]));
  // Weights the system re-shared after a target change are the system's, not the unit's, until saved.
  const review = project.selfEvaluation ? buildView(actor, project, null).review : [];
  if (options.submit && review.length > 0) throw new AppError("CONFLICT", `${STALE}，请核对分值后先“保存草稿”，再提交审核。原因：${review.join(" ")}`);
  const funds = yearEndFunds(project);
  const lines = linesOf(project);
  const weightReason = form.weightReason.trim();
  const input = inputFromLines(funds, lines, saved, weightReason || null);
  const outcome = scoreEvaluation(input);
  const errors = fieldErrorsOf(outcome);
  const narrative = outcome.ok ? narrativeToSave(project, form.narrative, outcome.result, lines.map((l, n) => ({ ...l, deviation: form.lines[n]!.deviation }))) : EMPTY_NARRATIVE;
  if (options.submit && outcome.ok) {
    Object.assign(errors, narrativeErrors(narrative));
    if (form.achievementText.trim() === "") errors.achievementText = "提交前请填写年度总体目标的实际完成情况";
    outcome.result.indicators.forEach((line, n) => {
      if (line.needsDeviationAnalysis && form.lines[n]!.deviation.trim().length < 4) errors[`lines.${n}.deviation`] = "未完全达成的指标须填写偏差原因分析及改进措施";
    });
  }
  if (!outcome.ok || Object.keys(errors).length > 0) throw new AppError("VALIDATION", options.submit ? "还不能提交，请补全标出的项目。" : "填写内容有误，请检查标出的项目。", errors);
  const result = outcome.result;

  const now = new Date();
  const snapshot = takeSnapshot({
    project: projectText(project),
    funds,
    achievementText: form.achievementText.trim(),
    narrative,
    weightReason,
    lines: lines.map((l, n) => ({ ...l, deviation: form.lines[n]!.deviation.trim() })),
    input,
    result,
  }, now);

  return db.$transaction(async (tx) => {
    const data = { achievementText: form.achievementText.trim(), ...narrative, weightReason: weightReason || null, totalScore: result.total, grade: result.grade, snapshot: json(snapshot), snapshotAt: now };
    const next = options.submit ? { ...data, status: REVIEW_TRANSITIONS.SUBMIT.to, submittedAt: new Date(), submittedById: actor.id, reviewComment: null } : data;
    let evaluationId = project.selfEvaluation?.id;
    if (evaluationId) {
      const { count } = await tx.selfEvaluation.updateMany({ where: { id: evaluationId, version: current }, data: { ...next, version: { increment: 1 } } });
      if (count === 0) throw new AppError("CONFLICT", "该绩效自评刚被他人修改，请刷新后再保存。");
      await tx.selfEvaluationItem.deleteMany({ where: { selfEvaluationId: evaluationId } });
    } else {
      evaluationId = (await tx.selfEvaluation.create({ data: { ...next, projectId: project.id, status: options.submit ? REVIEW_TRANSITIONS.SUBMIT.to : "DRAFT" } })).id;
    }
    await tx.selfEvaluationItem.createMany({
      data: form.lines.map((l, n) => ({
        selfEvaluationId: evaluationId!,
        indicatorId: l.indicatorId,
        weight: result.indicators[n]!.weight,
        actualText: l.actual.trim(),
        computedScore: result.indicators[n]!.computedScore,
        overrideScore: result.indicators[n]!.overridden ? result.indicators[n]!.score : null,
        overrideReason: result.indicators[n]!.overridden ? l.overrideReason.trim() : null,
        band: result.indicators[n]!.band,
        bandPercent: result.indicators[n]!.bandPercent,
        deviationAnalysis: l.deviation.trim(),
      })),
    });
    await recordAudit(tx, {
      actor, ip: options.ip, action: options.submit ? "selfEvaluation.submit" : "selfEvaluation.save", objectType: "SelfEvaluation", objectId: evaluationId,
      before: project.selfEvaluation ? { total: project.selfEvaluation.totalScore?.toFixed(2) ?? null, grade: project.selfEvaluation.grade, status: project.selfEvaluation.status } : undefined,
      after: { projectId: project.id, total: result.total, grade: result.grade, narrative: changedSections(project, narrative), overrides: result.indicators.filter((l) => l.overridden).map((l) => ({ name: l.name, computed: l.computedScore, score: l.score, reason: l.overrideReason })) },
      outcome: "SUCCESS",
    });
    return { version: current + 1, total: result.total, grade: result.grade };
  });
}

const DECISION_ACTIONS = { approve: "selfEvaluation.approve", return: "selfEvaluation.return", reopen: "selfEvaluation.reopen" } as const;
const DECISION_STEPS = { approve: "APPROVE", return: "RETURN", reopen: "REOPEN" } as const;

/** The reviewer approves or returns (with a comment) a submitted self-evaluation; the 系统管理员 reopens an approved one. */
export async function decideEvaluation(db: Db, actor: Actor, projectId: string, decision: "approve" | "return" | "reopen", comment: string, context: Context = {}) {
  const project = await loadProject(db, actor, projectId);
  const evaluation = project.selfEvaluation;
  const note = comment.trim();
  const rule = decision === "reopen" ? "evaluation.reopen" : "evaluation.review";
  authorize(actor, rule, { unitId: project.unitId });
  if (project.fiscalYear.closedAt) throw forbidden(closedYearMessage(project.fiscalYear.year));
  if (decision !== "approve" && note.length < 2) throw new AppError("VALIDATION", decision === "return" ? "退回时请写明原因。" : "重新打开须说明原因。", { comment: "请写明原因" });
  if (note.length > 1000) throw new AppError("VALIDATION", "意见不能超过 1000 字。", { comment: "意见不能超过 1000 字" });
  const to = stepTo(DECISION_STEPS[decision], evaluation?.status ?? null, "该绩效自评");
  if (!evaluation) throw new Error("unreachable: no review step starts from an evaluation not saved yet");
  // Approval signs the record as submitted: refused when the project changed since, never re-scored.
  const approved = decision === "approve" ? approvable(actor, project) : null;
  await db.$transaction(async (tx) => {
    const { count } = await tx.selfEvaluation.updateMany({
      where: { id: evaluation.id, version: evaluation.version },
      data: {
        status: to, version: { increment: 1 }, reviewComment: decision === "reopen" ? `系统管理员重新打开：${note}` : note || null,
        ...(decision === "reopen" ? {} : { reviewedById: actor.id }),
        ...(approved ? { approvedAt: new Date(), snapshot: json(approved), snapshotAt: new Date(approved.takenAt) } : {}),
      },
    });
    if (count === 0) throw new AppError("CONFLICT", "该绩效自评刚被他人处理，请刷新。");
    const figures = approved ? { total: approved.summary.total, grade: approved.summary.grade } : {};
    await recordAudit(tx, { actor, ip: context.ip, action: DECISION_ACTIONS[decision], objectType: "SelfEvaluation", objectId: evaluation.id, before: { status: evaluation.status }, after: { status: to, comment: note || null, ...figures }, outcome: "SUCCESS" });
    if (decision !== "reopen") await notifyEvaluationDecision(tx, project, decision, actor.displayName, note || null, approved ? { total: approved.summary.total, grade: approved.summary.grade } : undefined);
  });
}

/** The snapshot approval signs: the submitted one, unless the project changed since (then refused with the list). */
function approvable(actor: Actor, project: LoadedProject): EvaluationSnapshot {
  const evaluation = project.selfEvaluation!;
  const snapshot = readSnapshot(evaluation.snapshot);
  if (snapshot) {
    const changes = changesSince(snapshot.basis, basisNow(project, yearEndFunds(project)));
    if (changes.length > 0) throw new AppError("CONFLICT", `该绩效自评提交后项目有变动，不能审核通过，请退回填报人核对后重新保存、提交。变动：${changes.join("；")}`);
    return snapshot;
  }
  // Submitted before snapshots were kept: the saved lines as they score now, when nothing in them went stale.
  const view = buildView(actor, project, null);
  if (view.review.length > 0) throw new AppError("CONFLICT", `${STALE}，不能审核通过，请退回填报人核对后重新保存、提交。原因：${view.review.join(" ")}`);
  if (!view.outcome.ok) throw new AppError("CONFLICT", `该绩效自评填写有误，不能审核通过：${view.outcome.errors[0]!.message}`);
  return takeSnapshot({ project: projectText(project), funds: view.funds, achievementText: view.achievementText, narrative: view.narrative, weightReason: view.weightReason, lines: view.lines, input: view.input, result: view.outcome.result }, new Date());
}

/** The narrative a save stores: each section as posted, else as saved, else the draft of the form as saved now (narrative.ts rule 2). */
function narrativeToSave(project: LoadedProject, posted: Partial<Record<NarrativeKey, string | undefined>> | undefined, result: EvaluationResult, lines: NarrativeSource["lines"]): Narrative {
  const evaluation = project.selfEvaluation;
  const saved = evaluation && readSnapshot(evaluation.snapshot)?.record.narrative !== undefined ? readNarrative(evaluation) : null;
  const draft = saved ? null : draftNarrative({ project: projectText(project), funds: yearEndFunds(project), result, lines, wan: wan2 });
  return Object.fromEntries(NARRATIVE_KEYS.map((k) => [k, (posted?.[k] ?? saved?.[k] ?? draft![k]).trim()])) as Narrative;
}

/** The titles of the narrative's sections a save changes, for the audit record. */
function changedSections(project: LoadedProject, narrative: Narrative): string[] {
  const before = project.selfEvaluation ? readNarrative(project.selfEvaluation) : EMPTY_NARRATIVE;
  return NARRATIVE_KEYS.filter((k) => before[k] !== narrative[k]).map((k) => NARRATIVE_SECTIONS[k].title);
}

const projectText = (project: LoadedProject) => ({ name: project.name, unitName: project.unit.name, departmentName: project.unit.department.name, year: project.fiscalYear.year, annualGoal: project.annualGoal });
/** A snapshot as the JSON column takes it (lib/db/json.ts). */
const json = (snapshot: EvaluationSnapshot) => jsonColumn(snapshot);
