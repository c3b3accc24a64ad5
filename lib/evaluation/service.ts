import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { ReviewStatus } from "@/lib/db/generated/enums";
import type { Actor } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/audit/record";
import { budgetRecords, computeExecution } from "@/lib/budget/execution";
import { canonicalDecimal } from "@/lib/decimal";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { projectScope } from "@/lib/projects/queries";
import { toValidationIndicator } from "@/lib/progress/check-ins";
import { qualitativeScale } from "@/lib/progress/scale";
import type { StatusCheckIn } from "@/lib/progress/status";
import { LEVEL1_NAMES } from "@/lib/targets/codes";
import { formatTarget } from "@/lib/targets/parse-target";
import { finalInput, formInput, type EvaluationIndicator, type SavedLine } from "./prefill";
import { scoreEvaluation } from "./score";
import type { Band, EvaluationInput, EvaluationOutcome } from "./types";

// The self-evaluation of one project (issue "Year-end self-evaluation" §2): read, save, and the
// workflow draft → submitted → approved (or returned with a comment), locked once approved; the
// 系统管理员 may reopen an approved one with a reason. The unit's 填报人 fills it in, its 审核人
// approves it; everyone who may read the project may read it. Every write is audited.

export const EVALUATION_STATUS_LABELS: Record<ReviewStatus, string> = { DRAFT: "草稿", SUBMITTED: "已提交待审核", RETURNED: "已退回", APPROVED: "已审核通过" };
type Context = { ip?: string | null };
const STALE = "该绩效自评保存后绩效指标有变动，需要复核";

export interface EvaluationLineMeta extends EvaluationIndicator {
  target: string;
  qualitative: boolean;
  options: string[];
  deviation: string;
  /** Where the pre-filled actual came from: "2025-12-31 填报", or null when saved by the evaluator. */
  prefilledFrom: string | null;
}

