import { todayInChina } from "@/lib/calendar";
import ExcelJS from "exceljs";
import { workbookBuffer } from "@/lib/xlsx/write";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { Actor } from "@/lib/auth/roles";
import { authorize } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { EVENT_GROUPS, EVENTS, isAuditAction, OBJECT_TYPES } from "./catalogue";
import { presentAll, type PresentedRecord } from "./present";

// The auditor's screen (等保 2.0 安全审计): search, filter and export the trail, in the auditor's words
// (./present.ts, ./catalogue.ts). Only the 审计管理员 reads it (三权分立), and an export is itself recorded.

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD");
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());
export const auditFilterSchema = z.object({
  from: optional(day),
  to: optional(day),
  user: optional(z.string().trim().max(64, "用户名过长")),
  /** An event type, or "group:<key>" for a whole group of the catalogue. */
  action: optional(z.string().trim().max(64, "事件过长").refine((v) => isAuditAction(v) || (v.startsWith("group:") && Object.hasOwn(EVENT_GROUPS, v.slice(6))), "请从列表中选择事件")),
  outcome: optional(z.enum(["SUCCESS", "DENIED", "FAILURE"], { error: "结果应为 成功、拒绝 或 失败" })),
  object: optional(z.string().trim().max(100, "对象过长")),
  ip: optional(z.string().trim().max(64, "地址过长")),
  before: optional(z.string().regex(/^\d{1,18}$/, "页码无效")),
});
export type AuditFilters = z.infer<typeof auditFilterSchema>;

/** Filters from a URL or form; a bad value is a specific Chinese message. */
export function parseAuditFilters(input: unknown): AuditFilters {
  const parsed = auditFilterSchema.safeParse(input);
  if (!parsed.success) throw new AppError("VALIDATION", parsed.error.issues[0]!.message, Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])));
  return parsed.data;
}

/** Records whose object is named like `text`: its id (or the start of it), its type in Chinese, or the name of an account, project or indicator. */
async function objectMatch(db: Db, text: string): Promise<Prisma.AuditEventWhereInput> {
  const type = Object.entries(OBJECT_TYPES).find(([, label]) => label === text)?.[0];
  const [users, projects, indicators] = await Promise.all([
    db.user.findMany({ where: { OR: [{ displayName: { contains: text, mode: "insensitive" } }, { username: { contains: text, mode: "insensitive" } }] }, select: { id: true }, take: 200 }),
    db.project.findMany({ where: { name: { contains: text, mode: "insensitive" } }, select: { id: true }, take: 200 }),
    db.indicator.findMany({ where: { name: { contains: text, mode: "insensitive" } }, select: { id: true }, take: 200 }),
  ]);
  const named = [...users, ...projects, ...indicators].map((r) => r.id);
  return { OR: [{ objectId: { startsWith: text } }, ...(type ? [{ objectType: type }] : []), { objectType: text }, ...(named.length ? [{ objectId: { in: named } }] : [])] };
}

