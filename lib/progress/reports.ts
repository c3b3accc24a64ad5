import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { Actor } from "@/lib/auth/roles";
import { authorize, authorizedUnit } from "@/lib/auth/policy";
import type { ReportAction } from "@/lib/db/generated/enums";
import { auditRefusal } from "@/lib/audit/denied";
import { recordAudit } from "@/lib/audit/record";
import type { AuditAction } from "@/lib/audit/catalogue";
import { AppError, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { assertApprovalConfirmed, completenessText, submissionReason, type Completeness } from "./completeness";
import { monthView } from "./month-view";
import { snapshotApproval } from "./reviewed";
import { notifyReportDecision } from "@/lib/notify/decisions";
import { REVIEW_STEP_LABELS, stepTo } from "@/lib/review/workflow";

// The monthly report workflow (lib/review/workflow.ts): draft → submitted (reporter) → approved or
// returned with a comment (the unit's reviewer). Returned reports are editable again; approved ones are
// locked, and only the 系统管理员 can reopen one, with a reason. An incomplete month is submitted only with a reason and
// approved only with a confirmation (completeness.ts). Approval takes the signed copy of the month's
// check-ins (reviewed.ts rule 1). Every step is audited and kept, in order, in the month's history;
// returns and approvals also go to the department's work chat when it has one (lib/notify).

const REPORT_AUDIT: Record<ReportAction, AuditAction> = { SUBMIT: "report.submit", RETURN: "report.return", APPROVE: "report.approve", REOPEN: "report.reopen" };

type Context = { ip?: string | null };
type Report = Prisma.MonthlyReportGetPayload<{ include: { fiscalYear: { select: { year: true } } } }>;

/** What a step adds to the report's row and to its history. */
interface Step {
  data: Prisma.MonthlyReportUpdateManyMutationInput;
  event: { comment: string | null; completeness?: Completeness };
}

/** The policy's rule for a step (lib/auth/policy.ts): who may take it, in which states. */
type StepRule = "report.submit" | "report.review" | "report.reopen";

async function transition(
  db: Db,
  actor: Actor,
  reportId: string,
  rule: { may: StepRule; action: ReportAction; sameUnit: boolean },
  step: (report: Report) => Promise<Step>,
  context: Context,
) {
  const audit = REPORT_AUDIT[rule.action];
  authorize(actor, rule.may);
  const report = isUuid(reportId) ? await db.monthlyReport.findUnique({ where: { id: reportId }, include: { fiscalYear: { select: { year: true } } } }) : null;
  if (!report || (rule.sameUnit && report.unitId !== actor.unitId)) {
    const refused = notFound("月度填报");
    if (report) await auditRefusal(db, { actor, ip: context.ip, action: audit, objectType: "MonthlyReport", objectId: reportId, detail: "不是本单位的月度填报" }, refused);
    throw refused;
  }
  const to = stepTo(rule.action, report.status, "该月度填报");
  const { data, event } = await step(report);
  const c = event.completeness;
  await db.$transaction(async (tx) => {
    const { count } = await tx.monthlyReport.updateMany({ where: { id: report.id, version: report.version }, data: { ...data, status: to, version: { increment: 1 } } });
    if (count === 0) throw new AppError("CONFLICT", "该月度填报刚被他人处理，请刷新。");
    const missing = c ? { unfilled: c.unfilled.map((m) => m.name), unexplained: c.unexplained.map((m) => m.name) } : undefined;
    await tx.reportEvent.create({ data: { reportId: report.id, action: rule.action, actorId: actor.id, comment: event.comment, filled: c?.filled, expected: c?.expected, missing } });
    if (to === "APPROVED") await snapshotApproval(tx, [report.id]);
    if (rule.action === "RETURN" || rule.action === "APPROVE") await notifyReportDecision(tx, report, rule.action === "RETURN" ? "return" : "approve", actor.displayName, event.comment);
    await recordAudit(tx, {
      actor,
      ip: context.ip,
      action: audit,
      objectType: "MonthlyReport",
      objectId: report.id,
      before: { status: report.status },
      after: { status: to, comment: event.comment, ...(c ? { filled: c.filled, expected: c.expected } : {}) },
      outcome: "SUCCESS",
    });
  });
  return report;
}

/** How complete the report's month is now, read as its unit's reporters and reviewers read it. */
async function completenessOf(db: Db, actor: Actor, report: Report): Promise<Completeness> {
  return (await monthView(db, actor, { year: report.fiscalYear.year, month: report.month })).completeness;
}

/**
 * Submits a month. Incomplete (completeness.ts), it needs `reason`; the reviewer sees the counts, what
 * was missing and the reason.
 */
export async function submitReport(db: Db, actor: Actor, reportId: string, options: { reason?: string | null } = {}, context: Context = {}) {
  return transition(db, actor, reportId, { may: "report.submit", action: "SUBMIT", sameUnit: true }, async (report) => {
    const completeness = await completenessOf(db, actor, report);
    if (completeness.filled === 0) {
      throw new AppError("VALIDATION", "本月还没有填写任何实际完成值，不能提交。");
    }
    const reason = submissionReason(completeness, options.reason);
    return { data: { submittedAt: new Date(), submittedById: actor.id }, event: { comment: reason, completeness } };
  }, context);
}

export async function reviewReport(db: Db, actor: Actor, reportId: string, decision: "approve" | "return", comment: string, options: { confirmIncomplete?: boolean } = {}, context: Context = {}) {
  const text = comment.trim();
  if (decision === "return" && text.length < 2) throw new AppError("VALIDATION", "退回时请写明原因。", { comment: "请写明退回原因，便于填报人修改" });
  if (text.length > 1000) throw new AppError("VALIDATION", "意见不能超过 1000 字。", { comment: "意见不能超过 1000 字" });
  const approve = decision === "approve";
  return transition(
    db,
    actor,
    reportId,
    {
      may: "report.review",
      action: approve ? "APPROVE" : "RETURN",
      sameUnit: true,
    },
    async (report) => {
      const completeness = approve ? await completenessOf(db, actor, report) : undefined;
      if (completeness) assertApprovalConfirmed(completeness, options.confirmIncomplete === true);
      return { data: { reviewedAt: new Date(), reviewedById: actor.id, reviewComment: text || null }, event: { comment: text || null, completeness } };
    },
    context,
  );
}

export async function reopenReport(db: Db, actor: Actor, reportId: string, reason: string, context: Context = {}) {
  if (reason.trim().length < 2) throw new AppError("VALIDATION", "重新打开须说明原因。", { reason: "请填写原因" });
  return transition(db, actor, reportId, { may: "report.reopen", action: "REOPEN", sameUnit: false }, async () => ({
    data: { reviewComment: `系统管理员重新打开：${reason.trim()}` },
    event: { comment: reason.trim() },
  }), context);
}

export interface ReportHistoryEntry {
  action: ReportAction;
  /** 提交审核, 重新提交 (a submission after a return or reopen), 退回修改, 审核通过, 重新打开. */
  label: string;
  by: string;
  at: Date;
  comment: string | null;
  /** At a submission or approval: "已填 14/48，34 项未填实际完成值". */
  completeness: string | null;
  missing: { unfilled: string[]; unexplained: string[] } | null;
}

/** Every step of a month's workflow, oldest first, for those who may read the month (its unit's people). */
export async function reportHistory(db: Db, actor: Actor, reportId: string): Promise<ReportHistoryEntry[]> {
  const unitId = authorizedUnit(actor, "report.history");
  const events = isUuid(reportId)
    ? await db.reportEvent.findMany({ where: { reportId, report: { unitId } }, orderBy: { at: "asc" }, include: { actor: { select: { displayName: true } } } })
    : [];
  let submitted = false;
  return events.map((e) => {
    const label = e.action === "SUBMIT" && submitted ? "重新提交" : REVIEW_STEP_LABELS[e.action];
    if (e.action === "SUBMIT") submitted = true;
    const missing = (e.missing ?? null) as ReportHistoryEntry["missing"];
    const counts = e.filled !== null && e.expected !== null && missing ? completenessText({ filled: e.filled, expected: e.expected, ...missing }) : null;
    return { action: e.action, label, by: e.actor.displayName, at: e.at, comment: e.comment, completeness: counts, missing };
  });
}

/** Submitted reports of the reviewer's unit, oldest first, each with how complete it was when submitted and why. */
export async function reviewQueue(db: Db, actor: Actor) {
  const unitId = authorizedUnit(actor, "report.reviewQueue");
  const reports = await db.monthlyReport.findMany({
    where: { unitId, status: "SUBMITTED" },
    orderBy: { submittedAt: "asc" },
    include: { fiscalYear: { select: { year: true } }, unit: { select: { name: true } }, events: { where: { action: "SUBMIT" }, orderBy: { at: "desc" }, take: 1 } },
  });
  return reports.map((r) => {
    const submission = r.events[0];
    const missing = (submission?.missing ?? null) as ReportHistoryEntry["missing"];
    return {
      id: r.id,
      year: r.fiscalYear.year,
      month: r.month,
      filled: submission?.filled ?? null,
      expected: submission?.expected ?? null,
      complete: !missing || (missing.unfilled.length === 0 && missing.unexplained.length === 0),
      missing,
      reason: submission?.comment ?? null,
    };
  });
}

/** Every unit's monthly reports for the 系统管理员 (who may reopen approved ones), newest first. */
export async function listReportsForAdmin(db: Db, actor: Actor) {
  authorize(actor, "report.listAll");
  return db.monthlyReport.findMany({
    orderBy: [{ fiscalYear: { year: "desc" } }, { month: "desc" }, { unit: { code: "asc" } }],
    take: 500,
    include: { unit: { select: { code: true, name: true } }, fiscalYear: { select: { year: true } }, _count: { select: { checkIns: true } } },
  });
}