export interface EvaluationView {
  project: { id: string; name: string; unitId: string; unitName: string; departmentName: string; year: number; annualGoal: string };
  funds: { initialBudget: string; adjustedBudget: string; spent: string };
  status: ReviewStatus | null;
  version: number;
  achievementText: string;
  weightReason: string;
  reviewComment: string | null;
  lines: EvaluationLineMeta[];
  input: EvaluationInput;
  outcome: EvaluationOutcome;
  /** 需要复核: why the saved evaluation no longer fits its project's targets (stale.ts); empty when it does. */
  review: string[];
  can: { edit: boolean; submit: boolean; review: boolean; reopen: boolean };
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const editable = (status: ReviewStatus | null) => status === null || status === "DRAFT" || status === "RETURNED";

const INCLUDE = {
  unit: { include: { department: true } },
  fiscalYear: true,
  indicators: { orderBy: { sortOrder: "asc" } },
  expenditures: { select: { date: true, amount: true } },
  adjustments: { select: { date: true, amount: true } },
  selfEvaluation: { include: { items: true } },
} as const;

async function loadProject(db: Db, actor: Actor, projectId: string) {
  const project = isUuid(projectId) ? await db.project.findFirst({ where: { AND: [{ id: projectId }, projectScope(actor)] }, include: INCLUDE }) : null;
  if (!project) throw notFound("项目");
  return project;
}
type LoadedProject = Awaited<ReturnType<typeof loadProject>>;

/** The last check-in of every indicator of these projects within each project's fiscal year: one query. */
async function lastCheckInsOf(db: Db, projectIds: string[]): Promise<Map<string, StatusCheckIn>> {
  const rows = await db.$queryRaw<{ indicatorId: string; asOfDate: Date; actualValue: string | null; actualText: string | null }[]>`
    SELECT l."indicatorId", l."asOfDate", l."actualValue"::text AS "actualValue", l."actualText"
    FROM "Indicator" i
    JOIN "Project" p ON p."id" = i."projectId"
    JOIN "FiscalYear" y ON y."id" = p."fiscalYearId"
    CROSS JOIN LATERAL (
      SELECT c.* FROM "CheckIn" c WHERE c."indicatorId" = i."id" AND c."asOfDate" <= make_date(y."year", 12, 31)
      ORDER BY c."asOfDate" DESC, c."updatedAt" DESC LIMIT 1) l
    WHERE i."projectId" = ANY(${projectIds}::uuid[])`;
  // numeric::text keeps the column's 8 decimals ("40.00000000"); the form shows the number as entered.
  return new Map(rows.map((c) => [c.indicatorId, { asOfDate: day(c.asOfDate), actualValue: c.actualValue === null ? null : canonicalDecimal(c.actualValue), actualText: c.actualText }]));
}

/** Everything the screen, the exports and the workflow need about one project. */
function build(actor: Actor, project: LoadedProject, lastCheckIns: Map<string, StatusCheckIn>): EvaluationView {
  const year = project.fiscalYear.year;
  const execution = computeExecution(budgetRecords(project), `${year}-12-31`, year);
  const funds = { initialBudget: execution.initialBudget, adjustedBudget: execution.adjustedBudget, spent: execution.spent };
  const evaluation = project.selfEvaluation;
  const items = new Map((evaluation?.items ?? []).map((item) => [item.indicatorId, item]));
  const saved = evaluation
    ? new Map<string, SavedLine>(
        evaluation.items.map((item) => [
          item.indicatorId,
          { weight: item.weight.toFixed(2), actual: item.actualText, band: (item.band as Band | null) ?? null, bandPercent: item.bandPercent?.toFixed(2) ?? null, overrideScore: item.overrideScore?.toFixed(2) ?? null, overrideReason: item.overrideReason, computedScore: item.computedScore?.toFixed(4) ?? null },
        ]),
      )
    : null;
  const indicators: EvaluationIndicator[] = project.indicators.map((i) => ({ ...toValidationIndicator(i), id: i.id, level1: LEVEL1_NAMES[i.level1], weight: i.weight?.toFixed(2) ?? null }));
  const { input, review } = finalInput(funds, indicators, lastCheckIns, saved, evaluation?.weightReason ?? null);
  const status = evaluation?.status ?? null;
  const sameUnit = actor.unitId === project.unitId;
  return {
    project: { id: project.id, name: project.name, unitId: project.unitId, unitName: project.unit.name, departmentName: project.unit.department.name, year, annualGoal: project.annualGoal },
    funds,
    status,
    version: evaluation?.version ?? 0,
    achievementText: evaluation?.achievementText ?? "",
    weightReason: evaluation?.weightReason ?? "",
    reviewComment: evaluation?.reviewComment ?? null,
    lines: indicators.map((i) => ({
      ...i,
      target: formatTarget(i),
      qualitative: i.comparator === "qualitative",
      options: i.comparator === "qualitative" ? qualitativeScale(i.value).options : [],
      deviation: items.get(i.id)?.deviationAnalysis ?? "",
      prefilledFrom: items.has(i.id) ? null : lastCheckIns.has(i.id) ? `${lastCheckIns.get(i.id)!.asOfDate} 填报` : null,
    })),
    input,
    outcome: scoreEvaluation(input),
    review,
    can: {
      edit: actor.role === "REPORTER" && sameUnit && editable(status),
      submit: actor.role === "REPORTER" && sameUnit && editable(status) && evaluation !== null && review.length === 0,
      review: actor.role === "REVIEWER" && sameUnit && status === "SUBMITTED",
      reopen: actor.role === "ADMIN" && status === "APPROVED",
    },
  };
}

/** One project's self-evaluation: saved, or pre-filled from the year's records. */
export async function evaluationView(db: Db, actor: Actor, projectId: string): Promise<EvaluationView> {
  const project = await loadProject(db, actor, projectId);
  return build(actor, project, await lastCheckInsOf(db, [project.id]));
}

/** The self-evaluations of every project the actor may see in a department's latest year (or the given projects): two queries. */
export async function evaluationViews(db: Db, actor: Actor, options: { departmentId?: string; projectIds?: string[] } = {}): Promise<EvaluationView[]> {
  const scope = projectScope(actor);
  const department = await db.department.findFirst({
    where: { ...(options.departmentId && isUuid(options.departmentId) ? { id: options.departmentId } : actor.departmentId ? { id: actor.departmentId } : {}), units: { some: { projects: { some: scope } } } },
    orderBy: { code: "asc" },
    include: { fiscalYears: { where: { projects: { some: scope } }, orderBy: { year: "desc" }, take: 1 } },
  });
  const fiscalYear = department?.fiscalYears[0];
  if (!fiscalYear) return [];
  const ids = options.projectIds?.filter(isUuid);
  const projects = await db.project.findMany({
    where: { AND: [scope, { fiscalYearId: fiscalYear.id }, ids ? { id: { in: ids } } : {}] },
    orderBy: [{ unit: { code: "asc" } }, { seq: "asc" }],
    include: INCLUDE,
  });
  const lastCheckIns = await lastCheckInsOf(db, projects.map((p) => p.id));
  return projects.map((p) => build(actor, p, lastCheckIns));
}

const text = (max: number, label: string) => z.string().max(max, `${label}不能超过 ${max} 字`).default("");
export const evaluationFormSchema = z.object({
  version: z.coerce.number().int().min(0),
  achievementText: text(4000, "实际完成情况"),
  weightReason: text(1000, "分值调整理由"),
  lines: z.array(
    z.object({
      indicatorId: z.string(),
      weight: z.string().trim().min(1, "请填写分值"),
      actual: text(200, "实际完成值"),
      band: z.enum(["", "达成", "部分达成", "未达成"]).default(""),
      bandPercent: text(10, "得分比例"),
      overrideScore: text(10, "调整后得分"),
      overrideReason: text(1000, "调整理由"),
      deviation: text(2000, "偏差原因分析及改进措施"),
    }),
  ).max(500),
});
export type EvaluationFormValues = z.input<typeof evaluationFormSchema>;

/** Engine error paths ("indicators[2].weight") as form field names ("lines.2.weight"). */
function fieldErrorsOf(outcome: EvaluationOutcome): Record<string, string> {
  if (outcome.ok) return {};
  const fields: Record<string, string> = {};
  for (const e of outcome.errors) {
    const path = e.path.replace(/^indicators\[(\d+)\]\.?/, "lines.$1.").replace(/\.override\.score$/, ".overrideScore").replace(/\.override\.reason$/, ".overrideReason").replace(/\.$/, "").replace(/^indicators$/, "weights");
    fields[path || "form"] ??= e.message;
  }
  return fields;
}

/** Saves the draft (all or nothing); on `submit`, also requires what a submitted form must have. */
export async function saveEvaluation(db: Db, actor: Actor, projectId: string, raw: unknown, options: Context & { submit?: boolean } = {}): Promise<{ version: number; total: string; grade: string }> {
  const project = await loadProject(db, actor, projectId);
  if (actor.role !== "REPORTER" || actor.unitId !== project.unitId) throw forbidden("只有本单位填报人可以填写绩效自评。");
  const status = project.selfEvaluation?.status ?? null;
  if (!editable(status)) throw new AppError("CONFLICT", `该绩效自评当前为“${EVALUATION_STATUS_LABELS[status!]}”，不能修改。`);
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
  const view = build(actor, project, new Map()); // funds and indicators only: the saved lines replace the check-ins
  // Weights the system re-shared after a target change are the system's, not the unit's, until saved.
  if (options.submit && view.review.length > 0) throw new AppError("CONFLICT", `${STALE}，请核对分值后先“保存草稿”，再提交审核。原因：${view.review.join(" ")}`);
  const input = formInput(view.funds, view.lines, saved, form.weightReason.trim() || null);
  const outcome = scoreEvaluation(input);
  const errors = fieldErrorsOf(outcome);
  if (options.submit && outcome.ok) {
    if (form.achievementText.trim() === "") errors.achievementText = "提交前请填写年度总体目标的实际完成情况";
    outcome.result.indicators.forEach((line, n) => {
      if (line.needsDeviationAnalysis && form.lines[n]!.deviation.trim().length < 4) errors[`lines.${n}.deviation`] = "未完全达成的指标须填写偏差原因分析及改进措施";
    });
  }
  if (!outcome.ok || Object.keys(errors).length > 0) throw new AppError("VALIDATION", options.submit ? "还不能提交，请补全标出的项目。" : "填写内容有误，请检查标出的项目。", errors);
  const result = outcome.result;

  return db.$transaction(async (tx) => {
    const data = { achievementText: form.achievementText.trim(), weightReason: form.weightReason.trim() || null, totalScore: result.total, grade: result.grade };
    const next = options.submit ? { ...data, status: "SUBMITTED" as const, submittedAt: new Date(), submittedById: actor.id, reviewComment: null } : data;
    let evaluationId = project.selfEvaluation?.id;
    if (evaluationId) {
      const { count } = await tx.selfEvaluation.updateMany({ where: { id: evaluationId, version: current }, data: { ...next, version: { increment: 1 } } });
      if (count === 0) throw new AppError("CONFLICT", "该绩效自评刚被他人修改，请刷新后再保存。");
      await tx.selfEvaluationItem.deleteMany({ where: { selfEvaluationId: evaluationId } });
    } else {
      evaluationId = (await tx.selfEvaluation.create({ data: { ...next, projectId: project.id, status: options.submit ? "SUBMITTED" : "DRAFT" } })).id;
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
      after: { projectId: project.id, total: result.total, grade: result.grade, overrides: result.indicators.filter((l) => l.overridden).map((l) => ({ name: l.name, computed: l.computedScore, score: l.score, reason: l.overrideReason })) },
      outcome: "SUCCESS",
    });
    return { version: current + 1, total: result.total, grade: result.grade };
  });
}

