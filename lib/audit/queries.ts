import { todayInChina } from "@/lib/budget/time-progress";
import ExcelJS from "exceljs";
import { workbookBuffer } from "@/lib/xlsx/write";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { Actor } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/audit/record";
import { AppError, forbidden } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";

// The auditor's screen (issue 8 §3): search, filter and export the trail. Only the 审计管理员 reads
// it (等保 2.0 安全审计, 三权分立), and an export is itself recorded.

export const ACTION_LABELS: Record<string, string> = {
  "auth.login": "登录",
  "auth.logout": "退出登录",
  "access.denied": "越权访问",
  "budget.adjust": "预算调整",
  "budget.record": "预算记录",
  "checkIn.create": "新增填报",
  "checkIn.save": "保存填报",
  "checkIn.update": "修改填报",
  "checkIn.delete": "清空填报",
  "evidence.upload": "上传佐证",
  "evidence.download": "下载佐证",
  "evidence.delete": "删除佐证",
  "expenditure.create": "录入支出",
  "expenditure.import": "导入支出",
  "expenditure.reverse": "冲销支出",
  "indicator.create": "新增指标",
  "indicator.update": "修改指标",
  "indicator.delete": "删除指标",
  "indicator.move": "调整指标顺序",
  "progress.template.download": "下载填报模板",
  "project.annualGoal.update": "修改年度目标",
  "report.submit": "提交月度填报",
  "report.approve": "审核通过月度填报",
  "report.return": "退回月度填报",
  "report.reopen": "重新打开月度填报",
  "security.policy.change": "修改登录与密码策略",
  "seed.department": "初始化部门数据",
  "selfEvaluation.save": "保存绩效自评",
  "selfEvaluation.submit": "提交绩效自评",
  "selfEvaluation.approve": "审核通过绩效自评",
  "selfEvaluation.return": "退回绩效自评",
  "selfEvaluation.reopen": "重新打开绩效自评",
  "selfEvaluation.export": "导出绩效自评表",
  "targets.import": "导入绩效目标",
  "audit.export": "导出审计日志",
  "user.create": "创建账户",
  "user.password.change": "修改密码",
  "user.password.reset": "重置密码",
  "user.role.change": "调整角色或状态",
  "user.sessions.end": "结束会话",
  "user.totp.start": "开始绑定双因素",
  "user.totp.enable": "绑定双因素",
  "user.totp.remove": "解除双因素",
  "user.unlock": "解锁账户",
  "deadlines.change": "修改填报与审核期限",
  "webhook.change": "修改工作群通知",
  "webhook.test": "发送测试通知",
  "reminder.send": "发送催办",
  "reminder.read": "确认催办",
  "overview.export": "导出总览",
  "unitOverview.export": "导出单位总览",
  "budget.export": "导出预算执行",
  "monitoring.export": "导出绩效运行监控表",
};
export const OUTCOME_LABELS = { SUCCESS: "成功", DENIED: "拒绝", FAILURE: "失败" } as const;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD");
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());
export const auditFilterSchema = z.object({
  from: optional(day),
  to: optional(day),
  user: optional(z.string().trim().max(64, "用户名过长")),
  action: optional(z.string().trim().max(64, "事件过长")),
  outcome: optional(z.enum(["SUCCESS", "DENIED", "FAILURE"], { error: "结果应为 成功、拒绝 或 失败" })),
  object: optional(z.string().trim().max(100, "对象过长")),
  ip: optional(z.string().trim().max(64, "地址过长")),
  before: optional(z.string().regex(/^\d{1,18}$/, "页码无效")),
});
export type AuditFilters = z.infer<typeof auditFilterSchema>;

export interface AuditRow {
  id: string;
  occurredAt: Date;
  username: string | null;
  ip: string | null;
  action: string;
  actionLabel: string;
  object: string | null;
  outcome: "SUCCESS" | "DENIED" | "FAILURE";
  detail: string | null;
  before: unknown;
  after: unknown;
}

/** Filters from a URL or form; a bad value is a specific Chinese message. */
export function parseAuditFilters(input: unknown): AuditFilters {
  const parsed = auditFilterSchema.safeParse(input);
  if (!parsed.success) throw new AppError("VALIDATION", parsed.error.issues[0]!.message, Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])));
  return parsed.data;
}