async function where(db: Db, f: AuditFilters): Promise<Prisma.AuditEventWhereInput> {
  const group = f.action?.startsWith("group:") ? f.action.slice(6) : null;
  // Dates are days in China (UTC+8); stored times are UTC.
  return {
    ...(f.from || f.to ? { occurredAt: { ...(f.from ? { gte: new Date(`${f.from}T00:00:00+08:00`) } : {}), ...(f.to ? { lt: new Date(new Date(`${f.to}T00:00:00+08:00`).getTime() + 86_400_000) } : {}) } } : {}),
    ...(f.user ? { username: { contains: f.user, mode: "insensitive" } } : {}),
    ...(f.action ? { action: group ? { in: Object.keys(EVENTS).filter((a) => EVENTS[a as keyof typeof EVENTS].group === group) } : f.action } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(f.object ? await objectMatch(db, f.object) : {}),
    ...(f.ip ? { ip: { startsWith: f.ip } } : {}),
    ...(f.before ? { id: { lt: BigInt(f.before) } } : {}),
  };
}

/** One page of matching records, newest first, presented; and the id to continue from (keyset paging: fast at any depth). */
export async function searchAuditEvents(db: Db, actor: Actor, filters: AuditFilters, options: { limit?: number } = {}): Promise<{ rows: PresentedRecord[]; nextBefore: string | null; total: number }> {
  authorize(actor, "audit.read");
  const limit = Math.min(options.limit ?? 100, 1000);
  const [page, all] = await Promise.all([where(db, filters), where(db, { ...filters, before: undefined })]);
  const [rows, total] = await Promise.all([db.auditEvent.findMany({ where: page, orderBy: { id: "desc" }, take: limit + 1 }), db.auditEvent.count({ where: all })]);
  const shown = rows.slice(0, limit);
  return { rows: await presentAll(db, shown), nextBefore: rows.length > limit ? shown.at(-1)!.id.toString() : null, total };
}

export const AUDIT_EXPORT_MAX = 50_000;

/** One side of before/after as lines "字段：值", a changed field marked ★ (the screen marks it in colour). */
const sideText = (r: PresentedRecord, side: "before" | "after") => r.changes.filter((c) => c[side] !== null).map((c) => `${c.changed ? "★" : ""}${c.label}：${c[side]}`).join("\n");

/** The matching records as .xlsx (at most AUDIT_EXPORT_MAX, newest first), in the screen's words; the export is audited. */
export async function exportAuditEvents(db: Db, actor: Actor, filters: AuditFilters, context: { ip?: string | null } = {}): Promise<{ bytes: Uint8Array; fileName: string; count: number }> {
  authorize(actor, "audit.export");
  const rows = await presentAll(db, await db.auditEvent.findMany({ where: await where(db, filters), orderBy: { id: "desc" }, take: AUDIT_EXPORT_MAX }));
  const book = new ExcelJS.Workbook();
  book.creator = "绩效通";
  const sheet = book.addWorksheet("审计日志", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    { header: "编号", key: "id", width: 10 },
    { header: "时间（北京时间）", key: "time", width: 20 },
    { header: "用户", key: "user", width: 18 },
    { header: "地址", key: "ip", width: 16 },
    { header: "事件", key: "event", width: 22 },
    { header: "事件类别", key: "group", width: 12 },
    { header: "对象类型", key: "objectType", width: 12 },
    { header: "对象", key: "object", width: 36 },
    { header: "对象编号", key: "objectId", width: 38 },
    { header: "结果", key: "outcome", width: 8 },
    { header: "说明", key: "detail", width: 40 },
    { header: "修改前", key: "before", width: 44 },
    { header: "修改后", key: "after", width: 44 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    sheet.addRow({ id: r.id, time: formatDateTime(r.occurredAt), user: r.username ?? "系统", ip: r.ip ?? "", event: r.event, group: r.group ?? "", objectType: r.object?.type ?? "", object: r.object?.name ?? "", objectId: r.object?.id ?? "", outcome: r.outcomeLabel, detail: r.detail ?? "", before: sideText(r, "before"), after: sideText(r, "after") });
  }
  for (const key of ["before", "after", "detail"]) sheet.getColumn(key).alignment = { wrapText: true, vertical: "top" };
  const bytes = await workbookBuffer(book);
  const fileName = `审计日志-${todayInChina()}.xlsx`;
  // The page cursor is not a filter: the record says what was asked for and how much was exported.
  const recorded = Object.fromEntries(Object.entries(filters).filter(([k]) => k !== "before"));
  await db.$transaction((tx) => recordAudit(tx, { actor, ip: context.ip, action: "audit.export", objectType: "AuditEvent", after: { ...recorded, count: rows.length }, outcome: "SUCCESS" }));
  return { bytes, fileName, count: rows.length };
}