/** The reviewer approves or returns (with a comment) a submitted self-evaluation; the 系统管理员 reopens an approved one. */
export async function decideEvaluation(db: Db, actor: Actor, projectId: string, decision: "approve" | "return" | "reopen", comment: string, context: Context = {}) {
  const project = await loadProject(db, actor, projectId);
  const evaluation = project.selfEvaluation;
  const reviewer = actor.role === "REVIEWER" && actor.unitId === project.unitId;
  const note = comment.trim();
  if (decision === "reopen" ? actor.role !== "ADMIN" : !reviewer) throw forbidden(decision === "reopen" ? "只有系统管理员可以重新打开已审核的绩效自评。" : "只有本单位审核人可以审核绩效自评。");
  if (decision !== "approve" && note.length < 2) throw new AppError("VALIDATION", decision === "return" ? "退回时请写明原因。" : "重新打开须说明原因。", { comment: "请写明原因" });
  if (note.length > 1000) throw new AppError("VALIDATION", "意见不能超过 1000 字。", { comment: "意见不能超过 1000 字" });
  const from: ReviewStatus = decision === "reopen" ? "APPROVED" : "SUBMITTED";
  if (!evaluation || evaluation.status !== from) throw new AppError("CONFLICT", `该绩效自评当前为“${evaluation ? EVALUATION_STATUS_LABELS[evaluation.status] : "未填写"}”，不能执行此操作。`);
  const to: ReviewStatus = decision === "approve" ? "APPROVED" : "RETURNED";
  const review = decision === "approve" ? build(actor, project, new Map()).review : [];
  if (review.length > 0) throw new AppError("CONFLICT", `${STALE}，不能审核通过，请退回填报人核对后重新保存、提交。原因：${review.join(" ")}`);
  await db.$transaction(async (tx) => {
    const { count } = await tx.selfEvaluation.updateMany({
      where: { id: evaluation.id, version: evaluation.version },
      data: { status: to, version: { increment: 1 }, reviewComment: decision === "reopen" ? `系统管理员重新打开：${note}` : note || null, ...(decision === "reopen" ? {} : { reviewedById: actor.id }), ...(decision === "approve" ? { approvedAt: new Date() } : {}) },
    });
    if (count === 0) throw new AppError("CONFLICT", "该绩效自评刚被他人处理，请刷新。");
    await recordAudit(tx, { actor, ip: context.ip, action: `selfEvaluation.${decision}`, objectType: "SelfEvaluation", objectId: evaluation.id, before: { status: evaluation.status }, after: { status: to, comment: note || null }, outcome: "SUCCESS" });
  });
}
