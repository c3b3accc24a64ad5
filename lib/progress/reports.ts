import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import type { ReviewStatus } from "@/lib/db/generated/enums";
import { recordAudit } from "@/lib/audit/record";
import type { AuditAction } from "@/lib/audit/catalogue";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

// The monthly report workflow (issue "Progress" §4): draft → submitted (reporter) → approved or
// returned with a comment (the unit's reviewer). Returned reports are editable again; approved ones
// are locked, and only the 系统管理员 can reopen one, with a reason. Every step is audited.

export const REPORT_STATUS_LABELS: Record<ReviewStatus, string> = { DRAFT: "草稿", SUBMITTED: "已提交待审核", RETURNED: "已退回", APPROVED: "已审核通过" };

type Context = { ip?: string | null };

async function transition(
  db: Db,
  actor: Actor,
  reportId: string,
  rule: { roles: Actor["role"][]; from: ReviewStatus[]; to: ReviewStatus; action: AuditAction; sameUnit: boolean },
  data: Record<string, unknown>,
  context: Context,
) {
  if (!rule.roles.includes(actor.role)) throw forbidden();
  const report = isUuid(reportId) ? await db.monthlyReport.findUnique({ where: { id: reportId }, include: { _count: { select: { checkIns: true } } } }) : null;
  if (!report || (rule.sameUnit && report.unitId !== actor.unitId)) {
    if (report) {
      await db.$transaction((tx) => recordAudit(tx, { actor, ip: context.ip, action: rule.action, objectType: "MonthlyReport", objectId: reportId, outcome: "DENIED", detail: "不是本单位的月度填报" }));
    }
    throw notFound("月度填报");
  }
  if (!rule.from.includes(report.status)) {
    throw new AppError("CONFLICT", `该月度填报当前为“${REPORT_STATUS_LABELS[report.status]}”，不能执行此操作。`);
  }
  await db.$transaction(async (tx) => {
    const { count } = await tx.monthlyReport.updateMany({ where: { id: report.id, version: report.version }, data: { ...data, status: rule.to, version: { increment: 1 } } });
    if (count === 0) throw new AppError("CONFLICT", "该月度填报刚被他人处理，请刷新。");
    await recordAudit(tx, { actor, ip: context.ip, action: rule.action, objectType: "MonthlyReport", objectId: report.id, before: { status: report.status }, after: { status: rule.to, comment: typeof data.reviewComment === "string" ? data.reviewComment : null }, outcome: "SUCCESS" });
  });
  return report;
}

export async function submitReport(db: Db, actor: Actor, reportId: string, context: Context = {}) {
  const report = await db.monthlyReport.findUnique({ where: { id: reportId }, select: { _count: { select: { checkIns: true } } } }).catch(() => null);
  if (report && report._count.checkIns === 0) throw new AppError("VALIDATION", "本月还没有任何填报，不能提交。");
  return transition(db, actor, reportId, { roles: ["REPORTER"], from: ["DRAFT", "RETURNED"], to: "SUBMITTED", action: "report.submit", sameUnit: true }, { submittedAt: new Date(), submittedById: actor.id }, context);
}

export async function reviewReport(db: Db, actor: Actor, reportId: string, decision: "approve" | "return", comment: string, context: Context = {}) {
  const text = comment.trim();
  if (decision === "return" && text.length < 2) throw new AppError("VALIDATION", "退回时请写明原因。", { comment: "请写明退回原因，便于填报人修改" });
  if (text.length > 1000) throw new AppError("VALIDATION", "意见不能超过 1000 字。", { comment: "意见不能超过 1000 字" });
  return transition(
    db,
    actor,
    reportId,
    { roles: ["REVIEWER"], from: ["SUBMITTED"], to: decision === "approve" ? "APPROVED" : "RETURNED", action: decision === "approve" ? "report.approve" : "report.return", sameUnit: true },
    { reviewedAt: new Date(), reviewedById: actor.id, reviewComment: text || null },
    context,
  );
}

export async function reopenReport(db: Db, actor: Actor, reportId: string, reason: string, context: Context = {}) {
  if (reason.trim().length < 2) throw new AppError("VALIDATION", "重新打开须说明原因。", { reason: "请填写原因" });
  return transition(db, actor, reportId, { roles: ["ADMIN"], from: ["APPROVED"], to: "RETURNED", action: "report.reopen", sameUnit: false }, { reviewComment: `系统管理员重新打开：${reason.trim()}` }, context);
}

/** Submitted reports of the reviewer's unit, oldest first. */
export async function reviewQueue(db: Db, actor: Actor) {
  if (actor.role !== "REVIEWER" || !actor.unitId) throw forbidden("只有单位审核人有审核待办。");
  return db.monthlyReport.findMany({
    where: { unitId: actor.unitId, status: "SUBMITTED" },
    orderBy: { submittedAt: "asc" },
    include: { fiscalYear: { select: { year: true } }, unit: { select: { name: true } }, _count: { select: { checkIns: true } } },
  });
}

/** Every unit's monthly reports for the 系统管理员 (who may reopen approved ones), newest first. */
export async function listReportsForAdmin(db: Db, actor: Actor) {
  if (actor.role !== "ADMIN") throw forbidden("只有系统管理员可以查看全部月度填报。");
  return db.monthlyReport.findMany({
    orderBy: [{ fiscalYear: { year: "desc" } }, { month: "desc" }, { unit: { code: "asc" } }],
    take: 500,
    include: { unit: { select: { code: true, name: true } }, fiscalYear: { select: { year: true } }, _count: { select: { checkIns: true } } },
  });
}