function where(f: AuditFilters): Prisma.AuditEventWhereInput {
  // Dates are days in China (UTC+8); stored times are UTC.
  return {
    ...(f.from || f.to ? { occurredAt: { ...(f.from ? { gte: new Date(`${f.from}T00:00:00+08:00`) } : {}), ...(f.to ? { lt: new Date(new Date(`${f.to}T00:00:00+08:00`).getTime() + 86_400_000) } : {}) } } : {}),
    ...(f.user ? { username: { contains: f.user, mode: "insensitive" } } : {}),
    ...(f.action ? { action: { startsWith: f.action } } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(f.object ? { OR: [{ objectId: { startsWith: f.object } }, { objectType: f.object }] } : {}),
    ...(f.ip ? { ip: { startsWith: f.ip } } : {}),
    ...(f.before ? { id: { lt: BigInt(f.before) } } : {}),
  };
}

const toRow = (r: Awaited<ReturnType<Db["auditEvent"]["findMany"]>>[number]): AuditRow => ({
  id: r.id.toString(),
  occurredAt: r.occurredAt,
  username: r.username,
  ip: r.ip,
  action: r.action,
  actionLabel: ACTION_LABELS[r.action] ?? r.action,
  object: r.objectType ? `${r.objectType}${r.objectId ? `:${r.objectId}` : ""}` : null,
  outcome: r.outcome,
  detail: r.detail,
  before: r.before,
  after: r.after,
});

/** One page of matching records, newest first, and the id to continue from (keyset paging: fast at any depth). */
export async function searchAuditEvents(db: Db, actor: Actor, filters: AuditFilters, options: { limit?: number } = {}): Promise<{ rows: AuditRow[]; nextBefore: string | null; total: number }> {
  if (actor.role !== "AUDITOR") throw forbidden("只有审计管理员可以查看审计日志。");
  const limit = Math.min(options.limit ?? 100, 1000);
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({ where: where(filters), orderBy: { id: "desc" }, take: limit + 1 }),
    db.auditEvent.count({ where: where({ ...filters, before: undefined }) }),
  ]);
  const page = rows.slice(0, limit).map(toRow);
  return { rows: page, nextBefore: rows.length > limit ? page.at(-1)!.id : null, total };
}

/** The latest records (the screen without filters). */
export async function listAuditEvents(db: Db, actor: Actor, options: { limit?: number } = {}): Promise<AuditRow[]> {
  return (await searchAuditEvents(db, actor, {}, options)).rows;
}

export const AUDIT_EXPORT_MAX = 50_000;

/** The matching records as .xlsx (at most AUDIT_EXPORT_MAX, newest first); the export is audited. */
export async function exportAuditEvents(db: Db, actor: Actor, filters: AuditFilters, context: { ip?: string | null } = {}): Promise<{ bytes: Uint8Array; fileName: string; count: number }> {
  if (actor.role !== "AUDITOR") throw forbidden("只有审计管理员可以导出审计日志。");
  const rows = (await db.auditEvent.findMany({ where: where(filters), orderBy: { id: "desc" }, take: AUDIT_EXPORT_MAX })).map(toRow);
  const book = new ExcelJS.Workbook();
  book.creator = "绩效通";
  const sheet = book.addWorksheet("审计日志", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    { header: "编号", key: "id", width: 10 },
    { header: "时间（北京时间）", key: "time", width: 20 },
    { header: "用户", key: "user", width: 18 },
    { header: "地址", key: "ip", width: 16 },
    { header: "事件", key: "action", width: 18 },
    { header: "事件代码", key: "code", width: 24 },
    { header: "对象", key: "object", width: 44 },
    { header: "结果", key: "outcome", width: 8 },
    { header: "说明", key: "detail", width: 40 },
    { header: "修改前", key: "before", width: 40 },
    { header: "修改后", key: "after", width: 40 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    sheet.addRow({ id: r.id, time: formatDateTime(r.occurredAt), user: r.username ?? "系统", ip: r.ip ?? "", action: r.actionLabel, code: r.action, object: r.object ?? "", outcome: OUTCOME_LABELS[r.outcome], detail: r.detail ?? "", before: r.before == null ? "" : JSON.stringify(r.before), after: r.after == null ? "" : JSON.stringify(r.after) });
  }
  const bytes = await workbookBuffer(book);
  const fileName = `审计日志-${todayInChina()}.xlsx`;
  await db.$transaction((tx) => recordAudit(tx, { actor, ip: context.ip, action: "audit.export", objectType: "AuditEvent", after: { ...filters, count: rows.length }, outcome: "SUCCESS" }));
  return { bytes, fileName, count: rows.length };
}
